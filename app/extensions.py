"""Flask extensions, created here and bound to the app in create_app."""

import logging

from flask import session
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from app import ratelimit_storage  # noqa: F401  (registers the sqlite:// rate-limit storage)


class SignedInOnlyLoginManager(LoginManager):
    """Strong session protection for signed-in sessions only.

    Flask-Login checks every non-empty session against the address and browser it was
    signed in from; a participant's cookie (a CSRF token, the session they joined) was
    never signed in, so each page they opened was "protected" by rewriting their cookie.
    """

    def _session_protection_failed(self) -> bool:
        return "_user_id" in session and super()._session_protection_failed()


compress = Compress()
csrf = CSRFProtect()
login_manager = SignedInOnlyLoginManager()
# No default limits: only the routes that need one are limited (app/limits.py, sign-in).
limiter = Limiter(key_func=get_remote_address, default_limits=[])
# Its INFO lines name the key of a breached limit: a client address or an email address.
logging.getLogger("flask-limiter").setLevel(logging.WARNING)

"""Flask extensions, created here and bound to the app in create_app."""

import logging

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from app import ratelimit_storage  # noqa: F401  (registers the sqlite:// rate-limit storage)

csrf = CSRFProtect()
login_manager = LoginManager()
# No default limits: only the routes that need one are limited (app/limits.py, sign-in).
limiter = Limiter(key_func=get_remote_address, default_limits=[])
# Its INFO lines name the key of a breached limit: a client address or an email address.
logging.getLogger("flask-limiter").setLevel(logging.WARNING)

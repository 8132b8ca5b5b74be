"""Trainer sign-in, sign-out and password change, with Flask-Login and rate limits.

A signed-in session is the signed cookie holding "trainer id:session version" and the time
of sign-in. It ends when the trainer signs out or changes their password anywhere (the
version goes up), after TRAINER_SESSION_HOURS, or when the cookie turns up from another
address or browser (Flask-Login's strong session protection).
"""

from __future__ import annotations

import hmac
import math
import time
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.db import get_db
from app.domain.wording import plural
from app.extensions import limiter, login_manager
from app.models import Trainer
from app.trainer import bp
from app.trainer.accounts import AccountError, authenticate, normalise_email, set_password
from app.trainer.forms import ChangePasswordForm, SignInForm
from app.trainer.passwords import verify_password

login_manager.login_view = "trainer.sign_in"
login_manager.login_message = "Sign in to see that page."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"

# Failed sign-ins from one address (only failures count: a redirect means success). Behind
# a proxy this needs TRUSTED_PROXIES, or everyone shares the proxy's address.
SIGN_IN_LIMIT_PER_IP = "10 per minute"
# Failed sign-ins for one account: the first FREE_TRIES are free, then each try must wait
# twice as long as the last (1 s, 2 s, 4 s ... at most MAX_WAIT_SECONDS). The right
# password works after the wait, so someone guessing cannot lock the trainer out; from
# many addresses they get at most one try a minute (1,440 a day) against a password that
# zxcvbn scores as needing 10**8 guesses or more (app/trainer/passwords.py).
FREE_TRIES = 5
MAX_WAIT_SECONDS = 60
# Failures are forgotten a day after the first, or at a successful sign-in.
FAILURES_KEPT_SECONDS = 24 * 3600
# The password-change form is for a signed-in trainer: 5 wrong current passwords in 15
# minutes and that form waits (someone at an unlocked computer cannot go on guessing).
WRONG_CURRENT_LIMIT = "5 per 15 minutes"
SIGNED_IN_AT = "signed_in_at"  # session key: when this session signed in (Unix time)


@login_manager.user_loader
def load_trainer(user_id: str) -> Trainer | None:
    trainer_id, _, _version = user_id.partition(":")
    if not trainer_id.isdigit() or _session_too_old():
        return None
    trainer = get_db().get(Trainer, int(trainer_id))
    # Signing out or a new password raises the version (Trainer.end_sessions).
    if trainer is None or not hmac.compare_digest(trainer.get_id(), user_id):
        return None
    return trainer


def _session_too_old() -> bool:
    signed_in_at = session.get(SIGNED_IN_AT)
    limit = current_app.config["TRAINER_SESSION_HOURS"] * 3600
    return not isinstance(signed_in_at, int | float) or time.time() - signed_in_at > limit


def _start_session(trainer: Trainer) -> None:
    """A new session: nothing from before sign-in (a planted CSRF token, say) carries over."""
    session.clear()
    login_user(trainer)
    session[SIGNED_IN_AT] = time.time()


def _failures_key(email: str) -> str:
    return f"sign-in-failures:{email}"


def _wait_key(email: str) -> str:
    return f"sign-in-wait:{email}"


def seconds_to_wait(email: str) -> int:
    """How long this account must wait before its next try (0: it may try now)."""
    storage = limiter.storage
    if not storage.get(_wait_key(email)):
        return 0
    return max(1, math.ceil(storage.get_expiry(_wait_key(email)) - time.time()))


def _note_failure(email: str) -> None:
    storage = limiter.storage
    failures = storage.incr(_failures_key(email), FAILURES_KEPT_SECONDS)
    if failures >= FREE_TRIES:
        wait = min(2 ** (failures - FREE_TRIES), MAX_WAIT_SECONDS)
        storage.incr(_wait_key(email), wait)


def _forget_failures(email: str) -> None:
    limiter.storage.clear(_failures_key(email))
    limiter.storage.clear(_wait_key(email))


def _failed(response) -> bool:
    return response.status_code != 302


def _trainer_key() -> str:
    # Runs before login_required, so it must also work for a signed-out visitor.
    return f"password-change:{current_user.get_id() or request.remote_addr}"


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(SIGN_IN_LIMIT_PER_IP, methods=["POST"], deduct_when=_failed)
def sign_in():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("trainer.index"))
    form = SignInForm()
    status = 200
    if form.validate_on_submit():
        email = normalise_email(form.email.data)
        wait = seconds_to_wait(email)
        if wait:
            # The password is not even checked: a guess during the wait tells nothing.
            form.email.errors.append(
                "There have been too many wrong passwords for this email address. "
                f"Wait {plural(wait, 'second')}, then try again"
            )
            status = 429
        else:
            trainer = authenticate(get_db(), email, form.password.data)
            if trainer is not None:
                _forget_failures(email)
                _start_session(trainer)
                return redirect(safe_next(request.args.get("next")) or url_for("trainer.index"))
            _note_failure(email)
            form.email.errors.append("The email address or password is not right")
    form.password.data = None
    return render_template("trainer/sign_in.html", form=form), status


@bp.post("/sign-out")
@login_required
def sign_out():
    # Every copy of this trainer's session ends, on every device, not only this cookie.
    current_user.end_sessions()
    logout_user()
    flash("You have signed out.")
    return redirect(url_for("trainer.sign_in"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit(WRONG_CURRENT_LIMIT, key_func=_trainer_key, methods=["POST"], deduct_when=_failed)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        trainer = current_user._get_current_object()
        if not verify_password(trainer.password_hash, form.current_password.data):
            form.current_password.errors.append("Your current password is not right")
        else:
            try:
                set_password(trainer, form.new_password.data)  # ends every session
            except AccountError as error:  # the same as the current one
                form.new_password.errors.append(str(error))
            else:
                _start_session(trainer)  # this browser carries on, with a new session
                flash("Your password has been changed.")
                return redirect(url_for("trainer.index"))
    for field in (form.current_password, form.new_password, form.confirm_password):
        field.data = None
    return render_template("trainer/change_password.html", form=form)

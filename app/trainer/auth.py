"""Trainer sign-in, sign-out and password change, with Flask-Login and rate limits."""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.db import db_session
from app.extensions import limiter, login_manager
from app.models import Trainer
from app.trainer import bp
from app.trainer.accounts import authenticate, normalise_email, set_password
from app.trainer.forms import ChangePasswordForm, SignInForm
from app.trainer.passwords import verify_password

login_manager.login_view = "trainer.sign_in"
login_manager.login_message = "Sign in to see that page."
login_manager.login_message_category = "info"

# Counted per IP and per account; only failed attempts count (a redirect means success).
SIGN_IN_LIMIT_PER_IP = "10 per minute"
SIGN_IN_LIMIT_PER_ACCOUNT = "5 per 15 minutes"


@login_manager.user_loader
def load_trainer(session_id: str) -> Trainer | None:
    trainer_id, _, fingerprint = session_id.partition(":")
    if not trainer_id.isdigit():
        return None
    trainer = db_session().get(Trainer, int(trainer_id))
    # A changed password changes the fingerprint (Trainer.get_id): older sessions end.
    if trainer is None or not hmac.compare_digest(trainer.get_id(), session_id):
        return None
    return trainer


def _failed(response) -> bool:
    return response.status_code != 302


def _email_key() -> str:
    return "sign-in-email:" + normalise_email(request.form.get("email"))


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
@limiter.limit(
    SIGN_IN_LIMIT_PER_ACCOUNT, key_func=_email_key, methods=["POST"], deduct_when=_failed
)
def sign_in():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("trainer.index"))
    form = SignInForm()
    if form.validate_on_submit():
        trainer = authenticate(db_session(), form.email.data, form.password.data)
        if trainer is not None:
            login_user(trainer)
            return redirect(safe_next(request.args.get("next")) or url_for("trainer.index"))
        form.email.errors.append("The email address or password is not right")
    form.password.data = None
    return render_template("trainer/sign_in.html", form=form)


@bp.post("/sign-out")
@login_required
def sign_out():
    logout_user()
    flash("You have signed out.")
    return redirect(url_for("trainer.sign_in"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit(
    SIGN_IN_LIMIT_PER_ACCOUNT, key_func=_trainer_key, methods=["POST"], deduct_when=_failed
)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        trainer = current_user._get_current_object()
        if verify_password(trainer.password_hash, form.current_password.data):
            set_password(trainer, form.new_password.data)
            db_session().commit()
            login_user(trainer)  # its session id changed with the password
            flash("Your password has been changed.")
            return redirect(url_for("trainer.index"))
        form.current_password.errors.append("Your current password is not right")
    for field in (form.current_password, form.new_password, form.confirm_password):
        field.data = None
    return render_template("trainer/change_password.html", form=form)

"""Trainer accounts: email rules, creating an account and checking a sign-in."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Trainer
from app.trainer.passwords import (
    hash_password,
    needs_rehash,
    password_problem,
    spend_verify_time,
    verify_password,
)

MAX_EMAIL_LENGTH = 254
# Deliberately simple: something@something.something, no spaces. The address is never
# mailed, it only has to be typed the same way again at sign-in.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


class AccountError(ValueError):
    """A reason an account cannot be created or changed, in words for the user."""


def normalise_email(raw: str | None) -> str:
    return (raw or "").strip().lower()


def is_valid_email(email: str) -> bool:
    return len(email) <= MAX_EMAIL_LENGTH and _EMAIL.fullmatch(email) is not None


def find_trainer(db: Session, email: str) -> Trainer | None:
    return db.scalar(select(Trainer).where(Trainer.email == normalise_email(email)))


def check_new_email(db: Session, email: str) -> str:
    """The normalised email for a new account; AccountError if it is not valid or taken."""
    email = normalise_email(email)
    if not is_valid_email(email):
        raise AccountError(f"{email or 'An empty value'} is not a valid email address")
    if find_trainer(db, email) is not None:
        raise AccountError(f"A trainer with the email address {email} already exists")
    return email


def create_trainer(db: Session, email: str, password: str) -> Trainer:
    """Add a trainer (not committed); AccountError for a bad or taken email or a weak password."""
    trainer = Trainer(email=check_new_email(db, email), password_hash="")
    set_password(trainer, password)
    db.add(trainer)
    return trainer


def set_password(trainer: Trainer, password: str) -> None:
    """Set a new password and sign the trainer out everywhere; AccountError if it is weak
    or the same as the current one."""
    problem = password_problem(password, trainer.email or "")
    current = trainer.password_hash
    if problem is None and current and verify_password(current, password):
        problem = "Your new password must be different from your current password"
    if problem:
        raise AccountError(problem)
    trainer.password_hash = hash_password(password)
    trainer.end_sessions()


def authenticate(db: Session, email: str, password: str) -> Trainer | None:
    """The trainer whose email and password these are, or None (taking the same time)."""
    trainer = find_trainer(db, email)
    if trainer is None:
        spend_verify_time(password)
        return None
    if not verify_password(trainer.password_hash, password):
        return None
    if needs_rehash(trainer.password_hash):
        trainer.password_hash = hash_password(password)
    return trainer

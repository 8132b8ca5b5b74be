"""Password hashing with Argon2id (argon2-cffi's recommended parameters)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 12
# Long enough for any passphrase, short enough that hashing cannot be used to waste CPU.
MAX_PASSWORD_LENGTH = 200

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


@cache
def _dummy_hash() -> str:
    return _hasher.hash("not a real password, only here to spend the same time")


def spend_verify_time(password: str) -> None:
    """Verify against a dummy hash, so an unknown email takes as long as a wrong password."""
    verify_password(_dummy_hash(), password)


def password_problem(password: str) -> str | None:
    """Why a new password cannot be used, or None when it can."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Your password must be {MIN_PASSWORD_LENGTH} characters or more"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Your password must be {MAX_PASSWORD_LENGTH} characters or fewer"
    return None

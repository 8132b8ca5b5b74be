"""Password hashing with Argon2id (argon2-cffi's recommended parameters) and the rules a
new password must meet: long enough, and not easy to guess (zxcvbn, offline)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

MIN_PASSWORD_LENGTH = 12
# Long enough for any passphrase, short enough that hashing cannot be used to waste CPU.
MAX_PASSWORD_LENGTH = 200
# zxcvbn's score 3 is "safely unguessable" (about 10**8 guesses or more): at the sign-in
# limits (app/trainer/auth.py, one try a minute at most) that is over a century online.
MIN_STRENGTH_SCORE = 3
# zxcvbn's own ceiling on what it will score; the characters after it only add strength.
_STRENGTH_CHECKED_CHARACTERS = 72
# Words a guesser would try first for this service.
_SERVICE_WORDS = ("involvement", "ladder", "nhs", "trainer", "coproduction", "co-production")

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


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password cannot be used, or None when it can.

    zxcvbn checks it against its lists of common passwords, names and words, keyboard
    patterns, repeats and dates, and against the trainer's own email address.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Your password must be {MIN_PASSWORD_LENGTH} characters or more"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Your password must be {MAX_PASSWORD_LENGTH} characters or fewer"
    user_inputs = [*_SERVICE_WORDS, email, *email.replace("@", ".").split(".")]
    strength = zxcvbn(password[:_STRENGTH_CHECKED_CHARACTERS], user_inputs=user_inputs)
    if strength["score"] < MIN_STRENGTH_SCORE:
        return (
            "Your password is too easy to guess: use 3 or 4 words that do not go together, "
            "or a longer mix of letters, numbers and symbols"
        )
    return None

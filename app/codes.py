"""Join codes and private tokens.

Join codes are typed by people in a room from a projector or read aloud, so they use
only characters that cannot be mistaken for each other (no 0/O, 1/I/l) and are shown in
two groups of 4 (HK7P-3QXM); spaces and hyphens typed in them are ignored. Eight
characters make guessing one hopeless at the rate limit (arithmetic in app/limits.py).
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.models import Project, TrainingSession

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# Codes made before they grew to 8 characters keep working (printed handouts, QR codes).
OLDER_CODE_LENGTH = 6
_NOT_CODE_CHARS = re.compile(r"[\s-]+")
# What new_token() makes (43 characters); anything else in a URL cannot be a token.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
_JOIN_CODE_TRIES = 50


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """Upper-case and drop spaces and hyphens, so 'abc 234' and 'ABC-234' both work."""
    return _NOT_CODE_CHARS.sub("", raw or "").upper()


def is_valid_code(code: str) -> bool:
    return len(code) in (CODE_LENGTH, OLDER_CODE_LENGTH) and all(c in CODE_ALPHABET for c in code)


def display_code(code: str) -> str:
    """A code as people read it: HK7P-3QXM (an older 6-character code stays as it is)."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def new_token() -> str:
    """A long unguessable token for private links (results) and participants' cookies."""
    return secrets.token_urlsafe(32)


def is_token_shaped(value: str) -> bool:
    return bool(_TOKEN.fullmatch(value))


def join_code_in_use(db: Session, code: str) -> bool:
    """Whether a project or a training session already has this join code."""
    return bool(
        db.scalar(
            select(
                exists().where(Project.join_code == code)
                | exists().where(TrainingSession.join_code == code)
            )
        )
    )


def unused_join_code(db: Session) -> str:
    """A join code used by no session and no project, so /join can tell them apart."""
    for _ in range(_JOIN_CODE_TRIES):
        code = new_join_code()
        if not join_code_in_use(db, code):
            return code
    raise RuntimeError(f"No unused join code found after {_JOIN_CODE_TRIES} tries")

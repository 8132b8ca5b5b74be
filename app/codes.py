"""Join codes and private tokens.

Join codes are short, typed by people in a room from a projector, so they use
only characters that cannot be mistaken for each other (no 0/O, 1/I/l).
"""

from __future__ import annotations

import re
import secrets

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
_NOT_CODE_CHARS = re.compile(r"[\s-]+")


def new_join_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """Upper-case and drop spaces and hyphens, so 'abc 234' and 'ABC-234' both work."""
    return _NOT_CODE_CHARS.sub("", raw or "").upper()


def is_valid_code(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code)


def new_token() -> str:
    """A long unguessable token for private links (results) and participants' cookies."""
    return secrets.token_urlsafe(32)

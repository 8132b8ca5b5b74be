"""Names for downloaded files: ASCII letters, digits and hyphens, safe in headers and on disk."""

from __future__ import annotations

import re
import unicodedata

from app.models import TrainingSession


def slug(text: str, fallback: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50].strip("-")
    return cleaned or fallback


def session_stem(training: TrainingSession) -> str:
    """The start of every file name from one session: its name and date."""
    return f"{slug(training.name, 'session')}-{training.held_on.isoformat()}"

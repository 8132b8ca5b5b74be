"""Static chart export for PDFs with kaleido and Debian's Chromium."""

from __future__ import annotations

import os
import shutil


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    return configured if os.access(configured, os.X_OK) else shutil.which("chromium")


def chart_export_status() -> tuple[bool, str]:
    """Whether PDF charts can be drawn, and if not, why."""
    if chromium_path() is None:
        return False, "Chromium is not installed, so PDFs show tables instead of charts."
    return True, ""

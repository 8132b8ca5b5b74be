"""Formatters shared by pages and PDFs, registered as Jinja filters."""

from __future__ import annotations

import datetime as dt

from flask import Flask


def long_date(day: dt.date | dt.datetime | None) -> str:
    """'4 December 2026', the NHS style for dates in text ('' for no date)."""
    return "" if day is None else f"{day.day} {day:%B %Y}"


def init_app(app: Flask) -> None:
    app.add_template_filter(long_date)

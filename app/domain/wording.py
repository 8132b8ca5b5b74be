"""Small pieces of plain English used by pages, PDFs and CSVs alike (no Flask).

The Jinja filters of the same names (app/formatters.py, reports/pdf.py) call these, so a
page and its PDF always say a count or a date the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

# A member of a training session who chose no team, and the project the whole room
# assesses when a session has no teams.
NO_TEAM = "Not in a team"
WHOLE_ROOM = "Whole room"

# Agreeing a rung, a target and reviewing actions (app/domain/plan.py, pages, PDFs, CSVs).
COULD_NOT_AGREE = "We could not agree"
NOT_AGREED_YET = "Not agreed yet"
NOT_KNOWN = "Not known"
NOT_REVIEWED = "Not reviewed yet"
REVIEW_STATUSES = {"done": "Done", "partly": "Partly done", "not-done": "Not done"}


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 person', '3 people'; `many` defaults to `one` + 's' ('2 rungs')."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def join_names(names: Iterable[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def long_date(day: dt.date | dt.datetime | None) -> str:
    """'4 December 2026', the NHS style for dates in text ('' for no date)."""
    return "" if day is None else f"{day.day} {day:%B %Y}"


# File types as download links name them ("Session report (PDF, 1.2 MB)").
FILE_TYPES = {"application/pdf": "PDF", "application/zip": "ZIP", "text/csv": "CSV"}


def file_size(size: int | None) -> str:
    """'850 bytes', '12 KB', '1.2 MB' ('' when the size is not known)."""
    if size is None:
        return ""
    if size < 1000:
        return plural(size, "byte")
    if size < 1_000_000:
        return f"{round(size / 1000)} KB"
    return f"{size / 1_000_000:.1f} MB"


def file_type(mimetype: str) -> str:
    """'PDF', 'ZIP', 'CSV': what a download is, in the words a link uses."""
    return FILE_TYPES.get(mimetype.split(";", 1)[0].strip(), "file")


def file_description(mimetype: str, size: int | None = None) -> str:
    """'PDF, 1.2 MB', or 'PDF' when the size is not known."""
    kind = file_type(mimetype)
    return f"{kind}, {file_size(size)}" if size is not None else kind


PDF_BUSY_TITLE = "Reports are busy"
# --- The paced quiz (app/domain/pacing.py) ---------------------------------------------

PACE_SELF = "self"
PACE_ROOM = "paced"
PACE_CHOICES = (
    (PACE_SELF, "At their own pace"),
    (PACE_ROOM, "Together, one question at a time: you set the pace"),
)
PACE_HINTS = {
    PACE_SELF: "Everyone goes through the quiz on their phone; you watch the live results.",
    PACE_ROOM: (
        "The projector and every phone show the same question. You show how the room "
        "answered, talk about it, then move everyone on."
    ),
}
ANSWERS_CLOSED = (
    "Answers to this question have closed, so yours was not counted. Here is how the room answered."
)
WAITING_FOR_TRAINER = "Wait for your trainer to start the first question."
ANSWER_IN = "Your answer is in. Wait for your trainer to show how the room answered."
CHECK_NEXT = "Check for the next question"
TOO_FEW_ANSWERS = "Fewer than 3 people answered, so the room's answers are not shown."
HIDDEN_COUNT = "Not shown"  # a count of 1 or 2, or one that would give such a count away

"""Reading a date typed as day, month and year (the NHS date input pattern)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

PARTS = ("day", "month", "year")


@dataclass(frozen=True)
class DateProblem:
    message: str
    parts: tuple[str, ...]  # the inputs to highlight


def parse_date_parts(day: str, month: str, year: str, what: str = "date") -> dt.date | DateProblem:
    """The date, or a problem worded as the NHS date input guidance suggests."""
    given = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    missing = tuple(part for part in PARTS if not given[part])
    if len(missing) == len(PARTS):
        return DateProblem(f"Enter the {what}", PARTS)
    if missing:
        return DateProblem(f"The {what} must include a {' and a '.join(missing)}", missing)
    not_numbers = tuple(part for part in PARTS if not given[part].isdigit())
    if not_numbers:
        return DateProblem(f"The {what} must be a real date, written in numbers", not_numbers)
    if len(given["year"]) != 4:
        return DateProblem("The year must include 4 numbers", ("year",))
    try:
        return dt.date(int(given["year"]), int(given["month"]), int(given["day"]))
    except ValueError:
        return DateProblem(f"The {what} must be a real date", PARTS)

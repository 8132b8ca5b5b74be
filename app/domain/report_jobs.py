"""Report jobs: what can be prepared, the states a job goes through, and what its page says.

Plain rules with no Flask and no database: app/jobs stores and runs the jobs, the
downloads pages show them.

A job is queued, then running (a worker claimed it), then ready (its file is kept for
REPORT_KEEP_MINUTES) or failed. A queued or running job with no sign of life for
REPORT_STALE_MINUTES (its worker died, or no worker runs) is stale: its page says it
stopped and offers to try again, and the next sweep marks it failed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.domain.wording import plural

QUEUED, RUNNING, READY, FAILED, EXPIRED = "queued", "running", "ready", "failed", "expired"
IN_PROGRESS = (QUEUED, RUNNING)


@dataclass(frozen=True)
class ReportKind:
    id: str  # in URLs and the jobs table
    name: str  # "Session report"
    mimetype: str
    extension: str
    filename_suffix: str  # after the session's file stem


SESSION_REPORT = ReportKind(
    "session-report", "Session report", "application/pdf", "pdf", "session-report.pdf"
)
TEAM_REPORTS = ReportKind(
    "team-reports", "Each team's own report", "application/zip", "zip", "team-reports.zip"
)
KINDS = {kind.id: kind for kind in (SESSION_REPORT, TEAM_REPORTS)}

# What a job's page says, in one place.
WAITING = "Waiting for its turn: reports are prepared one at a time."
STARTING = "Starting."
FINISHING = "Putting the report together."
FAILED_MESSAGE = "Sorry, the report could not be prepared."
STALE_MESSAGE = "The report stopped before it was ready."
EXPIRED_MESSAGE = "This report is no longer kept. Prepare it again to get the latest results."
READY_MESSAGE = "Your report is ready."


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives naive UTC times, PostgreSQL aware ones: make both aware."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def is_stale(
    state: str, last_sign: dt.datetime, now: dt.datetime, stale_after: dt.timedelta
) -> bool:
    """A queued or running job that has shown no sign of life for `stale_after`."""
    return state in IN_PROGRESS and now - as_utc(last_sign) >= stale_after


def is_expired(state: str, expires_at: dt.datetime | None, now: dt.datetime) -> bool:
    if state == EXPIRED:
        return True
    return state == READY and expires_at is not None and now >= as_utc(expires_at)


def progress_text(state: str, done: int, total: int) -> str:
    """'Team 12 of 30 done.' while a job runs; a plain sentence before and after."""
    if state == QUEUED:
        return WAITING
    if total == 0:
        return STARTING
    if done >= total:
        return FINISHING
    return f"Team {done + 1} of {total}: {plural(done, 'team')} done so far."


def keep_text(minutes: float) -> str:
    """'It is kept for 60 minutes, then deleted.'"""
    return f"It is kept for {plural(round(minutes), 'minute')}, then deleted."

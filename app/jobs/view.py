"""What a report job's page and the session page show about a job, worked out once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from app.domain.report_jobs import (
    EXPIRED_MESSAGE,
    FAILED,
    IN_PROGRESS,
    KINDS,
    READY,
    READY_MESSAGE,
    STALE_MESSAGE,
    ReportKind,
    is_expired,
    is_stale,
    keep_text,
    progress_text,
)
from app.jobs import report_path
from app.models import ReportJob


@dataclass(frozen=True)
class JobView:
    job: ReportJob
    kind: ReportKind
    status: str  # "working", "ready", "failed", "stale", "expired"
    message: str
    size: int | None

    @property
    def working(self) -> bool:
        return self.status == "working"

    @property
    def can_retry(self) -> bool:
        return self.status in ("failed", "stale", "expired")


def job_file(job: ReportJob) -> Path:
    return report_path(current_app, job.public_id, KINDS[job.kind].extension)


def file_exists(job: ReportJob) -> bool:
    return job_file(job).is_file()


def stale_after() -> dt.timedelta:
    return dt.timedelta(minutes=current_app.config["REPORT_STALE_MINUTES"])


def describe(job: ReportJob, now: dt.datetime | None = None) -> JobView:
    now = now or dt.datetime.now(dt.UTC)
    kind = KINDS[job.kind]
    if job.state == READY and not is_expired(job.state, job.expires_at, now) and file_exists(job):
        keep = keep_text(current_app.config["REPORT_KEEP_MINUTES"])
        return JobView(job, kind, "ready", f"{READY_MESSAGE} {keep}", job.file_size)
    if job.state in IN_PROGRESS:
        if is_stale(job.state, job.heartbeat_at, now, stale_after()):
            return JobView(job, kind, "stale", STALE_MESSAGE, None)
        return JobView(job, kind, "working", progress_text(job.state, job.done, job.total), None)
    if job.state == FAILED:
        return JobView(job, kind, "failed", job.error or STALE_MESSAGE, None)
    return JobView(job, kind, "expired", EXPIRED_MESSAGE, None)

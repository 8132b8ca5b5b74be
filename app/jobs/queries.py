"""Data access for report jobs. Every function takes `db` and never commits.

The page that asks for a report commits once (its request); a worker commits once for
each step of a job (claimed, a team done, finished or failed), each a unit of work.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from app.domain.report_jobs import EXPIRED, FAILED, IN_PROGRESS, QUEUED, READY, RUNNING
from app.models import (
    AssessmentRound,
    MemberAnswer,
    MemberResponse,
    Project,
    QuizAnswer,
    QuizAttempt,
    ReportJob,
    SessionTeam,
    TrainingSession,
    utcnow,
)


def session_fingerprint(db: Session, training: TrainingSession, kind: str, today: dt.date) -> str:
    """A hash of everything a session's reports show: unchanged data, unchanged hash.

    Made of a few aggregate reads (counts and latest times of attempts, answers, rounds and
    responses), the session's and teams' names and the report's date, not of the report.
    """
    training_id = training.id
    in_training = QuizAttempt.training_session_id == training_id
    attempts = db.execute(
        select(
            func.count(QuizAttempt.id),
            func.count(QuizAttempt.finished_at),
            func.max(QuizAttempt.finished_at),
            func.sum(QuizAttempt.score),
        ).where(in_training)
    ).one()
    answers = db.execute(
        select(func.count(QuizAnswer.id), func.max(QuizAnswer.answered_at))
        .join(QuizAttempt, QuizAnswer.attempt_id == QuizAttempt.id)
        .where(in_training)
    ).one()
    teams = db.execute(
        select(SessionTeam.id, SessionTeam.name, SessionTeam.position)
        .where(SessionTeam.training_id == training_id)
        .order_by(SessionTeam.id)
    ).all()
    in_projects = Project.training_session_id == training_id
    projects = db.execute(
        select(Project.id, Project.project_name, Project.team_name, Project.session_team_id)
        .where(in_projects)
        .order_by(Project.id)
    ).all()
    rounds = db.execute(
        select(AssessmentRound.id, AssessmentRound.opened_at, AssessmentRound.closed_at)
        .join(Project, AssessmentRound.project_id == Project.id)
        .where(in_projects)
        .order_by(AssessmentRound.id)
    ).all()
    responses = db.execute(
        select(
            func.count(MemberResponse.id),
            func.count(MemberResponse.submitted_at),
            func.max(MemberResponse.submitted_at),
            func.max(MemberAnswer.answered_at),
            func.count(MemberAnswer.id),
        )
        .select_from(MemberResponse)
        .outerjoin(MemberAnswer, MemberAnswer.response_id == MemberResponse.id)
        .join(AssessmentRound, MemberResponse.round_id == AssessmentRound.id)
        .join(Project, AssessmentRound.project_id == Project.id)
        .where(in_projects)
    ).one()
    parts = (
        kind,
        today.isoformat(),
        (training.name, training.held_on, training.quiz_id, training.includes_assessment),
        tuple(attempts),
        tuple(answers),
        [tuple(row) for row in teams],
        [tuple(row) for row in projects],
        [tuple(row) for row in rounds],
        tuple(responses),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def latest_job(db: Session, trainer_id: int, training_id: int, kind: str) -> ReportJob | None:
    """The trainer's newest job for this session's report of this kind."""
    return db.scalar(
        select(ReportJob)
        .where(
            ReportJob.trainer_id == trainer_id,
            ReportJob.training_id == training_id,
            ReportJob.kind == kind,
        )
        .order_by(ReportJob.id.desc())
        .limit(1)
    )


def latest_jobs(db: Session, trainer_id: int, training_id: int) -> dict[str, ReportJob]:
    """The trainer's newest job of each kind for this session (for the session page)."""
    jobs: dict[str, ReportJob] = {}
    for job in db.scalars(
        select(ReportJob)
        .where(ReportJob.trainer_id == trainer_id, ReportJob.training_id == training_id)
        .order_by(ReportJob.id)
    ):
        jobs[job.kind] = job
    return jobs


def job_of_trainer(db: Session, trainer_id: int, public_id: str) -> ReportJob | None:
    """The job, only for the trainer who asked for it (another trainer's is None: a 404)."""
    return db.scalar(
        select(ReportJob).where(
            ReportJob.public_id == public_id, ReportJob.trainer_id == trainer_id
        )
    )


def create_job(
    db: Session, *, trainer_id: int, training_id: int, kind: str, fingerprint: str, filename: str
) -> ReportJob:
    job = ReportJob(
        trainer_id=trainer_id,
        training_id=training_id,
        kind=kind,
        fingerprint=fingerprint,
        filename=filename,
        state=QUEUED,
        attempt=1,
        done=0,
        total=0,
    )
    db.add(job)
    db.flush()
    return job


def requeue(db: Session, job: ReportJob, fingerprint: str) -> None:
    """Queue the job again (it failed or stopped): a new attempt, so an old worker that
    comes back to life can no longer write to it."""
    job.state = QUEUED
    job.attempt += 1
    job.fingerprint = fingerprint
    job.done = job.total = 0
    job.error = None
    job.file_size = None
    job.finished_at = job.expires_at = None
    job.heartbeat_at = utcnow()


def job_by_id(db: Session, job_id: int) -> ReportJob | None:
    return db.get(ReportJob, job_id)


def _this_attempt(job_id: int, attempt: int):
    return update(ReportJob).where(ReportJob.id == job_id, ReportJob.attempt == attempt)


def claim(db: Session, job_id: int, attempt: int) -> bool:
    """Mark the job running for this attempt; False if it was requeued, done or deleted."""
    result = db.execute(
        _this_attempt(job_id, attempt)
        .where(ReportJob.state.in_(IN_PROGRESS))
        .values(state=RUNNING, heartbeat_at=utcnow(), done=0, total=0)
    )
    return result.rowcount == 1


def record_progress(db: Session, job_id: int, attempt: int, done: int, total: int) -> bool:
    """A step done; False when this attempt no longer owns the job (stop working on it)."""
    result = db.execute(
        _this_attempt(job_id, attempt)
        .where(ReportJob.state == RUNNING)
        .values(done=done, total=total, heartbeat_at=utcnow())
    )
    return result.rowcount == 1


def finish(db: Session, job_id: int, attempt: int, size: int, keep: dt.timedelta) -> bool:
    now = utcnow()
    result = db.execute(
        _this_attempt(job_id, attempt)
        .where(ReportJob.state == RUNNING)
        .values(
            state=READY, file_size=size, finished_at=now, expires_at=now + keep, heartbeat_at=now
        )
    )
    return result.rowcount == 1


def fail(db: Session, job_id: int, attempt: int, error: str) -> None:
    now = utcnow()
    db.execute(
        _this_attempt(job_id, attempt)
        .where(ReportJob.state.in_(IN_PROGRESS))
        .values(state=FAILED, error=error[:255], finished_at=now, heartbeat_at=now)
    )


def _public_ids(db: Session, statement: Select) -> list[str]:
    return list(db.scalars(statement))


def expire_jobs(db: Session, now: dt.datetime) -> list[str]:
    """Mark ready jobs past their time expired; their public ids (whose files to delete)."""
    due = select(ReportJob.public_id).where(ReportJob.state == READY, ReportJob.expires_at <= now)
    ids = _public_ids(db, due)
    if ids:
        db.execute(
            update(ReportJob)
            .where(ReportJob.public_id.in_(ids))
            .values(state=EXPIRED, file_size=None)
            .execution_options(synchronize_session=False)
        )
    return ids


def fail_stale_jobs(db: Session, now: dt.datetime, stale_after: dt.timedelta, error: str) -> int:
    """Queued or running jobs with no sign of life for stale_after are failed (retryable)."""
    result = db.execute(
        update(ReportJob)
        .where(ReportJob.state.in_(IN_PROGRESS), ReportJob.heartbeat_at <= now - stale_after)
        .values(state=FAILED, error=error, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def delete_old_jobs(db: Session, before: dt.datetime) -> None:
    """Forget expired and failed jobs finished before `before` (their files are gone)."""
    db.execute(
        ReportJob.__table__.delete().where(
            ReportJob.state.in_((EXPIRED, FAILED)), ReportJob.heartbeat_at < before
        )
    )


def kept_files(db: Session) -> set[str]:
    """Public ids of jobs whose files are kept (ready, or being written)."""
    return set(db.scalars(select(ReportJob.public_id).where(ReportJob.state.in_((READY, RUNNING)))))


def job_for_report(
    db: Session,
    *,
    trainer_id: int,
    training: TrainingSession,
    kind: str,
    filename: str,
    now: dt.datetime,
    stale_after: dt.timedelta,
    file_exists,
) -> tuple[ReportJob, bool]:
    """The job that answers "prepare this report", and whether it must be queued.

    Unchanged data: a ready report (its file still there) or one in progress is answered
    at once; a failed or stopped one is queued again. Changed data: a new job.
    """
    from app.domain.report_jobs import is_expired, is_stale

    fingerprint = session_fingerprint(db, training, kind, now.date())
    latest = latest_job(db, trainer_id, training.id, kind)
    if latest is not None and latest.fingerprint == fingerprint:
        if latest.state == READY and not is_expired(latest.state, latest.expires_at, now):
            if file_exists(latest):
                return latest, False
        elif latest.state in IN_PROGRESS and not is_stale(
            latest.state, latest.heartbeat_at, now, stale_after
        ):
            return latest, False
        requeue(db, latest, fingerprint)
        return latest, True
    job = create_job(
        db,
        trainer_id=trainer_id,
        training_id=training.id,
        kind=kind,
        fingerprint=fingerprint,
        filename=filename,
    )
    return job, True

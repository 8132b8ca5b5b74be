"""Deleting sessions, quiz attempts and self-assessments with everything linked to them,
and the purge of what is older than RETENTION_DAYS (`flask --app wsgi purge`).

Rows are deleted explicitly, children first, rather than relying on ON DELETE CASCADE,
so the result is the same on every database whatever its foreign-key settings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import Select, and_, delete, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from app.db import get_db
from app.models import (
    AgreedRung,
    AssessmentRound,
    MemberAnswer,
    MemberResponse,
    Participant,
    PlanAction,
    Project,
    QuizAnswer,
    QuizAttempt,
    ReportJob,
    RoundTarget,
    SessionTeam,
    TrainingSession,
)


def _delete_where(db: Session, column, ids: Select) -> None:
    """DELETE rows whose `column` is among `ids`.

    correlate(None): the subquery must keep its own FROM even when it reads the table
    being deleted from, or SQLAlchemy would correlate it to the DELETE.
    """
    statement = delete(column.class_).where(column.in_(ids.correlate(None)))
    db.execute(statement.execution_options(synchronize_session=False))


def delete_attempts(db: Session, attempt_ids: Select) -> None:
    _delete_where(db, QuizAnswer.attempt_id, attempt_ids)
    _delete_where(db, QuizAttempt.id, attempt_ids)


def delete_projects(db: Session, project_ids: Select) -> None:
    round_ids = select(AssessmentRound.id).where(AssessmentRound.project_id.in_(project_ids))
    response_ids = select(MemberResponse.id).where(MemberResponse.round_id.in_(round_ids))
    _delete_where(db, MemberAnswer.response_id, response_ids)
    _delete_where(db, MemberResponse.id, response_ids)
    for model in (AgreedRung, RoundTarget, PlanAction):
        _delete_where(db, model.round_id, round_ids)
    _delete_where(db, AssessmentRound.id, round_ids)
    _delete_where(db, Project.id, project_ids)


def delete_trainings(db: Session, training_ids: Select) -> None:
    """Delete the sessions with their teams, quiz attempts and self-assessments."""
    delete_attempts(
        db, select(QuizAttempt.id).where(QuizAttempt.training_session_id.in_(training_ids))
    )
    delete_projects(db, select(Project.id).where(Project.training_session_id.in_(training_ids)))
    # Their prepared reports' files go at the job worker's next sweep (app/jobs).
    _delete_where(db, ReportJob.training_id, training_ids)
    _delete_where(db, Participant.training_id, training_ids)
    _delete_where(db, SessionTeam.training_id, training_ids)
    _delete_where(db, TrainingSession.id, training_ids)


def delete_training(db: Session, training_id: int) -> None:
    delete_trainings(db, select(TrainingSession.id).where(TrainingSession.id == training_id))


@dataclass(frozen=True)
class PurgeCounts:
    sessions: int
    attempts: int
    projects: int


def _count(db: Session, ids: Select) -> int:
    return db.scalar(select(func.count()).select_from(ids.subquery())) or 0


def purge_older_than(db: Session, cutoff: dt.datetime, *, dry_run: bool) -> PurgeCounts:
    """Delete (unless dry_run) what was last used before cutoff, and count it (not committed).

    Sessions count from when they were created; quiz attempts from when they started,
    plus every attempt in a session being deleted; a self-assessment project from its
    latest activity (created, a round opened or a member started), plus every project in
    a session being deleted, so a team that came back for a new round keeps its history.
    """
    old_trainings = select(TrainingSession.id).where(TrainingSession.created_at < cutoff)
    attempts = select(QuizAttempt.id).where(
        or_(QuizAttempt.started_at < cutoff, QuizAttempt.training_session_id.in_(old_trainings))
    )
    # correlate(Project) only: nested in the deletes of rounds and responses below, these
    # must not be tied to the rounds and responses being deleted.
    recent_round = (
        exists()
        .where(AssessmentRound.project_id == Project.id, AssessmentRound.opened_at >= cutoff)
        .correlate(Project)
    )
    recent_response = (
        exists()
        .where(AssessmentRound.project_id == Project.id)
        .where(MemberResponse.round_id == AssessmentRound.id, MemberResponse.started_at >= cutoff)
        .correlate(Project)
    )
    idle_project = and_(Project.created_at < cutoff, not_(recent_round), not_(recent_response))
    projects = select(Project.id).where(
        or_(idle_project, Project.training_session_id.in_(old_trainings))
    )
    counts = PurgeCounts(_count(db, old_trainings), _count(db, attempts), _count(db, projects))
    if not dry_run:
        delete_trainings(db, old_trainings)
        delete_attempts(db, attempts)
        delete_projects(db, projects)
    return counts


@click.command("purge")
@with_appcontext
@click.option(
    "--older-than",
    "days",
    type=click.IntRange(min=0),
    default=None,
    help="Age in days (default: RETENTION_DAYS, 365 unless set).",
)
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
def purge(days: int | None, dry_run: bool) -> None:
    """Delete sessions, quiz attempts and self-assessments older than DAYS.

    Everything linked goes with them. Trainers' accounts are kept.
    """
    days = current_app.config["RETENTION_DAYS"] if days is None else days
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    db = get_db()
    counts = purge_older_than(db, cutoff, dry_run=dry_run)
    if dry_run:
        db.rollback()
    else:
        db.commit()
    verb = "Would delete" if dry_run else "Deleted"
    click.echo(f"{verb}, older than {days} days (before {cutoff:%Y-%m-%d %H:%M} UTC):")
    click.echo(f"  {counts.sessions} training session(s)")
    click.echo(f"  {counts.attempts} quiz attempt(s)")
    click.echo(f"  {counts.projects} team self-assessment(s)")
    if dry_run:
        click.echo("Nothing was deleted (dry run).")


def init_app(app: Flask) -> None:
    app.cli.add_command(purge)

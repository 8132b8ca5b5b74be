"""The trainer's training sessions: creating one with its teams and their projects, and
finding a trainer's own sessions. Functions take `db` and leave the commit to the request."""

from __future__ import annotations

import datetime as dt
import json
import random

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.assessment.queries import create_project
from app.codes import unused_join_code
from app.domain.content import Assessment, Quiz
from app.domain.draw import draw_questions
from app.domain.wording import long_date
from app.models import (
    AssessmentRound,
    MemberResponse,
    Project,
    QuizAttempt,
    SessionTeam,
    Trainer,
    TrainingSession,
)
from app.training.queries import training_questions  # noqa: F401  (used by stats)


def create_training(
    db: Session,
    trainer: Trainer,
    *,
    name: str,
    held_on: dt.date,
    quiz: Quiz | None,
    team_names: list[str],
    assessment: Assessment | None,
    project_names: list[str] | None = None,
    paced: bool = False,
) -> TrainingSession:
    """A new training session; with an assessment, one project per team or one for all.

    With a quiz, the questions are drawn once for the session: everyone in the room is
    asked the same ones, so they can talk about them together.

    Each project is linked to the session (and its team) and has its first round open,
    so members of each team can answer and the live page can show each team's rung.
    All of it is one unit of work: the request commits it, or none of it.
    """
    training = TrainingSession(
        trainer=trainer,
        name=name,
        held_on=held_on,
        quiz_id=quiz.id if quiz else None,
        quiz_question_ids=json.dumps(draw_questions(quiz, random.Random())) if quiz else None,
        includes_assessment=assessment is not None,
        paced=paced and quiz is not None,
        join_code=unused_join_code(db),
        teams=[SessionTeam(name=team, position=i) for i, team in enumerate(team_names)],
    )
    db.add(training)
    db.flush()  # ids for the projects' links
    if assessment is not None:
        names = project_names or []
        for i, team in enumerate(training.teams or [None]):
            team_name = team.name if team else name
            project = create_project(
                db,
                assessment,
                # A placeholder until the trainer names it.
                project_name=(names[i] if i < len(names) else "") or f"{team_name[:190]} project",
                team_name=team_name,
                description=f"Self-assessment from the training session \u201c{name}\u201d "
                f"on {long_date(held_on)}.",
            )
            project.training_session_id = training.id
            project.session_team_id = team.id if team else None
    return training


def trainings_of(db: Session, trainer_id: int) -> list[TrainingSession]:
    """The trainer's sessions, the latest first."""
    return list(
        db.scalars(
            select(TrainingSession)
            .where(TrainingSession.trainer_id == trainer_id)
            .order_by(TrainingSession.held_on.desc(), TrainingSession.id.desc())
        )
    )


def own_training(db: Session, trainer_id: int, training_id: int) -> TrainingSession | None:
    """The trainer's session with this id; None for another trainer's (or none)."""
    return db.scalar(
        select(TrainingSession).where(
            TrainingSession.id == training_id, TrainingSession.trainer_id == trainer_id
        )
    )


def training_projects(db: Session, training_id: int, *options) -> list[Project]:
    """The session's self-assessment projects, in team order (the whole room's first)."""
    return list(
        db.scalars(
            select(Project)
            .options(*options)
            .outerjoin(SessionTeam, Project.session_team_id == SessionTeam.id)
            .where(Project.training_session_id == training_id)
            .order_by(SessionTeam.position.nulls_first(), Project.id)
        )
    )


def counts_to_delete(db: Session, training_id: int) -> tuple[int, int]:
    """How many quiz attempts and self-assessment responses deleting the session deletes."""
    attempts = db.scalar(
        select(func.count(QuizAttempt.id)).where(QuizAttempt.training_session_id == training_id)
    )
    responses = db.scalar(
        select(func.count(MemberResponse.id))
        .join(AssessmentRound, MemberResponse.round_id == AssessmentRound.id)
        .join(Project, AssessmentRound.project_id == Project.id)
        .where(Project.training_session_id == training_id)
    )
    return attempts or 0, responses or 0

"""Setting up a training session: its join code, teams and the teams' self-assessments."""

from __future__ import annotations

import datetime as dt
import json
import random

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.assessment.store import create_project
from app.codes import unused_join_code
from app.db import db_session
from app.domain.content import Assessment, Quiz, QuizQuestion
from app.domain.draw import draw_questions
from app.models import Project, SessionTeam, Trainer, TrainingSession


def create_training_session(
    db: Session,
    trainer: Trainer,
    *,
    name: str,
    held_on: dt.date,
    quiz: Quiz | None,
    team_names: list[str],
    assessment: Assessment | None,
) -> TrainingSession:
    """Create and commit a session; with an assessment, one project per team or one for all.

    With a quiz, the questions are drawn once for the session: everyone in the room is
    asked the same ones, so they can talk about them together.

    Each project is linked to the session (and its team) and has its first round open,
    so members of each team can answer and the live page can show each team's rung.
    """
    training_session = TrainingSession(
        trainer=trainer,
        name=name,
        held_on=held_on,
        quiz_id=quiz.id if quiz else None,
        quiz_question_ids=json.dumps(draw_questions(quiz, random.Random())) if quiz else None,
        includes_assessment=assessment is not None,
        join_code=unused_join_code(db),
        teams=[SessionTeam(name=team, position=i) for i, team in enumerate(team_names)],
    )
    db.add(training_session)
    db.commit()
    if assessment is not None:
        for team in training_session.teams or [None]:
            team_name = team.name if team else name
            project = create_project(
                db,
                assessment,
                project_name=f"{team_name[:190]} project",
                team_name=team_name,
                description=f"Self-assessment from the training session \u201c{name}\u201d "
                f"on {held_on:%-d %B %Y}.",
            )
            project.training_session_id = training_session.id
            project.session_team_id = team.id if team else None
        db.commit()
    return training_session


def session_questions(training: TrainingSession, quiz: Quiz) -> tuple[QuizQuestion, ...]:
    """The questions everyone in the session is asked (sessions made before draws: the
    quiz's first questions; a draw whose questions the quiz no longer has: the same)."""
    ids = json.loads(training.quiz_question_ids) if training.quiz_question_ids else None
    try:
        return quiz.asked(ids)
    except KeyError:
        return quiz.asked(None)


def own_session_or_404(session_id: int) -> TrainingSession:
    """The signed-in trainer's session; another trainer's is a 404, not a 403 that leaks it."""
    training_session = db_session().scalar(
        select(TrainingSession).where(
            TrainingSession.id == session_id, TrainingSession.trainer_id == current_user.id
        )
    )
    if training_session is None:
        abort(404)
    return training_session


def session_projects(db: Session, training_session_id: int, *options) -> list[Project]:
    """The session's self-assessment projects, in team order (the whole room's first)."""
    return list(
        db.scalars(
            select(Project)
            .options(*options)
            .outerjoin(SessionTeam, Project.session_team_id == SessionTeam.id)
            .where(Project.training_session_id == training_session_id)
            .order_by(SessionTeam.position.nulls_first(), Project.id)
        )
    )

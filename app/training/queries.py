"""Finding training sessions and their teams' projects for the people who join them."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.codes import is_token_shaped, new_token
from app.domain.content import Quiz, QuizQuestion
from app.models import Participant, Project, SessionTeam, TrainingSession


def training_by_code(db: Session, code: str) -> TrainingSession | None:
    return db.scalar(select(TrainingSession).where(TrainingSession.join_code == code))


def training_is_closed(db: Session, training_id: int | None) -> bool:
    """True when the work belongs to a training session that has closed (or was deleted
    a moment ago): it takes no more answers. Work outside a session is never closed."""
    if training_id is None:
        return False
    training = db.get(TrainingSession, training_id)
    return training is None or not training.is_open


def team_of(db: Session, training: TrainingSession, team_id: object) -> SessionTeam | None:
    """The session's team with this id (from a cookie: any value), or None."""
    team = db.get(SessionTeam, team_id) if type(team_id) is int else None
    return team if team is not None and team.training_id == training.id else None


def team_project(db: Session, training: TrainingSession, team: SessionTeam | None) -> Project:
    """The project a team (or, without teams, the whole room) assesses in the session."""
    return db.scalar(
        select(Project).where(
            Project.training_session_id == training.id,
            Project.session_team_id == (team.id if team else None),
        )
    )


def participant_of(db: Session, training: TrainingSession, token: object) -> Participant | None:
    """The session's participant with this token (from a cookie: any value), or None."""
    if not isinstance(token, str) or not is_token_shaped(token):
        return None
    return db.scalar(
        select(Participant).where(
            Participant.public_id == token, Participant.training_id == training.id
        )
    )


def add_participant(
    db: Session, training: TrainingSession, team_id: int | None, token: object = None
) -> Participant:
    """The person joining: their record from an earlier join (team updated), or a new one."""
    person = participant_of(db, training, token)
    if person is None:
        person = Participant(public_id=new_token(), training_id=training.id)
        db.add(person)
    person.team_id = team_id
    db.flush()
    return person


def participant_count(db: Session, training_id: int) -> int:
    return db.scalar(
        select(func.count(Participant.id)).where(Participant.training_id == training_id)
    )


def training_questions(training: TrainingSession, quiz: Quiz) -> tuple[QuizQuestion, ...]:
    """The questions everyone in the session is asked (sessions made before draws: the
    quiz's first questions; a draw whose questions the quiz no longer has: the same)."""
    ids = json.loads(training.quiz_question_ids) if training.quiz_question_ids else None
    try:
        return quiz.asked(ids)
    except KeyError:
        return quiz.asked(None)

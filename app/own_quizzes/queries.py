"""A trainer's own quizzes: writing, uploading, versions and deleting. Functions take `db`
and leave the commit to the request.

The working copy lives in `own_quizzes.body`; every version that passes the content checks
is kept in content_snapshots (app/content.py) under the quiz id "own-<id>", so sessions and
attempts find the wording they used by its hash, after later edits and after deletion.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.content import answered_with, remember
from app.domain.content import (
    OWN_QUIZ_PREFIX,
    ContentProblem,
    Library,
    Quiz,
    check_quiz_data,
    own_quiz,
)
from app.models import ContentSnapshot, OwnQuiz, Trainer, TrainingSession, utcnow


def quiz_id_of(own: OwnQuiz) -> str:
    """The id its sessions and attempts use, unlike any shipped quiz's."""
    return f"{OWN_QUIZ_PREFIX}{own.id}"


def own_quizzes_of(db: Session, trainer_id: int) -> list[OwnQuiz]:
    """The trainer's quizzes, the latest changed first."""
    return list(
        db.scalars(
            select(OwnQuiz)
            .where(OwnQuiz.trainer_id == trainer_id)
            .order_by(OwnQuiz.updated_at.desc(), OwnQuiz.id.desc())
        )
    )


def ready_choices(db: Session, trainer_id: int) -> list[tuple[str, str]]:
    """(quiz id, title) of the trainer's quizzes a session can use, for the session form."""
    return [
        (quiz_id_of(own), own.title) for own in own_quizzes_of(db, trainer_id) if own.content_hash
    ]


def find_own_quiz(db: Session, trainer_id: int, own_quiz_id: int) -> OwnQuiz | None:
    """The trainer's quiz with this id; None for another trainer's (or none)."""
    return db.scalar(
        select(OwnQuiz).where(OwnQuiz.id == own_quiz_id, OwnQuiz.trainer_id == trainer_id)
    )


def working_copy(own: OwnQuiz) -> dict[str, Any]:
    return json.loads(own.body)


def ready_quiz(db: Session, own: OwnQuiz) -> Quiz | None:
    """The quiz as its sessions take it now; None while the working copy does not pass."""
    return answered_with(db, own.content_hash, None) if own.content_hash else None


def create_own_quiz(
    db: Session, trainer: Trainer, data: dict[str, Any], content: Library
) -> tuple[OwnQuiz, list[ContentProblem]]:
    """A new quiz from the form's first page or a checked file; see save_version."""
    own = OwnQuiz(trainer_id=trainer.id, title="", body="{}", version=0)
    db.add(own)
    db.flush()  # its id is in its quiz id
    return own, save_version(db, own, data, content)


def save_version(
    db: Session, own: OwnQuiz, data: dict[str, Any], content: Library
) -> list[ContentProblem]:
    """Store the changed working copy as the next version, and keep it for sessions and
    attempts if it passes the checks; the checks' problems ([] when it passes)."""
    own.version += 1
    data = {**data, "kind": "quiz", "id": quiz_id_of(own), "version": own.version}
    own.body = json.dumps(data, ensure_ascii=False)
    own.title = str(data.get("title", ""))[:200]
    own.updated_at = utcnow()
    checked, problems = check_quiz_data(data, content)
    if checked is None:
        own.content_hash = None
        return problems
    quiz = own_quiz(checked, quiz_id_of(own), own.version, content)
    remember(db, quiz)
    own.content_hash = quiz.content_hash
    return []


def sessions_using(db: Session, own: OwnQuiz) -> int:
    return db.scalar(
        select(func.count(TrainingSession.id)).where(TrainingSession.quiz_id == quiz_id_of(own))
    )


def delete_own_quiz(db: Session, own: OwnQuiz) -> None:
    """Delete the quiz. Sessions that used it keep its kept versions (their results show
    them); a quiz no session used takes its kept versions with it."""
    if not sessions_using(db, own):
        db.execute(
            delete(ContentSnapshot).where(
                ContentSnapshot.kind == "quiz", ContentSnapshot.content_id == quiz_id_of(own)
            )
        )
    db.delete(own)

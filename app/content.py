"""The quiz and assessment content: today's files, and every version ever answered.

Today's files are loaded and validated once at start-up. Each round and quiz attempt
keeps the hash of the content it was answered with; `remember` stores that content in
the database when it is first used, and `answered_with` gives it back, so results,
comparisons, PDFs and CSVs use the wording people actually saw.
"""

from __future__ import annotations

import json

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.content import (
    OWN_QUIZ_PREFIX,
    Assessment,
    ContentError,
    Library,
    Quiz,
    from_snapshot,
    load_library,
    snapshot,
)
from app.models import ContentSnapshot, QuizAttempt, TrainingSession


def init_app(app: Flask) -> None:
    try:
        app.extensions["content"] = load_library(app.config["CONTENT_DIR"])
    except ContentError as error:
        # Refuse to start rather than serve half the content.
        raise RuntimeError(
            f"The content in {app.config['CONTENT_DIR']} has problems; fix them and restart:\n"
            f"{error}"
        ) from error


def library() -> Library:
    return current_app.extensions["content"]


def find_quiz(db: Session, quiz_id: str | None, content: Library | None = None) -> Quiz | None:
    """The quiz with this id: a shipped one, or a trainer's own quiz as its latest kept
    version (also once the trainer has deleted it, so the sessions that used it still show
    it). None for no quiz."""
    content = content or library()
    if not (quiz_id or "").startswith(OWN_QUIZ_PREFIX):
        return content.quiz(quiz_id)
    content_hash = db.scalar(
        select(ContentSnapshot.content_hash)
        .where(ContentSnapshot.kind == "quiz", ContentSnapshot.content_id == quiz_id)
        .order_by(ContentSnapshot.version.desc())
        .limit(1)
    )
    return answered_with(db, content_hash, None) if content_hash else None


def session_quiz(
    db: Session, training: TrainingSession, content: Library | None = None
) -> Quiz | None:
    """The quiz as a session's results show it: the version its latest attempt answered
    (a trainer who edits their own quiz after people answered does not reword the results),
    else the quiz as it is now."""
    current = find_quiz(db, training.quiz_id, content)
    content_hash = db.scalar(
        select(QuizAttempt.content_hash)
        .where(QuizAttempt.training_session_id == training.id)
        .order_by(QuizAttempt.id.desc())
        .limit(1)
    )
    return answered_with(db, content_hash, current) if content_hash else current


def remember(db: Session, item: Quiz | Assessment) -> None:
    """Keep this version of the content, once (added to the caller's unit of work)."""
    if db.get(ContentSnapshot, item.content_hash) is not None:
        return
    db.add(
        ContentSnapshot(
            content_hash=item.content_hash,
            kind="quiz" if isinstance(item, Quiz) else "assessment",
            content_id=item.id,
            version=item.version,
            body=json.dumps(snapshot(item), ensure_ascii=False, sort_keys=True),
        )
    )


def answered_with(db: Session, content_hash: str, current: Quiz | Assessment | None):
    """The content as it was when answered: the kept version, else today's.

    Today's content stands in only for a version that was never kept (none is lost
    after the migration that started keeping them); None if there is neither.
    """
    if current is not None and current.content_hash == content_hash:
        return current
    if content_hash in _KEPT:
        return _KEPT[content_hash]
    body = db.scalar(
        select(ContentSnapshot.body).where(ContentSnapshot.content_hash == content_hash)
    )
    if body is None:
        return current
    if len(_KEPT) >= _KEEP_AT_MOST:
        _KEPT.clear()
    _KEPT[content_hash] = from_snapshot(json.loads(body))
    return _KEPT[content_hash]


# A kept version never changes, so each process rebuilds it once (a few versions a year).
_KEPT: dict[str, Quiz | Assessment] = {}
_KEEP_AT_MOST = 256

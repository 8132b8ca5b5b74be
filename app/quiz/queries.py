"""Quiz attempts in the database: starting one, recording answers, finding the next step.

Functions take the database session `db` and leave the commit to the request.

An attempt is anonymous: it is found again only through its long random public_id, which
is in the person's own links. Answers are kept per question id, so a back button, a
refresh or a replayed form can never count twice (the table allows one answer per question).
"""

from __future__ import annotations

import json
import random
from collections.abc import Collection, Mapping, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.codes import is_token_shaped, new_token
from app.content import answered_with, find_quiz, remember
from app.domain.content import Quiz, QuizQuestion
from app.domain.draw import draw_questions
from app.domain.scoring import score_quiz
from app.models import (
    Participant,
    Project,
    QuizAnswer,
    QuizAttempt,
    SessionTeam,
    TrainingSession,
    utcnow,
)

if TYPE_CHECKING:  # the training package's pages import this module
    from app.training.joined import Joined


def find_attempt(db: Session, public_id: str) -> QuizAttempt | None:
    if not is_token_shaped(public_id):
        return None
    return db.scalar(select(QuizAttempt).where(QuizAttempt.public_id == public_id))


def start_attempt(
    db: Session, quiz: Quiz, joined: Joined | None, seen: Collection[str] = ()
) -> QuizAttempt:
    """A new attempt, linked to the training session the person joined if it runs this quiz.

    In a session everyone gets the session's questions; otherwise a fresh draw, avoiding
    the questions in `seen` (the person's last attempt) where the bank allows.
    """
    training = training_for(quiz, joined)
    team = joined.team if training is not None else None
    question_ids = _session_draw(quiz, training) or draw_questions(quiz, random.Random(), seen=seen)
    attempt = QuizAttempt(
        public_id=new_token(),
        quiz_id=quiz.id,
        quiz_version=quiz.version,
        content_hash=quiz.content_hash,
        question_ids=json.dumps(question_ids),
        total=len(question_ids),
        training_session_id=training.id if training else None,
        team_id=team.id if team else None,
        participant_id=joined.participant.id if training and joined.participant else None,
    )
    db.add(attempt)
    remember(db, quiz)
    db.flush()  # its public id is in the next page's link
    return attempt


def training_for(quiz: Quiz, joined: Joined | None) -> TrainingSession | None:
    """The open training session the person joined, if it runs this quiz at each person's
    own pace (a paced session's quiz is answered on the room page, app/training/paced.py)."""
    if joined is None or joined.training.quiz_id != quiz.id or joined.training.paced:
        return None
    return joined.training


def _session_draw(quiz: Quiz, training: TrainingSession | None) -> Sequence[str] | None:
    """The session's shared questions, if they are all in this version of the quiz."""
    if training is None:
        return None
    stored = training.quiz_question_ids
    ids = json.loads(stored) if stored else []
    known = {question.id for question in quiz.questions}
    return ids if ids and all(question_id in known for question_id in ids) else None


def asked_in(attempt: QuizAttempt, quiz: Quiz) -> tuple[QuizQuestion, ...]:
    """The questions this attempt asks, in its order (quiz: the attempt's own version)."""
    return quiz.asked(json.loads(attempt.question_ids) if attempt.question_ids else None)


def quiz_of(db: Session, attempt: QuizAttempt) -> Quiz | None:
    """The quiz as this attempt was asked it (today's file may word it differently)."""
    current = find_quiz(db, attempt.quiz_id)
    return answered_with(db, attempt.content_hash, current)


def chosen_by_question(attempt: QuizAttempt) -> dict[str, str]:
    """Question id -> the rung id chosen, for the questions answered so far."""
    return {answer.question_id: answer.chosen for answer in attempt.answers}


def next_position(asked: Sequence[QuizQuestion], chosen: Mapping[str, str]) -> int | None:
    """The 1-based position of the first question not yet answered; None when all are."""
    for position, question in enumerate(asked, start=1):
        if question.id not in chosen:
            return position
    return None


def record_answer(
    db: Session, attempt: QuizAttempt, quiz: Quiz, position: int, chosen: str
) -> None:
    """Store the answer to the question at `position`; the last one also stores the score.

    If the question was answered meanwhile (a double click, two tabs), the first answer
    stands and this one is dropped.
    """
    question = asked_in(attempt, quiz)[position - 1]
    answers = {**chosen_by_question(attempt), question.id: chosen}
    with suppress(IntegrityError), db.begin_nested():
        db.add(
            QuizAnswer(
                attempt_id=attempt.id,
                question_id=question.id,
                position=position,
                chosen=chosen,
                is_correct=chosen == question.answer.id,
            )
        )
        _finish_if_complete(attempt, quiz, answers)


def finish(attempt: QuizAttempt, quiz: Quiz) -> None:
    """Store the score of an attempt whose questions are all answered but is not finished.

    Only happens when the quiz file changed under an attempt (fewer questions asked).
    """
    _finish_if_complete(attempt, quiz, chosen_by_question(attempt))


def _finish_if_complete(attempt: QuizAttempt, quiz: Quiz, answers: Mapping[str, str]) -> None:
    asked = asked_in(attempt, quiz)
    if attempt.finished_at is None and next_position(asked, answers) is None:
        attempt.score = score_quiz(asked, answers).correct
        attempt.finished_at = utcnow()


def session_links(
    db: Session, attempt: QuizAttempt
) -> tuple[TrainingSession, Project | None] | None:
    """The open session an attempt was made in and its team's project (None without one);
    None when the attempt was made alone or its session has closed."""
    training = db.get(TrainingSession, attempt.training_session_id or 0)
    if training is None or not training.is_open:
        return None
    project = None
    if training.includes_assessment:
        project = db.scalar(
            select(Project).where(
                Project.training_session_id == training.id,
                Project.session_team_id == attempt.team_id,
            )
        )
    return training, project


# --- The paced quiz: one attempt per person, answered on the room page -------------------


def room_attempt(db: Session, training: TrainingSession, participant: Participant | None):
    """The person's attempt at the session's paced quiz, or None before their first answer."""
    if participant is None:
        return None
    return db.scalar(
        select(QuizAttempt)
        .where(
            QuizAttempt.training_session_id == training.id,
            QuizAttempt.participant_id == participant.id,
        )
        .order_by(QuizAttempt.id)
        .limit(1)
    )


def start_room_attempt(
    db: Session, training: TrainingSession, participant: Participant, quiz: Quiz
) -> QuizAttempt:
    """The person's attempt at the paced quiz, made at their first answer: the session's
    questions; the ones asked before they joined stay unanswered."""
    question_ids = _session_draw(quiz, training) or [q.id for q in quiz.asked(None)]
    attempt = QuizAttempt(
        public_id=new_token(),
        quiz_id=quiz.id,
        quiz_version=quiz.version,
        content_hash=quiz.content_hash,
        question_ids=json.dumps(list(question_ids)),
        total=len(question_ids),
        training_session_id=training.id,
        team_id=participant.team_id,
        participant_id=participant.id,
    )
    db.add(attempt)
    remember(db, quiz)
    db.flush()
    return attempt


def room_counts(db: Session, training_id: int, question_id: str) -> dict[str, int]:
    """How many people in the session chose each rung id for one question."""
    return dict(
        db.execute(
            select(QuizAnswer.chosen, func.count())
            .join(QuizAttempt, QuizAnswer.attempt_id == QuizAttempt.id)
            .where(
                QuizAttempt.training_session_id == training_id,
                QuizAnswer.question_id == question_id,
            )
            .group_by(QuizAnswer.chosen)
        ).all()
    )


def finish_room(db: Session, training: TrainingSession) -> None:
    """The paced quiz is over: every attempt in it gets its score (unanswered questions,
    asked before the person joined, count as not right)."""
    right = (
        select(func.count())
        .where(QuizAnswer.attempt_id == QuizAttempt.id, QuizAnswer.is_correct)
        .scalar_subquery()
    )
    for attempt, score in db.execute(
        select(QuizAttempt, right).where(
            QuizAttempt.training_session_id == training.id, QuizAttempt.finished_at.is_(None)
        )
    ).all():
        attempt.score = score
        attempt.finished_at = utcnow()


def room_team_scores(db: Session, training: TrainingSession) -> dict[int | None, tuple[int, int]]:
    """Team id -> (people with an attempt, their right answers) in the session's quiz."""
    rows = db.execute(
        select(
            QuizAttempt.team_id,
            func.count(func.distinct(QuizAttempt.id)),
            func.coalesce(func.sum(case((QuizAnswer.is_correct, 1), else_=0)), 0),
        )
        .outerjoin(QuizAnswer, QuizAnswer.attempt_id == QuizAttempt.id)
        .where(QuizAttempt.training_session_id == training.id)
        .group_by(QuizAttempt.team_id)
    ).all()
    return {team_id: (people, right) for team_id, people, right in rows}


def team_names(db: Session, training_id: int) -> dict[int, str]:
    return dict(
        db.execute(
            select(SessionTeam.id, SessionTeam.name).where(SessionTeam.training_id == training_id)
        ).all()
    )

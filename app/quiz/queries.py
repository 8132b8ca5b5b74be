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

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.codes import is_token_shaped, new_token
from app.content import answered_with, library, remember
from app.domain.content import Quiz, QuizQuestion
from app.domain.draw import draw_questions
from app.domain.scoring import score_quiz
from app.models import QuizAnswer, QuizAttempt, TrainingSession, utcnow
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
    )
    db.add(attempt)
    remember(db, quiz)
    db.flush()  # its public id is in the next page's link
    return attempt


def training_for(quiz: Quiz, joined: Joined | None) -> TrainingSession | None:
    """The open training session the person joined, if it runs this quiz."""
    if joined is None or joined.training.quiz_id != quiz.id:
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
    current = library().quiz(attempt.quiz_id)
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

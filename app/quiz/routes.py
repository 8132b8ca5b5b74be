"""The scenario quiz: choose a quiz, answer one question a page, see why, see the score."""

from __future__ import annotations

import json

from flask import abort, redirect, render_template, request, session, url_for

from app.content import find_quiz, library
from app.db import get_db
from app.domain.content import OWN_QUIZ_PREFIX, Quiz, QuizQuestion
from app.domain.scoring import score_quiz
from app.models import QuizAttempt
from app.quiz import bp
from app.quiz.forms import AnswerForm, StartForm
from app.quiz.queries import (
    asked_in,
    chosen_by_question,
    find_attempt,
    finish,
    next_position,
    quiz_of,
    record_answer,
    session_links,
    start_attempt,
    training_for,
)
from app.training.joined import joined
from app.training.queries import training_is_closed

_LAST_ASKED = "quiz_last_asked"  # session key: {quiz id: the question ids last drawn}
# Listed first on the quiz page: the quiz the home page and the issue call "the quiz".
DEFAULT_QUIZ_ID = "is-it-co-production"


def _quiz_or_404(quiz_id: str) -> Quiz:
    """The quiz; a trainer's own quiz only for people who joined an open session using it."""
    db = get_db()
    quiz = find_quiz(db, quiz_id)
    if quiz is not None and quiz.id.startswith(OWN_QUIZ_PREFIX):
        here = joined(db)
        quiz = quiz if here is not None and here.training.quiz_id == quiz.id else None
    if quiz is None:
        abort(404)
    return quiz


def _attempt_or_404(public_id: str) -> tuple[QuizAttempt, Quiz, tuple[QuizQuestion, ...]]:
    """The attempt, the quiz as it was asked, and the attempt's questions in order."""
    db = get_db()
    attempt = find_attempt(db, public_id)
    quiz = quiz_of(db, attempt) if attempt is not None else None
    if attempt is None or quiz is None:
        abort(404)
    try:
        return attempt, quiz, asked_in(attempt, quiz)
    except KeyError:  # a question its own version no longer has: nothing to show
        abort(404)


def _position_or_404(asked: tuple[QuizQuestion, ...], n: int) -> None:
    if not 1 <= n <= len(asked):
        abort(404)


def _resume(attempt: QuizAttempt, asked: tuple[QuizQuestion, ...], chosen: dict[str, str]):
    """Redirect to the first unanswered question, or to the result when there is none."""
    position = next_position(asked, chosen)
    if position is None:
        return redirect(url_for("quiz.result", public_id=attempt.public_id), 303)
    return redirect(url_for("quiz.question", public_id=attempt.public_id, n=position), 303)


def _start_and_go(quiz: Quiz):
    last = session.get(_LAST_ASKED, {}).get(quiz.id, [])
    db = get_db()
    attempt = start_attempt(db, quiz, joined(db), seen=last if isinstance(last, list) else [])
    session[_LAST_ASKED] = {
        **session.get(_LAST_ASKED, {}),
        quiz.id: json.loads(attempt.question_ids),
    }
    return redirect(url_for("quiz.question", public_id=attempt.public_id, n=1), 303)


@bp.get("/")
def index():
    quizzes = sorted(library().quizzes.values(), key=lambda quiz: quiz.id != DEFAULT_QUIZ_ID)
    return render_template("quiz/index.html", quizzes=quizzes)


@bp.route("/<quiz_id>/", methods=["GET", "POST"])
def start(quiz_id: str):
    quiz = _quiz_or_404(quiz_id)
    if request.method == "POST":  # CSRFProtect has already checked the form's token
        return _start_and_go(quiz)
    training = training_for(quiz, joined(get_db()))
    return render_template("quiz/start.html", quiz=quiz, form=StartForm(), training=training)


@bp.route("/a/<public_id>/<int:n>", methods=["GET", "POST"])
def question(public_id: str, n: int):
    attempt, quiz, questions = _attempt_or_404(public_id)
    _position_or_404(questions, n)
    asked = questions[n - 1]
    chosen = chosen_by_question(attempt)
    if asked.id in chosen:  # answered: the back button or a replayed form lands on its feedback
        return redirect(url_for("quiz.feedback", public_id=public_id, n=n), 303)
    if n != next_position(questions, chosen):
        return _resume(attempt, questions, chosen)
    if training_is_closed(get_db(), attempt.training_session_id):
        return render_template("quiz/session_closed.html", quiz=quiz), 403

    form = AnswerForm.for_question(asked)
    if request.method == "POST":
        if form.tampered(asked):
            abort(400)
        if form.validate():
            record_answer(get_db(), attempt, quiz, n, form.answer.data)
            return redirect(url_for("quiz.feedback", public_id=public_id, n=n), 303)
    return render_template(
        "quiz/question.html",
        quiz=quiz,
        attempt=attempt,
        n=n,
        total=len(questions),
        question=asked,
        form=form,
        hints={rung.id: rung.hint for rung in asked.options},
    )


@bp.get("/a/<public_id>/<int:n>/feedback")
def feedback(public_id: str, n: int):
    attempt, quiz, questions = _attempt_or_404(public_id)
    _position_or_404(questions, n)
    chosen = chosen_by_question(attempt)
    if questions[n - 1].id not in chosen:
        return _resume(attempt, questions, chosen)
    return render_template(
        "quiz/feedback.html",
        quiz=quiz,
        attempt=attempt,
        n=n,
        total=len(questions),
        result=score_quiz(questions, chosen).per_question[n - 1],
    )


@bp.get("/a/<public_id>/result")
def result(public_id: str):
    attempt, quiz, questions = _attempt_or_404(public_id)
    chosen = chosen_by_question(attempt)
    if attempt.finished_at is None:
        if next_position(questions, chosen) is not None:
            return _resume(attempt, questions, chosen)
        finish(attempt, quiz)
    return render_template(
        "quiz/result.html",
        quiz=quiz,
        attempt=attempt,
        score=score_quiz(questions, chosen),
        guide=library().guide,
        form=StartForm(),
        session_links=session_links(get_db(), attempt),
    )


@bp.post("/a/<public_id>/again")
def again(public_id: str):
    """Try again: a new attempt at today's quiz; the finished one stays as it was."""
    attempt, _quiz, _questions = _attempt_or_404(public_id)
    return _start_and_go(_quiz_or_404(attempt.quiz_id))

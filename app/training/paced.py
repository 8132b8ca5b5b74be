"""A paced quiz on a participant's phone: /s/<code>/room shows what the room is doing.

The trainer moves the room (app/trainer/room.py); the phone shows the same question, takes
one answer while answers are open, then shows how the room answered and the explanation.
GETs change nothing: the attempt is made with the person's first answer. With JavaScript
the page asks /s/<code>/room.json every 2 seconds (a 304 while nothing changed) and
reloads when the room moves; without it, a "Check for the next question" link does the same.
"""

from __future__ import annotations

from flask import abort, jsonify, redirect, render_template, request, url_for

from app.content import find_quiz
from app.db import get_db
from app.domain.pacing import ASKING, CLOSED
from app.domain.scoring import score_quiz
from app.quiz.forms import AnswerForm
from app.quiz.queries import (
    chosen_by_question,
    record_answer,
    room_attempt,
    start_room_attempt,
)
from app.quiz.room import room_of, room_view
from app.training import bp
from app.training.joined import joined
from app.training.routes import _training_for


def _paced_or_404(code: str):
    training = _training_for(code)
    quiz = find_quiz(get_db(), training.quiz_id)
    if not training.paced or quiz is None:
        abort(404)
    return training, quiz


@bp.get("/<code>/room.json")
def room_key(code: str):
    """Where the room is, for phones' polling: read-only, one small row, ETag and 304."""
    training, quiz = _paced_or_404(code)
    key = room_of(training, quiz).key
    response = jsonify(key=key)
    response.set_etag(key)
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)


@bp.route("/<code>/room", methods=["GET", "POST"])
def room(code: str):
    training, quiz = _paced_or_404(code)
    if not training.is_open:
        return render_template("training/closed.html", training=training)
    db = get_db()
    here = joined(db)
    if here is None or here.training.id != training.id or here.participant is None:
        return redirect(url_for("training.join", code=code, change="team"))
    view = room_view(db, training, quiz)
    question = view.question
    attempt = room_attempt(db, training, here.participant)
    chosen = chosen_by_question(attempt) if attempt else {}
    form = AnswerForm.for_question(question) if question else None
    refused = False
    if request.method == "POST":
        if question is None or form.question_id.data != question.id or view.room.stage != ASKING:
            refused = True  # the trainer moved on (or showed the answers) first
        elif question.id in chosen:
            return redirect(url_for("training.room", code=code), 303)
        elif form.tampered(question):
            abort(400)
        elif form.validate():
            if attempt is None:
                attempt = start_room_attempt(db, training, here.participant, quiz)
            record_answer(db, attempt, quiz, view.room.position, form.answer.data)
            return redirect(url_for("training.room", code=code), 303)
    score = score_quiz(view.questions, chosen) if view.room.stage not in (ASKING, CLOSED) else None
    team_score = None
    if here.team is not None:
        team_score = next((t for t in view.team_scores if t.name == here.team.name), None)
    return render_template(
        "training/room.html",
        training=training,
        quiz=quiz,
        view=view,
        question=question,
        form=form,
        chosen=chosen.get(question.id) if question else None,
        result=score.per_question[view.room.position - 1] if score and question else None,
        score=score,
        team=here.team,
        team_score=team_score,
        refused=refused,
        hints={rung.id: rung.hint for rung in question.options} if question else {},
    ), (409 if refused else 200)

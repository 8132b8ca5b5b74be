"""The trainer's room: the controls of a paced quiz, the room's state for the projector,
and revealing the right answers on the live page."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import login_required

from app.content import find_quiz
from app.db import get_db
from app.domain.pacing import MOVES, NEXT, OVER
from app.quiz.queries import finish_room
from app.quiz.room import room_of, room_view
from app.trainer import bp
from app.trainer.access import own_training_or_404
from app.training.queries import participant_count

SELF_PACED_KEY = "self-paced"
# Sent back when a second press (or a second window) asks for a move already made.
MOVED_ALREADY = "The room had already moved on, so nothing changed. This is where it is now."


@bp.post("/sessions/<int:training_id>/reveal")
@login_required
def reveal(training_id: int):
    """Show (or hide again) the right answers on the live page."""
    training = own_training_or_404(training_id)
    training.answers_revealed = request.form.get("show") == "yes"
    flash(
        "The live page shows the right answers."
        if training.answers_revealed
        else "The live page hides the right answers."
    )
    return redirect(url_for("trainer.live", training_id=training_id), 303)


def _paced_quiz(training_id: int):
    training = own_training_or_404(training_id)
    quiz = find_quiz(get_db(), training.quiz_id)
    if not training.paced or quiz is None:
        abort(404)
    return training, quiz


@bp.get("/sessions/<int:training_id>/controls")
@login_required
def controls(training_id: int):
    training = own_training_or_404(training_id)
    quiz = find_quiz(get_db(), training.quiz_id)
    if not training.paced or quiz is None:
        # Nothing to pace: the page says so and leads to the live results.
        return render_template("trainer/controls.html", training=training, quiz=quiz, view=None)
    return render_template(
        "trainer/controls.html",
        training=training,
        quiz=quiz,
        view=room_view(get_db(), training, quiz),
    )


# Its own address: Werkzeug answers 405, not 404, for a too-large id when a GET and a POST
# rule share one address.
@bp.post("/sessions/<int:training_id>/controls/move")
@login_required
def move(training_id: int):
    """One move of the room. The form says where the room was when the page showed it, so
    a double press or a second window never moves the room twice."""
    training, quiz = _paced_quiz(training_id)
    room = room_of(training, quiz)
    chosen = request.form.get("move", "")
    if chosen not in MOVES:
        abort(400)
    if request.form.get("at") != room.key or chosen not in room.moves:
        flash(MOVED_ALREADY)
        return redirect(url_for("trainer.controls", training_id=training_id), 303)
    after = room.after(chosen)
    training.paced_position = after.position
    training.paced_revealed = after.revealed
    if chosen == NEXT and after.stage == OVER:
        finish_room(get_db(), training)
    return redirect(url_for("trainer.controls", training_id=training_id), 303)


@bp.get("/sessions/<int:training_id>/room.json")
@login_required
def room_state(training_id: int):
    """The room's state for the projector and the controls: read-only, with an ETag."""
    training = own_training_or_404(training_id)
    quiz = find_quiz(get_db(), training.quiz_id)
    if training.paced and quiz is not None:
        view = room_view(get_db(), training, quiz)
        key, joined, answered = view.room.key, view.joined, view.answered
    else:  # a session at each person's own pace: the present page counts who joined
        key, joined, answered = SELF_PACED_KEY, participant_count(get_db(), training.id), 0
    response = jsonify(key=key, joined=joined, answered=answered)
    response.set_etag(f"{key}.{joined}.{answered}")
    response.headers["Cache-Control"] = "no-cache"
    return response.make_conditional(request)

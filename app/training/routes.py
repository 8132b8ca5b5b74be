"""Participants join a trainer's session at /s/<code> (from /join or the QR code)."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for

from app.codes import is_valid_code, normalise_code
from app.content import find_quiz
from app.db import get_db
from app.models import TrainingSession
from app.trainer.forms import reject_tampered_choices
from app.training import bp
from app.training.forms import NO_TEAM_CHOICE, JoinSessionForm, TeamForm
from app.training.joined import joined, joined_token, remember_joined
from app.training.queries import add_participant, team_project, training_by_code


def _training_for(code: str) -> TrainingSession:
    """The session with this code; a malformed or unknown code is a 404."""
    training = training_by_code(get_db(), code) if is_valid_code(code) else None
    if training is None:
        abort(404)
    return training


def _closed(training: TrainingSession):
    return render_template("training/closed.html", training=training)


@bp.route("/<code>", methods=["GET", "POST"])
def join(code: str):
    """The team question (or, without teams, a Join button); only the POST joins."""
    canonical = normalise_code(code)
    if canonical != code and is_valid_code(canonical):
        # A code typed by hand into the address bar, e.g. /s/abc-234.
        return redirect(url_for("training.join", code=canonical))
    training = _training_for(code)
    if not training.is_open:
        return _closed(training)
    db = get_db()
    here = joined(db)
    already = here is not None and here.training.id == training.id
    if already and request.method == "GET" and request.args.get("change") != "team":
        # Entering the code again (or scanning the QR code) goes back to the session page:
        # the person's team is remembered.
        return redirect(url_for("training.start", code=code))
    if not training.teams:
        join_form = JoinSessionForm()
        if join_form.validate_on_submit():
            _join(training, None)
            return redirect(url_for("training.start", code=code))
        return render_template("training/join.html", form=join_form, training=training)
    form = TeamForm(training.teams)
    reject_tampered_choices(form)
    if form.validate_on_submit():
        _join(training, form.team_id)
        return redirect(url_for("training.start", code=code))
    if not form.is_submitted() and already:
        form.team.data = str(here.team.id) if here.team else NO_TEAM_CHOICE
    return render_template("training/team.html", form=form, training=training)


def _join(training: TrainingSession, team_id: int | None) -> None:
    """Count the person once: joining again (another team) keeps their record."""
    remember_joined(training, add_participant(get_db(), training, team_id, joined_token(training)))


@bp.get("/<code>/start")
def start(code: str):
    """What to do in this session: its quiz and/or its self-assessment."""
    training = _training_for(code)
    if not training.is_open:
        return _closed(training)
    db = get_db()
    here = joined(db)
    if here is None or here.training.id != training.id:
        return redirect(url_for("training.join", code=code))
    project = team_project(db, training, here.team) if training.includes_assessment else None
    quiz = find_quiz(db, training.quiz_id)
    return render_template(
        "training/start.html",
        training=training,
        team=here.team,
        quiz=quiz,
        quiz_url=(
            url_for("training.room", code=code)
            if quiz and training.paced
            else url_for("quiz.start", quiz_id=quiz.id)
            if quiz
            else None
        ),
        project=project,
    )

"""Participants join a trainer's session at /s/<code> (from /join or the QR code)."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from sqlalchemy import select

from app.codes import is_valid_code, normalise_code
from app.content import library
from app.db import db_session
from app.models import Project, TrainingSession
from app.session import bp
from app.session.forms import NOT_IN_A_TEAM, JoinSessionForm, TeamForm
from app.session.joined import joined_session, remember_joined
from app.trainer.forms import reject_tampered_choices


def _session_for(code: str) -> TrainingSession:
    """The session with this code; a malformed or unknown code is a 404."""
    if not is_valid_code(code):
        abort(404)
    training_session = db_session().scalar(
        select(TrainingSession).where(TrainingSession.join_code == code)
    )
    if training_session is None:
        abort(404)
    return training_session


def _closed(training_session: TrainingSession):
    return render_template("session/closed.html", training_session=training_session)


@bp.route("/<code>", methods=["GET", "POST"])
def join(code: str):
    """The team question (or, without teams, a Join button); only the POST joins."""
    canonical = normalise_code(code)
    if canonical != code and is_valid_code(canonical):
        # A code typed by hand into the address bar, e.g. /s/abc-234.
        return redirect(url_for("session.join", code=canonical))
    training_session = _session_for(code)
    if not training_session.is_open:
        return _closed(training_session)
    if not training_session.teams:
        join_form = JoinSessionForm()
        if join_form.validate_on_submit():
            remember_joined(training_session, None)
            return redirect(url_for("session.start", code=code))
        return render_template(
            "session/join.html", form=join_form, training_session=training_session
        )
    form = TeamForm(training_session.teams)
    reject_tampered_choices(form)
    if form.validate_on_submit():
        remember_joined(training_session, form.team_id)
        return redirect(url_for("session.start", code=code))
    joined = joined_session()
    if not form.is_submitted() and joined and joined.training_session.id == training_session.id:
        form.team.data = str(joined.team.id) if joined.team else NOT_IN_A_TEAM
    return render_template("session/team.html", form=form, training_session=training_session)


@bp.get("/<code>/start")
def start(code: str):
    """What to do in this session: its quiz and/or its self-assessment."""
    training_session = _session_for(code)
    if not training_session.is_open:
        return _closed(training_session)
    joined = joined_session()
    if joined is None or joined.training_session.id != training_session.id:
        return redirect(url_for("session.join", code=code))
    project = None
    if training_session.includes_assessment:
        project = db_session().scalar(
            select(Project).where(
                Project.training_session_id == training_session.id,
                Project.session_team_id == (joined.team.id if joined.team else None),
            )
        )
    quiz = library().quizzes.get(training_session.quiz_id or "")
    return render_template(
        "session/start.html",
        training_session=training_session,
        team=joined.team,
        quiz=quiz,
        quiz_url=url_for("quiz.start", quiz_id=quiz.id) if quiz else None,
        project=project,
    )

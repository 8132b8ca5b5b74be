"""One place to type a code: it leads to a trainer's session or a team's assessment."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from sqlalchemy import select

from app.db import db_session
from app.join import bp
from app.join.forms import JoinForm
from app.limits import note_unknown_code
from app.models import Project, TrainingSession


@bp.route("/join", methods=["GET", "POST"])
def enter_code():
    form = JoinForm()
    if form.validate_on_submit():
        code = form.code.data
        session = db_session()
        if session.scalar(select(TrainingSession.id).where(TrainingSession.join_code == code)):
            return redirect(url_for("session.join", code=code))
        if session.scalar(select(Project.id).where(Project.join_code == code)):
            return redirect(url_for("assessment.join", code=code))
        note_unknown_code()
        form.code.errors.append(
            "We could not find that code. Check it with your trainer or team lead and try again"
        )
    return render_template("join/enter_code.html", form=form)

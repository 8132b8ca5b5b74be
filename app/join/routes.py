"""One place to type a code: it leads to a trainer's session or a team's assessment."""

from __future__ import annotations

from flask import redirect, render_template, url_for

from app.assessment.queries import project_by_code
from app.db import get_db
from app.join import bp
from app.join.forms import JoinForm
from app.limits import note_unknown_code
from app.training.queries import training_by_code


@bp.route("/join", methods=["GET", "POST"])
def enter_code():
    form = JoinForm()
    if form.validate_on_submit():
        code = form.code.data
        db = get_db()
        if training_by_code(db, code):
            return redirect(url_for("training.join", code=code))
        if project_by_code(db, code):
            return redirect(url_for("assessment.join", code=code))
        note_unknown_code()
        form.code.errors.append(
            "We could not find that code. Check it with your trainer or team lead and try again"
        )
    return render_template("join/enter_code.html", form=form)

"""The trainer area: sessions, the present page, live results, downloads and deleting."""

from __future__ import annotations

from flask import (
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from app.assessment.queries import close_open_rounds
from app.codes import display_code
from app.content import find_quiz, library, session_quiz
from app.db import get_db
from app.deletion import delete_training
from app.domain.report_jobs import SESSION_REPORT, TEAM_REPORTS
from app.domain.wording import PACE_HINTS
from app.jobs.queries import latest_jobs
from app.jobs.view import describe
from app.models import TrainingSession
from app.own_quizzes.queries import ready_choices
from app.quiz.room import room_view
from app.trainer import bp
from app.trainer.access import own_training_or_404
from app.trainer.forms import SessionForm, reject_tampered_choices
from app.trainer.qr import qr_svg
from app.trainer.queries import (
    counts_to_delete,
    create_training,
    training_projects,
    trainings_of,
)
from app.trainer.stats import live_figures
from app.training.queries import participant_count

LIVE_REFRESH_SECONDS = 5


@bp.get("/")
@login_required
def index():
    trainings = trainings_of(get_db(), current_user.id)
    return render_template("trainer/index.html", trainings=trainings)


@bp.route("/sessions/new", methods=["GET", "POST"])
@login_required
def new_session():
    db = get_db()
    form = SessionForm(own_quizzes=ready_choices(db, current_user.id))
    reject_tampered_choices(form)
    if not form.is_submitted() and request.args.get("quiz") in dict(form.quiz.choices):
        form.quiz.data = request.args["quiz"]  # "Set up a session with this quiz"
    if form.validate_on_submit():
        with_assessment = form.includes_assessment.data == "yes"
        training = create_training(
            get_db(),
            current_user._get_current_object(),
            name=form.name.data.strip(),
            held_on=form.held_on.data,
            quiz=find_quiz(db, form.quiz_id),
            team_names=form.team_names,
            assessment=library().default_assessment if with_assessment else None,
            project_names=form.project_names,
            paced=form.paced,
        )
        code = display_code(training.join_code)
        flash(f"Your session is ready. Its join code is {code}.")
        return redirect(url_for("trainer.session", training_id=training.id))
    quizzes = [find_quiz(db, quiz_id) for quiz_id, _ in form.quiz.choices[:-1]]
    quiz_hints = {
        quiz.id: f"{quiz.questions_per_attempt} questions, about {quiz.minutes} minutes"
        for quiz in quizzes
        if quiz
    }
    return render_template(
        "trainer/new_session.html", form=form, quiz_hints=quiz_hints, pace_hints=PACE_HINTS
    )


@bp.get("/sessions/<int:training_id>")
@login_required
def session(training_id: int):
    training = own_training_or_404(training_id)
    db = get_db()
    jobs = latest_jobs(db, current_user.id, training_id)
    return render_template(
        "trainer/session.html",
        training=training,
        quiz=find_quiz(db, training.quiz_id),
        projects=training_projects(db, training_id),
        report_kinds=[SESSION_REPORT, TEAM_REPORTS]
        if training.includes_assessment
        else [SESSION_REPORT],
        report_jobs={kind: describe(job) for kind, job in jobs.items()},
    )


def _join_url(training: TrainingSession) -> str:
    return url_for("training.join", code=training.join_code, _external=True)


@bp.get("/sessions/<int:training_id>/present")
@login_required
def present(training_id: int):
    training = own_training_or_404(training_id)
    quiz = find_quiz(get_db(), training.quiz_id)
    paced = training.paced and quiz is not None
    return render_template(
        "trainer/present.html",
        training=training,
        quiz=quiz,
        view=room_view(get_db(), training, quiz) if paced else None,
        joined=participant_count(get_db(), training.id),
        join_url=_join_url(training),
        join_page_url=url_for("join.enter_code", _external=True),
    )


@bp.get("/sessions/<int:training_id>/qr.svg")
@login_required
def qr_code(training_id: int):
    training = own_training_or_404(training_id)
    return Response(qr_svg(_join_url(training)), mimetype="image/svg+xml")


def _live_context(training: TrainingSession) -> dict:
    figures = live_figures(get_db(), training, library())
    return {
        "training": training,
        "figures": figures,
        "quiz": session_quiz(get_db(), training),
    }


@bp.get("/sessions/<int:training_id>/live")
@login_required
def live(training_id: int):
    training = own_training_or_404(training_id)
    return render_template(
        "trainer/live.html",
        refresh_seconds=current_app.config.get("LIVE_REFRESH_SECONDS", LIVE_REFRESH_SECONDS),
        **_live_context(training),
    )


@bp.get("/sessions/<int:training_id>/live.json")
@login_required
def live_update(training_id: int):
    """The live page's results, rendered by the same partial as the page itself."""
    context = _live_context(own_training_or_404(training_id))
    response = jsonify(
        html=render_template("trainer/_live_results.html", **context),
        status=context["figures"].summary,
        joined=context["figures"].joined,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/sessions/<int:training_id>/close")
@login_required
def close(training_id: int):
    # Closing the session closes the teams' rounds too, so their results can show.
    return _set_open(
        training_id,
        False,
        "The session is closed: no more answers can be given. The teams' self-assessment "
        "rounds are closed, so their results show where enough people answered.",
    )


@bp.post("/sessions/<int:training_id>/reopen")
@login_required
def reopen(training_id: int):
    return _set_open(training_id, True, "The session is open again: people can join and answer.")


def _set_open(training_id: int, is_open: bool, message: str):
    training = own_training_or_404(training_id)
    training.is_open = is_open
    if not is_open:
        close_open_rounds(get_db(), training.id)
    flash(message)
    return redirect(url_for("trainer.session", training_id=training_id))


@bp.route("/sessions/<int:training_id>/delete", methods=["GET", "POST"])
@login_required
def delete(training_id: int):
    """A confirmation page (GET) that says what will go; the POST deletes it all."""
    training = own_training_or_404(training_id)
    if request.method == "POST":
        delete_training(get_db(), training.id)
        flash(f"The session \u201c{training.name}\u201d and all its results have been deleted.")
        return redirect(url_for("trainer.index"))
    attempts, responses = counts_to_delete(get_db(), training.id)
    return render_template(
        "trainer/delete.html",
        training=training,
        attempts=attempts,
        responses=responses,
    )

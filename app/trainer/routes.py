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
from sqlalchemy import func, select

from app.assessment.store import close_open_rounds
from app.codes import display_code
from app.content import library
from app.db import db_session
from app.models import AssessmentRound, MemberResponse, Project, QuizAttempt, TrainingSession
from app.trainer import bp
from app.trainer.csv_export import (
    assessment_result_rows,
    csv_response,
    download_filename,
    quiz_attempt_rows,
)
from app.trainer.deletion import delete_sessions
from app.trainer.forms import SessionForm, reject_tampered_choices
from app.trainer.qr import qr_svg
from app.trainer.sessions import create_training_session, own_session_or_404, session_projects
from app.trainer.stats import live_figures

LIVE_REFRESH_SECONDS = 5


@bp.get("/")
@login_required
def index():
    sessions = db_session().scalars(
        select(TrainingSession)
        .where(TrainingSession.trainer_id == current_user.id)
        .order_by(TrainingSession.held_on.desc(), TrainingSession.id.desc())
    )
    return render_template("trainer/index.html", sessions=list(sessions))


@bp.route("/sessions/new", methods=["GET", "POST"])
@login_required
def new_session():
    form = SessionForm()
    reject_tampered_choices(form)
    if form.validate_on_submit():
        with_assessment = form.includes_assessment.data == "yes"
        training_session = create_training_session(
            db_session(),
            current_user._get_current_object(),
            name=form.name.data.strip(),
            held_on=form.held_on.data,
            quiz=library().quizzes.get(form.quiz_id or ""),
            team_names=form.team_names,
            assessment=library().default_assessment if with_assessment else None,
        )
        code = display_code(training_session.join_code)
        flash(f"Your session is ready. Its join code is {code}.")
        return redirect(url_for("trainer.session", session_id=training_session.id))
    quiz_hints = {
        quiz.id: f"{quiz.questions_per_attempt} questions, about {quiz.minutes} minutes"
        for quiz in library().quizzes.values()
    }
    return render_template("trainer/new_session.html", form=form, quiz_hints=quiz_hints)


@bp.get("/sessions/<int:session_id>")
@login_required
def session(session_id: int):
    training_session = own_session_or_404(session_id)
    return render_template(
        "trainer/session.html",
        training_session=training_session,
        quiz=library().quizzes.get(training_session.quiz_id or ""),
        projects=session_projects(db_session(), session_id),
    )


def _join_url(training_session: TrainingSession) -> str:
    return url_for("session.join", code=training_session.join_code, _external=True)


@bp.get("/sessions/<int:session_id>/present")
@login_required
def present(session_id: int):
    training_session = own_session_or_404(session_id)
    return render_template(
        "trainer/present.html",
        training_session=training_session,
        join_url=_join_url(training_session),
        join_page_url=url_for("join.enter_code", _external=True),
    )


@bp.get("/sessions/<int:session_id>/qr.svg")
@login_required
def qr_code(session_id: int):
    training_session = own_session_or_404(session_id)
    return Response(qr_svg(_join_url(training_session)), mimetype="image/svg+xml")


def _live_context(training_session: TrainingSession) -> dict:
    figures = live_figures(db_session(), training_session, library())
    return {
        "training_session": training_session,
        "figures": figures,
        "quiz": library().quizzes.get(training_session.quiz_id or ""),
    }


@bp.get("/sessions/<int:session_id>/live")
@login_required
def live(session_id: int):
    training_session = own_session_or_404(session_id)
    return render_template(
        "trainer/live.html",
        refresh_seconds=current_app.config.get("LIVE_REFRESH_SECONDS", LIVE_REFRESH_SECONDS),
        **_live_context(training_session),
    )


@bp.get("/sessions/<int:session_id>/live.json")
@login_required
def live_update(session_id: int):
    """The live page's results, rendered by the same partial as the page itself."""
    context = _live_context(own_session_or_404(session_id))
    response = jsonify(
        html=render_template("trainer/_live_results.html", **context),
        status=context["figures"].summary,
        joined=context["figures"].joined,
        finished=context["figures"].finished,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/sessions/<int:session_id>/close")
@login_required
def close(session_id: int):
    # Closing the session closes the teams' rounds too, so their results can show.
    return _set_open(
        session_id,
        False,
        "The session is closed: no more answers can be given. The teams' self-assessment "
        "rounds are closed, so their results show where enough people answered.",
    )


@bp.post("/sessions/<int:session_id>/reopen")
@login_required
def reopen(session_id: int):
    return _set_open(session_id, True, "The session is open again: people can join and answer.")


def _set_open(session_id: int, is_open: bool, message: str):
    training_session = own_session_or_404(session_id)
    training_session.is_open = is_open
    db_session().commit()
    if not is_open:
        close_open_rounds(db_session(), training_session.id)
    flash(message)
    return redirect(url_for("trainer.session", session_id=session_id))


@bp.route("/sessions/<int:session_id>/delete", methods=["GET", "POST"])
@login_required
def delete(session_id: int):
    """A confirmation page (GET) that says what will go; the POST deletes it all."""
    training_session = own_session_or_404(session_id)
    db = db_session()
    if request.method == "POST":
        name = training_session.name
        delete_sessions(db, select(TrainingSession.id).where(TrainingSession.id == session_id))
        db.commit()
        flash(f"The session \u201c{name}\u201d and all its results have been deleted.")
        return redirect(url_for("trainer.index"))
    attempts = db.scalar(
        select(func.count(QuizAttempt.id)).where(QuizAttempt.training_session_id == session_id)
    )
    responses = db.scalar(
        select(func.count(MemberResponse.id))
        .join(AssessmentRound, MemberResponse.round_id == AssessmentRound.id)
        .join(Project, AssessmentRound.project_id == Project.id)
        .where(Project.training_session_id == session_id)
    )
    return render_template(
        "trainer/delete.html",
        training_session=training_session,
        attempts=attempts,
        responses=responses,
    )


@bp.get("/sessions/<int:session_id>/quiz-attempts.csv")
@login_required
def download_quiz_attempts(session_id: int):
    training_session = own_session_or_404(session_id)
    filename = download_filename(training_session, "quiz-attempts")
    return csv_response(quiz_attempt_rows(db_session(), training_session, library()), filename)


@bp.get("/sessions/<int:session_id>/self-assessment-results.csv")
@login_required
def download_assessment_results(session_id: int):
    training_session = own_session_or_404(session_id)
    filename = download_filename(training_session, "self-assessment-results")
    rows = assessment_result_rows(db_session(), training_session, library())
    return csv_response(rows, filename)

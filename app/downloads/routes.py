"""Routes for the PDFs. Each is refused (404) unless the asker may see what it holds:

- a team report needs the project's private results token, or the signed-in trainer of
  the session the project belongs to;
- a session report and its ZIP of team reports are prepared by a job (app/jobs): the
  trainer who owns the session asks for one (POST), and only that trainer sees the job's
  page and file;
- a session's CSVs need the trainer who owns the session;
- a quiz summary needs the attempt's public id, and the attempt must be finished.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask import (
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required

from app.assessment.queries import RESULTS_LOAD_OPTIONS, project_by_token
from app.assessment.team_results import team_results
from app.content import library
from app.db import get_db
from app.domain.report_jobs import KINDS
from app.domain.results import ProjectResults
from app.domain.scoring import score_quiz
from app.domain.wording import PDF_BUSY_TITLE
from app.downloads import bp
from app.downloads.csv_export import (
    assessment_result_rows,
    csv_response,
    download_filename,
    quiz_attempt_rows,
)
from app.downloads.files import pdf_response
from app.downloads.pdf_gate import PDF_GATE, RETRY_AFTER_SECONDS, PdfBusy
from app.filenames import slug
from app.jobs import enqueue_after_commit
from app.jobs.queries import job_for_report, job_of_trainer
from app.jobs.reports import report_filename
from app.jobs.view import describe, file_exists, job_file, stale_after
from app.models import Project, ReportJob, TrainingSession
from app.plan.summary import team_plan
from app.quiz.queries import asked_in, chosen_by_question, find_attempt, quiz_of
from app.trainer.access import own_training_or_404
from app.trainer.queries import training_projects
from reports.quiz import quiz_summary_pdf
from reports.team import plan_on_a_page_pdf, reported_round, team_report_pdf


def _chromium() -> str:
    return current_app.config["CHROMIUM_PATH"]


def _results_or_404(project: Project) -> ProjectResults:
    return team_results(project) or abort(404)


def _one_at_a_time(build: Callable[[], bytes]) -> bytes:
    """Build in this request, within the worker's bound; the same URL at once: once."""
    config = current_app.config
    return PDF_GATE.build(
        request.full_path,
        build,
        slots=config["PDF_BUILDS_PER_WORKER"],
        wait=config["PDF_WAIT_SECONDS"],
    )


def _team_pdf(project: Project, round_number: int | None = None) -> bytes:
    results = _results_or_404(project)
    try:
        round_ = reported_round(results) if round_number is None else results.round(round_number)
    except KeyError:  # no round with that number
        abort(404)
    plan = team_plan(project, results, round_)
    return _one_at_a_time(
        lambda: team_report_pdf(results, _chromium(), round_number=round_.number, plan=plan)
    )


def _team_filename(project: Project) -> str:
    return f"team-report-{slug(project.project_name, 'project')}.pdf"


@bp.get("/team/<token>.pdf")
def team_report(token: str):
    project = project_by_token(get_db(), token, *RESULTS_LOAD_OPTIONS) or abort(404)
    round_number = None
    if "round" in request.args:
        round_number = request.args.get("round", type=int) or abort(404)
    return pdf_response(_team_pdf(project, round_number), _team_filename(project))


@bp.get("/team/<token>/plan-on-a-page.pdf")
def plan_on_a_page(token: str):
    project = project_by_token(get_db(), token, *RESULTS_LOAD_OPTIONS) or abort(404)
    results = _results_or_404(project)
    try:
        round_ = (
            results.round(request.args.get("round", type=int) or abort(404))
            if "round" in request.args
            else reported_round(results)
        )
    except KeyError:
        abort(404)
    if not round_.shown:
        abort(404)
    plan = team_plan(project, results, round_)
    pdf = _one_at_a_time(lambda: plan_on_a_page_pdf(results, round_, plan))
    return pdf_response(pdf, f"plan-on-a-page-{slug(project.project_name, 'project')}.pdf")


def _session_project_or_404(training: TrainingSession, project_id: int) -> Project:
    for project in training_projects(get_db(), training.id, *RESULTS_LOAD_OPTIONS):
        if project.id == project_id:
            return project
    abort(404)


@bp.get("/sessions/<int:training_id>/teams/<int:project_id>.pdf")
@login_required
def session_team_report(training_id: int, project_id: int):
    project = _session_project_or_404(own_training_or_404(training_id), project_id)
    return pdf_response(_team_pdf(project), _team_filename(project))


@bp.post("/sessions/<int:training_id>/reports/<kind>")
@login_required
def prepare_report(training_id: int, kind: str):
    """ "Prepare report": a job builds it; its page shows progress, then the download."""
    training = own_training_or_404(training_id)
    report_kind = KINDS.get(kind) or abort(404)
    job, queue_it = job_for_report(
        get_db(),
        trainer_id=current_user.id,
        training=training,
        kind=report_kind.id,
        filename=report_filename(training, report_kind),
        now=dt.datetime.now(dt.UTC),
        stale_after=stale_after(),
        file_exists=file_exists,
    )
    if queue_it:
        enqueue_after_commit(job.id, job.attempt)
    return redirect(url_for("downloads.report_job", public_id=job.public_id))


def _own_job_or_404(public_id: str) -> ReportJob:
    """The signed-in trainer's job; anyone else's is a 404, as if it did not exist."""
    return job_of_trainer(get_db(), current_user.id, public_id) or abort(404)


@bp.get("/reports/<public_id>")
@login_required
def report_job(public_id: str):
    view = describe(_own_job_or_404(public_id))
    training = own_training_or_404(view.job.training_id)
    refresh = view.working and request.args.get("refresh") != "off"
    return render_template(
        "downloads/report_job.html",
        view=view,
        training=training,
        refresh_seconds=current_app.config["REPORT_REFRESH_SECONDS"] if refresh else None,
    )


@bp.get("/reports/<public_id>/status")
@login_required
def report_job_status(public_id: str):
    """Where the job is, for the job page's script: it updates the status in place and
    loads the page again once there is something else to show."""
    view = describe(_own_job_or_404(public_id))
    response = jsonify(
        status=view.status, message=view.message, done=view.job.done, total=view.job.total
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/reports/<public_id>/retry")
@login_required
def retry_report_job(public_id: str):
    job = _own_job_or_404(public_id)
    training = own_training_or_404(job.training_id)
    return prepare_report(training.id, job.kind)


@bp.get("/reports/<public_id>/file")
@login_required
def report_job_file(public_id: str):
    view = describe(_own_job_or_404(public_id))
    if view.status != "ready":
        abort(404)
    response = send_file(
        job_file(view.job),
        mimetype=view.kind.mimetype,
        as_attachment=True,
        download_name=view.job.filename,
        conditional=False,
        etag=False,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(PdfBusy)
def _busy(_error: PdfBusy):
    """Every turn to build a PDF is taken: try again shortly (never a killed worker)."""
    page = render_template("errors/pdf_busy.html", title=PDF_BUSY_TITLE)
    return page, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}


@bp.get("/quiz/<public_id>.pdf")
def quiz_summary(public_id: str):
    db = get_db()
    attempt = find_attempt(db, public_id)
    quiz = quiz_of(db, attempt) if attempt else None
    if attempt is None or quiz is None or attempt.finished_at is None:
        abort(404)
    score = score_quiz(asked_in(attempt, quiz), chosen_by_question(attempt))
    finished_on = attempt.finished_at.date()
    pdf = _one_at_a_time(lambda: quiz_summary_pdf(quiz, score, finished_on))
    return pdf_response(pdf, f"quiz-summary-{slug(quiz.title, 'quiz')}.pdf")


@bp.get("/sessions/<int:training_id>/quiz-attempts.csv")
@login_required
def download_quiz_attempts(training_id: int):
    training = own_training_or_404(training_id)
    filename = download_filename(training, "quiz-attempts")
    return csv_response(quiz_attempt_rows(get_db(), training, library()), filename)


@bp.get("/sessions/<int:training_id>/self-assessment-results.csv")
@login_required
def download_assessment_results(training_id: int):
    training = own_training_or_404(training_id)
    filename = download_filename(training, "self-assessment-results")
    rows = assessment_result_rows(get_db(), training, library())
    return csv_response(rows, filename)

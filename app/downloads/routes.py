"""Routes for the PDFs. Each is refused (404) unless the asker may see what it holds:

- a team report needs the project's private results token, or the signed-in trainer of
  the session the project belongs to;
- a session report, its ZIP of team reports and its CSVs need the trainer who owns the
  session;
- a quiz summary needs the attempt's public id, and the attempt must be finished.
"""

from __future__ import annotations

from flask import abort, current_app, request
from flask_login import login_required

from app.assessment.queries import RESULTS_LOAD_OPTIONS, project_by_token
from app.assessment.team_results import team_results
from app.content import library
from app.db import get_db
from app.domain.results import ProjectResults
from app.domain.scoring import score_quiz
from app.downloads import bp
from app.downloads.csv_export import (
    assessment_result_rows,
    csv_response,
    download_filename,
    quiz_attempt_rows,
)
from app.downloads.files import attachment, pdf_response, zip_of
from app.filenames import session_stem, slug
from app.models import Project, TrainingSession
from app.plan.summary import team_plan
from app.quiz.queries import asked_in, chosen_by_question, find_attempt, quiz_of
from app.trainer.access import own_training_or_404
from app.trainer.queries import training_projects
from app.trainer.stats import WHOLE_ROOM, live_figures
from reports.quiz import quiz_summary_pdf
from reports.session import session_report_pdf
from reports.team import plan_on_a_page_pdf, reported_round, team_report_pdf


def _chromium() -> str:
    return current_app.config["CHROMIUM_PATH"]


def _results_or_404(project: Project) -> ProjectResults:
    return team_results(project) or abort(404)


def _team_pdf(project: Project, round_number: int | None = None) -> bytes:
    results = _results_or_404(project)
    try:
        round_ = reported_round(results) if round_number is None else results.round(round_number)
    except KeyError:  # no round with that number
        abort(404)
    plan = team_plan(project, results, round_)
    return team_report_pdf(results, _chromium(), round_number=round_.number, plan=plan)


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
    pdf = plan_on_a_page_pdf(results, round_, team_plan(project, results, round_))
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


def _team_name(training: TrainingSession, project: Project) -> str:
    names = {team.id: team.name for team in training.teams}
    return names.get(project.session_team_id, WHOLE_ROOM)


@bp.get("/sessions/<int:training_id>/report.pdf")
@login_required
def session_report(training_id: int):
    training = own_training_or_404(training_id)
    db = get_db()
    content = library()
    projects = [
        (_team_name(training, project), _results_or_404(project))
        for project in training_projects(db, training_id, *RESULTS_LOAD_OPTIONS)
        if project.assessment_id in content.assessments
    ]
    pdf = session_report_pdf(
        name=training.name,
        held_on=training.held_on,
        quiz=content.quiz(training.quiz_id),
        figures=live_figures(db, training, content),
        projects=projects,
        chromium=_chromium(),
    )
    return pdf_response(pdf, f"{session_stem(training)}-session-report.pdf")


@bp.get("/sessions/<int:training_id>/team-reports.zip")
@login_required
def session_team_reports(training_id: int):
    training = own_training_or_404(training_id)
    projects = training_projects(get_db(), training_id, *RESULTS_LOAD_OPTIONS)
    files = (
        (
            f"{number:02d}-{slug(_team_name(training, project), 'team')}.pdf",
            _team_pdf(project),
        )
        for number, project in enumerate(projects, start=1)
        if project.assessment_id in library().assessments
    )
    body = zip_of(files)
    filename = f"{session_stem(training)}-team-reports.zip"
    return attachment(body, filename, "application/zip")


@bp.get("/quiz/<public_id>.pdf")
def quiz_summary(public_id: str):
    db = get_db()
    attempt = find_attempt(db, public_id)
    quiz = quiz_of(db, attempt) if attempt else None
    if attempt is None or quiz is None or attempt.finished_at is None:
        abort(404)
    score = score_quiz(asked_in(attempt, quiz), chosen_by_question(attempt))
    pdf = quiz_summary_pdf(quiz, score, attempt.finished_at.date())
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

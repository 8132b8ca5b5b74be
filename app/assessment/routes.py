"""Team self-assessment: a lead starts it, members answer one question a page, results.

Anyone with the join code can answer; only the private results link shows
results. A member's unfinished response is remembered in their session cookie
(per project), so reopening the join link carries on where they stopped.
"""

from __future__ import annotations

from flask import (
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from app.assessment import bp, store
from app.assessment.forms import (
    NOT_SURE,
    PERSPECTIVE_CHOICES,
    PERSPECTIVE_HINTS,
    AnswerForm,
    NewRoundForm,
    PerspectiveForm,
    StartForm,
    SubmitForm,
    has_unknown_choice,
)
from app.assessment.render import render_results_body
from app.assessment.results import RESULTS_LOAD_OPTIONS, project_results
from app.content import library
from app.db import db_session
from app.domain.content import Assessment
from app.models import MemberResponse, Project

_REMEMBERED = "assessment_responses"  # session key: {project id: response public_id}
_REMEMBER_AT_MOST = 10


# --- Team lead ------------------------------------------------------------------------


@bp.route("/", methods=["GET", "POST"])
def start():
    assessment = library().default_assessment
    if assessment is None:
        abort(404)
    form = StartForm()
    if form.validate_on_submit():
        project = store.create_project(
            db_session(),
            assessment,
            project_name=form.project_name.data,
            team_name=form.team_name.data,
            description=form.description.data or "",
        )
        return redirect(url_for(".share", token=project.results_token))
    return render_template("assessment/start.html", form=form, assessment=assessment)


@bp.get("/results/<token>/share")
def share(token):
    project = store.project_by_token(db_session(), token) or abort(404)
    return render_template(
        "assessment/share.html",
        project=project,
        assessment=_assessment_of(project),
        results_url=url_for(".results", token=token, _external=True),
        join_url=url_for(".join", code=project.join_code, _external=True),
        code_entry_url=url_for("join.enter_code", _external=True),
    )


@bp.get("/results/<token>")
def results(token):
    return _results_page(token, NewRoundForm())


@bp.post("/results/<token>/rounds")
def new_round(token):
    form = NewRoundForm()
    if form.validate_on_submit():
        dbs = db_session()
        project = store.project_by_token(dbs, token) or abort(404)
        if store.open_round(dbs, project, _assessment_of(project), form.label.data):
            flash(f"{form.label.data} has started. Members use the same join code to answer.")
            return redirect(url_for(".results", token=token))
        form.label.errors.append(
            "You can start a new round once at least one person has sent answers "
            "in the latest round"
        )
    return _results_page(token, form)


def _results_page(token: str, form: NewRoundForm):
    project = store.project_by_token(db_session(), token, *RESULTS_LOAD_OPTIONS) or abort(404)
    results = project_results(project, _assessment_of(project))
    round_number = None
    if "round" in request.args:
        round_number = request.args.get("round", type=int)
        if round_number is None:
            abort(404)
    try:
        body = render_results_body(
            results, round_number, round_url=lambda n: url_for(".results", token=token, round=n)
        )
    except KeyError:
        abort(404)
    return render_template(
        "assessment/results.html",
        project=project,
        results=results,
        round_number=round_number,
        body=body,
        form=form,
    )


# --- Members --------------------------------------------------------------------------


@bp.route("/join/<code>", methods=["GET", "POST"])
def join(code):
    dbs = db_session()
    project = store.project_by_code(dbs, code) or abort(404)
    if code != project.join_code:
        return redirect(url_for(".join", code=project.join_code))
    assessment = _assessment_of(project)
    _refuse_if_closed(project)
    latest = store.latest_round(project)
    remembered = _remembered_response(project)
    if remembered is not None and remembered.round_id != latest.id:
        remembered = None  # from an earlier round: this one starts afresh
    in_progress = remembered if remembered and remembered.submitted_at is None else None

    if in_progress is not None and request.method == "GET":
        return redirect(_resume_url(in_progress, assessment))
    form = PerspectiveForm()
    if has_unknown_choice(form.perspective):
        abort(400)
    if form.validate_on_submit():
        if in_progress is not None:  # e.g. "Continue" clicked twice: keep one response
            store.set_perspective(dbs, in_progress, form.perspective.data)
            return redirect(_resume_url(in_progress, assessment))
        response = store.start_response(dbs, latest, form.perspective.data)
        _remember(project, response)
        return redirect(url_for(".question", public_id=response.public_id, number=1))
    return render_template(
        "assessment/join.html",
        form=form,
        project=project,
        assessment=assessment,
        already_sent=remembered is not None and remembered.submitted_at is not None,
        perspective_hints=PERSPECTIVE_HINTS,
    )


@bp.route("/r/<public_id>/perspective", methods=["GET", "POST"])
def perspective(public_id):
    response = _response_or_404(public_id)
    assessment = _editable(response)
    changing = _changing()
    form = PerspectiveForm()
    if has_unknown_choice(form.perspective):
        abort(400)
    if form.validate_on_submit():
        store.set_perspective(db_session(), response, form.perspective.data)
        if changing:
            return redirect(url_for(".check", public_id=public_id))
        return redirect(url_for(".question", public_id=public_id, number=1))
    if request.method == "GET":
        form.perspective.data = response.perspective
    return render_template(
        "assessment/perspective.html",
        form=form,
        response=response,
        assessment=assessment,
        changing=changing,
        perspective_hints=PERSPECTIVE_HINTS,
    )


@bp.route("/r/<public_id>/<int:number>", methods=["GET", "POST"])
def question(public_id, number):
    response = _response_or_404(public_id)
    assessment = _editable(response)
    if not 1 <= number <= len(assessment.questions):
        abort(404)
    dimension = assessment.questions[number - 1]
    ladder = assessment.ladder
    changing = _changing()
    form = AnswerForm.for_question(dimension, ladder)
    if has_unknown_choice(form.answer):
        abort(400)
    if form.validate_on_submit():
        chosen = form.answer.data
        level = None if chosen == NOT_SURE else ladder.rung(chosen).level
        store.save_answer(db_session(), response, dimension.id, level)
        if changing or number == len(assessment.questions):
            return redirect(url_for(".check", public_id=public_id))
        return redirect(url_for(".question", public_id=public_id, number=number + 1))
    if request.method == "GET":
        form.answer.data = _chosen_value(response, dimension.id, assessment)

    if changing:
        back_url = url_for(".check", public_id=public_id)
    elif number == 1:
        back_url = url_for(".perspective", public_id=public_id)
    else:
        back_url = url_for(".question", public_id=public_id, number=number - 1)
    return render_template(
        "assessment/question.html",
        form=form,
        assessment=assessment,
        dimension=dimension,
        number=number,
        action=url_for(
            ".question", public_id=public_id, number=number, change=1 if changing else None
        ),
        back_url=back_url,
        not_sure=NOT_SURE,
    )


@bp.route("/r/<public_id>/check", methods=["GET", "POST"])
def check(public_id):
    response = _response_or_404(public_id)
    if response.submitted_at is not None:
        # A replayed or repeated "Send": nothing changes, the confirmation shows again.
        return redirect(url_for(".done", public_id=public_id))
    assessment = _editable(response)
    answers = store.answers_of(response)
    unanswered = [
        number
        for number, dimension in enumerate(assessment.questions, 1)
        if dimension.id not in answers
    ]
    form = SubmitForm()
    tried_to_send = form.validate_on_submit()
    if tried_to_send and not unanswered:
        store.submit_response(db_session(), response)
        return redirect(url_for(".done", public_id=public_id))
    return render_template(
        "assessment/check.html",
        form=form,
        response=response,
        assessment=assessment,
        answers=answers,
        unanswered=unanswered if tried_to_send else [],
        page_has_errors=tried_to_send,
        perspective_names=dict(PERSPECTIVE_CHOICES),
    )


@bp.get("/r/<public_id>/done")
def done(public_id):
    response = _response_or_404(public_id)
    if response.submitted_at is None:
        return redirect(url_for(".check", public_id=public_id))
    return render_template("assessment/done.html", project=response.round.project)


# --- Helpers --------------------------------------------------------------------------


def _assessment_of(project: Project) -> Assessment:
    # A project whose assessment was removed from the content cannot be shown.
    return library().assessments.get(project.assessment_id) or abort(404)


def _response_or_404(public_id: str) -> MemberResponse:
    return store.response_by_public_id(db_session(), public_id) or abort(404)


def _editable(response: MemberResponse) -> Assessment:
    """The assessment of a response the member may still change.

    Refused with a page (and nothing stored) once the response is submitted or its
    training session has closed.
    """
    project = response.round.project
    assessment = _assessment_of(project)
    _refuse_if_closed(project)
    if response.submitted_at is not None:
        abort(
            make_response(
                render_template(
                    "assessment/already_sent.html",
                    title="You have already sent your answers",
                    done_url=url_for(".done", public_id=response.public_id),
                ),
                409,
            )
        )
    return assessment


def _refuse_if_closed(project: Project) -> None:
    if store.session_is_closed(db_session(), project):
        abort(
            make_response(
                render_template("assessment/closed.html", title="This session has closed"), 403
            )
        )


def _changing() -> bool:
    """The member came from the check-your-answers page and goes back there after."""
    return request.args.get("change") == "1"


def _chosen_value(response: MemberResponse, dimension_id: str, assessment: Assessment):
    """The saved answer as the form's value (a rung id or NOT_SURE), or None."""
    answers = store.answers_of(response)
    if dimension_id not in answers:
        return None
    level = answers[dimension_id]
    if level is None:
        return NOT_SURE
    return assessment.ladder.by_level(level).id if 1 <= level <= len(assessment.ladder) else None


def _resume_url(response: MemberResponse, assessment: Assessment) -> str:
    """The first question not yet answered, or the check page when all are."""
    answers = store.answers_of(response)
    for number, dimension in enumerate(assessment.questions, 1):
        if dimension.id not in answers:
            return url_for(".question", public_id=response.public_id, number=number)
    return url_for(".check", public_id=response.public_id)


def _remember(project: Project, response: MemberResponse) -> None:
    remembered = dict(session.get(_REMEMBERED, {}))
    remembered.pop(str(project.id), None)
    remembered[str(project.id)] = response.public_id
    session[_REMEMBERED] = dict(list(remembered.items())[-_REMEMBER_AT_MOST:])


def _remembered_response(project: Project) -> MemberResponse | None:
    public_id = session.get(_REMEMBERED, {}).get(str(project.id))
    if not isinstance(public_id, str):
        return None
    response = store.response_by_public_id(db_session(), public_id)
    if response is None or response.round.project_id != project.id:
        return None
    return response

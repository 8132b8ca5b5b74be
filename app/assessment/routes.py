"""Team self-assessment: a lead starts it, members answer one question a page, results.

Anyone with the join code can answer, once per browser per round: the browser keeps its
response in the signed session cookie, a second visit edits the same response, and
another browser with the response's link is turned away. While a round is open the lead
sees only how many people have sent answers; results appear when the lead closes it.
The lead's link manages the rounds; the members' link, given to everyone who sends
answers, shows the results of closed rounds.
"""

from __future__ import annotations

import datetime as dt

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from app.assessment import bp, queries
from app.assessment.forms import (
    PERSPECTIVE_CHOICES,
    PERSPECTIVE_HINTS,
    AnswerForm,
    CloseRoundForm,
    NewRoundForm,
    PerspectiveForm,
    StartForm,
    SubmitForm,
    has_unknown_choice,
)
from app.assessment.render import render_results_body
from app.assessment.team_results import needed_responses, team_results
from app.content import library
from app.db import get_db
from app.domain.content import Assessment
from app.domain.results import MIN_PEOPLE, SKIP_NAMES, ProjectResults, RoundResults
from app.extensions import limiter
from app.models import AssessmentRound, MemberResponse, Project
from app.plan.summary import plan_review, round_plan
from app.training.queries import training_is_closed

_REMEMBERED = "assessment_responses"  # session key: {round id: response public_id}
_REMEMBER_AT_MOST = 10


# --- Team lead ------------------------------------------------------------------------


@bp.route("/", methods=["GET", "POST"])
def start():
    assessment = library().default_assessment
    if assessment is None:
        abort(404)
    form = StartForm()
    if form.validate_on_submit():
        project = queries.create_project(
            get_db(),
            assessment,
            project_name=form.project_name.data,
            team_name=form.team_name.data,
            description=form.description.data or "",
        )
        return redirect(url_for(".share", token=project.results_token))
    return render_template("assessment/start.html", form=form, assessment=assessment)


@bp.get("/results/<token>/share")
def share(token):
    project = queries.project_by_token(get_db(), token) or abort(404)
    return render_template(
        "assessment/share.html",
        project=project,
        assessment=_assessment_of(project),
        results_url=url_for(".results", token=token, _external=True),
        members_url=_members_url(project),
        join_url=url_for(".join", code=project.join_code, _external=True),
        code_entry_url=url_for("join.enter_code", _external=True),
        min_people=needed_responses(),
    )


@bp.get("/results/<token>")
def results(token):
    return _results_page(token, NewRoundForm())


@bp.post("/results/<token>/rounds")
def new_round(token):
    db = get_db()
    project = queries.project_by_token(db, token) or abort(404)
    latest = queries.latest_round(project)
    if latest.closed_at is None:  # the form shows only once it is closed: stale, or twice
        flash(f"{latest.label} is open: close it before you start another round.")
        return redirect(url_for(".results", token=token))
    form = NewRoundForm()
    if form.validate_on_submit():
        if queries.open_round(db, project, _assessment_of(project), form.label.data):
            flash(f"{form.label.data} has started. Members use the same join code to answer.")
        return redirect(url_for(".results", token=token))
    return _results_page(token, form)


@bp.route("/results/<token>/close", methods=["GET", "POST"])
def close_round(token):
    db = get_db()
    project = queries.project_by_token(db, token) or abort(404)
    latest = queries.latest_round(project)
    if latest.closed_at is not None:
        return redirect(url_for(".results", token=token))
    form = CloseRoundForm()
    if form.validate_on_submit():
        queries.close_round(db, latest)
        flash(f"{latest.label} is closed. Members can no longer send or change answers.")
        return redirect(url_for(".results", token=token))
    return render_template(
        "assessment/close.html",
        form=form,
        project=project,
        this_round=latest,
        sent=queries.sent_count(latest),
        needed=needed_responses(),
    )


def _results_page(token: str, form: NewRoundForm):
    db = get_db()
    project = queries.project_by_token(db, token, *queries.RESULTS_LOAD_OPTIONS) or abort(404)
    results = _results_of(project)
    round_number = _round_asked_for()
    shown = _shown_round(results, round_number)
    plan = round_plan(project, shown)
    body = _body(results, round_number, lambda n: url_for(".results", token=token, round=n), plan)
    return render_template(
        "assessment/results.html",
        project=project,
        results=results,
        round_number=round_number,
        shown=shown,
        body=body,
        form=form,
        members_url=_members_url(project),
        plan=plan,
        review=plan_review(project, results, shown),
    )


def _shown_round(results: ProjectResults, round_number: int | None) -> RoundResults:
    try:
        return results.latest if round_number is None else results.round(round_number)
    except KeyError:
        abort(404)


# --- Members' results -----------------------------------------------------------------


@bp.get("/team/<members_token>")
def members_results(members_token):
    options = queries.RESULTS_LOAD_OPTIONS
    project = queries.project_by_members_token(get_db(), members_token, *options) or abort(404)
    results = _results_of(project)
    round_number = _round_asked_for()
    if round_number is None and results.latest.is_open and results.latest_shown is not None:
        round_number = results.latest_shown.number  # show the last results while one is open
    body = _body(
        results,
        round_number,
        lambda n: url_for(".members_results", members_token=members_token, round=n),
        round_plan(project, _shown_round(results, round_number)),
    )
    return render_template(
        "assessment/team_results.html", project=project, results=results, body=body
    )


def _round_asked_for() -> int | None:
    if "round" not in request.args:
        return None
    return request.args.get("round", type=int) or abort(404)


def _body(results: ProjectResults, round_number: int | None, round_url, plan=None):
    try:
        return render_results_body(results, round_number, round_url=round_url, plan=plan)
    except KeyError:
        abort(404)


# --- Members --------------------------------------------------------------------------


@bp.route("/join/<code>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESPONSE_START_LIMIT"], methods=["POST"])
def join(code):
    db = get_db()
    project = queries.project_by_code(db, code) or abort(404)
    if code != project.join_code:
        return redirect(url_for(".join", code=project.join_code))
    assessment = _assessment_of(project)
    _refuse_if_session_closed(project)
    _refuse_if_code_expired(project)
    latest = queries.latest_round(project)
    mine = _my_response(latest)
    if latest.closed_at is not None:
        _refuse_round_closed(project, mine)
    if mine is not None and request.method == "GET":
        if mine.submitted_at is not None:
            return redirect(url_for(".done", public_id=mine.public_id))
        return redirect(_resume_url(mine, assessment))
    form = PerspectiveForm()
    if has_unknown_choice(form.perspective):
        abort(400)
    if form.validate_on_submit():
        if mine is not None:  # e.g. "Start" clicked twice: keep one response
            queries.set_perspective(mine, form.perspective.data)
            return redirect(_resume_url(mine, assessment))
        response = queries.start_response(db, latest, form.perspective.data)
        _remember(response)
        return redirect(url_for(".question", public_id=response.public_id, number=1))
    return render_template(
        "assessment/join.html",
        form=form,
        project=project,
        assessment=assessment,
        perspective_hints=PERSPECTIVE_HINTS,
        min_people=MIN_PEOPLE,
    )


@bp.route("/r/<public_id>/perspective", methods=["GET", "POST"])
def perspective(public_id):
    response = _my_response_or_refuse(public_id)
    assessment = _editable(response)
    changing = _changing()
    form = PerspectiveForm()
    if has_unknown_choice(form.perspective):
        abort(400)
    if form.validate_on_submit():
        queries.set_perspective(response, form.perspective.data)
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
    response = _my_response_or_refuse(public_id)
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
        value = chosen if chosen in SKIP_NAMES else ladder.rung(chosen).level
        queries.save_answer(get_db(), response, dimension.id, value)
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
        skips=SKIP_NAMES,
    )


@bp.route("/r/<public_id>/check", methods=["GET", "POST"])
def check(public_id):
    response = _my_response_or_refuse(public_id)
    assessment = _editable(response)
    answers = queries.answers_of(response)
    unanswered = [
        number
        for number, dimension in enumerate(assessment.questions, 1)
        if dimension.id not in answers
    ]
    form = SubmitForm()
    tried_to_send = form.validate_on_submit()
    if tried_to_send and not unanswered:
        if response.submitted_at is None and not queries.submit_response(get_db(), response):
            _refuse_round_closed(response.round.project, None)  # closed a moment ago
        return redirect(url_for(".done", public_id=public_id))
    return render_template(
        "assessment/check.html",
        form=form,
        response=response,
        assessment=assessment,
        answers=answers,
        skips=SKIP_NAMES,
        unanswered=unanswered if tried_to_send else [],
        page_has_errors=tried_to_send,
        perspective_names=dict(PERSPECTIVE_CHOICES),
    )


@bp.get("/r/<public_id>/done")
def done(public_id):
    response = _my_response_or_refuse(public_id)
    if response.submitted_at is None:
        return redirect(url_for(".check", public_id=public_id))
    project = response.round.project
    return render_template(
        "assessment/done.html",
        project=project,
        round_open=response.round.closed_at is None,
        check_url=url_for(".check", public_id=public_id),
        members_url=_members_url(project),
        min_people=needed_responses(),
    )


# --- Helpers --------------------------------------------------------------------------


def _assessment_of(project: Project) -> Assessment:
    # A project whose assessment was removed from the content cannot be shown.
    return library().assessment(project.assessment_id) or abort(404)


def _members_url(project: Project) -> str:
    return url_for(".members_results", members_token=project.members_token, _external=True)


def _results_of(project: Project) -> ProjectResults:
    return team_results(project) or abort(404)


def _my_response_or_refuse(public_id: str) -> MemberResponse:
    """The response, if this browser started it; another browser gets a page saying so."""
    response = queries.response_by_public_id(get_db(), public_id) or abort(404)
    if session.get(_REMEMBERED, {}).get(str(response.round_id)) != public_id:
        abort(
            make_response(
                render_template(
                    "assessment/not_yours.html",
                    title="These answers were started on another device",
                    join_url=url_for(".join", code=response.round.project.join_code),
                ),
                403,
            )
        )
    return response


def _editable(response: MemberResponse) -> Assessment:
    """The content of a response the member may still change: its round must be open."""
    project = response.round.project
    _refuse_if_session_closed(project)
    if response.round.closed_at is not None:
        _refuse_round_closed(project, response)
    return _assessment_of(project)


def _refuse_if_session_closed(project: Project) -> None:
    if training_is_closed(get_db(), project.training_session_id):
        abort(
            make_response(
                render_template("assessment/closed.html", title="This session has closed"), 403
            )
        )


def _refuse_if_code_expired(project: Project) -> None:
    """A join code left unused for PROJECT_CODE_IDLE_DAYS stops working, so an old code
    found in an email cannot add answers; a new round (or any answer) keeps it alive."""
    idle = dt.timedelta(days=current_app.config["PROJECT_CODE_IDLE_DAYS"])
    if queries.last_activity(project) + idle < dt.datetime.now(dt.UTC):
        abort(
            make_response(
                render_template("assessment/code_expired.html", title="This join code has expired"),
                410,
            )
        )


def _refuse_round_closed(project: Project, mine: MemberResponse | None) -> None:
    """A clear page for a late answer; members who sent answers get their results link."""
    sent = mine is not None and mine.submitted_at is not None
    members_url = url_for(".members_results", members_token=project.members_token) if sent else None
    abort(
        make_response(
            render_template(
                "assessment/round_closed.html",
                title="This round has closed",
                members_url=members_url,
            ),
            409,
        )
    )


def _changing() -> bool:
    """The member came from the check-your-answers page and goes back there after."""
    return request.args.get("change") == "1"


def _chosen_value(response: MemberResponse, dimension_id: str, assessment: Assessment):
    """The saved answer as the form's value (a rung id or a skip), or None."""
    answer = queries.answers_of(response).get(dimension_id)
    if answer is None or answer in SKIP_NAMES:
        return answer
    return assessment.ladder.by_level(answer).id if 1 <= answer <= len(assessment.ladder) else None


def _resume_url(response: MemberResponse, assessment: Assessment) -> str:
    """The first question not yet answered, or the check page when all are."""
    answers = queries.answers_of(response)
    for number, dimension in enumerate(assessment.questions, 1):
        if dimension.id not in answers:
            return url_for(".question", public_id=response.public_id, number=number)
    return url_for(".check", public_id=response.public_id)


def _remember(response: MemberResponse) -> None:
    remembered = dict(session.get(_REMEMBERED, {}))
    remembered[str(response.round_id)] = response.public_id
    session[_REMEMBERED] = dict(list(remembered.items())[-_REMEMBER_AT_MOST:])


def _my_response(assessment_round: AssessmentRound) -> MemberResponse | None:
    """This browser's response in the round, if it started one that still exists."""
    public_id = session.get(_REMEMBERED, {}).get(str(assessment_round.id))
    if not isinstance(public_id, str):
        return None
    response = queries.response_by_public_id(get_db(), public_id)
    if response is None or response.round_id != assessment_round.id:
        return None
    return response

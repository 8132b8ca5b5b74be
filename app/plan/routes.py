"""From results to change, on the team lead's private link: agree a rung for each question,
set a target, plan actions, review them in the next round, and see progress across rounds.

Every page needs the lead's results token; a round must have results before anything can
be agreed or planned for it; an action is found only within its own round, so another
team's action id gives 404. Saves carry the version the page showed: a later save of
the same thing is told, and shown, what the other person saved.
"""

from __future__ import annotations

import datetime as dt

from flask import Response, abort, flash, redirect, render_template, request, url_for

from app.assessment import queries as assessment_queries
from app.assessment.team_results import team_results
from app.db import get_db
from app.domain.ladder import Ladder
from app.domain.plan import Agreed, agreed_text, discussion_spread
from app.domain.results import MIN_PEOPLE, ProjectResults, RoundResults
from app.domain.wording import REVIEW_STATUSES, long_date
from app.models import Project
from app.plan import bp, queries
from app.plan.forms import (
    NO_AGREEMENT,
    ActionForm,
    AgreeForm,
    DeleteForm,
    ReviewForm,
    TargetForm,
)
from app.plan.summary import project_progress, round_plan
from app.trainer.qr import qr_svg

# --- Finding things -------------------------------------------------------------------


def _project(token: str) -> Project:
    return assessment_queries.project_by_token(
        get_db(), token, *assessment_queries.RESULTS_LOAD_OPTIONS
    ) or abort(404)


def _results(project: Project) -> ProjectResults:
    return team_results(project) or abort(404)


def _shown_round(token: str, number: int):
    """The project, its results, the round's results and its stored row; 404 unless shown."""
    project = _project(token)
    results = _results(project)
    try:
        round_ = results.round(number)
    except KeyError:
        abort(404)
    stored = queries.round_of(project, number)
    if not round_.shown or stored is None:
        abort(404)
    return project, results, round_, stored


def _later_round_exists(results: ProjectResults, number: int) -> bool:
    return any(item.number > number for item in results.rounds)


# --- Agree ------------------------------------------------------------------------------


@bp.get("/rounds/<int:number>/agree")
def agree(token, number):
    project, results, round_, _ = _shown_round(token, number)
    return render_template(
        "plan/agree.html",
        project=project,
        round_=round_,
        plan=round_plan(project, round_),
    )


@bp.route("/rounds/<int:number>/agree/<dimension_id>", methods=["GET", "POST"])
def agree_dimension(token, number, dimension_id):
    project, results, round_, stored = _shown_round(token, number)
    rows = {row.dimension.id: row for row in round_.dimensions}
    row = rows.get(dimension_id) or abort(404)
    ladder = round_.ladder
    db = get_db()
    saved = queries.agreed_of(db, stored.id).get(dimension_id)
    form = AgreeForm.for_ladder(ladder)
    conflict = None
    if form.validate_on_submit():
        values = _agreed_from(form, dimension_id, ladder)
        outcome = queries.save_agreed(db, stored.id, values, form.version.data or 0)
        if outcome.ok:
            ids = [dim.id for dim in round_.assessment.questions]
            position = ids.index(dimension_id)
            flash(f"Saved: {row.dimension.name}, {agreed_text(values, ladder)}.")
            if position + 1 < len(ids):
                return redirect(
                    url_for(
                        ".agree_dimension",
                        token=token,
                        number=number,
                        dimension_id=ids[position + 1],
                    )
                )
            return redirect(url_for(".agree", token=token, number=number))
        saved = queries.agreed_of(db, stored.id).get(dimension_id)
        conflict = _conflict_rows(
            [
                ("Rung", agreed_text(saved, ladder), agreed_text(values, ladder)),
                ("Note", saved.note if saved else "", values.note),
            ]
        )
        _set_version(form, outcome.current_version)  # saving again keeps this person's entries
    elif request.method == "GET" and saved is not None:
        form.outcome.data = NO_AGREEMENT if saved.could_not_agree else _rung_id(ladder, saved.level)
        form.range_low.data = _rung_id(ladder, saved.range_low) or ""
        form.range_high.data = _rung_id(ladder, saved.range_high) or ""
        form.note.data = saved.note
        form.version.data = saved.version
    ids = [dim.id for dim in round_.assessment.questions]
    position = ids.index(dimension_id)
    return render_template(
        "plan/agree_dimension.html",
        project=project,
        round_=round_,
        row=row,
        spread=discussion_spread(row),
        min_people=MIN_PEOPLE,
        form=form,
        conflict=conflict,
        position=position + 1,
        total=len(ids),
        previous_id=ids[position - 1] if position else None,
        next_id=ids[position + 1] if position + 1 < len(ids) else None,
    )


def _agreed_from(form: AgreeForm, dimension_id: str, ladder: Ladder) -> Agreed:
    if form.outcome.data == NO_AGREEMENT:
        low = ladder.rung(form.range_low.data).level if form.range_low.data else None
        high = ladder.rung(form.range_high.data).level if form.range_high.data else None
        return Agreed(dimension_id, None, True, low, high, form.note.data or "")
    return Agreed(dimension_id, ladder.rung(form.outcome.data).level, note=form.note.data or "")


def _rung_id(ladder: Ladder, level: int | None) -> str | None:
    return ladder.by_level(level).id if level else None


def _set_version(form, version: int) -> None:
    """The version the re-shown form carries: the one just found saved by someone else."""
    form.version.data = version
    form.version.raw_data = [str(version)]


def _conflict_rows(rows):
    """What another person saved meanwhile next to what this person sent, changes only."""
    return [(label, theirs, yours) for label, theirs, yours in rows if theirs != yours] or [
        ("Everything", "The same as yours", "The same as theirs")
    ]


# --- Target -----------------------------------------------------------------------------


@bp.route("/rounds/<int:number>/target", methods=["GET", "POST"])
def target(token, number):
    project, results, round_, stored = _shown_round(token, number)
    ladder = round_.ladder
    db = get_db()
    current = queries.target_of(db, stored.id)
    form = TargetForm.for_ladder(ladder)
    conflict = None
    if form.validate_on_submit():
        level = ladder.rung(form.target.data).level
        outcome = queries.save_target(
            db, stored.id, level, form.reason.data, form.version.data or 0
        )
        if outcome.ok:
            flash(f"Saved: the target is {ladder.by_level(level).name}.")
            return redirect(url_for(".plan", token=token, number=number))
        current = queries.target_of(db, stored.id)
        conflict = _conflict_rows(
            [
                ("Target", ladder.by_level(current.level).name, ladder.by_level(level).name),
                ("Why", current.reason, form.reason.data),
            ]
        )
        _set_version(form, outcome.current_version)
    elif request.method == "GET":
        if current is None:  # carry the last target forward as a starting point
            earlier = [
                queries.target_of(db, item.id) for item in project.rounds if item.number < number
            ]
            earlier = [item for item in earlier if item is not None]
            if earlier:
                form.target.data = _rung_id(ladder, min(earlier[-1].level, len(ladder)))
                form.reason.data = earlier[-1].reason
        else:
            form.target.data = _rung_id(ladder, current.level)
            form.reason.data = current.reason
            form.version.data = current.version
    return render_template(
        "plan/target.html",
        project=project,
        round_=round_,
        ladder=ladder,
        form=form,
        conflict=conflict,
    )


# --- Plan -------------------------------------------------------------------------------


@bp.get("/rounds/<int:number>/plan")
def plan(token, number):
    project, results, round_, _ = _shown_round(token, number)
    return render_template(
        "plan/plan.html",
        project=project,
        round_=round_,
        plan=round_plan(project, round_),
        names={dim.id: dim.name for dim in round_.assessment.questions},
        reviewing=_later_round_exists(results, number),
    )


@bp.route("/rounds/<int:number>/plan/new", methods=["GET", "POST"])
def new_action(token, number):
    project, results, round_, stored = _shown_round(token, number)
    form = ActionForm.for_assessment(round_.assessment, dt.date.today())
    if form.validate_on_submit():
        queries.add_action(get_db(), stored.id, **_action_values(form))
        flash("The action is added to the plan.")
        return redirect(url_for(".plan", token=token, number=number))
    if request.method == "GET":
        _prefill_from_suggestion(form, project, round_)
    return _action_page(project, round_, form, None, None)


def _prefill_from_suggestion(form: ActionForm, project: Project, round_: RoundResults) -> None:
    """?dimension=ID fills the form from that question's suggested next step (no saving)."""
    wanted = request.args.get("dimension")
    plan_now = round_plan(project, round_)
    for suggestion in plan_now.suggestions if plan_now else ():
        if suggestion.dimension.id == wanted:
            form.dimensions.data = [wanted]
            form.what.data = suggestion.advice


@bp.route("/rounds/<int:number>/plan/<int:action_id>/edit", methods=["GET", "POST"])
def edit_action(token, number, action_id):
    project, results, round_, stored = _shown_round(token, number)
    db = get_db()
    action = queries.action_in_round(db, stored.id, action_id) or abort(404)
    form = ActionForm.for_assessment(round_.assessment, dt.date.today())
    conflict = None
    if form.validate_on_submit():
        values = _action_values(form)
        outcome = queries.update_action(db, stored.id, action_id, form.version.data or 0, **values)
        if outcome.ok:
            flash("The action is saved.")
            return redirect(url_for(".plan", token=token, number=number))
        if outcome.current_version == 0:
            abort(404)  # deleted meanwhile
        now = queries.action_in_round(db, stored.id, action_id)
        conflict = _conflict_rows(
            [
                ("What", now.what, values["what"]),
                ("Who leads", now.lead, values["lead"]),
                ("People with lived experience", now.lived_experience, values["lived_experience"]),
                ("Support or money", now.support, values["support"]),
                ("By when", long_date(now.due_on), long_date(values["due_on"])),
            ]
        )
        _set_version(form, outcome.current_version)
    elif request.method == "GET":
        form.dimensions.data = list(action.dimension_ids)
        form.what.data = action.what
        form.lead.data = action.lead
        form.lived_experience.data = action.lived_experience
        form.support.data = action.support
        form.due_on.process(None, action.due_on)
        form.version.data = action.version
    return _action_page(project, round_, form, action, conflict)


def _action_values(form: ActionForm) -> dict:
    return {
        "dimension_ids": form.dimensions.data,
        "what": form.what.data,
        "lead": form.lead.data,
        "lived_experience": form.lived_experience.data,
        "support": form.support.data or "",
        "due_on": form.due_on.data,
    }


def _action_page(project, round_, form, action, conflict):
    return render_template(
        "plan/action.html",
        project=project,
        round_=round_,
        form=form,
        action=action,
        conflict=conflict,
    )


@bp.route("/rounds/<int:number>/plan/<int:action_id>/delete", methods=["GET", "POST"])
def delete_action(token, number, action_id):
    project, results, round_, stored = _shown_round(token, number)
    db = get_db()
    action = queries.action_in_round(db, stored.id, action_id) or abort(404)
    form = DeleteForm()
    if form.validate_on_submit():
        queries.delete_action(db, stored.id, action_id)
        flash("The action is deleted.")
        return redirect(url_for(".plan", token=token, number=number))
    return render_template(
        "plan/delete.html", project=project, round_=round_, action=action, form=form
    )


# --- Review -----------------------------------------------------------------------------


@bp.route("/rounds/<int:number>/plan/<int:action_id>/review", methods=["GET", "POST"])
def review_action(token, number, action_id):
    """Review an action of round `number`'s plan, once a later round has started."""
    project, results, round_, stored = _shown_round(token, number)
    if not _later_round_exists(results, number):
        abort(404)
    db = get_db()
    action = queries.action_in_round(db, stored.id, action_id) or abort(404)
    form = ReviewForm()
    conflict = None
    if form.validate_on_submit():
        outcome = queries.review_action(
            db, stored.id, action_id, form.version.data or 0, form.status.data, form.note.data
        )
        if outcome.ok:
            flash("The review of the action is saved.")
            return redirect(_review_return(token, results, number))
        if outcome.current_version == 0:
            abort(404)
        now = queries.action_in_round(db, stored.id, action_id)
        conflict = _conflict_rows(
            [
                ("How far it got", now.review_text, REVIEW_STATUSES[form.status.data]),
                ("Why", now.review_note, form.note.data),
            ]
        )
        _set_version(form, outcome.current_version)
    elif request.method == "GET":
        form.status.data = action.review_status
        form.note.data = action.review_note
        form.version.data = action.version
    return render_template(
        "plan/review.html",
        project=project,
        round_=round_,
        action=action,
        names={dim.id: dim.name for dim in round_.assessment.questions},
        form=form,
        conflict=conflict,
        back_url=_review_return(token, results, number),
    )


def _review_return(token: str, results: ProjectResults, number: int) -> str:
    return url_for("assessment.results", token=token, round=number + 1, _anchor="review")


# --- Progress ---------------------------------------------------------------------------


@bp.get("/progress")
def progress(token):
    project = _project(token)
    results = _results(project)
    rounds = project_progress(project, results)
    return render_template(
        "plan/progress.html",
        project=project,
        results=results,
        rounds=rounds,
        ladder=results.ladder,
        questions=_questions_of(results),
    )


def _questions_of(results: ProjectResults):
    shown = results.latest_shown
    return shown.assessment.questions if shown else ()


# --- Sharing ----------------------------------------------------------------------------


@bp.get("/join-qr.svg")
def join_qr(token):
    project = _project(token)
    svg = qr_svg(url_for("assessment.join", code=project.join_code, _external=True))
    return Response(svg, mimetype="image/svg+xml")


@bp.get("/keep-this-link.txt")
def link_slip(token):
    project = _project(token)
    body = render_template(
        "plan/link_slip.txt",
        project=project,
        results_url=url_for("assessment.results", token=token, _external=True),
        members_url=url_for(
            "assessment.members_results", members_token=project.members_token, _external=True
        ),
        join_url=url_for("assessment.join", code=project.join_code, _external=True),
        today=dt.date.today(),
    )
    response = Response(body, mimetype="text/plain")
    response.headers["Content-Disposition"] = 'attachment; filename="keep-this-link.txt"'
    response.headers["Cache-Control"] = "no-store"
    return response

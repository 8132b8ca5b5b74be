"""The team report: a project's self-assessment results as charts and a PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.plan import ProgressRound
from app.domain.results import (
    MIN_PEOPLE,
    RULE_STEPS,
    ProjectResults,
    RoundResults,
)
from reports import charts
from reports.charts import Chart
from reports.pdf import html_to_pdf, print_charts, render_html, render_pdf


def reported_round(results: ProjectResults) -> RoundResults:
    """The latest round with results to show, else the latest round (counts only)."""
    return results.latest_shown or results.latest


def team_charts(results: ProjectResults, round_: RoundResults) -> list[Chart]:
    """The charts of one round, in reading order; those with nothing to show are left out."""
    if not round_.shown:
        return []
    names = [rung.name for rung in round_.ladder.rungs]
    placement = round_.rung.level if round_.rung else None
    history = [
        (earlier.label, earlier.rung.level if earlier.rung else None)
        for earlier in results.rounds
        if earlier.shown and earlier.number <= round_.number
    ]
    found = [
        charts.ladder_chart(names, placement),
        charts.profile_chart(
            names,
            [
                (row.dimension.name, row.rung.level if row.rung else None)
                for row in round_.dimensions
            ],
            placement,
        ),
        charts.perspective_chart(
            names,
            [
                (item.group.name, len(item.group.members), item.rung.level if item.rung else None)
                for item in round_.groups
            ],
        ),
        charts.rounds_chart(names, history),
    ]
    return [chart for chart in found if chart is not None]


def plan_progress_chart(results: ProjectResults, rounds: Sequence[ProgressRound]) -> Chart | None:
    """Placement, agreed rung and target in each round with results."""
    names = [rung.name for rung in results.ladder.rungs]
    return charts.progress_chart(
        names, [(item.label, item.placement, item.agreed, item.target) for item in rounds]
    )


def team_context(
    results: ProjectResults,
    chromium: str | None,
    made_on: dt.date | None = None,
    round_number: int | None = None,
    plan: TeamPlan | None = None,
) -> dict:
    """What the team report template needs; chromium=None leaves the charts out.

    The report is on round `round_number` (KeyError if there is none), by default on
    the latest round with results to show.
    """
    round_ = reported_round(results) if round_number is None else results.round(round_number)
    found = team_charts(results, round_)
    progress_chart = plan_progress_chart(results, plan.progress) if plan else None
    if progress_chart is not None and len(plan.progress) > 1:
        found.append(progress_chart)
    printed = print_charts(found, chromium)
    return {
        "results": results,
        "round": round_,
        "newer_rounds": [later for later in results.rounds if later.number > round_.number],
        "charts": {item.chart.id: item for item in printed},
        "made_on": made_on or dt.date.today(),
        "rule_steps": RULE_STEPS,
        "min_people": MIN_PEOPLE,
        "plan": plan,
    }


def team_report_html(
    results: ProjectResults,
    chromium: str | None,
    made_on: dt.date | None = None,
    round_number: int | None = None,
    plan: TeamPlan | None = None,
) -> str:
    """The team report as HTML with its charts in it, ready for html_to_pdf."""
    return render_html("team.html", **team_context(results, chromium, made_on, round_number, plan))


def team_report_pdf(
    results: ProjectResults,
    chromium: str | None,
    made_on: dt.date | None = None,
    round_number: int | None = None,
    plan: TeamPlan | None = None,
) -> bytes:
    return html_to_pdf(team_report_html(results, chromium, made_on, round_number, plan))


@dataclass(frozen=True)
class TeamPlan:
    """What the team made of the reported round (app.plan.summary builds it)."""

    round_plan: Any  # app.plan.summary.RoundPlan, or None for a round without results
    review: Any  # app.plan.summary.PlanReview, or None
    progress: Sequence[ProgressRound]
    names: Mapping[str, str]  # question id -> name


def plan_on_a_page_pdf(
    results: ProjectResults, round_: RoundResults, plan: TeamPlan, made_on: dt.date | None = None
) -> bytes:
    """One A4 page for a noticeboard: target, agreed profile and the actions."""
    return render_pdf(
        "plan.html",
        results=results,
        round=round_,
        plan=plan,
        made_on=made_on or dt.date.today(),
    )

"""The team report: a project's self-assessment results as charts and a PDF."""

from __future__ import annotations

import datetime as dt

from app.assessment.results import ProjectResults, RoundResults
from app.domain.scoring import PLACEMENT_RULE_TEXT
from reports import charts
from reports.charts import Chart
from reports.pdf import print_charts, render_pdf


def rung_names(results: ProjectResults) -> list[str]:
    return [rung.name for rung in results.ladder.rungs]


def reported_round(results: ProjectResults) -> RoundResults:
    """The latest round with results to show, else the latest round (counts only)."""
    shown = [round_ for round_ in results.rounds if round_.shown]
    return shown[-1] if shown else results.latest


def team_charts(results: ProjectResults, round_: RoundResults) -> list[Chart]:
    """The charts of one round, in reading order; those with nothing to show are left out."""
    if not round_.shown:
        return []
    names = rung_names(results)
    placement = round_.placement.level if round_.placement else None
    history = [
        (earlier.label, earlier.placement.level if earlier.placement else None)
        for earlier in results.rounds
        if earlier.shown and earlier.number <= round_.number
    ]
    found = [
        charts.ladder_chart(names, placement),
        charts.profile_chart(
            names,
            [(row.dimension.name, row.rung.level if row.rung else None) for row in round_.profile],
            placement,
        ),
        charts.distribution_chart(
            names, {row.rung.level: row.members for row in round_.distribution}
        ),
        charts.perspective_chart(
            names, [(group.name, group.members, group.median) for group in round_.perspectives]
        ),
        charts.rounds_chart(names, history),
    ]
    return [chart for chart in found if chart is not None]


def team_context(
    results: ProjectResults,
    chromium: str | None,
    made_on: dt.date | None = None,
    round_number: int | None = None,
) -> dict:
    """What the team report template needs; chromium=None leaves the charts out.

    The report is on round `round_number` (KeyError if there is none), by default on
    the latest round with results to show.
    """
    round_ = reported_round(results) if round_number is None else results.round(round_number)
    printed = print_charts(team_charts(results, round_), chromium)
    return {
        "results": results,
        "round": round_,
        "newer_rounds": [later for later in results.rounds if later.number > round_.number],
        "charts": {item.chart.id: item for item in printed},
        "made_on": made_on or dt.date.today(),
        "placement_rule": PLACEMENT_RULE_TEXT,
    }


def team_report_pdf(
    results: ProjectResults,
    chromium: str | None,
    made_on: dt.date | None = None,
    round_number: int | None = None,
) -> bytes:
    return render_pdf("team.html", **team_context(results, chromium, made_on, round_number))

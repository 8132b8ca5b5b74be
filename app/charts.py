"""The report charts on screen: template globals that give pages the same figures as PDFs.

A page shows a chart with `{% from "macros/charts.html" import screen_chart %}` and
`{{ screen_chart(team_screen_charts(results, round).profile) }}` placed just before the
table of the same figures (see macros/charts.html for why the table is the alternative).
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask

from app.domain.plan import ProgressRound
from app.domain.results import ProjectResults, RoundResults
from app.trainer.stats import LiveFigures
from reports.charts import Chart
from reports.session import session_charts
from reports.team import plan_progress_chart, team_charts


def team_screen_charts(results: ProjectResults, round_: RoundResults) -> dict[str, Chart]:
    """A round's charts by id: ladder, profile, distribution, perspectives, rounds."""
    return {chart.id: chart for chart in team_charts(results, round_)}


def progress_screen_chart(results: ProjectResults, rounds: Sequence[ProgressRound]) -> Chart | None:
    """The progress chart across rounds (placement, agreed rung, target)."""
    return plan_progress_chart(results, rounds)


def session_screen_charts(figures: LiveFigures) -> dict[str, Chart]:
    """A session's quiz charts by id: scores, questions."""
    return {chart.id: chart for chart in session_charts(figures)}


def init_app(app: Flask) -> None:
    app.add_template_global(team_screen_charts)
    app.add_template_global(session_screen_charts)
    app.add_template_global(progress_screen_chart)

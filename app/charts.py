"""The report charts on screen: template globals that give pages the same figures as PDFs.

A page shows a chart with `{% from "macros/charts.html" import screen_chart %}` and
`{{ screen_chart(team_screen_charts(results, round).profile) }}` placed just before the
table of the same figures (see macros/charts.html for why the table is the alternative).
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask

from app.domain.pacing import RoomAnswers
from app.domain.plan import ProgressRound
from app.domain.results import ProjectResults, RoundResults
from app.trainer.stats import LiveFigures
from reports.charts import Chart, room_answers_chart
from reports.session import session_charts
from reports.team import plan_progress_chart, team_charts


def team_screen_charts(results: ProjectResults, round_: RoundResults) -> dict[str, Chart]:
    """A round's charts by id: ladder, profile, distribution, perspectives, rounds."""
    return {chart.id: chart for chart in team_charts(results, round_)}


def progress_screen_chart(results: ProjectResults, rounds: Sequence[ProgressRound]) -> Chart | None:
    """The progress chart across rounds (placement, agreed rung, target)."""
    return plan_progress_chart(results, rounds)


# On screen (and projected) the live page's charts use larger type than the printed ones,
# and the score chart is lower, so the page stays short.
SCREEN_FONT_SIZE = 18
SCREEN_HEIGHTS = {"scores": 240}


def for_screen(chart: Chart) -> Chart:
    layout = chart.figure["layout"]
    layout["font"] = {**layout.get("font", {}), "size": SCREEN_FONT_SIZE}
    if chart.id in SCREEN_HEIGHTS:
        layout["height"] = SCREEN_HEIGHTS[chart.id]
    return chart


def session_screen_charts(figures: LiveFigures) -> dict[str, Chart]:
    """A session's quiz charts by id: scores, questions."""
    return {chart.id: for_screen(chart) for chart in session_charts(figures)}


def room_answers_screen_chart(answers: RoomAnswers) -> Chart:
    """How the room answered a paced question: large type, read from the back of a room."""
    return room_answers_chart(answers.rungs)


def init_app(app: Flask) -> None:
    app.add_template_global(team_screen_charts)
    app.add_template_global(session_screen_charts)
    app.add_template_global(progress_screen_chart)
    app.add_template_global(room_answers_screen_chart)

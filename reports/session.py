"""The session report for trainers: the room's quiz results and a page per team."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.domain.content import Quiz
from app.domain.results import ProjectResults, RoundResults
from app.trainer.stats import LiveFigures, TeamQuizFigure
from reports import charts
from reports.pdf import PrintedChart, print_charts, render_pdf
from reports.team import reported_round, team_charts

# Each team's page in the session report: where the team stands, question by question.
SESSION_TEAM_CHARTS = ("ladder", "profile")


@dataclass(frozen=True)
class TeamPage:
    """One team's page: its quiz figures and its self-assessment, where it has them."""

    name: str
    quiz: TeamQuizFigure | None
    results: ProjectResults | None
    round: RoundResults | None
    charts: dict[str, PrintedChart]


def session_charts(figures: LiveFigures) -> list[charts.Chart]:
    return [
        charts.score_distribution_chart(dict(figures.distribution), figures.score_total),
        charts.question_right_chart(
            [(q.summary, q.right, q.answered) for q in figures.questions],
            [q.correct for q in figures.questions],
        ),
    ]


def team_pages(
    figures: LiveFigures,
    projects: Sequence[tuple[str, ProjectResults]],
    chromium: str | None,
    progress: Callable[[int, int], object] | None = None,
) -> list[TeamPage]:
    """A page per team in the session's order: teams in the quiz, then the others.

    `progress(done, total)` is called after each team's charts (a job's progress page)."""
    quiz_by_name = {team.name: team for team in figures.teams}
    results_by_name = dict(projects)
    names = list(quiz_by_name) + [name for name in results_by_name if name not in quiz_by_name]
    pages = []
    for name in names:
        results = results_by_name.get(name)
        round_ = reported_round(results) if results else None
        shown = team_charts(results, round_) if results and round_ else []
        printed = print_charts([c for c in shown if c.id in SESSION_TEAM_CHARTS], chromium)
        pages.append(
            TeamPage(
                name=name,
                quiz=quiz_by_name.get(name),
                results=results,
                round=round_,
                charts={item.chart.id: item for item in printed},
            )
        )
        if progress is not None:
            progress(len(pages), len(names))
    return pages


def session_report_pdf(
    *,
    name: str,
    held_on: dt.date,
    quiz: Quiz | None,
    figures: LiveFigures,
    projects: Sequence[tuple[str, ProjectResults]],
    chromium: str | None,
    made_on: dt.date | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> bytes:
    """The whole session's report; `projects` pairs each team's name with its results."""
    # The room's charts rest on everyone who finished: drawn only from 3 finishers.
    shown = quiz is not None and figures.room_shown
    room_charts = print_charts(session_charts(figures), chromium) if shown else []
    return render_pdf(
        "session.html",
        name=name,
        held_on=held_on,
        quiz=quiz,
        figures=figures,
        charts={item.chart.id: item for item in room_charts},
        teams=team_pages(figures, projects, chromium, progress),
        made_on=made_on or dt.date.today(),
    )

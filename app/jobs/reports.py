"""What a report job builds: the session report and the ZIP of each team's own report.

Each build reads everything it needs first (one short read), ends that transaction, then
lays out the PDFs with no transaction open, calling `progress(done, total)` as teams are
done. On SQLite a job's transaction holds the write turn, so it must not stay open while
WeasyPrint works.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.assessment.queries import RESULTS_LOAD_OPTIONS
from app.assessment.team_results import team_results
from app.content import library, session_quiz
from app.domain.report_jobs import SESSION_REPORT, TEAM_REPORTS, ReportKind
from app.domain.results import ProjectResults
from app.domain.wording import WHOLE_ROOM
from app.filenames import session_stem, slug
from app.models import Project, TrainingSession
from app.trainer.queries import training_projects
from app.trainer.stats import live_figures
from reports.processes import laid_out
from reports.session import session_report_pdf
from reports.team import team_report_html

Progress = Callable[[int, int], object]


def zip_of(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A ZIP of (name, bytes); stored, not deflated: PDFs are compressed already."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return buffer.getvalue()


def report_filename(training: TrainingSession, kind: ReportKind) -> str:
    return f"{session_stem(training)}-{kind.filename_suffix}"


def _team_name(training: TrainingSession, project: Project) -> str:
    names = {team.id: team.name for team in training.teams}
    return names.get(project.session_team_id, WHOLE_ROOM)


def _teams_results(db: Session, training: TrainingSession) -> list[tuple[str, ProjectResults]]:
    """Each team's name and self-assessment results, in the session's team order."""
    content = library()
    found = []
    for project in training_projects(db, training.id, *RESULTS_LOAD_OPTIONS):
        if project.assessment_id not in content.assessments:
            continue
        results = team_results(project)
        if results is not None:
            found.append((_team_name(training, project), results))
    return found


@dataclass
class _Loaded:
    build: Callable[[Progress], bytes]


def _session_report(
    db: Session, training: TrainingSession, chromium: str, processes: int
) -> _Loaded:
    """One PDF (its pages flow into each other), laid out in this process."""
    content = library()
    name, held_on = training.name, training.held_on
    quiz = session_quiz(db, training, content)
    figures = live_figures(db, training, content)
    projects = _teams_results(db, training)
    made_on = dt.date.today()

    def build(progress: Progress) -> bytes:
        return session_report_pdf(
            name=name,
            held_on=held_on,
            quiz=quiz,
            figures=figures,
            projects=projects,
            chromium=chromium,
            made_on=made_on,
            progress=progress,
        )

    return _Loaded(build)


def _team_reports(db: Session, training: TrainingSession, chromium: str, processes: int) -> _Loaded:
    teams = _teams_results(db, training)
    made_on = dt.date.today()

    def build(progress: Progress) -> bytes:
        htmls = (team_report_html(results, chromium, made_on=made_on) for _, results in teams)

        def files():
            pdfs = laid_out(htmls, processes)
            for number, ((name, _), pdf) in enumerate(zip(teams, pdfs, strict=True), start=1):
                progress(number, len(teams))
                yield f"{number:02d}-{slug(name, 'team')}.pdf", pdf

        progress(0, len(teams))
        return zip_of(files())

    return _Loaded(build)


LOADERS = {SESSION_REPORT.id: _session_report, TEAM_REPORTS.id: _team_reports}


def load_report(
    db: Session, training: TrainingSession, kind: str, chromium: str, processes: int = 1
) -> Callable[[Progress], bytes]:
    """Read what the report needs now; the returned function lays it out (no database),
    in up to `processes` processes where the report is several PDFs."""
    return LOADERS[kind](db, training, chromium, processes).build

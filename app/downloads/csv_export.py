"""CSV downloads of a session's quiz attempts and self-assessment responses.

Rows are read in batches by id (keyset paging), each batch in its own short read
transaction, and streamed as they are written: 100,000 rows never sit in memory, and a
long download never holds a transaction open (on SQLite a transaction takes the write
lock, which would stall everyone answering).

Files are UTF-8 with a byte order mark and a header row: the mark is what makes Excel,
the spreadsheet most trainers open a CSV with, read accented team names correctly
instead of guessing an old Windows encoding; LibreOffice, Google Sheets and pandas
("utf-8-sig") read it too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

from flask import Response, stream_with_context
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.assessment.queries import RESULTS_LOAD_OPTIONS
from app.assessment.team_results import team_results
from app.content import session_quiz
from app.domain.content import DEFAULT_LADDER_ID, Library, Quiz
from app.domain.ladder import Ladder
from app.domain.plan import agreed_text
from app.domain.results import SKIP_NAMES, ProjectResults
from app.domain.wording import REVIEW_STATUSES
from app.filenames import session_stem
from app.models import (
    Project,
    QuizAnswer,
    QuizAttempt,
    SessionTeam,
    TrainingSession,
)
from app.plan.queries import PlanFigures, plan_figures
from app.trainer.queries import training_projects, training_questions
from app.trainer.stats import summarise

BATCH_SIZE = 1000
BOM = "\ufeff"
# A spreadsheet runs a cell starting with one of these as a formula (tab and carriage
# return too, as some strip them first): such cells get a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# --- Cells and lines ------------------------------------------------------------------


def neutralise(value: object) -> str:
    """The cell as text that a spreadsheet shows as it is and never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """CSV text (RFC 4180 line ends) in chunks of BATCH_SIZE rows, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for count, row in enumerate(rows, start=1):
        writer.writerow([neutralise(cell) for cell in row])
        if count % BATCH_SIZE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def date_text(day: dt.date | None) -> str:
    """A date as 'YYYY-MM-DD', which spreadsheets read as a date (no time: see below)."""
    return "" if day is None else day.isoformat()


def utc_text(moment: dt.datetime | None) -> str:
    """A time as 'YYYY-MM-DD HH:MM' in UTC, which spreadsheets read as a date and time.

    To the minute, not the second: in a small room the exact second someone finished
    could tell who they were."""
    if moment is None:
        return ""
    if moment.tzinfo is not None:  # SQLite gives naive UTC times, PostgreSQL aware ones
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M")


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def download_filename(training: TrainingSession, what: str) -> str:
    return f"{session_stem(training)}-{what}.csv"


def csv_response(rows: Iterable[Sequence[object]], filename: str) -> Response:
    body = stream_with_context(_with_bom(csv_lines(rows)))
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def _with_bom(chunks: Iterator[str]) -> Iterator[str]:
    yield BOM
    yield from chunks


def _end_read(db: Session) -> None:
    """End the read transaction, so no lock or snapshot is held between batches.

    A commit with nothing to write; the session does not expire loaded rows on commit
    (expire_on_commit=False), so the batch in hand is still readable without queries.
    """
    db.commit()


# --- Quiz attempts --------------------------------------------------------------------


def quiz_header(question_ids: Sequence[str], quiz: Quiz | None) -> list[str]:
    """Questions numbered in the order asked and named by the start of their scenario (a
    question no longer in the quiz, by its id), as a trainer would recognise them."""
    scenarios = {q.id: summarise(q.scenario) for q in quiz.questions} if quiz else {}
    per_question = []
    for n, qid in enumerate(question_ids, start=1):
        per_question += [f"Q{n} answer: {scenarios.get(qid, qid)}", f"Q{n} right"]
    return [
        "session",
        "team",
        "quiz id",
        "quiz version",
        *per_question,
        "score",
        "out of",
        "started (UTC)",
        "finished (UTC)",
    ]


def quiz_row(
    training_name: str,
    team: str | None,
    attempt: QuizAttempt,
    answers: dict[str, tuple[str, bool]],
    question_ids: Sequence[str],
    ladder: Ladder | None,
) -> list[object]:
    """One attempt; `answers` maps question id to (chosen rung id, right or not)."""
    cells: list[object] = []
    for question_id in question_ids:
        chosen, correct = answers.get(question_id, (None, None))
        cells += [_rung_name(ladder, chosen), yes_no(correct)]
    return [
        training_name,
        team or "",
        attempt.quiz_id,
        attempt.quiz_version,
        *cells,
        "" if attempt.score is None else attempt.score,
        attempt.total,
        utc_text(attempt.started_at),
        utc_text(attempt.finished_at),
    ]


def _rung_name(ladder: Ladder | None, rung_id: str | None) -> str:
    if rung_id is None:
        return ""
    try:
        return ladder.rung(rung_id).name if ladder else rung_id
    except KeyError:
        return rung_id


def quiz_attempt_rows(
    db: Session, training: TrainingSession, content: Library
) -> Iterator[list[object]]:
    """The header, then one row per attempt of the session, read BATCH_SIZE at a time."""
    training_id, training_name = training.id, training.name
    quiz = session_quiz(db, training, content)
    question_ids = [q.id for q in training_questions(training, quiz)] if quiz else []
    found = db.scalars(
        select(QuizAnswer.question_id)
        .join(QuizAttempt, QuizAnswer.attempt_id == QuizAttempt.id)
        .where(QuizAttempt.training_session_id == training_id)
        .group_by(QuizAnswer.question_id)
        .order_by(func.min(QuizAnswer.position), QuizAnswer.question_id)
    ).all()
    question_ids += [qid for qid in found if qid not in question_ids]
    ladder = quiz.ladder if quiz else None
    _end_read(db)  # the download may not be read straight away

    def rows() -> Iterator[list[object]]:
        yield quiz_header(question_ids, quiz)
        for batch, answers in _attempt_batches(db, training_id):
            for attempt, team in batch:
                yield quiz_row(
                    training_name, team, attempt, answers[attempt.id], question_ids, ladder
                )

    return rows()


def _attempt_batches(db: Session, training_id: int):
    last_id = 0
    while True:
        batch = db.execute(
            select(QuizAttempt, SessionTeam.name)
            .outerjoin(SessionTeam, QuizAttempt.team_id == SessionTeam.id)
            .where(QuizAttempt.training_session_id == training_id, QuizAttempt.id > last_id)
            .order_by(QuizAttempt.id)
            .limit(BATCH_SIZE)
        ).all()
        if not batch:
            _end_read(db)
            return
        first_id, last_id = batch[0][0].id, batch[-1][0].id
        answers: dict[int, dict[str, tuple[str, bool]]] = defaultdict(dict)
        for attempt_id, question_id, chosen, correct in db.execute(
            select(
                QuizAnswer.attempt_id,
                QuizAnswer.question_id,
                QuizAnswer.chosen,
                QuizAnswer.is_correct,
            )
            .join(QuizAttempt, QuizAnswer.attempt_id == QuizAttempt.id)
            .where(
                QuizAttempt.training_session_id == training_id,
                QuizAnswer.attempt_id.between(first_id, last_id),
            )
        ):
            answers[attempt_id][question_id] = (chosen, correct)
        _end_read(db)
        yield batch, answers


# --- Self-assessment results ---------------------------------------------------------
#
# No row is about one member: one row per project, round and question, with how many
# members chose each answer. A count of 1 or 2 is hidden, with as many others as it
# takes to stop it being worked out from the total (hide_small_counts); rounds that show
# no results (still open, or too few answers) give only their status.

HIDDEN = "hidden"
TOO_FEW = "too few answers"


def assessment_header(ladder: Ladder) -> list[str]:
    return [
        "project",
        "team",
        "round",
        "round name",
        "opened",
        "closed",
        "people who sent answers",
        "results",
        "project's rung",
        "held back by power",
        "question",
        "question's rung",
        *(f"chose {rung.name}" for rung in ladder.rungs),
        *(f"chose {name}" for name in SKIP_NAMES.values()),
        "split",
        "contested",
        # What the team made of the round (agreed together, so about nobody in particular).
        "agreed rung",
        "target",
        "actions planned",
        *(f"actions {label.lower()}" for label in REVIEW_STATUSES.values()),
    ]


def assessment_rows(
    project: Project, results: ProjectResults, ladder: Ladder, plan: PlanFigures | None = None
) -> Iterator[list[object]]:
    """The rows of one project: per round, one row a question (or one status row)."""
    plan = plan or PlanFigures({}, {}, {})
    for item in results.rounds:
        start = [
            project.project_name,
            project.team_name,
            item.number,
            item.label,
            date_text(item.opened_on),
            date_text(item.closed_on),
            item.responses,
        ]
        if not item.shown:
            status = "round open" if item.is_open else "too few answers to show"
            yield [*start, status, *[""] * (len(assessment_header(ladder)) - len(start) - 1)]
            continue
        capped = yes_no(bool(item.held_back_by))
        agreed = plan.agreed.get(item.number, {})
        target = plan.targets.get(item.number)
        actions = plan.actions.get(item.number, {})
        round_plan = [
            ladder.by_level(target).name if target and target <= len(ladder) else "",
            sum(actions.values()),
            *(actions.get(key, 0) for key in REVIEW_STATUSES),
        ]
        for row in item.dimensions:
            figures: list[object]
            if row.too_few:
                figures = [TOO_FEW, *[""] * (len(ladder) + len(SKIP_NAMES) + 2)]
            else:
                figures = [
                    row.rung.name,
                    *(HIDDEN if count is None else count for count in row.shown_counts),
                    yes_no(row.split is not None),
                    yes_no(row.contested),
                ]
            yield [
                *start,
                "shown",
                item.rung.name if item.rung else "",
                capped,
                row.dimension.name,
                *figures,
                agreed_text(agreed[row.dimension.id], ladder) if row.dimension.id in agreed else "",
                *round_plan,
            ]


def assessment_result_rows(
    db: Session, training: TrainingSession, content: Library
) -> Iterator[list[object]]:
    """The header, then each of the session's projects, round by round."""
    projects = training_projects(db, training.id, *RESULTS_LOAD_OPTIONS)
    found = [(project, team_results(project)) for project in projects]
    found = [
        (project, results, plan_figures(db, project))
        for project, results in found
        if results is not None
    ]
    _end_read(db)
    ladder = found[0][1].ladder if found else content.ladders[DEFAULT_LADDER_ID]

    def rows() -> Iterator[list[object]]:
        yield assessment_header(ladder)
        for project, results, plan in found:
            yield from assessment_rows(project, results, ladder, plan)

    return rows()

"""CSV downloads: content, the formula-injection guard, safe names and streaming."""

import csv
import datetime as dt
import io
import re

import pytest
from sqlalchemy import insert, select

from app.db import get_db
from app.downloads.csv_export import csv_lines, download_filename, neutralise
from app.models import Project, QuizAnswer, QuizAttempt, TrainingSession
from app.trainer.queries import training_questions
from tests.helpers import submit_form
from tests.journeys import (
    close_session,
    create_session,
    participant,
    self_assess,
    session_row,
    signed_in_client,
    team_ids,
)


def session_quiz_questions(app, session_id: int):
    """The questions everyone in the session is asked (drawn once for the session)."""
    with app.app_context():
        quiz = app.extensions["content"].quiz("is-it-co-production")
        return training_questions(get_db().get(TrainingSession, session_id), quiz)


# --- Plain functions ------------------------------------------------------------------


def _first_words(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("\u2026" if len(parts) > words else "")


@pytest.mark.parametrize(
    "value, cell",
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+44 20", "'+44 20"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Ward 7 = team", "Ward 7 = team"),
        ("Co-design", "Co-design"),
        (3, "3"),
        (None, ""),
        ("", ""),
    ],
)
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(value, cell):
    assert neutralise(value) == cell


def test_csv_lines_quote_and_guard_every_cell_and_come_in_chunks():
    rows = [["a", "=1+1", 'say "hi", then go']] * 2500
    chunks = list(csv_lines(rows))
    assert len(chunks) == 3  # 1000 + 1000 + 500 rows
    parsed = list(csv.reader(io.StringIO("".join(chunks))))
    assert len(parsed) == 2500
    assert parsed[0] == ["a", "'=1+1", 'say "hi", then go']


def test_download_names_are_safe_in_headers_and_file_systems():
    session = TrainingSession(name='Café "day" / ../etc\r\n=1', held_on=dt.date(2025, 3, 27))
    assert (
        download_filename(session, "quiz-attempts") == "cafe-day-etc-1-2025-03-27-quiz-attempts.csv"
    )
    session.name = "!!!"
    assert download_filename(session, "x") == "session-2025-03-27-x.csv"


# --- Downloads ------------------------------------------------------------------------


def _rows(response) -> list[list[str]]:
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_quiz_attempts_csv_has_one_row_per_attempt_with_each_question(app):
    trainer = signed_in_client(app)
    session_id = create_session(trainer, "=Ward 7", teams="@Red\nBlue")
    code = session_row(app, session_id).join_code
    teams = team_ids(app, session_id)
    participant(app, code, right=5, team_id=teams["@Red"])
    participant(app, code, right=2, team_id=teams["Blue"])
    unfinished = app.test_client()
    unfinished.get(f"/s/{code}")
    submit_form(unfinished, f"/s/{code}", {"team": "none"})
    submit_form(unfinished, "/quiz/is-it-co-production/")

    response = trainer.get(f"/downloads/sessions/{session_id}/quiz-attempts.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.is_streamed
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="ward-7-2025-03-27-quiz-attempts.csv"'
    )
    header, *rows = _rows(response)
    asked = session_quiz_questions(app, session_id)
    # Named as a trainer knows the questions: their number and the start of the scenario.
    per_question = [
        heading
        for n, q in enumerate(asked, start=1)
        for heading in (f"Q{n} answer: {_first_words(q.scenario)}", f"Q{n} right")
    ]
    assert not any(q.id in heading for q in asked for heading in per_question)
    assert header == [
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
    assert len(rows) == 3
    first, second, third = rows
    version = str(app.extensions["content"].quiz("is-it-co-production").version)
    assert first[:4] == ["'=Ward 7", "'@Red", "is-it-co-production", version]  # guarded
    assert first[4:6] == [asked[0].answer.name, "yes"]  # question 1's right answer
    assert first[-4:-2] == ["5", "5"]
    assert second[1] == "Blue" and second[-4] == "2"
    asked = session_quiz_questions(app, session_id)
    # The participant helper picks the right answer twice, then the first wrong option.
    chosen = [
        q.answer if n < 2 else next(r for r in q.options if r != q.answer)
        for n, q in enumerate(asked)
    ]
    assert second[4:14:2] == [rung.name for rung in chosen]
    assert second[5:15:2] == ["yes", "yes", "no", "no", "no"]
    # A time spreadsheets read, to the minute: seconds could tell who finished when.
    dt.datetime.strptime(second[-1], "%Y-%m-%d %H:%M")
    assert third[1] == "" and third[4:14] == [""] * 10 and third[-4] == "" and third[-1] == ""


def test_self_assessment_csv_has_counts_per_question_and_never_a_member_or_a_draft(app):
    trainer = signed_in_client(app)
    session_id = create_session(trainer, quiz="none", assessment="yes", teams="Red")
    with app.app_context():
        project_code = get_db().scalar(select(Project.join_code))
        assessment = app.extensions["content"].default_assessment
    for _ in range(3):
        self_assess(app, project_code, "engage")
    self_assess(app, project_code, "consult", perspective="lived-experience")
    draft = app.test_client()
    submit_form(draft, f"/assessment/join/{project_code}", {"perspective": "carer"})
    url = f"/downloads/sessions/{session_id}/self-assessment-results.csv"

    # While the round is open: its status and how many sent answers, nothing else.
    header, *rows = _rows(trainer.get(url))
    rungs = ["Inform", "Consult", "Engage", "Co-design", "Co-production"]
    assert header == [
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
        *(f"chose {rung}" for rung in rungs),
        "chose Not sure",
        "chose Not yet or does not apply",
        "split",
        "contested",
        "agreed rung",
        "target",
        "actions planned",
        "actions done",
        "actions partly done",
        "actions not done",
    ]
    assert len(rows) == 1
    assert rows[0][:4] == ["Red project", "Red", "1", "First round"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rows[0][4])  # a date, not a time
    assert rows[0][5:8] == ["", "4", "round open"]
    assert set(rows[0][8:]) == {""}

    # Closed (with the session): one row per question, counts of 1 or 2 hidden.
    close_session(trainer, session_id)
    response = trainer.get(url)
    assert response.is_streamed
    _header, *rows = _rows(response)
    assert len(rows) == len(assessment.questions)
    first = rows[0]
    assert first[5] == first[4] and first[6:10] == ["4", "shown", "Engage", "no"]
    assert first[10:12] == [assessment.questions[0].name, "Engage"]
    counts = first[12:19]
    # 1 Consult is hidden, and so is the 3 at Engage, or the 1 would be 4 minus 3.
    assert counts == ["0", "hidden", "hidden", "0", "0", "0", "0"]
    assert first[19:] == ["no", "no", "", "", "0", "0", "0", "0"]  # nothing agreed or planned
    for row in rows:
        assert "carer" not in row and "lived-experience" not in row and "staff" not in row
        assert not any(cell in ("1", "2") for cell in row[12:19])


def test_a_large_download_is_streamed_and_complete(app):
    trainer = signed_in_client(app)
    session_id = create_session(trainer)
    started = dt.datetime(2025, 3, 27, 10, 0, tzinfo=dt.UTC)
    question_ids = [question.id for question in session_quiz_questions(app, session_id)]
    with app.app_context():
        db = get_db()
        db.execute(
            insert(QuizAttempt),
            [
                {
                    "public_id": f"attempt-{n:06d}-xxxxxxxxxxxx",
                    "quiz_id": "is-it-co-production",
                    "quiz_version": 1,
                    "content_hash": "x",
                    "total": 5,
                    "score": n % 6,
                    "started_at": started,
                    "finished_at": started,
                    "training_session_id": session_id,
                }
                for n in range(5000)
            ],
        )
        ids = db.scalars(select(QuizAttempt.id)).all()
        db.execute(
            insert(QuizAnswer),
            [
                {
                    "attempt_id": attempt_id,
                    "question_id": question_id,
                    "position": position,
                    "chosen": "inform",
                    "is_correct": False,
                }
                for attempt_id in ids
                for position, question_id in enumerate(question_ids, start=1)
            ],
        )
        db.commit()
    response = trainer.get(f"/downloads/sessions/{session_id}/quiz-attempts.csv")
    assert response.is_streamed
    header, *rows = _rows(response)
    assert len(rows) == 5000
    assert {row[4] for row in rows} == {"Inform"}
    assert sum(int(row[-4]) for row in rows) == sum(n % 6 for n in range(5000))

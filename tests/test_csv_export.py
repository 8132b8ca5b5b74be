"""CSV downloads: content, the formula-injection guard, safe names and streaming."""

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import insert, select

from app.db import db_session
from app.models import Project, QuizAnswer, QuizAttempt, TrainingSession
from app.trainer.csv_export import csv_lines, download_filename, neutralise
from tests.helpers import submit_form
from tests.trainer_helpers import (
    create_session,
    participant,
    quick_password_hashing,  # noqa: F401  (autouse fixture)
    self_assess,
    session_row,
    signed_in_client,
    team_ids,
)

QUESTION_IDS = [
    "youth-board-anxiety-app",
    "foot-clinic-move-letter",
    "easy-read-health-report",
    "pharmacy-waits-survey",
    "stroke-group-cafe-visits",
]


# --- Plain functions ------------------------------------------------------------------


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

    response = trainer.get(f"/trainer/sessions/{session_id}/quiz-attempts.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.is_streamed
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="ward-7-2025-03-27-quiz-attempts.csv"'
    )
    header, *rows = _rows(response)
    per_question = [f"{q} {part}" for q in QUESTION_IDS for part in ("answer", "correct")]
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
    assert first[:4] == ["'=Ward 7", "'@Red", "is-it-co-production", "1"]  # guarded cells
    assert first[4:6] == ["Co-design", "yes"]  # question 1's right answer
    assert first[-4:-2] == ["5", "5"]
    assert second[1] == "Blue" and second[-4] == "2"
    with app.app_context():
        asked = app.extensions["content"].quiz("is-it-co-production").asked
    # The participant helper picks the right answer twice, then the first wrong option.
    chosen = [
        q.answer if n < 2 else next(r for r in q.options if r != q.answer)
        for n, q in enumerate(asked)
    ]
    assert second[4:14:2] == [rung.name for rung in chosen]
    assert second[5:15:2] == ["yes", "yes", "no", "no", "no"]
    dt.datetime.strptime(second[-1], "%Y-%m-%d %H:%M:%S")  # a time spreadsheets read
    assert third[1] == "" and third[4:14] == [""] * 10 and third[-4] == "" and third[-1] == ""


def test_self_assessment_csv_has_one_row_per_response_with_each_dimension(app):
    trainer = signed_in_client(app)
    session_id = create_session(trainer, quiz="none", assessment="yes", teams="Red")
    with app.app_context():
        project_code = db_session().scalar(select(Project.join_code))
        assessment = app.extensions["content"].default_assessment
    self_assess(app, project_code, "engage", perspective="lived-experience")
    self_assess(app, project_code, "not-sure")
    draft = app.test_client()
    submit_form(draft, f"/assessment/join/{project_code}", {"perspective": "carer"})

    response = trainer.get(f"/trainer/sessions/{session_id}/self-assessment-responses.csv")
    assert response.is_streamed
    header, *rows = _rows(response)
    names = [dimension.name for dimension in assessment.questions]
    assert header == [
        "project",
        "team",
        "round",
        "round name",
        "perspective",
        *names,
        "placement",
        "started (UTC)",
        "submitted (UTC)",
    ]
    engaged, not_sure, unsent = rows
    assert engaged[:5] == ["Red project", "Red", "1", "First round", "lived-experience"]
    assert engaged[5 : 5 + len(names)] == ["Engage"] * len(names)
    assert engaged[-3] == "Engage" and engaged[-1]
    assert not_sure[5 : 5 + len(names)] == ["Not sure"] * len(names)
    assert not_sure[-3] == ""  # nothing to place
    assert unsent[4] == "carer" and unsent[5 : 5 + len(names)] == [""] * len(names)
    assert unsent[-3] == "" and unsent[-1] == ""


def test_a_large_download_is_streamed_and_complete(app):
    trainer = signed_in_client(app)
    session_id = create_session(trainer)
    started = dt.datetime(2025, 3, 27, 10, 0, tzinfo=dt.UTC)
    with app.app_context():
        db = db_session()
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
                for position, question_id in enumerate(QUESTION_IDS, start=1)
            ],
        )
        db.commit()
    response = trainer.get(f"/trainer/sessions/{session_id}/quiz-attempts.csv")
    assert response.is_streamed
    header, *rows = _rows(response)
    assert len(rows) == 5000
    assert {row[4] for row in rows} == {"Inform"}
    assert sum(int(row[-4]) for row in rows) == sum(n % 6 for n in range(5000))

"""Session reports for rooms without teams or without a quiz."""

from __future__ import annotations

from sqlalchemy import select

from app.db import get_db
from app.models import Project
from tests.helpers import pdf_of, pdf_text
from tests.journeys import (
    close_session,
    create_session,
    members_answer,
    participant,
    session_row,
    signed_in_client,
)
from tests.report_job_helpers import TEAM_REPORTS, prepare_url, prepared_file


def test_a_room_with_no_teams_and_no_quiz_gets_one_whole_room_page(app):
    trainer = signed_in_client(app)
    session_id = create_session(trainer, "Board away day", quiz="none", assessment="yes")
    with app.app_context():
        code = get_db().scalar(select(Project.join_code))
    members_answer(app, code, "consult", "lived-experience", 3)
    close_session(trainer, session_id)
    words = pdf_text(pdf_of(prepared_file(trainer, session_id)))
    assert "Quiz No quiz" in words and "Quiz results" not in words
    assert "Each team's self-assessment rung Team Self-assessment rung Whole room Consult" in words
    assert "Self-assessment: Board away day project" in words and "Rung 2 of 5: Consult" in words


def test_a_quiz_only_room_without_teams_has_no_team_pages(app):
    trainer = signed_in_client(app)
    session_id = create_session(trainer, "Quiz only")
    code = session_row(app, session_id).join_code
    for right in (1, 2):
        participant(app, code, right=right)
    words = pdf_text(pdf_of(prepared_file(trainer, session_id)))
    assert "Average score" not in words  # 2 finishers: the room's figures wait for 3
    participant(app, code, right=3)
    words = pdf_text(pdf_of(prepared_file(trainer, session_id)))
    assert "Average score: 2.0 out of 5 from 3 people." in words
    assert "Self-assessment" not in words and "Teams" not in words
    page = trainer.get(f"/trainer/sessions/{session_id}").get_data(as_text=True)
    assert prepare_url(session_id, TEAM_REPORTS) not in page  # no self-assessment: no ZIP


def test_the_opening_sentences_of_a_room_with_a_quiz_and_teams_are_apart(app):
    trainer = signed_in_client(app)
    session_id = create_session(trainer, "Quiz and teams", assessment="yes")
    words = pdf_text(pdf_of(prepared_file(trainer, session_id)))
    assert "how the room did in the quiz. It has a page for each team" in words

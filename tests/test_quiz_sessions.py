"""Quiz attempts made by people who joined a trainer's session."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from app.db import get_db
from app.models import TrainingSession
from tests.factories import QUIZ_ID, TrainingFactory
from tests.helpers import form_fields, submit_form, text_of
from tests.journeys import (
    answer,
    asked,
    load_quiz,
    start_quiz,
    stored_answers,
    stored_attempts,
    take_quiz,
)


def make_session(app, name: str = "Ward training", quiz_id: str | None = QUIZ_ID):
    """A trainer's session with one team, "Table 1": (session id, team id)."""
    with app.app_context():
        training = TrainingFactory(name=name, quiz_id=quiz_id, team_names=["Table 1"])
        return training.id, training.teams[0].id


def joined_cookie(client, training_id: int, team_id: int | None) -> None:
    """What joining leaves in the person's session cookie, set directly: it may name a
    session that has since gone, or a team of another session."""
    with client.session_transaction() as cookie:
        cookie["joined"] = {"training_session_id": training_id, "team_id": team_id}


def closed_meanwhile(app, training_id: int) -> None:
    """The trainer closes the session while the person is mid-quiz."""
    with app.app_context():
        db = get_db()
        db.execute(
            update(TrainingSession).where(TrainingSession.id == training_id).values(is_open=False)
        )
        db.commit()


def test_an_attempt_started_after_joining_is_linked_to_the_session_and_team(app, client):
    training_id, team_id = make_session(app, "Ward training ABC234")
    joined_cookie(client, training_id, team_id)
    start_page = text_of(client.get(f"/quiz/{QUIZ_ID}/"))
    assert "You joined the session “Ward training ABC234”" in start_page
    start_quiz(client)
    [attempt] = stored_attempts(app)
    assert (attempt.training_session_id, attempt.team_id) == (training_id, team_id)


def test_try_again_keeps_the_link_to_an_open_session(app, client):
    quiz = load_quiz(app)
    training_id, team_id = make_session(app, "Ward training ABC234")
    joined_cookie(client, training_id, team_id)
    attempt_url = take_quiz(client, quiz.id, choose=lambda question: question.answer.id)
    submit_form(client, f"{attempt_url}/result")
    assert [a.training_session_id for a in stored_attempts(app)] == [training_id, training_id]


@pytest.mark.parametrize(
    "situation", ["another quiz", "closed", "no such session", "team of another session"]
)
def test_an_attempt_is_not_linked_where_it_does_not_belong(app, client, situation):
    training_id, team_id = make_session(
        app, quiz_id="who-holds-the-power" if situation == "another quiz" else QUIZ_ID
    )
    if situation == "closed":
        closed_meanwhile(app, training_id)
    if situation == "no such session":
        training_id += 100
    if situation == "team of another session":
        _, team_id = make_session(app, "Another training")
    joined_cookie(client, training_id, team_id)
    start_quiz(client)
    [attempt] = stored_attempts(app)
    if situation == "team of another session":
        assert (attempt.training_session_id, attempt.team_id) == (training_id, None)
    else:
        assert (attempt.training_session_id, attempt.team_id) == (None, None)


def test_answers_are_refused_once_the_session_closes_and_earlier_ones_are_kept(app, client):
    training_id, team_id = make_session(app, "Ward training ABC234")
    joined_cookie(client, training_id, team_id)
    attempt_url = start_quiz(client)
    first = asked(app, attempt_url)[0]
    answer(client, attempt_url, 1, first.answer.id)
    question_page = client.get(f"{attempt_url}/2")  # opened before the trainer closes
    closed_meanwhile(app, training_id)

    _, fields = form_fields(question_page.get_data(as_text=True))
    response = client.post(f"{attempt_url}/2", data={**fields, "answer": "inform"})
    assert response.status_code == 403
    page = text_of(response)
    assert "This session has closed" in page
    assert "The answers you already sent are kept" in page
    assert stored_answers(app) == [(first.id, first.answer.id)]
    # The next question is not offered any more; the answer already sent is still there.
    assert "This session has closed" in text_of(client.get(f"{attempt_url}/2"))
    assert "Correct" in text_of(client.get(f"{attempt_url}/1/feedback"))

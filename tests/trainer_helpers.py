"""Shared steps for the trainer-area tests: accounts, sessions and participants."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher, profiles
from sqlalchemy import select

from app.db import get_db
from app.models import SessionTeam, TrainingSession
from app.quiz.queries import asked_in, find_attempt, quiz_of
from app.trainer import passwords
from app.trainer.accounts import create_trainer
from tests.helpers import submit_form

PASSWORD = "correct horse battery"
QUIZ_ID = "is-it-co-production"


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch):
    """Real Argon2id with its cheapest parameters: the service's own cost ~0.2 s a hash.

    Autouse in every test module that imports it; test_trainer_passwords.py checks the
    service's parameters.
    """
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))


def make_trainer(app, email: str = "trainer@example.nhs.uk", password: str = PASSWORD) -> int:
    with app.app_context():
        db = get_db()
        trainer = create_trainer(db, email, password)
        db.commit()
        return trainer.id


def sign_in(client, email: str = "trainer@example.nhs.uk", password: str = PASSWORD):
    return submit_form(client, "/trainer/sign-in", {"email": email, "password": password})


def sign_out(client):
    """Press the Sign out button (the first form on every signed-in trainer page)."""
    return submit_form(client, "/trainer/", form_index=0)


def submit_trainer_form(client, page_url: str, data: dict | None = None):
    """Post the page's own form: on signed-in pages it comes after the Sign out form."""
    return submit_form(client, page_url, data, form_index=1)


def close_session(client, session_id: int):
    """Press "Close session" (it closes the teams' self-assessment rounds too)."""
    closed = submit_trainer_form(client, f"/trainer/sessions/{session_id}")
    assert closed.headers["Location"] == f"/trainer/sessions/{session_id}"
    return closed


def signed_in_client(app, email: str = "trainer@example.nhs.uk"):
    make_trainer(app, email)
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def create_session(
    client, name: str = "Ward 7 training", *, quiz: str = QUIZ_ID, assessment="no", teams=""
) -> int:
    """Set up a session through the form; its id."""
    response = submit_trainer_form(
        client,
        "/trainer/sessions/new",
        {
            "name": name,
            "held_on-day": "27",
            "held_on-month": "3",
            "held_on-year": "2025",
            "quiz": quiz,
            "includes_assessment": assessment,
            "teams": teams,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])


def session_row(app, session_id: int) -> TrainingSession:
    with app.app_context():
        return get_db().get(TrainingSession, session_id)


def team_ids(app, session_id: int) -> dict[str, int]:
    with app.app_context():
        teams = get_db().scalars(select(SessionTeam).where(SessionTeam.training_id == session_id))
        return {team.name: team.id for team in teams}


def join(client, code: str, team_id: int | None = None):
    """Join from the session link: pick a team, or press Join in a session without teams
    (with teams and no team_id, only the team page is fetched)."""
    if team_id is not None:
        return submit_form(client, f"/s/{code}", {"team": str(team_id)})
    page = client.get(f"/s/{code}")
    if page.status_code == 200 and "Join the session" in page.get_data(as_text=True):
        return submit_form(client, f"/s/{code}")
    return page


def take_quiz(client, quiz_id: str, right: int) -> None:
    """Start the quiz from its start page and answer every question: the first `right` right."""
    response = submit_form(client, f"/quiz/{quiz_id}/")
    question_url = response.headers["Location"]
    attempt_url = question_url.rsplit("/", 1)[0]
    with client.application.app_context():
        attempt = find_attempt(get_db(), attempt_url.rsplit("/", 1)[1])
        questions = asked_in(attempt, quiz_of(get_db(), attempt))
    for n, question in enumerate(questions, start=1):
        wrong = next(rung.id for rung in question.options if rung != question.answer)
        answer = question.answer.id if n <= right else wrong
        response = submit_form(client, f"{attempt_url}/{n}", {"answer": answer})
        assert response.status_code == 303, f"question {n}: {response.status_code}"


def participant(app, code: str, *, right: int, team_id: int | None = None, quiz_id=QUIZ_ID):
    """A new person (their own browser) joins the session and finishes the quiz."""
    client = app.test_client()
    join(client, code, team_id)
    take_quiz(client, quiz_id, right)
    return client


def self_assess(app, project_code: str, rung_id: str, perspective: str = "staff") -> None:
    """A new member answers every self-assessment question with `rung_id` and sends it."""
    client = app.test_client()
    response = submit_form(client, f"/assessment/join/{project_code}", {"perspective": perspective})
    question_url = response.headers["Location"]
    while "/check" not in question_url:
        response = submit_form(client, question_url, {"answer": rung_id})
        assert response.status_code == 302, question_url
        question_url = response.headers["Location"]
    assert "/done" in submit_form(client, question_url).headers["Location"]

"""What people do, step by step through the pages: trainers, people in a session, quiz
takers and team members. One function for each step; tests/factories.py makes the same
things without the pages when a test is about what comes after."""

from __future__ import annotations

import io

from bs4 import BeautifulSoup
from sqlalchemy import select

from app.assessment.queries import project_by_code
from app.content import library
from app.db import get_db
from app.domain.content import Quiz, QuizQuestion
from app.models import QuizAnswer, QuizAttempt, SessionTeam, TrainingSession
from app.quiz.queries import asked_in, find_attempt, quiz_of
from tests import factories
from tests.factories import PASSWORD, QUIZ_ID
from tests.helpers import submit_form, text_of

TRAINER_EMAIL = "trainer@example.nhs.uk"


# --- Trainers ---------------------------------------------------------------------------


def make_trainer(app, email: str = TRAINER_EMAIL, password: str = PASSWORD) -> int:
    with app.app_context():
        return factories.TrainerFactory(email=email, password=password).id


def sign_in(client, email: str = TRAINER_EMAIL, password: str = PASSWORD):
    return submit_form(client, "/trainer/sign-in", {"email": email, "password": password})


def sign_out(client):
    """Press the Sign out button (the first form on every signed-in trainer page)."""
    return submit_form(client, "/trainer/", form_index=0)


def submit_trainer_form(client, page_url: str, data: dict | None = None):
    """Post the page's own form: on signed-in pages it comes after the Sign out form."""
    return submit_form(client, page_url, data, form_index=1)


def signed_in_client(app, email: str = TRAINER_EMAIL):
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


def upload_quiz(client, text: str | bytes, name: str = "our-quiz.yaml"):
    """Upload a quiz file on "Upload a quiz file" (the trainer's own quizzes)."""
    data = text.encode() if isinstance(text, str) else text
    return submit_trainer_form(
        client, "/trainer/quizzes/upload", {"quiz_file": (io.BytesIO(data), name)}
    )


def close_session(client, session_id: int):
    """Press "Close session" (it closes the teams' self-assessment rounds too)."""
    closed = submit_trainer_form(client, f"/trainer/sessions/{session_id}")
    assert closed.headers["Location"] == f"/trainer/sessions/{session_id}"
    return closed


def session_row(app, session_id: int) -> TrainingSession:
    with app.app_context():
        return get_db().get(TrainingSession, session_id)


def team_ids(app, session_id: int) -> dict[str, int]:
    with app.app_context():
        teams = get_db().scalars(select(SessionTeam).where(SessionTeam.training_id == session_id))
        return {team.name: team.id for team in teams}


# --- People in a trainer's session ------------------------------------------------------


def join(client, code: str, team_id: int | None = None):
    """Join from the session link: pick a team, or press Join in a session without teams
    (with teams and no team_id, only the team page is fetched)."""
    if team_id is not None:
        return submit_form(client, f"/s/{code}", {"team": str(team_id)})
    page = client.get(f"/s/{code}")
    if page.status_code == 200 and "Join the session" in page.get_data(as_text=True):
        return submit_form(client, f"/s/{code}")
    return page


def participant(app, code: str, *, right: int, team_id: int | None = None, quiz_id=QUIZ_ID):
    """A new person (their own browser) joins the session and finishes the quiz."""
    client = app.test_client()
    join(client, code, team_id)
    take_quiz(client, quiz_id, right=right)
    return client


# --- Quiz takers ------------------------------------------------------------------------


def load_quiz(app, quiz_id: str = QUIZ_ID) -> Quiz:
    with app.app_context():
        return library().quiz(quiz_id)


def wrong_option(question: QuizQuestion) -> str:
    return next(rung.id for rung in question.options if rung != question.answer)


def start_quiz(client, quiz_id: str = QUIZ_ID) -> str:
    """Press Start on the quiz's start page; returns the attempt's address (/quiz/a/<id>)."""
    response = submit_form(client, f"/quiz/{quiz_id}/")
    assert response.status_code == 303 and response.location.endswith("/1")
    return response.location.removesuffix("/1")


def answer(client, attempt_url: str, n: int, choice: str | None, **extra: str):
    data = {"answer": choice} if choice is not None else {}
    return submit_form(client, f"{attempt_url}/{n}", {**data, **extra})


def asked(app, attempt_url: str) -> tuple[QuizQuestion, ...]:
    """The questions drawn for the attempt at this address, in the order it asks them."""
    with app.app_context():
        attempt = find_attempt(get_db(), attempt_url.rsplit("/", 1)[1])
        return asked_in(attempt, quiz_of(get_db(), attempt))


def take_quiz(client, quiz_id: str = QUIZ_ID, *, right: int | None = None, choose=None) -> str:
    """Start the quiz and answer every question: with choose(question), or the first
    `right` right and the rest wrong. Returns the attempt's address."""
    attempt_url = start_quiz(client, quiz_id)
    for n, question in enumerate(asked(client.application, attempt_url), start=1):
        if choose is not None:
            choice = choose(question)
        else:
            choice = question.answer.id if n <= right else wrong_option(question)
        response = answer(client, attempt_url, n, choice)
        assert response.location == f"{attempt_url}/{n}/feedback", f"question {n}"
    return attempt_url


def link_named(response, text: str) -> str:
    """The address of the link (or button-styled link) showing exactly `text`."""
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    [link] = [a for a in soup.find_all("a") if a.get_text(strip=True) == text]
    return link["href"]


def stored_answers(app) -> list[tuple[str, str]]:
    with app.app_context():
        rows = get_db().scalars(select(QuizAnswer).order_by(QuizAnswer.position))
        return [(row.question_id, row.chosen) for row in rows]


def stored_attempts(app) -> list[QuizAttempt]:
    with app.app_context():
        return list(get_db().scalars(select(QuizAttempt).order_by(QuizAttempt.id)))


# --- Team members and their lead --------------------------------------------------------


def start_project(
    client, name: str = "Planning discharge from ward 7", team: str = "Ward 7 team"
) -> tuple[str, str]:
    """The lead starts a self-assessment; returns (results token, join code)."""
    response = submit_form(
        client, "/assessment/", {"project_name": name, "team_name": team, "description": ""}
    )
    assert response.status_code == 302, response.status_code
    share_url = response.headers["Location"]
    share = client.get(share_url)
    assert "Your assessment is ready" in text_of(share)
    token = share_url.removeprefix("/assessment/results/").removesuffix("/share")
    # Shown in groups of four (HK7P-3QXM) to read aloud; the URL takes the plain code.
    shown = BeautifulSoup(share.get_data(as_text=True), "html.parser").select_one("#join-code")
    return token, shown.get_text(strip=True).replace("-", "")


def join_project(app, code: str, perspective: str, *, by_code: bool = False):
    """A new member (their own browser) joins by link or by typing the code on /join;
    returns (their client, the first question's address)."""
    member = app.test_client()
    if by_code:
        typed = submit_form(member, "/join", {"code": code.lower()})
        assert typed.headers["Location"] == f"/assessment/join/{code}"
    started = submit_form(member, f"/assessment/join/{code}", {"perspective": perspective})
    assert started.status_code == 302, started.status_code
    return member, started.headers["Location"]


def self_assess(app, project_code: str, rung_id: str, perspective: str = "staff") -> None:
    """A new member answers every question with `rung_id` through the pages and sends it."""
    member, question_url = join_project(app, project_code, perspective)
    while "/check" not in question_url:
        response = submit_form(member, question_url, {"answer": rung_id})
        assert response.status_code == 302, question_url
        question_url = response.headers["Location"]
    assert "/done" in submit_form(member, question_url).headers["Location"]


def members_answer(app, code: str, rung: str, perspective: str, how_many: int) -> None:
    """`how_many` members send the same answers (made with the factories: quicker than
    the pages, which tests/test_assessment.py drives)."""
    with app.app_context():
        factories.members_answer(project_by_code(get_db(), code), rung, perspective, how_many)


def close_round(client, token: str):
    """The team lead closes the latest self-assessment round; returns the confirmation page."""
    confirm = client.get(f"/assessment/results/{token}/close")
    assert confirm.status_code == 200, confirm.status_code
    closed = submit_form(client, f"/assessment/results/{token}/close")
    assert closed.headers["Location"] == f"/assessment/results/{token}"
    return confirm

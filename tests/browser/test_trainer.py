"""The trainer area in a real browser: sign in, set up a session, show the join code, watch
the live page while a participant finishes the quiz, download, close, delete and sign out. In
every way people use it; with JavaScript on, the live page updates by itself (the trainer
issue's browser test)."""

import itertools
import re

import pytest
from playwright.sync_api import expect

from app.db import get_db
from app.domain.content import Quiz
from app.domain.report_jobs import WAITING
from app.jobs import queries as job_queries
from app.jobs.runner import run_report_job
from app.trainer.accounts import create_trainer, find_trainer
from tests.browser.user import DESKTOP, User
from tests.factories import TrainingFactory

pytestmark = pytest.mark.browser

SERVICE = " - Involvement Ladder"
PASSWORD = "correct horse battery"
SESSION = "Ward 7 co-production training"
_trainers = itertools.count(1)


@pytest.fixture
def trainer_email(live_server) -> str:
    email = f"trainer{next(_trainers)}@example.nhs.uk"
    with live_server.app.app_context():
        db = get_db()
        create_trainer(db, email, PASSWORD)
        db.commit()
    return email


@pytest.fixture
def quiz(live_server) -> Quiz:
    return live_server.app.extensions["content"].quiz("is-it-co-production")


def take_the_session_quiz(participant: User, code: str, quiz: Quiz) -> None:
    """Join with the code, pick a team, then answer every question right."""
    participant.visit("/join")
    participant.fill("Enter your join code", code)
    participant.press("Continue")
    assert participant.title == f"Which team are you in? - {SESSION}{SERVICE}"
    participant.choose("Red team")
    participant.press("Continue")
    assert participant.title == f"You have joined {SESSION}{SERVICE}"
    participant.follow("Start the quiz")
    with participant.checks_paused():  # the quiz's own test checks these pages
        participant.press("Start the quiz")
        total = quiz.questions_per_attempt
        for n in range(1, total + 1):
            participant.choose(participant.question_shown(quiz).answer.name)
            participant.press("Continue")
            participant.press("Next question" if n < total else "See your score")
    assert f"You scored {total} out of {total}" in participant.text()


def test_a_trainer_runs_a_session_from_sign_in_to_delete(
    user: User, new_user, trainer_email: str, quiz: Quiz
):
    trainer = user
    trainer.visit("/trainer/")
    assert trainer.title == "Sign in" + SERVICE
    trainer.fill("Email address", trainer_email)
    trainer.fill("Password", "not the password")
    trainer.press("Sign in")
    assert trainer.title == "Error: Sign in" + SERVICE
    trainer.use_error_link("The email address or password is not right")
    trainer.fill("Password", PASSWORD)
    trainer.press("Sign in")
    assert trainer.title == "Your sessions" + SERVICE

    trainer.follow("Set up a session")
    trainer.press("Set up session")
    assert trainer.title == "Error: Set up a session" + SERVICE
    trainer.use_error_link("Enter a name for the session")
    trainer.fill("Session name", SESSION)
    trainer.fill("Day", "27")
    trainer.fill("Month", "3")
    trainer.fill("Year", "2030")
    trainer.choose(quiz.title)
    trainer.choose("No")
    trainer.fill("Team names (optional)", "Red team\nBlue team")
    trainer.press("Set up session")
    assert trainer.title == SESSION + SERVICE
    code = trainer.page.locator("#join-code").inner_text()

    session_path = trainer.page.url.removeprefix(trainer.page.url.split("/trainer/")[0])
    trainer.follow("Show the join code on a projector")
    assert trainer.title == f"Join code for {SESSION}{SERVICE}"
    assert trainer.page.locator("#join-code").inner_text() == code
    # The projector shows no links or controls: the trainer goes on from the session page.
    trainer.visit(session_path)
    trainer.follow("See live results")
    assert trainer.title == f"Live results - {SESSION}{SERVICE}"
    assert "0 people joined and 0 finished the quiz" in trainer.text("#live-status")

    # Someone reading the results (a table box has focus) keeps their place across updates.
    keeps_place = trainer.mode.javascript and not trainer.mode.keyboard
    if keeps_place:
        box = trainer.page.locator("#live-results [role=region]").first
        box.focus()
        focused_box = box.get_attribute("aria-label")

    participant = new_user(user.mode)
    take_the_session_quiz(participant, code, quiz)

    if trainer.mode.javascript:  # the live page updates by itself, and can be paused
        trainer.page.wait_for_function(
            "() => document.getElementById('live-status').textContent.includes('1 finished')"
        )
        assert trainer.page.locator("#live-results").get_attribute("data-live-updates") != "0"
        if keeps_place:
            focused = trainer.page.evaluate("document.activeElement.getAttribute('aria-label')")
            assert focused == focused_box
        trainer.wait_for_charts()
        trainer.press("Pause updates", loads_page=False)
        assert trainer.page.locator("#live-results").get_attribute("data-live-state") == "paused"
        assert "Updates are paused" in trainer.text("#live-note")
    else:
        trainer.follow("Refresh results")
    assert "1 person joined and 1 finished the quiz" in trainer.text("#live-status")
    # One person's score is not shown on its own: the room's figures wait for 3.
    assert "show when 3 people have finished" in trainer.text("#room-waiting")

    trainer.follow("Back to the session")
    csv_file = trainer.download("Quiz answers (CSV)")
    assert csv_file.suggested_filename.endswith(".csv")
    with open(csv_file.path(), encoding="utf-8-sig") as lines:
        assert len(lines.readlines()) == 2  # the header row and the participant's attempt
    # "Prepare report" (a POST); the job's page then offers the file with its type and size
    # (tests run jobs in the request, so it is ready at once; tests/test_report_jobs.py
    # covers the progress page and a real worker).
    trainer.press("Prepare session report (PDF)")
    assert "Your report is ready" in trainer.text("#report-job")
    report = trainer.download(re.compile(r"Download session report \(PDF, \d+ KB\)"))
    assert report.suggested_filename.endswith(".pdf")
    with open(report.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    trainer.follow("Back to the session")

    trainer.press("Close session")
    assert "The session is closed" in trainer.text()
    participant.visit("/join")
    participant.fill("Enter your join code", code)
    participant.press("Continue")
    assert participant.title == "This session has closed" + SERVICE

    trainer.follow("Delete session")
    assert trainer.title == f"Are you sure you want to delete {SESSION}?{SERVICE}"
    trainer.press("Yes, delete the session")
    assert trainer.title == "Your sessions" + SERVICE
    assert "and all its results have been deleted" in trainer.text()

    trainer.follow("Change password")
    assert trainer.title == "Change your password" + SERVICE
    trainer.press("Sign out")
    assert trainer.title == "Sign in" + SERVICE
    assert "You have signed out" in trainer.text()


def test_a_report_page_shows_progress_in_place_then_the_download(
    new_user, live_server, trainer_email: str
):
    """With JavaScript, a report's page changes only its status line and bar as a worker
    gets through the teams (focus and the reader's place stay), then shows the file."""
    app = live_server.app
    with app.app_context():
        db = get_db()
        trainer = find_trainer(db, trainer_email)
        training = TrainingFactory(trainer=trainer, name="Progress room", team_names=["Red"])
        job = job_queries.create_job(
            db,
            trainer_id=trainer.id,
            training_id=training.id,
            kind="session-report",
            fingerprint="test",
            filename="progress-room.pdf",
        )
        db.commit()
        job_id, public_id = job.id, job.public_id

    trainer = new_user(DESKTOP)
    trainer.sign_in(trainer_email, PASSWORD)
    trainer.visit(f"/downloads/reports/{public_id}")
    status = trainer.page.locator("#job-status")
    expect(status).to_have_text(WAITING)
    expect(trainer.page.locator("#job-progress")).to_be_hidden()
    stop = trainer.page.get_by_role("link", name="Stop checking automatically")
    stop.focus()
    trainer.page.evaluate("window.samePage = true")

    with app.app_context():
        db = get_db()
        assert job_queries.claim(db, job_id, 1)
        assert job_queries.record_progress(db, job_id, 1, 2, 5)
        db.commit()
    expect(status).to_have_text("Team 3 of 5: 2 teams done so far.")
    expect(trainer.page.locator("#job-progress")).to_have_attribute("value", "2")
    assert trainer.page.evaluate("window.samePage === true")
    expect(stop).to_be_focused()

    with app.app_context():
        run_report_job(app, job_id, 1)  # the worker builds the real report and finishes
    link = trainer.page.get_by_role("link", name=re.compile(r"Download session report"))
    expect(link).to_be_visible()
    assert "Your report is ready" in trainer.text("#report-job")

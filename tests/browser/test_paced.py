"""A paced question in real browsers: the trainer's controls, the projector screen and two
phones, one with JavaScript (it follows the room by itself) and one without (it presses
"Check for the next question"). BROWSER_SCREENSHOTS=<folder> keeps screenshots to look at."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.content import find_quiz
from app.db import get_db
from app.models import TrainingSession
from app.trainer.accounts import create_trainer
from app.training.queries import training_questions
from tests.browser.user import SCREENSHOTS
from tests.factories import OwnQuizFactory, TrainerFactory

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
_trainers = itertools.count(1)


def _sign_in(page, email: str) -> None:
    page.goto("/trainer/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _shot(page, name: str) -> None:
    """The projector and phones at the moments worth looking at (BROWSER_SCREENSHOTS)."""
    if SCREENSHOTS:
        path = Path(SCREENSHOTS) / f"paced-{name}.png"
        page.screenshot(path=str(path), full_page=name.endswith("full"))


def _code_beside_qr(projector) -> None:
    """The join code and the QR code both in view, the code's last character clear of the
    QR code (not hidden under it)."""
    expect(projector.locator("#join-code")).to_be_in_viewport(ratio=1)
    expect(projector.locator(".app-present__qr")).to_be_in_viewport(ratio=1)
    code_right = projector.evaluate(
        "() => { const range = document.createRange();"
        " range.selectNodeContents(document.getElementById('join-code'));"
        " return range.getBoundingClientRect().right; }"
    )
    assert code_right <= projector.locator(".app-present__qr").bounding_box()["x"]


def _context(browser, live_server, width, height, javascript=True):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": height},
        java_script_enabled=javascript,
    )
    context.set_default_timeout(10_000)
    return context


def test_two_phones_follow_a_paced_question_with_and_without_javascript(browser, live_server):
    email = f"paced{next(_trainers)}@example.nhs.uk"
    with live_server.app.app_context():
        db = get_db()
        create_trainer(db, email, PASSWORD)
        db.commit()
    quiz = live_server.app.extensions["content"].quiz("is-it-co-production")
    contexts = []
    try:
        laptop = _context(browser, live_server, 1280, 900)
        contexts.append(laptop)
        controls = laptop.new_page()
        _sign_in(controls, email)
        controls.goto("/trainer/sessions/new")
        controls.get_by_label("Session name").fill("Paced ward session")
        controls.get_by_label(quiz.title).check()
        controls.get_by_label("Together, one question at a time: you set the pace").check()
        controls.get_by_role("group", name="Will teams also do the self-assessment?").get_by_label(
            "Yes"
        ).check()
        controls.get_by_label("Team names (optional)").fill("Red\nBlue")
        controls.get_by_label("The project each team will assess (optional)").fill(
            "Discharge leaflet\nWaiting room"
        )
        controls.get_by_role("button", name="Set up session").click()
        code = controls.locator("#join-code").inner_text().replace("-", "")
        session_url = controls.url
        controls.goto(session_url + "/controls")

        projector = laptop.new_page()
        projector.set_viewport_size({"width": 1280, "height": 720})
        projector.goto(session_url + "/present")
        _code_beside_qr(projector)

        phones = []
        for javascript in (True, False):
            context = _context(browser, live_server, 320, 640, javascript)
            contexts.append(context)
            phone = context.new_page()
            phone.goto(f"/s/{code}")
            phone.get_by_label("Red").check()
            phone.get_by_role("button", name="Continue").click()
            phone.get_by_role("link", name="Go to the quiz").click()
            expect(phone.get_by_text("Wait for your trainer to start")).to_be_visible()
            phones.append(phone)
        with_js, without_js = phones
        expect(projector.locator("#room-joined")).to_have_text("2")  # counted in place
        _shot(projector, "present-1280x720-waiting")

        controls.get_by_role("button", name="Start the first question").click()
        # With JavaScript the phone moves on by itself, within 3 seconds.
        expect(with_js.get_by_text("Question 1 of 5")).to_be_visible(timeout=3_000)
        expect(projector.get_by_text("Question 1 of 5")).to_be_visible(timeout=3_000)
        without_js.get_by_role("link", name="Check for the next question").click()
        expect(without_js.get_by_text("Question 1 of 5")).to_be_visible()
        _shot(with_js, "phone-320-question-full")
        _shot(projector, "present-1280x720-question")

        asked = controls.get_by_text("The right answer")
        expect(asked).to_be_visible()
        answer = controls.locator("#room-now dd").nth(3).inner_text().strip()
        for phone in phones:
            phone.get_by_label(answer, exact=True).check()
            phone.get_by_role("button", name="Send my answer").click()
            expect(phone.get_by_role("heading", name="Your answer is in")).to_be_visible()
        _shot(controls, "controls-full")

        controls.get_by_role("button", name="Show how the room answered").click()
        expect(with_js.get_by_text(f"The answer is {answer}")).to_be_visible(timeout=3_000)
        expect(projector.get_by_text("How the room answered")).to_be_visible(timeout=3_000)
        without_js.get_by_role("link", name="Check for the next question").click()
        expect(without_js.get_by_text(f"The answer is {answer}")).to_be_visible()
        # Two answers: too few to show how the room answered.
        expect(projector.get_by_text("Fewer than 3 people answered")).to_be_visible()
        _shot(projector, "present-1280x720-revealed")
        _shot(with_js, "phone-320-revealed-full")

        controls.get_by_role("button", name="Next question").click()
        expect(with_js.get_by_text("Question 2 of 5")).to_be_visible(timeout=3_000)
        controls.goto(session_url + "/live")
        _shot(controls, "live-full")
        assert "Right answer" not in controls.content()
    finally:
        for context in contexts:
            context.close()


def test_a_room_of_five_goes_through_the_trainers_own_quiz(browser, live_server):
    """The trainer's own 5-scenario quiz (made with the factory), paced for 5 phones: the
    projector at 1920x1080 keeps the code and QR in view, shows each question, how the room
    answered and the explanation, and everyone gets their score."""
    email = f"own{next(_trainers)}@example.nhs.uk"
    with live_server.app.app_context():
        trainer = TrainerFactory(email=email, password=PASSWORD)
        own = OwnQuizFactory(trainer=trainer, title="Stories from ward 7")
        quiz = find_quiz(get_db(), f"own-{own.id}")
    contexts = []
    try:
        laptop = _context(browser, live_server, 1280, 900)
        contexts.append(laptop)
        controls = laptop.new_page()
        _sign_in(controls, email)
        controls.goto(f"/trainer/quizzes/{own.id}/use")
        expect(controls.get_by_label("Stories from ward 7 (your quiz)")).to_be_checked()
        controls.get_by_label("Session name").fill("Ward 7 own quiz")
        controls.get_by_label("Together, one question at a time: you set the pace").check()
        controls.get_by_role("group", name="Will teams also do the self-assessment?").get_by_label(
            "No"
        ).check()
        controls.get_by_role("button", name="Set up session").click()
        code = controls.locator("#join-code").inner_text().replace("-", "")
        session_url = controls.url
        controls.goto(session_url + "/controls")
        with live_server.app.app_context():
            training = get_db().get(TrainingSession, int(session_url.rsplit("/", 1)[1]))
            asked = training_questions(training, quiz)  # the session's one draw, in order

        projector = laptop.new_page()
        projector.set_viewport_size({"width": 1920, "height": 1080})
        projector.goto(session_url + "/present")
        _code_beside_qr(projector)
        _shot(projector, "present-1920x1080-waiting")

        phones = []
        for _ in range(5):
            context = _context(browser, live_server, 320, 640)
            contexts.append(context)
            phone = context.new_page()
            phone.goto(f"/s/{code}")
            phone.get_by_role("button", name="Join the session").click()
            phone.get_by_role("link", name="Go to the quiz").click()
            phones.append(phone)
        expect(projector.locator("#room-joined")).to_have_text("5")

        controls.get_by_role("button", name="Start the first question").click()
        for n, question in enumerate(asked, start=1):
            expect(projector.get_by_text(f"Question {n} of 5")).to_be_visible(timeout=3_000)
            expect(projector.get_by_text(question.scenario)).to_be_visible()
            for phone in phones:  # each has been polling: it moved on by itself
                expect(phone.get_by_text(f"Question {n} of 5")).to_be_visible(timeout=3_000)
                phone.get_by_label(question.answer.name, exact=True).check()
                phone.get_by_role("button", name="Send my answer").click()
            controls.get_by_role("button", name="Show how the room answered").click()
            expect(projector.get_by_text("How the room answered")).to_be_visible(timeout=3_000)
            expect(projector.get_by_text(question.explanation)).to_be_visible()
            if n == 1:  # the chart of how the room answered draws beside its table
                expect(projector.locator("[data-app-chart-ready]")).to_have_count(1, timeout=10_000)
                _shot(projector, "present-1920x1080-revealed")
            last = "End the quiz" if n == 5 else "Next question"
            controls.get_by_role("button", name=last, exact=True).click()
        for phone in phones:
            expect(phone.get_by_text("You got 5 out of 5 right")).to_be_visible(timeout=3_000)
    finally:
        for context in contexts:
            context.close()

"""A paced question in real browsers: the trainer's controls, the projector screen and two
phones, one with JavaScript (it follows the room by itself) and one without (it presses
"Check for the next question"). Screenshots of each page go to SCREENSHOTS (for review)."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from app.db import get_db
from app.trainer.accounts import create_trainer

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS", "/tmp/paced-screens"))
_trainers = itertools.count(1)


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=name.endswith("full"))


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
        controls.goto("/trainer/sign-in")
        controls.get_by_label("Email address").fill(email)
        controls.get_by_label("Password").fill(PASSWORD)
        controls.get_by_role("button", name="Sign in").click()
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
        expect(projector.locator("#join-code")).to_be_in_viewport()
        expect(projector.locator(".app-present__qr")).to_be_in_viewport()

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

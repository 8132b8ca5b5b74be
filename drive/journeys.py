"""What a participant does, page by page, through any Client (locust's or the standard one).

Each step is named for the load report ("quiz: answer POST"). Every answer the app
accepted is handed to `on_answer`, so a run can check the database holds each one once.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from app.domain.wording import PACE_ROOM, PACE_SELF
from app.training.forms import NO_TEAM_CHOICE
from drive.client import Client
from drive.pages import Page

_QUIZ_STEP = re.compile(r"/quiz/a/(?P<attempt>[\w-]+)/(?P<step>\d+|result)$")
_ASSESSMENT_STEP = re.compile(r"/assessment/r/(?P<response>[\w-]+)/(?P<step>\d+|check|done)$")


class UnexpectedPage(AssertionError):
    """The app answered with a page a person would not expect at this step."""

    def __init__(self, message: str, page: Page | None = None):
        super().__init__(message)
        self.page = page


@dataclass(frozen=True)
class Answer:
    """One answer the app accepted: which attempt or response, which question, what value."""

    kind: str  # "quiz", "room" (a paced room, owner: the participant token) or "assessment"
    owner: str  # the attempt's or the response's public id
    question: str  # a quiz question's id; an assessment question's number (from its URL)
    value: str  # the option sent: a rung id, or "not-sure"


AnswerSink = Callable[[Answer], None]


def expect(page: Page, status: int, step: str) -> Page:
    if page.status != status:
        raise UnexpectedPage(f"{step}: expected {status}, got {page.status} at {page.url}", page)
    return page


def quiz_step(url: str) -> tuple[str, str]:
    """(attempt public id, question number or "result") from a quiz page's URL."""
    match = _QUIZ_STEP.search(url.split("#")[0])
    if match is None:
        raise UnexpectedPage(f"not a quiz step: {url}")
    return match["attempt"], match["step"]


# --- Participant ---------------------------------------------------------------------------


def join_by_code(client: Client, code: str, number: int) -> Page:
    """Type the code on /join, pick a team (spread by `number`); returns the session's page."""
    page = expect(client.get("/join", name="join: code page"), 200, "the join page")
    sent = expect(client.submit(page, {"code": code}, name="join: code POST"), 302, "the code")
    teams_page = expect(client.follow(sent, name="join: team page"), 200, "the team page")
    if not teams_page.forms():
        # Joined already (a retry after a lost response): the code leads to the session.
        return teams_page
    teams = [team for team in teams_page.form().choices["team"] if team != NO_TEAM_CHOICE]
    data = {"team": teams[number % len(teams)] if teams else NO_TEAM_CHOICE}
    chosen = expect(client.submit(teams_page, data, name="join: team POST"), 302, "the team")
    return expect(client.follow(chosen, name="join: session page"), 200, "the session page")


def quiz_start(client: Client, session_page: Page) -> Page:
    url = session_page.link("Start the quiz")
    return expect(client.get(url, name="quiz: start page"), 200, "the quiz start page")


def start_quiz(client: Client, start_page: Page) -> Page:
    """Press Start on a quiz's start page; returns the first question."""
    started = expect(client.submit(start_page, name="quiz: start POST"), 303, "start the quiz")
    return expect(client.follow(started, name="quiz: question page"), 200, "first question")


def answer_question(client: Client, question: Page, choose=random.choice) -> tuple[Page, Answer]:
    """Choose an option and press Continue; returns the answer's 303 and what was accepted."""
    form = question.form()
    value = choose(form.choices["answer"])
    response = client.submit(question, {"answer": value}, name="quiz: answer POST")
    expect(response, 303, "answer a question")
    attempt, _ = quiz_step(question.url)
    return response, Answer("quiz", attempt, form.hidden["question_id"], value)


def next_after_feedback(client: Client, feedback: Page) -> Page:
    """Follow "Next question" or "See your score" from a feedback page."""
    attempt, step = quiz_step(feedback.url.removesuffix("/feedback"))
    for href, _label in feedback.links():
        found = _QUIZ_STEP.search(href)
        if found and found["attempt"] == attempt and found["step"] != step:
            name = "quiz: result page" if found["step"] == "result" else "quiz: question page"
            return expect(client.get(href, name=name), 200, "after feedback")
    raise UnexpectedPage(f"no next step on {feedback.url}", feedback)


def take_quiz(
    client: Client,
    start_page: Page,
    on_answer: AnswerSink,
    pause: Callable[[], None] = lambda: None,
) -> Page:
    """Start, answer every question (reading each feedback page), and reach the result."""
    page = start_quiz(client, start_page)
    while quiz_step(page.url)[1] != "result":
        pause()
        response, answer = answer_question(client, page)
        on_answer(answer)
        feedback = expect(client.follow(response, name="quiz: feedback page"), 200, "feedback")
        pause()
        page = next_after_feedback(client, feedback)
    if not page.has_text("out of"):
        raise UnexpectedPage(f"the result page shows no score: {page.url}", page)
    return page


def self_assess(client: Client, session_page: Page, on_answer: AnswerSink, pause=lambda: None):
    """Open the team's self-assessment, pick a perspective, answer every question, send."""
    url = session_page.link("Start the self-assessment")
    page = expect(client.get(url, name="assessment: join page"), 200, "the assessment join page")
    perspective = random.choice(page.form().choices["perspective"])
    response = client.submit(
        page, {"perspective": perspective}, name="assessment: perspective POST"
    )
    page = _assessment_next(client, expect(response, 302, "choose a perspective"))
    while (step := _assessment_step(page.url))[1].isdigit():
        pause()
        value = random.choice(page.form().choices["answer"])
        response = client.submit(page, {"answer": value}, name="assessment: answer POST")
        expect(response, 302, "answer an assessment question")
        on_answer(Answer("assessment", step[0], step[1], value))
        page = _assessment_next(client, response)
    pause()
    sent = expect(client.submit(page, name="assessment: send POST"), 302, "send the answers")
    return _assessment_next(client, sent)


def _assessment_step(url: str) -> tuple[str, str]:
    match = _ASSESSMENT_STEP.search(url.split("?")[0])
    if match is None:
        raise UnexpectedPage(f"not an assessment step: {url}")
    return match["response"], match["step"]


def _assessment_next(client: Client, redirect: Page) -> Page:
    step = _assessment_step(redirect.location or "")[1]
    name = "assessment: question page" if step.isdigit() else f"assessment: {step} page"
    return expect(client.get(redirect.location, name=name), 200, name)


# --- Trainer ------------------------------------------------------------------------------


def trainer_sign_in(client: Client, email: str, password: str) -> Page:
    page = expect(client.get("/trainer/sign-in", name="trainer: sign-in page"), 200, "sign-in")
    data = {"email": email, "password": password}
    return expect(client.submit(page, data, name="trainer: sign-in POST"), 302, "sign in")


def create_session(
    client: Client, name: str, quiz_id: str, teams: list[str], held_on, paced=False
) -> str:
    """Set up a session with the quiz, the self-assessment and teams; returns its page URL.
    A paced session's quiz is taken by the whole room together, at the trainer's pace."""
    page = expect(client.get("/trainer/sessions/new"), 200, "new session page")
    data = {
        "name": name,
        "held_on-day": str(held_on.day),
        "held_on-month": str(held_on.month),
        "held_on-year": str(held_on.year),
        "quiz": quiz_id,
        "includes_assessment": "yes",
        "teams": "\n".join(teams),
        "pace": PACE_ROOM if paced else PACE_SELF,
    }
    created = expect(client.submit(page, data), 302, "create a session")
    return created.location

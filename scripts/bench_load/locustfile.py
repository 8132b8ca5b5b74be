"""Locust users for `make bench-load` (run by scripts/bench_load/run.py, one phase at a time).

- Participant: joins the session by its code like a browser (pages, cookies, CSRF tokens),
  waits for the trainer's "go", takes the 5-question quiz with a person's pauses; the first
  BENCH_ASSESSORS of them also answer the self-assessment for their team's project.
- Trainer: signs in and polls the session's live page every 5 seconds.
- Floor: fetches /healthz back to back (the cheapest request the app serves).
- AnswerCapacity: posts quiz answers back to back (a new attempt after each last answer),
  the write path's throughput at the same concurrency as the floor. Each of these users
  comes from an address of its own (X-Forwarded-For, which the app trusts from one proxy
  here): 200 scripts at machine speed are not a room, and one address starting 100
  attempts a second is what the rate limits are there to stop.

Settings come from the environment (BENCH_*), written by run.py. Every answer the app
accepted is appended to answers-<pid>.jsonl in BENCH_OUT, for the database check.
"""

from __future__ import annotations

import itertools
import os
import random
import time
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import gevent
from gevent.event import Event
from locust import FastHttpUser, constant, task
from locust.exception import StopUser

from drive import journeys, ledger
from drive.client import Client, FormData
from drive.journeys import Answer, UnexpectedPage
from drive.pages import Page

HOSTS = os.environ.get("BENCH_HOSTS", "http://127.0.0.1:5000").split(",")
OUT = Path(os.environ.get("BENCH_OUT", "."))
CODE = os.environ.get("BENCH_CODE", "")
QUIZ = os.environ.get("BENCH_QUIZ", "is-it-co-production")
PARTICIPANTS = int(os.environ.get("BENCH_PARTICIPANTS", "200"))
ASSESSORS = int(os.environ.get("BENCH_ASSESSORS", "40"))
THINK = tuple(float(s) for s in os.environ.get("BENCH_THINK", "1,4").split(","))
# People do not all press Start in the same instant after "go": up to this many seconds.
REACTION = float(os.environ.get("BENCH_REACTION", "5"))
JOIN_WINDOW = float(os.environ.get("BENCH_JOIN_WINDOW", "30"))
TRAINER_EMAIL = os.environ.get("BENCH_TRAINER_EMAIL", "")
TRAINER_PASSWORD = os.environ.get("BENCH_TRAINER_PASSWORD", "")
LIVE_PATH = os.environ.get("BENCH_LIVE_PATH", "")
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}

_numbers = itertools.count()
_arrived = itertools.count(1)
_finished = itertools.count(1)
_go = Event()
_first_join: list[float] = []


def record(answer: Answer) -> None:
    ledger.append(OUT / f"answers-{os.getpid()}.jsonl", answer)


class LocustClient(Client):
    """Locust's client behind the common interface. Requests rotate across the app instances
    (a load balancer without sticky sessions); cookies are per host, so they go along."""

    def __init__(self, user: FastHttpUser, first: int):
        self.session = user.client
        self.base_url = HOSTS[0]
        self._turn = itertools.count(first)
        self.headers: dict[str, str] = {}

    def send(self, method: str, url: str, data: FormData | None, name: str) -> Page:
        parts = urlsplit(url)
        target = urljoin(HOSTS[next(self._turn) % len(HOSTS)], parts.path)
        if parts.query:
            target += "?" + parts.query
        response = self.session.request(
            method,
            target,
            name=name or parts.path,
            data=urlencode(data) if data is not None else None,
            headers={**self.headers, **(FORM_HEADERS if data is not None else {})},
            allow_redirects=False,
        )
        status = response.status_code or 0
        location = response.headers.get("location") if status else None
        text = (response.text or "") if status else ""
        return Page(status, target, text, urljoin(target, location) if location else None)


class JourneyUser(FastHttpUser):
    abstract = True
    host = HOSTS[0]
    wait_time = constant(0)

    def on_start(self) -> None:
        self.number = next(_numbers)
        self.browser = LocustClient(self, self.number)

    def failed(self, problem: UnexpectedPage) -> None:
        """Count a page the journey did not expect (an HTTP error is already counted)."""
        page = problem.page
        if page is not None and (page.status == 0 or page.status >= 400):
            return
        self.environment.events.request.fire(
            request_type="CHECK",
            name="unexpected page",
            response_time=0,
            response_length=0,
            exception=problem,
            context={},
        )

    def pause(self) -> None:
        gevent.sleep(random.uniform(*THINK))


def _arrive() -> None:
    """One more participant is in the room (or gave up); everyone in means "go"."""
    if next(_arrived) >= PARTICIPANTS:
        _go.set()
        # How long the room took to join, from the first person's first page.
        (OUT / "joined-seconds.txt").write_text(f"{time.monotonic() - _first_join[0]:.1f}")


class Participant(JourneyUser):
    fixed_count = PARTICIPANTS

    @task
    def workshop(self) -> None:
        try:
            try:
                _first_join[:] = _first_join or [time.monotonic()]
                landing = journeys.join_by_code(self.browser, CODE, self.number)
            finally:
                _arrive()
            # The trainer says "go" when the room is in (or the join window is over).
            _go.wait(timeout=JOIN_WINDOW)
            gevent.sleep(random.uniform(0, REACTION))
            start = journeys.quiz_start(self.browser, landing)
            journeys.take_quiz(self.browser, start, record, self.pause)
            if self.number < ASSESSORS:
                journeys.self_assess(self.browser, landing, record, self.pause)
        except UnexpectedPage as problem:
            self.failed(problem)
        finally:
            if next(_finished) >= PARTICIPANTS:
                # Everyone is done: end the run (from another greenlet, not this user's).
                gevent.spawn(self.environment.runner.quit)
        raise StopUser


class Trainer(JourneyUser):
    fixed_count = 1

    def on_start(self) -> None:
        super().on_start()
        journeys.trainer_sign_in(self.browser, TRAINER_EMAIL, TRAINER_PASSWORD)

    @task
    def watch(self) -> None:
        journeys.expect(self.browser.get(LIVE_PATH, name="trainer: live page"), 200, "live page")
        gevent.sleep(5)


class Floor(JourneyUser):
    @task
    def health(self) -> None:
        self.browser.get("/healthz", name="floor: GET /healthz")


_questions: list[tuple[str, list[str]]] = []
_questions_known = Event()


class AnswerCapacity(JourneyUser):
    """Answers posted back to back, each attempt's five straight after one another; the
    first user reads the questions page by page once, for all of them."""

    def on_start(self) -> None:
        super().on_start()
        address = f"10.0.{self.number // 250}.{self.number % 250 + 1}"
        self.browser.headers["X-Forwarded-For"] = address
        start = self.browser.get(f"/quiz/{QUIZ}/", name="capacity: quiz start page")
        form = start.form()
        self.token, self.start_url = form.hidden["csrf_token"], form.action
        if self.number == 0:
            _learn_questions(self.browser, start)
        _questions_known.wait()

    @task
    def answer_an_attempt(self) -> None:
        data = {"csrf_token": self.token}
        started = self.browser.post(self.start_url, data, "capacity: start POST")
        if started.status != 303:
            return  # counted as a failure by locust
        attempt, _ = journeys.quiz_step(started.location)
        for n, (question_id, options) in enumerate(_questions, start=1):
            answer = Answer("quiz", attempt, question_id, random.choice(options))
            data = {"csrf_token": self.token, "question_id": question_id, "answer": answer.value}
            response = self.browser.post(f"/quiz/a/{attempt}/{n}", data, "capacity: answer POST")
            if response.status != 303:
                return
            record(answer)


def _learn_questions(browser: Client, start: Page) -> None:
    page = journeys.start_quiz(browser, start)
    while journeys.quiz_step(page.url)[1] != "result":
        form = page.form()
        _questions.append((form.hidden["question_id"], form.choices["answer"]))
        response, answer = journeys.answer_question(browser, page)
        record(answer)
        feedback = browser.follow(response, name="capacity: learn feedback")
        page = journeys.next_after_feedback(browser, feedback)
    _questions_known.set()

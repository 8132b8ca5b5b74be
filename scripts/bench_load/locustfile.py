"""Locust users for `make bench-load` (run by scripts/bench_load/run.py, one phase at a time).

- Participant: joins the session by its code like a browser (pages, cookies, CSRF tokens),
  waits for the trainer's "go", takes the 5-question quiz with a person's pauses; the first
  BENCH_ASSESSORS of them also answer the self-assessment for their team's project.
- Trainer: signs in and polls the session's live page every 5 seconds.
- Floor: fetches /healthz back to back (the cheapest request the app serves).
- AnswerCapacity: joins the workshop's session, then posts quiz answers back to back (a
  new attempt after each last answer),
  the write path's throughput at the same concurrency as the floor. Each of these users
  comes from an address of its own (X-Forwarded-For, which the app trusts from one proxy
  here): 200 scripts at machine speed are not a room, and one address starting 100
  attempts a second is what the rate limits are there to stop.
- ZipTrainer (issue 13): one of BENCH_ZIP_ACCOUNTS, signed in; a few seconds after "go"
  presses "Prepare report" for the ZIP of team reports on their own finished session,
  reloads the progress page as its meta refresh does until the download link shows, then
  downloads the ZIP and checks it holds one PDF a team.
- Phone and PacedTrainer (issue 17): a paced session. Each phone joins, opens the room
  page and asks room.json every 2 s as app/static/js/room.mjs does (If-None-Match, the
  next poll 2 s after the last answer, reloading the page when the key changes); answers
  each question when it shows. The trainer, once everyone is in, moves the room every
  BENCH_MOVE_EVERY seconds (start, show how the room answered, next, ...) from the
  controls page, whose own polling of the trainer's room.json it does too.
- RoomPollFloor: room.json with a matching If-None-Match (a 304) back to back: what a
  phone's poll costs the server at most, at the same concurrency.

Settings come from the environment (BENCH_*), written by run.py. Every answer the app
accepted is appended to answers-<pid>.jsonl in BENCH_OUT, for the database check. The
ZIPs' times, the room's moves and when each phone saw them, and (BENCH_RECORD) every
participant request's start and time go to JSON files in BENCH_OUT when locust quits.
"""

from __future__ import annotations

import base64
import io
import itertools
import json
import os
import random
import re
import time
import zipfile
import zlib
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import gevent
from gevent.event import Event
from locust import FastHttpUser, constant, events, task
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
# Users whose end ends the run (participants or phones, ZIP trainers, the paced trainer).
FINISHERS = int(os.environ.get("BENCH_FINISHERS", str(PARTICIPANTS)))
ZIP_SESSIONS = [int(n) for n in os.environ.get("BENCH_ZIP_SESSIONS", "").split(",") if n]
ZIP_ACCOUNTS = [a.split(":", 1) for a in os.environ.get("BENCH_ZIP_ACCOUNTS", "").split(",") if a]
ZIP_TEAMS = int(os.environ.get("BENCH_ZIP_TEAMS", "30"))
# Trainers press "Prepare report" this many seconds after "go" (the room is answering).
ZIP_DELAY = tuple(float(s) for s in os.environ.get("BENCH_ZIP_DELAY", "2,8").split(","))
# The progress page's <meta http-equiv="refresh"> (REFRESH_SECONDS in app/domain/report_jobs).
ZIP_REFRESH = float(os.environ.get("BENCH_ZIP_REFRESH", "5"))
PACED_ID = int(os.environ.get("BENCH_PACED_SESSION", "0"))
MOVE_EVERY = float(os.environ.get("BENCH_MOVE_EVERY", "10"))
POLL_SECONDS = 2.0  # room.mjs: data-room-interval, POLL_MS in app/training/paced.py
RECORD = os.environ.get("BENCH_RECORD") == "1"
PHASE = os.environ.get("BENCH_PHASE", "run")
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}
PARTICIPANT_STEPS = ("join:", "quiz:", "assessment:", "room:")

_numbers = itertools.count()
_arrived = itertools.count(1)
_finished = itertools.count(1)
_go = Event()
_first_join: list[float] = []
# Written to BENCH_OUT when locust quits (one process: every user is a greenlet in it).
_requests: list[tuple[float, float, bool]] = []  # participant requests: start, ms, failed
_zips: list[dict] = []
_moves: dict[str, float] = {}  # room key after a move -> when the trainer pressed it
_seen: list[tuple[str, float, float]] = []  # a phone saw a key: key, detected, page loaded
_ROOM_KEY = re.compile(r'data-room-key="([^"]+)"')


@events.request.add_listener
def _record_request(name, response_time, exception, start_time=None, **_kwargs) -> None:
    if RECORD and name.startswith(PARTICIPANT_STEPS):
        started = start_time if start_time is not None else time.time() - response_time / 1000
        _requests.append((started, response_time, exception is not None))


@events.quitting.add_listener
def _write_records(**_kwargs) -> None:
    if RECORD:
        (OUT / f"requests-{PHASE}.json").write_text(json.dumps(_requests))
    if _zips:
        (OUT / f"zips-{PHASE}.json").write_text(json.dumps(_zips))
    if _moves or _seen:
        (OUT / f"room-{PHASE}.json").write_text(json.dumps({"moves": _moves, "seen": _seen}))


def _finish_one(runner) -> None:
    """One more user whose work ends the run is done; when all are, quit (from another
    greenlet, not this user's)."""
    if next(_finished) >= FINISHERS:
        gevent.spawn(runner.quit)


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

    def join_the_room(self) -> Page:
        """Join the session by its code; the room's count goes up even if joining failed."""
        try:
            _first_join[:] = _first_join or [time.monotonic()]
            return journeys.join_by_code(self.browser, CODE, self.number)
        finally:
            _arrive()


def _arrive() -> None:
    """One more participant is in the room (or gave up); everyone in means "go"."""
    if next(_arrived) >= PARTICIPANTS:
        _go.set()
        # How long the room took to join, from the first person's first page.
        (OUT / f"joined-seconds-{PHASE}.txt").write_text(f"{time.monotonic() - _first_join[0]:.1f}")


class Participant(JourneyUser):
    fixed_count = PARTICIPANTS

    @task
    def workshop(self) -> None:
        try:
            landing = self.join_the_room()
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
            _finish_one(self.environment.runner)
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
        # In the workshop's session: a session asks everyone the same draw of questions
        # (on their own, each attempt draws 5 of the quiz's 20), so the questions the
        # first user learns are every attempt's.
        journeys.join_by_code(self.browser, CODE, self.number)
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


# --- Issue 13: trainers prepare ZIPs of team reports during the burst ---------------------

_zip_numbers = itertools.count()


class ZipTrainer(JourneyUser):
    fixed_count = len(ZIP_ACCOUNTS)

    def on_start(self) -> None:
        super().on_start()
        self.index = next(_zip_numbers)
        email, password = ZIP_ACCOUNTS[self.index]
        journeys.trainer_sign_in(self.browser, email, password)

    @task
    def prepare_zip(self) -> None:
        record = {"trainer": self.index + 1, "ok": False, "error": None}
        _zips.append(record)
        try:
            _go.wait(timeout=JOIN_WINDOW)
            gevent.sleep(random.uniform(*ZIP_DELAY))
            self.fetch_zip(record)
        except (UnexpectedPage, LookupError, zipfile.BadZipFile) as problem:
            record["error"] = str(problem)
            self.failed(UnexpectedPage(str(problem)))
        finally:
            _finish_one(self.environment.runner)
        raise StopUser

    def fetch_zip(self, record: dict) -> None:
        session = journeys.expect(
            self.browser.get(f"/trainer/sessions/{ZIP_SESSIONS[self.index]}", "zip: session page"),
            200,
            "the session page",
        )
        index = next(
            n for n, form in enumerate(session.forms()) if form.action.endswith("/team-reports")
        )
        record["pressed"] = time.time()
        sent = self.browser.submit(session, name="zip: prepare POST", index=index)
        job_url = journeys.expect(sent, 302, "Prepare report").location
        while True:
            page = self.browser.get(job_url, name="zip: progress page")
            journeys.expect(page, 200, "the progress page")
            if 'data-job-status="ready"' in page.text:
                break
            if 'data-job-status="working"' not in page.text:
                raise UnexpectedPage(f"the ZIP's job did not finish: {job_url}", page)
            gevent.sleep(ZIP_REFRESH)  # the page's meta refresh
        record["seen_ready"] = time.time()
        href = next(href for href, label in page.links() if label.startswith("Download"))
        response = self.client.get(href, name="zip: download")
        record["downloaded"] = time.time()
        if response.status_code != 200:
            raise UnexpectedPage(f"download: {response.status_code} at {href}")
        body = response.content or b""
        record["bytes"] = len(body)
        names = zipfile.ZipFile(io.BytesIO(body)).namelist()
        record["files"] = len(names)
        record["job"] = job_url.rsplit("/", 1)[1]
        if len(names) != ZIP_TEAMS:
            raise UnexpectedPage(f"the ZIP holds {len(names)} files, not {ZIP_TEAMS}")
        record["ok"] = True


# --- Issue 17: a paced room -----------------------------------------------------------------


def participant_token(cookie_value: str) -> str:
    """The participant token in Flask's session cookie (signed, not encrypted: a browser
    holds it in the clear), so the ledger can find this person's answers."""
    payload = cookie_value.split(".")[1] if cookie_value.startswith(".") else cookie_value
    data = base64.urlsafe_b64decode(payload.split(".")[0] + "==")
    if cookie_value.startswith("."):
        data = zlib.decompress(data)
    return json.loads(data)["joined"]["participant"]


class Phone(JourneyUser):
    fixed_count = PARTICIPANTS

    @task
    def follow_the_room(self) -> None:
        try:
            landing = self.join_the_room()
            room_url = next(href for href, _label in landing.links() if href.endswith("/room"))
            cookie = next(c.value for c in self.client.cookiejar if c.name == "session")
            self.token = participant_token(cookie)
            self.json_url = room_url + ".json"
            page = journeys.expect(self.browser.get(room_url, "room: page"), 200, "room page")
            while not self.key(page).startswith(("over", "closed")):
                page = self.until_the_room_moves(page)
        except (UnexpectedPage, LookupError, StopIteration) as problem:
            self.failed(
                problem if isinstance(problem, UnexpectedPage) else UnexpectedPage(str(problem))
            )
        finally:
            _finish_one(self.environment.runner)
        raise StopUser

    @staticmethod
    def key(page: Page) -> str:
        found = _ROOM_KEY.search(page.text)
        if found is None:
            raise UnexpectedPage(f"no room key on {page.url}", page)
        return found[1]

    def until_the_room_moves(self, page: Page) -> Page:
        """What room.mjs does on one page load: poll every 2 s (the first without an ETag)
        until the key changes, then load the page again. A question still open is
        answered after a person's pause (never longer than 40% of the trainer's interval,
        so the question is still open when a phone that saw it late answers)."""
        key, etag = self.key(page), None
        think = (THINK[0], min(THINK[1], 0.4 * MOVE_EVERY))
        answer_at = time.monotonic() + random.uniform(*think) if self.asks(page) else None
        next_poll = time.monotonic() + POLL_SECONDS
        while True:
            now = time.monotonic()
            if answer_at is not None and answer_at <= next_poll:
                gevent.sleep(max(0.0, answer_at - now))
                return self.seen_if_moved(key, self.answer(page), time.time())
            gevent.sleep(max(0.0, next_poll - now))
            headers = {"Accept": "application/json"} | ({"If-None-Match": etag} if etag else {})
            response = self.client.get(self.json_url, headers=headers, name="room: room.json")
            if response.status_code == 200:
                etag = response.headers.get("ETag")
                if json.loads(response.text)["key"] != key:
                    detected = time.time()
                    moved = self.browser.get(page.url, "room: page")
                    return self.seen_if_moved(key, journeys.expect(moved, 200, "room"), detected)
            elif response.status_code != 304:
                raise UnexpectedPage(f"room.json: {response.status_code}")
            next_poll = time.monotonic() + POLL_SECONDS

    def seen_if_moved(self, key: str, page: Page, detected: float) -> Page:
        """Note when this phone showed a room that had moved on from `key`."""
        if self.key(page) != key:
            _seen.append((self.key(page), detected, time.time()))
        return page

    @staticmethod
    def asks(page: Page) -> bool:
        return any("answer" in form.choices for form in page.forms())

    def answer(self, page: Page) -> Page:
        """Send an answer; the room's page after it. If the trainer closed the question
        first, the app says the answer was not counted (a 409, counted as a failure by
        locust) and shows where the room is now: the phone carries on from there."""
        form = page.form()
        value = random.choice(form.choices["answer"])
        sent = self.browser.submit(page, {"answer": value}, name="room: answer POST")
        if sent.status == 409:
            return sent
        journeys.expect(sent, 303, "send an answer")
        record(Answer("room", self.token, form.hidden["question_id"], value))
        return journeys.expect(self.browser.follow(sent, "room: page after answer"), 200, "room")


class PacedTrainer(JourneyUser):
    fixed_count = 1

    def on_start(self) -> None:
        super().on_start()
        journeys.trainer_sign_in(self.browser, TRAINER_EMAIL, TRAINER_PASSWORD)
        self.controls = f"/trainer/sessions/{PACED_ID}/controls"

    @task
    def run_the_room(self) -> None:
        poller = gevent.spawn(self.poll_room_state)
        try:
            _go.wait(timeout=JOIN_WINDOW)
            gevent.sleep(2)
            page = self.browser.get(self.controls, name="trainer: controls page")
            while True:
                page = journeys.expect(page, 200, "the controls page")
                moves = {form.hidden.get("move"): n for n, form in enumerate(page.forms())}
                move = next((m for m in ("start", "show", "next") if m in moves), None)
                if move is None:
                    break  # the quiz is over
                pressed = time.time()
                sent = self.browser.submit(
                    page, name=f"trainer: move POST ({move})", index=moves[move]
                )
                page = self.browser.follow(
                    journeys.expect(sent, 303, "move"), "trainer: controls page"
                )
                _moves[Phone.key(page)] = pressed
                if not Phone.key(page).startswith("over"):
                    gevent.sleep(MOVE_EVERY)
        except UnexpectedPage as problem:
            self.failed(problem)
        finally:
            poller.kill()
            _finish_one(self.environment.runner)
        raise StopUser

    def poll_room_state(self) -> None:
        """The controls page's own polling (room.mjs on the trainer's room.json)."""
        url, etag = f"/trainer/sessions/{PACED_ID}/room.json", None
        while True:
            gevent.sleep(POLL_SECONDS)
            headers = {"If-None-Match": etag} if etag else {}
            response = self.client.get(url, headers=headers, name="trainer: room.json")
            if response.status_code == 200:
                etag = response.headers.get("ETag")


class RoomPollFloor(JourneyUser):
    def on_start(self) -> None:
        super().on_start()
        self.url = f"/s/{CODE}/room.json"
        first = self.client.get(self.url, name="pollfloor: first room.json")
        self.etag = first.headers.get("ETag") or ""

    @task
    def poll(self) -> None:
        self.client.get(
            self.url, headers={"If-None-Match": self.etag}, name="pollfloor: room.json 304"
        )

"""What the fault runs share: the app served by gunicorn on loopback with a workshop set up,
a throwaway PostgreSQL cluster, and a participant who tries again when a request fails."""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.domain.content import load_library
from drive import journeys, ledger, seed
from drive.appserver import AppServer, app_environment, free_port
from drive.client import Browser
from drive.pages import Page

CONTENT = load_library(Path(__file__).resolve().parents[2] / "quizzes")
# What a dropped connection looks like to the client: the person would see a browser error.
CONNECTION_FAILURES = (OSError, http.client.HTTPException)


@dataclass
class Served:
    servers: list[AppServer]
    database_url: str
    workshop: seed.Workshop
    account: seed.TrainerAccount

    @property
    def url(self) -> str:
        return self.servers[0].url

    def reconcile(self, accepted: list[journeys.Answer]) -> ledger.Reconciliation:
        return ledger.reconcile(self.database_url, accepted, CONTENT)


@contextlib.contextmanager
def serve(workdir: Path, database_url: str, workers: int, **settings: str) -> Iterator[Served]:
    """Migrate, create a trainer and a session, and serve the app with gunicorn."""
    account = seed.prepare_database(database_url)
    env = app_environment(database_url, workdir, **settings)
    with AppServer(env, workdir / "app.log", workers) as server:
        trainer = seed.signed_in(server.url, account)
        workshop = seed.open_workshop(trainer, database_url, "Fault run")
        yield Served([server], database_url, workshop, account)


@dataclass
class Participant:
    """Takes the session's quiz; when a request fails they reload the page and send the
    same answer again, as a person would. Records every answer they saw accepted."""

    base_url: str
    code: str
    number: int
    deadline: float
    accepted: list[journeys.Answer] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.browser = Browser(self.base_url, timeout=20)

    def again(self, step):
        """Run `step` until it works; each failure (dropped connection or 5xx) is noted."""
        while True:
            try:
                return step()
            except CONNECTION_FAILURES as error:
                self.failures.append(f"{type(error).__name__}: {error}")
            except journeys.UnexpectedPage as problem:
                if problem.page is None or problem.page.status < 500:
                    raise
                self.failures.append(f"{problem.page.status} at {problem.page.url}")
            if time.monotonic() > self.deadline:
                raise TimeoutError(f"participant {self.number} gave up: {self.failures[-3:]}")
            time.sleep(0.2)

    def take_quiz(self) -> None:
        session_page = self.again(
            lambda: journeys.join_by_code(self.browser, self.code, self.number)
        )
        question = self.again(lambda: self.start(session_page))
        while journeys.quiz_step(question.url)[1] != "result":
            question = self.answer(question)

    def start(self, session_page: Page) -> Page:
        return journeys.start_quiz(self.browser, journeys.quiz_start(self.browser, session_page))

    def answer(self, question: Page) -> Page:
        """Answer the question on this page; return the next question (or the result)."""
        url = question.url
        value = question.form().choices["answer"][self.number % 5]
        question_id = question.form().hidden["question_id"]

        def send() -> Page:
            page = self.browser.get(url)
            if not page.is_redirect:  # not answered yet (or the earlier send was lost)
                page = journeys.expect(page, 200, "question page")
                page = journeys.expect(self.browser.submit(page, {"answer": value}), 303, "answer")
            feedback = journeys.expect(self.browser.follow(page), 200, "feedback page")
            if not feedback.url.endswith("/feedback"):
                raise journeys.UnexpectedPage(f"expected feedback, got {feedback.url}", feedback)
            return feedback

        feedback = self.again(send)
        attempt, _ = journeys.quiz_step(url)
        self.accepted.append(journeys.Answer("quiz", attempt, question_id, value))
        return self.again(lambda: journeys.next_after_feedback(self.browser, feedback))


def postgres_bin() -> Path:
    """The newest installed PostgreSQL's bin folder, or skip the test saying why."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not found:
        pytest.skip("PostgreSQL server binaries are not installed (/usr/lib/postgresql/*/bin)")
    return found[-1].parent


@dataclass
class ThrowawayPostgres:
    """A PostgreSQL cluster of our own on a free loopback port, never the shared one."""

    bin: Path
    folder: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)  # noqa: S603

    def init(self) -> None:
        self._run("initdb", "-D", str(self.folder / "data"), "-U", "postgres", "-A", "trust")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        data, log = str(self.folder / "data"), str(self.folder / "server.log")
        self._run("pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", mode, "-w", "stop")


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[ThrowawayPostgres]:
    bin_dir = postgres_bin()
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: cannot start PostgreSQL as postgres")
    # In /tmp (not pytest's root-only tmp_path) so the postgres user can reach it.
    folder = Path(tempfile.mkdtemp(prefix="faults-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    cluster = ThrowawayPostgres(bin_dir, folder, free_port())
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            cluster.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)

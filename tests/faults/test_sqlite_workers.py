"""SQLite with several gunicorn workers writing at once: no "database is locked" for anyone."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text

from app import create_app, sqlite_tuning
from app.db import Base, make_engine
from tests.faults.harness import Participant, serve
from tests.helpers import form_fields, text_of

pytestmark = pytest.mark.faults

PEOPLE = 40
WORKERS = 4


def test_concurrent_answers_on_sqlite_never_show_database_is_locked(tmp_path):
    with serve(tmp_path, f"sqlite:///{tmp_path / 'app.db'}", WORKERS) as served:
        deadline = time.monotonic() + 90
        people = [Participant(served.url, served.workshop.code, n, deadline) for n in range(PEOPLE)]
        with ThreadPoolExecutor(PEOPLE) as pool:
            for finished in [pool.submit(person.take_quiz) for person in people]:
                finished.result(timeout=120)

        # Not one request failed: no 5xx page, no dropped connection, nothing to retry.
        assert [failure for person in people for failure in person.failures] == []
        result = served.reconcile([answer for person in people for answer in person.accepted])
        assert result.ok and result.stored == PEOPLE * 5, str(result)
    assert "database is locked" not in (tmp_path / "app.log").read_text()


@pytest.fixture
def sqlite_app(tmp_path):
    app = create_app("test", {"DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}"})
    Base.metadata.create_all(app.extensions["db_engine"])
    yield app
    app.extensions["db_engine"].dispose()


def _start_quiz(client) -> str:
    _, fields = form_fields(client.get("/quiz/is-it-co-production/").get_data(as_text=True))
    return client.post("/quiz/is-it-co-production/", data=fields).headers["Location"]


def _hold_write_turn(url: str, seconds: float, holding: threading.Event) -> None:
    """Another process's writer: holds the write turn (and SQLite's lock) for a while."""
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("SELECT 1"))
        holding.set()
        time.sleep(seconds)
    engine.dispose()


def test_a_write_waits_for_its_turn_and_a_read_does_not(sqlite_app):
    client = sqlite_app.test_client()
    holding = threading.Event()
    writer = threading.Thread(
        target=_hold_write_turn, args=(sqlite_app.config["DATABASE_URL"], 1.5, holding)
    )
    writer.start()
    holding.wait(5)
    began = time.monotonic()
    assert client.get("/quiz/is-it-co-production/").status_code == 200
    read_took = time.monotonic() - began
    question = _start_quiz(client)  # a write: waits for the other writer, then succeeds
    write_took = time.monotonic() - began
    writer.join()
    assert read_took < 1.0 <= write_took
    assert client.get(question).status_code == 200


def test_a_write_that_cannot_get_its_turn_gets_the_try_again_page(sqlite_app, monkeypatch):
    monkeypatch.setattr(sqlite_tuning, "WRITE_WAIT_SECONDS", 0.5)
    client = sqlite_app.test_client()
    _, fields = form_fields(client.get("/quiz/is-it-co-production/").get_data(as_text=True))
    holding = threading.Event()
    writer = threading.Thread(
        target=_hold_write_turn, args=(sqlite_app.config["DATABASE_URL"], 2, holding)
    )
    writer.start()
    holding.wait(5)
    response = client.post("/quiz/is-it-co-production/", data=fields)
    writer.join()
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in text_of(response)
    # Once the other writer is done, the same request works.
    assert client.post("/quiz/is-it-co-production/", data=fields).status_code == 303

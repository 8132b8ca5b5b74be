"""Rate limits: the shared SQLite counters, join-code guessing, anonymous writes and PDFs.

The same limits under gunicorn with 3 workers: tests/test_limits_gunicorn.py.
"""

from __future__ import annotations

import multiprocessing
import time

import pytest
from flask.testing import FlaskClient
from limits.storage import storage_from_string

from app import limits
from app.codes import CODE_ALPHABET, CODE_LENGTH, OLDER_CODE_LENGTH, new_join_code
from app.ratelimit_storage import SQLiteStorage
from tests.helpers import form_fields, submit_form, text_of
from tests.journeys import create_session, session_row, signed_in_client


def quick_client(app, address: str = "127.0.0.1") -> FlaskClient:
    """A client without the page checks (hundreds of requests here) from `address`."""
    client = FlaskClient(app, app.response_class, use_cookies=True)
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_finding_one_of_1000_live_codes_takes_one_address_over_a_year():
    assert len(CODE_ALPHABET) == 31 and CODE_LENGTH == 8
    guesses_needed = limits.expected_guesses(live_codes=1000)
    assert guesses_needed == pytest.approx(852_038_998, rel=1e-6)
    assert limits.guesses_a_year() == 876_000  # 100 an hour from one address
    years = guesses_needed / limits.guesses_a_year()
    assert years > 900
    # Codes from before they grew to 8 characters still work, and still take over a year.
    older = limits.expected_guesses(live_codes=1000, code_length=OLDER_CODE_LENGTH)
    assert older / limits.guesses_a_year() > 1


def test_new_codes_have_8_characters_from_the_alphabet():
    for _ in range(50):
        code = new_join_code()
        assert len(code) == 8 and set(code) <= set(CODE_ALPHABET)


def _enter_code(client, code: str):
    return submit_form(client, "/join", {"code": code})


def test_guessing_codes_at_join_is_stopped_after_100_misses_an_hour(app):
    client = quick_client(app)
    trainer = signed_in_client(app)
    real = session_row(app, create_session(trainer)).join_code
    _, fields = form_fields(client.get("/join").get_data(as_text=True))
    for n in range(100):
        guess = "".join(CODE_ALPHABET[(n + i) % 31] for i in range(CODE_LENGTH))
        response = client.post("/join", data={**fields, "code": guess})
        assert "We could not find that code" in text_of(response), n
    # Now even a real code waits: the address has used its guesses.
    response = client.post("/join", data={**fields, "code": real})
    assert response.status_code == 429
    assert "Too many attempts" in text_of(response)
    assert client.get(f"/s/{real}").status_code == 429
    # Someone at another address is not affected.
    other = quick_client(app, "192.0.2.10")
    assert _enter_code(other, real).headers["Location"] == f"/s/{real}"


def test_typos_in_a_codes_shape_and_right_codes_are_not_counted(app):
    client = quick_client(app)
    trainer = signed_in_client(app)
    real = session_row(app, create_session(trainer)).join_code
    _, fields = form_fields(client.get("/join").get_data(as_text=True))
    for _ in range(120):
        assert client.post("/join", data={**fields, "code": real}).status_code == 302
        assert "exactly as shown" in text_of(client.post("/join", data={**fields, "code": "O0"}))


def test_unknown_codes_in_links_count_as_guesses(app):
    client = quick_client(app)
    for n in range(100):
        guess = "".join(CODE_ALPHABET[(n * 7 + i) % 31] for i in range(CODE_LENGTH))
        url = f"/s/{guess}" if n % 2 else f"/assessment/join/{guess}"
        assert client.get(url).status_code == 404
    assert client.get("/s/ABCDEFGH").status_code == 429
    assert client.get("/assessment/join/ABCDEFGH").status_code == 429


def test_starting_quiz_attempts_is_limited_per_address(app):
    client = quick_client(app)
    _, fields = form_fields(client.get("/quiz/is-it-co-production/").get_data(as_text=True))
    for _ in range(300):  # a whole room, and more, pressing Start
        assert client.post("/quiz/is-it-co-production/", data=fields).status_code == 303
    assert client.post("/quiz/is-it-co-production/", data=fields).status_code == 429
    assert (
        submit_form(quick_client(app, "192.0.2.10"), "/quiz/is-it-co-production/").status_code
        == 303
    )


def test_pdf_routes_share_one_limit_per_address(app):
    client = quick_client(app)
    for n in range(300):
        url = "/downloads/quiz/" + "x" * 43 + ".pdf" if n % 2 else "/downloads/team/nope.pdf"
        assert client.get(url).status_code == 404
    assert client.get("/downloads/team/nope.pdf").status_code == 429


def test_starting_a_self_assessment_is_limited_per_address(app):
    client = quick_client(app)
    _, fields = form_fields(client.get("/assessment/").get_data(as_text=True))
    data = {**fields, "project_name": "Ward 7 discharge", "team_name": "Ward 7"}
    for _ in range(300):  # every person in a room starting their own team's
        assert client.post("/assessment/", data=data).status_code == 302
    assert client.post("/assessment/", data=data).status_code == 429


# --- The shared SQLite storage ---------------------------------------------------------


def _count_in_another_process(uri: str, times: int) -> None:
    storage = storage_from_string(uri)
    for _ in range(times):
        storage.incr("shared", 60)


def test_sqlite_storage_counts_once_for_every_process(tmp_path):
    uri = f"sqlite:///{tmp_path / 'limits.db'}"
    storage = storage_from_string(uri)
    assert isinstance(storage, SQLiteStorage)
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_count_in_another_process, args=(uri, 50)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert storage.get("shared") == 150
    assert storage.incr("shared", 60) == 151


def test_sqlite_storage_windows_expire_and_clear(tmp_path):
    storage = SQLiteStorage(f"sqlite:///{tmp_path / 'limits.db'}")
    assert storage.incr("k", 1) == 1
    assert storage.incr("k", 1, amount=2) == 3
    assert storage.get_expiry("k") > time.time()
    time.sleep(1.05)
    assert storage.get("k") == 0
    assert storage.incr("k", 1) == 1  # a new window
    storage.clear("k")
    assert storage.get("k") == 0
    assert storage.check()
    storage.incr("a", 60)
    assert storage.reset() == 1


def test_sqlite_storage_refuses_another_scheme():
    with pytest.raises(ValueError, match="sqlite:///"):
        SQLiteStorage("redis://localhost")


def test_sqlite_storage_deletes_expired_rows(tmp_path, monkeypatch):
    storage = SQLiteStorage(f"sqlite:///{tmp_path / 'limits.db'}")
    storage.incr("sign-in-failures:someone@example.nhs.uk", 1)
    time.sleep(1.05)
    monkeypatch.setattr(storage, "_swept_at", 0.0)  # as if the last sweep was long ago
    storage.incr("other", 60)
    keys = [key for (key,) in storage._db().execute("SELECT key FROM counters")]
    assert keys == ["other"]

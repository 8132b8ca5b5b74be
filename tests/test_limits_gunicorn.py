"""Sign-in limits and the access log under real gunicorn with 3 workers (as `make run`).

Each request below is a new connection, so the workers share them out: limits counted in
each worker's memory let through about 3 times as many tries as they should.
"""

from __future__ import annotations

import re
import time

import pytest

from drive import seed
from drive.appserver import AppServer, app_environment
from drive.client import Browser
from drive.journeys import expect

pytestmark = pytest.mark.slow

WORKERS = 3


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gunicorn")
    database_url = f"sqlite:///{folder / 'app.db'}"
    account = seed.prepare_database(database_url)
    # The default storage: a SQLite file in the instance folder, shared by the workers.
    env = app_environment(database_url, folder)
    server = AppServer(
        env, folder / "app.log", WORKERS, access_log=True, access_log_format=None
    ).start()
    yield server, account
    server.stop()


def _browser(server, address: str) -> Browser:
    """A browser at `address` (the app trusts one proxy's X-Forwarded-For here)."""
    browser = Browser(server.url)
    browser.headers["X-Forwarded-For"] = address
    return browser


def _sign_in(browser: Browser, email: str, password: str):
    page = expect(browser.get("/trainer/sign-in"), 200, "sign-in page")
    return browser.submit(page, {"email": email, "password": password})


def test_ten_failed_sign_ins_a_minute_from_one_address_across_all_workers(served):
    server, _ = served
    browser = _browser(server, "192.0.2.10")
    statuses = [
        _sign_in(browser, f"nobody{n}@example.nhs.uk", "not the password").status for n in range(11)
    ]
    assert statuses == [200] * 10 + [429]
    assert len(server.worker_pids()) == WORKERS


def test_an_account_slows_down_after_five_wrong_passwords_and_then_lets_its_owner_in(served):
    server, account = served
    guesser = _browser(server, "192.0.2.20")
    for _ in range(5):
        assert _sign_in(guesser, account.email, "not the password").status == 200
    owner = _browser(server, "192.0.2.21")
    waiting = _sign_in(owner, account.email, account.password)
    assert waiting.status == 429 and "then try again" in waiting.text
    time.sleep(1.1)
    assert _sign_in(owner, account.email, account.password).status == 302


def test_the_access_log_holds_routes_and_networks_not_tokens_or_addresses(served):
    server, _ = served
    token = "Qx7" * 14
    browser = _browser(server, "203.0.113.77")
    browser.headers["Referer"] = f"{server.url}/assessment/results/{token}/share"
    assert browser.get(f"/assessment/results/{token}?round=2").status == 404
    assert browser.get("/no-such-page").status == 404
    time.sleep(0.3)  # the worker writes its line after the response
    log = (server.log_path).read_text()
    lines = [line for line in log.splitlines() if "203.0.113.0/24" in line]
    assert any('"GET /assessment/results/<token> HTTP/1.1" 404' in line for line in lines)
    assert any('"GET (no route) HTTP/1.1" 404' in line for line in lines)
    assert token not in log and "round=2" not in log
    assert not re.search(r"203\.0\.113\.77|192\.0\.2\.\d+\b(?!/)", log)

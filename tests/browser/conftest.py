"""The browser layer: the app on a live server on loopback, driven by Debian's Chromium.

One server with its own SQLite database and one browser serve the whole run; each test gets
fresh browser contexts (no shared cookies), and each context records every request it makes.
The browser tests run on SQLite only: the database tests cover PostgreSQL.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

from app import create_app, models  # noqa: F401  (registers the tables)
from app.db import Base
from tests.browser.a11y import NoScriptMirror
from tests.browser.html_check import HtmlChecker
from tests.browser.user import MODES, Mode, Recorder, User

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@dataclass
class LiveServer:
    app: Flask
    url: str


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    database = tmp_path_factory.mktemp("live") / "browser.db"
    # The live page, a report's page and a paced room ask often, so tests see updates
    # without waiting long.
    settings = {"LIVE_REFRESH_SECONDS": 1, "REPORT_REFRESH_SECONDS": 1, "ROOM_POLL_SECONDS": 0.5}
    app = create_app("test", {"DATABASE_URL": f"sqlite:///{database}", **settings})
    Base.metadata.create_all(app.extensions["db_engine"])
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    thread.join()
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install it with `apt-get install chromium`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def html_checker() -> Iterator[HtmlChecker]:
    checker = HtmlChecker()
    yield checker
    checker.close()


@pytest.fixture
def new_user(browser, live_server, html_checker) -> Iterator[Callable[[Mode], User]]:
    """Open a browser for one more person (own cookies) in a mode; checked when the test ends."""
    contexts, recorders = [], []

    def open_page(mode: Mode, javascript: bool) -> Page:
        context = browser.new_context(
            base_url=live_server.url, java_script_enabled=javascript, viewport=mode.viewport
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        if mode.large_text:
            cdp = context.new_cdp_session(page)
            cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
        return page

    def open_user(mode: Mode) -> User:
        page = open_page(mode, mode.javascript)
        recorder = Recorder(page.context, live_server.url)
        recorders.append(recorder)
        mirror = None if mode.javascript else NoScriptMirror(open_page(mode, javascript=True))
        return User(page, mode, recorder, mirror, html_checker)

    yield open_user
    for context in contexts:
        context.close()
    for recorder in recorders:
        recorder.assert_clean()


@pytest.fixture(params=MODES, ids=str)
def user(request, new_user) -> User:
    """One person, once per mode: desktop, keyboard only, small screen, no JavaScript."""
    return new_user(request.param)

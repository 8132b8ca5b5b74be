"""Byte budgets of the pages participants open on their phones (issue 13): at most 60 KB
over the wire on a first visit (the page and every file it loads), at most 10 KB on the
next page, when the files are cached.

Counted as a browser would receive them, compressed (Accept-Encoding: br, gzip), headers
included: the page, its stylesheet, icons and web manifest, its module scripts and every
module they import. `make bench-pages` measures the same in Chromium, with Lighthouse.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from app.db import get_db
from app.quiz.queries import asked_in, find_attempt, quiz_of
from tests.helpers import body_text, submit_form

KB = 1024
FIRST_LOAD_BUDGET = 60 * KB
NEXT_PAGE_BUDGET = 10 * KB
BROWSER = {"Accept-Encoding": "br, gzip"}
QUIZ_ID = "is-it-co-production"
# Static imports in a module: `import x from "./a.mjs"`, `import "./b.mjs"`.
MODULE_IMPORT = re.compile(r"""\bimport\b[^"';]*?["'](\.\.?/[^"']+)["']""")


def wire_bytes(response) -> int:
    status_line = f"HTTP/1.1 {response.status}\r\n"
    headers = "".join(f"{name}: {value}\r\n" for name, value in response.headers.items())
    return len(status_line) + len(headers) + 2 + len(response.data)


def assets_of(client, page_url: str, html: str) -> dict[str, object]:
    """Every file the page makes a browser fetch, each fetched as a browser would."""
    soup = BeautifulSoup(html, "html.parser")
    queue = [urljoin(page_url, tag["href"]) for tag in soup.select("head link[href]")]
    queue += [urljoin(page_url, tag["src"]) for tag in soup.select("script[src]")]
    fetched = {}
    while queue:
        url = queue.pop()
        if url in fetched:
            continue
        fetched[url] = response = client.get(url, headers=BROWSER)
        assert response.status_code == 200, url
        if url.endswith(".mjs"):
            queue += [urljoin(url, path) for path in MODULE_IMPORT.findall(body_text(response))]
    return fetched


def budget(client, url: str) -> tuple[int, int]:
    """(bytes on a first visit, bytes on the next page) for the page at url."""
    page = client.get(url, headers=BROWSER)
    assert page.status_code == 200, url
    assert page.headers["Content-Encoding"] == "br"
    assets = assets_of(client, url, body_text(page))
    assert not any("plotly" in asset or "charts" in asset for asset in assets), url
    for asset, response in assets.items():
        # What makes the next page cheap: every file is kept by the browser.
        assert "immutable" in response.headers["Cache-Control"], asset
    return wire_bytes(page) + sum(map(wire_bytes, assets.values())), wire_bytes(page)


def participant_pages(app, client) -> dict[str, tuple[int, int]]:
    """Walk a participant's pages, measuring each while it is the page they are on."""
    measured = {"join": budget(client, "/join")}

    question_url = submit_form(client, f"/quiz/{QUIZ_ID}/").headers["Location"]
    measured["quiz question"] = budget(client, question_url)
    attempt_url = question_url.rsplit("/", 1)[0]
    with app.app_context():
        attempt = find_attempt(get_db(), attempt_url.rsplit("/", 1)[1])
        questions = asked_in(attempt, quiz_of(get_db(), attempt))  # this attempt's own draw
    for n, question in enumerate(questions, start=1):
        response = submit_form(client, f"{attempt_url}/{n}", {"answer": question.answer.id})
        assert response.status_code == 303
    measured["quiz result"] = budget(client, f"{attempt_url}/result")

    project = {"project_name": "Discharge letters", "team_name": "Ward 7", "description": ""}
    share_url = submit_form(client, "/assessment/", project).headers["Location"]
    share = BeautifulSoup(body_text(client.get(share_url)), "html.parser")
    code = share.select_one("#join-code").get_text(strip=True).replace("-", "")
    member = app.test_client()
    joined = submit_form(member, f"/assessment/join/{code}", {"perspective": "staff"})
    measured["self-assessment question"] = budget(member, joined.headers["Location"])
    return measured


@pytest.fixture
def measured(app, client):
    return participant_pages(app, client)


def test_participant_pages_fit_their_budgets(measured):
    assert set(measured) == {"join", "quiz question", "quiz result", "self-assessment question"}
    for name, (first, next_page) in measured.items():
        assert first <= FIRST_LOAD_BUDGET, f"{name}: {first / KB:.1f} KB on a first visit"
        assert next_page <= NEXT_PAGE_BUDGET, f"{name}: {next_page / KB:.1f} KB as the next page"

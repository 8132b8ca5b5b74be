"""`make bench-pages`: what each key page costs a phone, in bytes, requests and Lighthouse.

The app runs under gunicorn on loopback with a fresh SQLite database (as `make bench-load`
starts it), a trainer, a session with the quiz, the self-assessment and teams, and people
who have joined, taken the quiz and answered the self-assessment. Each key page is then
opened in Chromium (Playwright) twice, with that person's cookies:

- first load: an empty cache, so the page and every file it uses come over the wire;
- next page: the home page first, then this page, as someone moving on through the site:
  the files the home page fetched are in the cache.

On chart pages the bench reads down the page so that every chart is drawn (charts load
plotly.js only as they come near the view): their bytes include plotly.js. Lighthouse does
not scroll, so its score is the page as first shown, before the charts.

Bytes are counted by Chromium's DevTools protocol: "compressed" is what crossed the wire
(headers and bodies as sent), "uncompressed" the bodies after decoding. A benchmark, not a
test: it prints figures and marks each budget met or MISSED, and exits 1 if one is missed.
Lighthouse (performance only, its default phone with a slow 4G link, simulated) runs when
scripts/lighthouse is installed (the make target does it) and Chromium is there.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import APIRequestContext, Browser, sync_playwright

from drive import journeys, seed
from drive.appserver import AppServer, app_environment
from drive.client import Client, FormData
from drive.pages import Page

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic"]
LIGHTHOUSE = ROOT / "scripts" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
KB = 1024
# Chart pages draw their charts as the reader scrolls near them (static/js/charts.mjs): read
# down the page, table by table, and wait until every chart is drawn.
READ_DOWN = """async () => {
  for (const table of document.querySelectorAll("main table")) {
    table.scrollIntoView();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}"""
ALL_DRAWN = "() => !document.querySelector('[data-app-chart]:not([data-app-chart-ready])')"

# Budgets (issue 13): participants are on phones and NHS Wi-Fi.
PARTICIPANT_FIRST, PARTICIPANT_NEXT, CHART_FIRST, LIGHTHOUSE_MIN = 60 * KB, 10 * KB, 400 * KB, 90


class PlaywrightClient(Client):
    """The bench journeys' client on a browser context's own request API, which shares the
    context's cookies: the pages opened later are this person's."""

    def __init__(self, base_url: str, request: APIRequestContext) -> None:
        self.base_url = base_url
        self.request = request

    def send(self, method: str, url: str, data: FormData | None, name: str = "") -> Page:
        form = dict(data) if data is not None else None
        response = self.request.fetch(url, method=method, form=form, max_redirects=0)
        location = response.headers.get("location")
        return Page(response.status, url, response.text(), location and self._absolute(location))

    def _absolute(self, location: str) -> str:
        return location if "://" in location else self.base_url + location


@dataclass
class Load:
    """One page load: the requests that went over the wire, and those the cache answered."""

    wire_bytes: int = 0
    body_bytes: int = 0
    requests: int = 0
    cached: int = 0


@dataclass
class KeyPage:
    name: str
    path: str
    kind: str  # "participant", "chart" or "other": which budgets apply
    cookies: list[dict] = field(default_factory=list)
    first: Load | None = None
    next: Load | None = None
    lighthouse: int | None = None
    lighthouse_metrics: str = ""


def measure_load(browser: Browser, base_url: str, page: KeyPage, warm_up: str | None) -> Load:
    context = browser.new_context(base_url=base_url)
    context.add_cookies(page.cookies)
    tab = context.new_page()
    if warm_up:
        tab.goto(warm_up, wait_until="networkidle")
    cdp = context.new_cdp_session(tab)
    seen: dict[str, dict] = {}

    def entry(event: dict) -> dict:
        return seen.setdefault(event["requestId"], {"wire": 0, "body": 0, "cached": False})

    cdp.on("Network.requestWillBeSent", entry)
    cdp.on("Network.requestServedFromCache", lambda e: entry(e).update(cached=True))
    cdp.on(
        "Network.dataReceived", lambda e: entry(e).update(body=entry(e)["body"] + e["dataLength"])
    )
    cdp.on("Network.loadingFinished", lambda e: entry(e).update(wire=e["encodedDataLength"]))
    cdp.on(
        "Network.responseReceived",
        lambda e: e["response"].get("fromDiskCache") and entry(e).update(cached=True),
    )
    cdp.send("Network.enable")
    tab.goto(page.path, wait_until="networkidle")
    if page.kind == "chart":
        tab.evaluate(READ_DOWN)
        tab.wait_for_function(ALL_DRAWN, timeout=60_000)
        tab.wait_for_load_state("networkidle")
    tab.wait_for_timeout(300)  # the last protocol events arrive just after network idle
    context.close()
    load = Load()
    for request in seen.values():
        if request["cached"]:
            load.cached += 1
        else:
            load.requests += 1
            load.wire_bytes += request["wire"]
            load.body_bytes += request["body"]
    return load


def measure(browser: Browser, base_url: str, page: KeyPage) -> None:
    page.first = measure_load(browser, base_url, page, warm_up=None)
    page.next = measure_load(browser, base_url, page, warm_up="/")


LIGHTHOUSE_METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
}


def run_lighthouse(base_url: str, page: KeyPage) -> None:
    """Fill in page.lighthouse (the performance score) and the metrics behind it."""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.cookies)
    command = [
        str(LIGHTHOUSE),
        base_url + page.path,
        "--only-categories=performance",
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--chrome-flags=--headless=new {' '.join(CHROMIUM_ARGS)}",
        *([f"--extra-headers={json.dumps({'Cookie': cookie})}"] if cookie else []),
    ]
    result = subprocess.run(  # noqa: S603 (our own pinned lighthouse, fixed arguments)
        command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM}
    )
    if result.returncode != 0:
        print(f"lighthouse failed on {page.name}: {result.stderr[-500:]}", file=sys.stderr)
        return
    found = json.loads(result.stdout)
    score = found["categories"]["performance"]["score"]
    page.lighthouse = round(score * 100) if score is not None else None
    page.lighthouse_metrics = ", ".join(
        f"{label} {found['audits'][audit]['displayValue']}"
        for audit, label in LIGHTHOUSE_METRICS.items()
    )


def key_pages(browser: Browser, base_url: str, database_url: str) -> list[KeyPage]:
    """Set the workshop up through the app's own pages; measure each page in its moment
    (a question page is only the question before it is answered)."""
    account = seed.prepare_database(database_url)
    measured: list[KeyPage] = []

    def person() -> tuple[PlaywrightClient, object]:
        context = browser.new_context(base_url=base_url)
        return PlaywrightClient(base_url, context.request), context

    def take(name: str, path: str, kind: str, context=None) -> None:
        cookies = context.cookies() if context is not None else []
        page = KeyPage(name, path.removeprefix(base_url), kind, cookies)
        measure(browser, base_url, page)
        measured.append(page)

    trainer, trainer_context = person()
    journeys.trainer_sign_in(trainer, account.email, account.password)
    workshop = seed.open_workshop(trainer, database_url, "Bench pages")

    take("home", "/", "other")
    take("join", "/join", "participant")

    # Four people of one team answer the self-assessment, so its results have figures.
    for number in range(0, 40, 10):
        member, _ = person()
        session_page = journeys.join_by_code(member, workshop.code, number)
        journeys.self_assess(member, session_page, on_answer=lambda _answer: None)

    participant, participant_context = person()
    session_page = journeys.join_by_code(participant, workshop.code, 0)
    question = journeys.start_quiz(participant, journeys.quiz_start(participant, session_page))
    take("quiz question", question.url, "participant", participant_context)
    page = question
    while journeys.quiz_step(page.url)[1] != "result":
        response, _answer = journeys.answer_question(participant, page)
        feedback = participant.follow(response)
        page = journeys.next_after_feedback(participant, feedback)
    take("quiz result", page.url, "participant", participant_context)

    start = participant.get(session_page.link("Start the self-assessment"))
    perspective = start.form().choices["perspective"][0]
    first_question = participant.follow(participant.submit(start, {"perspective": perspective}))
    take("self-assessment question", first_question.url, "participant", participant_context)

    session = trainer.get(f"/trainer/sessions/{workshop.session_id}")
    team_results = session.link(f"{seed.TEAMS[0]}: results")
    take("team results", team_results, "chart", trainer_context)
    take("trainer live", workshop.live_path, "chart", trainer_context)
    take(
        "trainer present",
        f"/trainer/sessions/{workshop.session_id}/present",
        "other",
        trainer_context,
    )
    return measured


def verdict(value: int | None, limit: int, at_least: bool = False) -> str:
    if value is None:
        return "not measured"
    met = value >= limit if at_least else value <= limit
    return "met" if met else "MISSED"


def report(pages: list[KeyPage], lighthouse_note: str) -> bool:
    """Print the table and the budgets; True when every budget measured is met."""
    print(
        f"{'Page':<26}{'first load: compressed / uncompressed, requests':>50}"
        f"{'next page: compressed, requests (+ cached)':>46}{'Lighthouse':>12}"
    )
    for page in pages:
        first, nxt = page.first, page.next
        first_text = (
            f"{first.wire_bytes / KB:.1f} KB / {first.body_bytes / KB:.1f} KB, {first.requests}"
        )
        next_text = f"{nxt.wire_bytes / KB:.1f} KB, {nxt.requests} (+ {nxt.cached})"
        score = page.lighthouse if page.lighthouse is not None else "-"
        print(f"{page.name:<26}{first_text:>50}{next_text:>46}{score:>12}")
    if lighthouse_note:
        print(f"Lighthouse: {lighthouse_note}")
    else:
        print("\nLighthouse metrics (a phone on slow 4G, simulated)")
        for page in pages:
            print(f"  {page.name}: {page.lighthouse_metrics}")
    print("\nBudgets")
    results = []
    for page in pages:
        checks = []
        if page.kind == "participant":
            checks += [
                (
                    f"first load at most {PARTICIPANT_FIRST // KB} KB",
                    page.first.wire_bytes,
                    PARTICIPANT_FIRST,
                ),
                (
                    f"next page at most {PARTICIPANT_NEXT // KB} KB",
                    page.next.wire_bytes,
                    PARTICIPANT_NEXT,
                ),
            ]
        if page.kind == "chart":
            checks.append(
                (f"first load at most {CHART_FIRST // KB} KB", page.first.wire_bytes, CHART_FIRST)
            )
        for label, value, limit in checks:
            results.append(verdict(value, limit))
            print(f"  {page.name}: {label} ({value / KB:.1f} KB): {results[-1]}")
        if not lighthouse_note:
            results.append(verdict(page.lighthouse, LIGHTHOUSE_MIN, at_least=True))
            print(
                f"  {page.name}: Lighthouse performance {LIGHTHOUSE_MIN} or more "
                f"({page.lighthouse}): {results[-1]}"
            )
    return "MISSED" not in results and "not measured" not in results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-lighthouse", action="store_true", help="bytes and requests only")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (as make run)")
    args = parser.parse_args(argv)

    lighthouse_note = ""
    if args.no_lighthouse:
        lighthouse_note = "not run (--no-lighthouse)"
    elif not LIGHTHOUSE.exists():
        lighthouse_note = f"not run: {LIGHTHOUSE} is missing (make bench-pages installs it)"
    elif not shutil.which(CHROMIUM):
        lighthouse_note = f"not run: no Chromium at {CHROMIUM}"

    load_average = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-pages-") as tmp:
        workdir = Path(tmp)
        database_url = f"sqlite:///{workdir / 'app.db'}"
        env = app_environment(database_url, workdir / "instance")
        server = AppServer(env, workdir / "gunicorn.log", workers=args.workers)
        with server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            pages = key_pages(browser, server.url, database_url)
            browser.close()
            if not lighthouse_note:
                for page in pages:
                    run_lighthouse(server.url, page)
    print(f"Load average before the run: {load_average:.1f}, after: {os.getloadavg()[0]:.1f}\n")
    return 0 if report(pages, lighthouse_note) else 1


if __name__ == "__main__":
    sys.exit(main())

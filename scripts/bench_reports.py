"""How long the PDF reports take on this machine (`make bench-reports`). Not a test.

Builds a training session of 30 teams in a throwaway SQLite database (real rows: quiz
attempts with their answers, and five submitted self-assessments per team), then asks
the app for each download through its routes and prints the median times:

- the team report with its charts exported (cache emptied before each run), and cached;
- the floor: the same team report's HTML rendered by WeasyPrint with no charts, and how
  many times the floor the cached report takes (target at most 1.5);
- through the job path, as a trainer gets them: the session report for 30 teams and the
  ZIP of the 30 team reports, from pressing "Prepare" (POST) until the job's page shows
  the download link, with a real Huey consumer on a SQLite queue (a worker thread in this
  process, its Chromium started before the first job, as `flask jobs work` does).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import delete  # noqa: E402

from app import create_app, jobs  # noqa: E402
from app.assessment.queries import RESULTS_LOAD_OPTIONS, project_by_token  # noqa: E402
from app.assessment.team_results import team_results  # noqa: E402
from app.db import Base, get_db  # noqa: E402
from app.models import ReportJob  # noqa: E402
from app.plan.summary import team_plan  # noqa: E402
from app.trainer.accounts import create_trainer  # noqa: E402
from config import Config  # noqa: E402
from drive.seed import session_with_results  # noqa: E402
from reports.export import EXPORTER  # noqa: E402
from reports.team import reported_round, team_report_pdf  # noqa: E402

TEAMS = 30
QUIZ_TAKERS_PER_TEAM = 5
MEMBERS_PER_TEAM = 5


def build_session(app) -> tuple[int, int, str]:
    """The trainer's id, the session's id and one team's results token."""
    with app.app_context():
        db = get_db()
        trainer = create_trainer(db, "bench@example.nhs.uk", "a long bench password")
        training, projects = session_with_results(
            db, trainer, TEAMS, random.Random(6), QUIZ_TAKERS_PER_TEAM, MEMBERS_PER_TEAM
        )
        db.commit()
        return trainer.id, training.id, projects[0].results_token


def median_time(action: Callable[[], object], runs: int, before: Callable[[], None]) -> float:
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def job_path(app, client, session_id: int, kind: str) -> Callable[[], None]:
    """Press Prepare, then ask for the job's status (as its page's script does, but every
    0.1 s) until the report is ready."""
    url = f"/downloads/sessions/{session_id}/reports/{kind}"

    def run() -> None:
        with app.app_context():  # a new job each time, as if the data had changed
            db = get_db()
            db.execute(delete(ReportJob))
            db.commit()
        response = client.post(url, data={"csrf_token": generate_csrf_for(app, client)})
        assert response.status_code == 302, response.status_code
        status_url = response.headers["Location"] + "/status"
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            status = client.get(status_url).get_json()["status"]
            if status == "ready":
                return
            assert status == "working", "the job did not finish"
            time.sleep(0.1)
        raise AssertionError("the job took more than 300 s")

    return run


def generate_csrf_for(app, client) -> str:
    """A CSRF token for the client's session, as the session page's form carries."""
    return csrf_token(client.get("/trainer/").get_data(as_text=True))


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)


def start_worker(app):
    """A Huey consumer with one worker thread in this process, as `flask jobs work` runs."""
    jobs._worker_app = app
    EXPORTER.start(app.config["CHROMIUM_PATH"])  # before the first job, not by it
    consumer = jobs.huey.create_consumer(
        workers=1, periodic=False, initial_delay=0.05, max_delay=jobs.POLL_SECONDS, backoff=1.5
    )
    consumer._set_signal_handlers = lambda: None
    consumer.start()
    return consumer


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    app = create_app(
        "test",
        {
            "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
            "JOBS_IMMEDIATE": False,
            "JOBS_DATABASE": str(folder / "jobs.db"),
            "REPORTS_DIR": str(folder / "reports"),
            "WTF_CSRF_ENABLED": True,
            # As `make run` lays out a ZIP (the test setting is 1 process).
            "REPORT_PROCESSES": Config.REPORT_PROCESSES,
        },
    )
    Base.metadata.create_all(app.extensions["db_engine"])
    trainer_id, session_id, token = build_session(app)
    client = app.test_client()
    # Signed in through the sign-in form, as the session's trainer.
    signed_in = client.post(
        "/trainer/sign-in",
        data={
            "email": "bench@example.nhs.uk",
            "password": "a long bench password",
            "csrf_token": csrf_token(client.get("/trainer/sign-in").get_data(as_text=True)),
        },
    )
    assert signed_in.status_code == 302, signed_in.status_code

    def get(url: str) -> bytes:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.get_data()

    team_url = f"/downloads/team/{token}.pdf"
    load_before = os.getloadavg()

    def nothing() -> None:
        pass

    def floor() -> bytes:
        """The same report as the route's (its plan part too), with no charts."""
        with app.app_context():
            project = project_by_token(get_db(), token, *RESULTS_LOAD_OPTIONS)
            results = team_results(project)
            round_ = reported_round(results)
            plan = team_plan(project, results, round_)
            return team_report_pdf(results, None, round_number=round_.number, plan=plan)

    uncached, cached = EXPORTER.clear_cache, nothing
    consumer = start_worker(app)  # Chromium starts here, before any report
    session_job = job_path(app, client, session_id, "session-report")
    zip_job = job_path(app, client, session_id, "team-reports")
    start = time.perf_counter()
    get(team_url)
    first = time.perf_counter() - start
    cached_team = median_time(lambda: get(team_url), 7, cached)
    bare = median_time(floor, 7, cached)
    rows = [
        ("Team report, the first one (Chromium already up)", first, 1, None),
        ("Team report, charts exported", median_time(lambda: get(team_url), 7, uncached), 7, 1.0),
        ("Team report, charts cached", cached_team, 7, None),
        ("Team report with no charts, WeasyPrint only (floor)", bare, 7, None),
        (
            f"Session report, {TEAMS} teams, job path, charts exported",
            median_time(session_job, 3, uncached),
            3,
            5.0,
        ),
        (
            f"Session report, {TEAMS} teams, job path, charts cached",
            median_time(session_job, 3, cached),
            3,
            None,
        ),
        (
            f"ZIP of {TEAMS} team reports, job path, charts exported",
            median_time(zip_job, 3, uncached),
            3,
            8.0,
        ),
    ]
    consumer.stop(graceful=True)
    print(
        f"PDF reports, median seconds ({TEAMS} teams of {MEMBERS_PER_TEAM} members; "
        f"{QUIZ_TAKERS_PER_TEAM} quiz takers a team)"
    )
    for label, seconds, runs, target in rows:
        verdict = ""
        if target is not None:
            verdict = f"  target {target:.0f} s: {'met' if seconds <= target else 'MISSED'}"
        print(f"  {label:<60} {seconds:6.2f} s  ({runs} {'runs' if runs > 1 else 'run'}){verdict}")
    ratio = cached_team / bare
    verdict = "met" if ratio <= 1.5 else "MISSED"
    print(f"  Cached team report / floor: {ratio:.2f} times (target at most 1.5: {verdict})")
    stats = EXPORTER.stats
    print(f"  Charts drawn by Chromium: {stats.exports}; served from the cache: {stats.cache_hits}")
    # Other work on the machine slows every figure: say how busy it was.
    before = ", ".join(f"{n:.1f}" for n in load_before)
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"  Load average before (1, 5, 15 min): {before} on {os.cpu_count()} cores")
    print(f"  Load average at the end (1, 5, 15 min): {load} on {os.cpu_count()} cores")
    uptime = subprocess.run([shutil.which("uptime") or "/usr/bin/uptime"], capture_output=True)  # noqa: S603
    print(f"  uptime: {uptime.stdout.decode().strip()}")
    EXPORTER.close()


if __name__ == "__main__":
    main()

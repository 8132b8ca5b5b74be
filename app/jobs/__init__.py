"""Background jobs with Huey: session reports and ZIPs, expiring them, the nightly purge.

- The queue is `huey`, one per process. It keeps its tasks in a SQLite file in the
  instance folder (JOBS_DATABASE), or on Redis when REDIS_URL is set, so app instances on
  several machines share one queue. Job state the pages show lives in the app's own
  database (`report_jobs`, app/jobs/queries.py), not in Huey.
- `flask --app wsgi jobs work` runs a worker (a Huey consumer) with the app; `make run`
  starts one beside gunicorn (Procfile, run by honcho).
- Tests set JOBS_IMMEDIATE: a job then runs inside the request that asked for it, right
  after that request's commit (`enqueue_after_commit`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from pathlib import Path

import click
from flask import Flask, after_this_request, current_app, has_app_context
from flask.cli import AppGroup
from huey import Huey, crontab
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from app.db import get_db
from app.domain.report_jobs import STALE_MESSAGE
from app.jobs import queries

logger = logging.getLogger(__name__)

QUEUE_NAME = "involvement-ladder"
# A worker waiting for work asks the SQLite queue at most this often (Redis blocks instead).
POLL_SECONDS = 0.25
# Failed and expired jobs are forgotten this long after they end.
FORGET_AFTER = dt.timedelta(days=1)

# Storage is set from the app's settings in init_app; until then tasks go nowhere useful.
huey = Huey(QUEUE_NAME, results=False, utc=True, storage_class=MemoryStorage)
_worker_app: Flask | None = None

jobs_cli = AppGroup("jobs", help="Background jobs: reports, their expiry, the nightly purge.")


def _storage_for(config) -> object:
    name = config["JOBS_QUEUE"]
    if config.get("REDIS_URL"):
        return RedisStorage(name, url=config["REDIS_URL"])
    filename = Path(config["JOBS_DATABASE"])
    filename.parent.mkdir(parents=True, exist_ok=True)
    return SqliteStorage(name, filename=str(filename))


def configure(app: Flask) -> None:
    """Point the process's queue at this app's storage (the last app built wins)."""
    huey.immediate = bool(app.config["JOBS_IMMEDIATE"])
    if not huey.immediate:
        huey.name = app.config["JOBS_QUEUE"]
        huey.storage = _storage_for(app.config)


def _app() -> Flask:
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _worker_app is None:
        raise RuntimeError("The job worker has no app: start it with `flask jobs work`.")
    return _worker_app


def reports_dir(app: Flask) -> Path:
    folder = Path(app.config["REPORTS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def report_path(app: Flask, public_id: str, extension: str) -> Path:
    return reports_dir(app) / f"{public_id}.{extension}"


@huey.task()
def build_report(job_id: int, attempt: int) -> None:
    from app.jobs.runner import run_report_job

    app = _app()
    with app.app_context():
        run_report_job(app, job_id, attempt)


@huey.periodic_task(crontab(minute="*"))
def sweep_reports() -> None:
    """Every minute: delete expired files, fail stale jobs, forget old ones."""
    app = _app()
    with app.app_context():
        sweep(app)


@huey.periodic_task(crontab(hour="2", minute="30"))
def nightly_purge() -> None:
    """Every night: delete what is older than RETENTION_DAYS (the privacy page's promise)."""
    from app.deletion import purge_older_than

    app = _app()
    with app.app_context():
        days = app.config["RETENTION_DAYS"]
        cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
        db = get_db()
        counts = purge_older_than(db, cutoff, dry_run=False)
        db.commit()
        logger.info("Nightly purge, older than %s days: %s", days, counts)


def sweep(app: Flask, now: dt.datetime | None = None) -> list[str]:
    """One sweep (a unit of work): the public ids of the files it deleted."""
    now = now or dt.datetime.now(dt.UTC)
    db = get_db()
    stale_after = dt.timedelta(minutes=app.config["REPORT_STALE_MINUTES"])
    queries.fail_stale_jobs(db, now, stale_after, STALE_MESSAGE)
    expired = queries.expire_jobs(db, now)
    queries.delete_old_jobs(db, now - FORGET_AFTER)
    kept = queries.kept_files(db)
    db.commit()
    removed = []
    for path in reports_dir(app).iterdir():
        public_id = path.name.split(".", 1)[0]
        if public_id in expired or public_id not in kept:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            removed.append(public_id)
    return removed


def enqueue_after_commit(job_id: int, attempt: int) -> None:
    """Queue the job once the request has committed it (a worker must find its row).

    In immediate mode (tests) the job runs here, before the response is sent.
    """

    @after_this_request
    def _enqueue(response):
        build_report(job_id, attempt)
        return response


@jobs_cli.command("work")
@click.option("--workers", default=1, show_default=True, help="Jobs run at once.")
def work(workers: int) -> None:
    """Run a job worker: prepares reports, expires them, runs the nightly purge."""
    global _worker_app
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.config["JOBS_IMMEDIATE"]:
        raise click.ClickException("JOBS_IMMEDIATE is on: jobs run in the web process.")
    _worker_app = app
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    for name in ("huey", "app"):  # what the worker does; not Chromium's chatter
        logging.getLogger(name).setLevel(logging.INFO)
    where = "Redis" if app.config.get("REDIS_URL") else app.config["JOBS_DATABASE"]
    # A report is batch work that people wait seconds for anyway; a page is someone waiting
    # now. On a machine with few cores the worker (and the Chromium it starts next, which
    # inherits this) yields the CPU to the web workers: `make bench-load` measured a room's
    # p95 while three trainers' ZIPs were built (README "Load").
    niceness = os.nice(app.config["JOBS_NICE"]) if app.config["JOBS_NICE"] else os.nice(0)
    click.echo(f"Job worker: {workers} at a time, queue in {where}, niceness {niceness}")
    start_charts(app)
    consumer = huey.create_consumer(
        workers=workers, periodic=True, initial_delay=0.05, max_delay=POLL_SECONDS, backoff=1.5
    )
    consumer.run()


def start_charts(app: Flask) -> None:
    """Start this process's Chromium for charts now, so no job or request waits for it."""
    from reports.export import EXPORTER

    if app.config["CHARTS_START_WITH_WORKER"]:
        EXPORTER.start_in_background(app.config["CHROMIUM_PATH"])


def init_app(app: Flask) -> None:
    configure(app)
    app.cli.add_command(jobs_cli)

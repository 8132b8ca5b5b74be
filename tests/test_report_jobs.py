"""Report jobs through the real queue and a real Huey consumer (a worker thread in this
process), on SQLite and, when one answers at 127.0.0.1:6379, on Redis: a job finishes,
a failed job says so and can be tried again, a job whose worker died is not "in progress"
for ever, an expired file is removed, and another trainer gets 404 for all of it.

The other report tests run jobs in-process (JOBS_IMMEDIATE, the test setting)."""

from __future__ import annotations

import datetime as dt
import io
import threading
import time
import uuid
import zipfile

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app import jobs
from app.db import get_db
from app.domain import report_jobs as rules
from app.domain.wording import file_description, file_size
from app.downloads.pdf_gate import PdfBusy, PdfGate
from app.jobs import queries
from app.jobs.reports import LOADERS
from app.jobs.runner import run_report_job
from app.models import ReportJob, TrainingSession
from tests.helpers import body_text, form_fields, pdf_text, text_of
from tests.journeys import create_session, signed_in_client
from tests.report_job_helpers import (
    download_link,
    prepare_url,
    prepared_file,
    press_prepare,
)

REDIS_URL = "redis://127.0.0.1:6379/0"
WAIT_SECONDS = 60  # a job on a busy 2-core machine; the loop ends as soon as it is done


def _redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.3).ping())
    except Exception:
        return False


@pytest.fixture(params=["sqlite", "redis"])
def queued_app(request, make_app, tmp_path, monkeypatch):
    """An app whose jobs go through the queue to a consumer running in this process."""
    if request.param == "redis" and not _redis_answers():
        pytest.skip("no Redis at 127.0.0.1:6379")
    app = make_app(
        JOBS_IMMEDIATE=False,
        JOBS_DATABASE=str(tmp_path / "jobs.db"),
        JOBS_QUEUE=f"ladder-test-{uuid.uuid4().hex}",  # never another run's queue
        REDIS_URL=REDIS_URL if request.param == "redis" else None,
        REPORTS_DIR=str(tmp_path / "reports"),
        CHROMIUM_PATH=str(tmp_path / "no-chromium"),  # tables, not charts: quicker
        REPORT_PROCESSES=2,  # a ZIP's team reports are laid out in two processes
    )
    monkeypatch.setattr(jobs, "_worker_app", app)
    consumer = jobs.huey.create_consumer(
        workers=1, periodic=False, initial_delay=0.02, max_delay=0.05, backoff=1.2
    )
    monkeypatch.setattr(consumer, "_set_signal_handlers", lambda: None)  # not the test's
    consumer.start()
    yield app
    consumer.stop(graceful=True)
    jobs.huey.storage.flush_all()
    jobs.configure(make_app())  # later tests in this process get the test setting back


def wait_until_done(client, job_url: str) -> str:
    """The job page once it no longer says the report is being prepared."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        page = body_text(client.get(job_url + "?refresh=off"))
        if 'data-job-status="working"' not in page:
            return page
        time.sleep(0.05)
    raise AssertionError(f"{job_url} still in progress after {WAIT_SECONDS} s")


def _job(app, **where) -> ReportJob:
    with app.app_context():
        return get_db().scalar(select(ReportJob).filter_by(**where))


def _jobs_count(app) -> int:
    with app.app_context():
        return get_db().scalar(select(func.count(ReportJob.id)))


def test_a_job_finishes_and_the_same_data_gives_the_same_file(queued_app):
    trainer = signed_in_client(queued_app)
    session_id = create_session(trainer, "Queue room", assessment="yes", teams="Red\nBlue")
    job_url = press_prepare(trainer, session_id)
    page = wait_until_done(trainer, job_url)
    assert 'data-job-status="ready"' in page
    assert "Your report is ready. It is kept for 60 minutes, then deleted." in page
    response = trainer.get(download_link(trainer, job_url)["href"])
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data.startswith(b"%PDF")
    # The session page links the file, with its type and size.
    session_page = text_of(trainer.get(f"/trainer/sessions/{session_id}"))
    assert (
        f"Download session report ({file_description('application/pdf', len(response.data))})"
        in session_page
    )
    # Asked again with the data unchanged: the finished file at once, no new job.
    assert press_prepare(trainer, session_id) == job_url
    assert _jobs_count(queued_app) == 1
    # The ZIP of team reports goes through the queue too, team by team, each team's report
    # laid out in a pool process, in the teams' order.
    zip_url = press_prepare(trainer, session_id, "team-reports")
    assert 'data-job-status="ready"' in wait_until_done(trainer, zip_url)
    job = _job(queued_app, kind="team-reports")
    assert (job.done, job.total) == (2, 2)
    response = trainer.get(download_link(trainer, zip_url)["href"])
    assert response.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        assert [name.split("-", 1)[1] for name in names] == ["red.pdf", "blue.pdf"]
        for name, team in zip(names, ["Red", "Blue"], strict=True):
            text = pdf_text(PdfReader(io.BytesIO(archive.read(name))))
            assert f"Team {team}" in text, text[:200]


def test_a_failed_job_says_so_and_can_be_tried_again(queued_app, monkeypatch):
    trainer = signed_in_client(queued_app)
    session_id = create_session(trainer, "Failing room")

    def broken(db, training, chromium, processes):
        raise RuntimeError("WeasyPrint fell over")

    monkeypatch.setitem(LOADERS, "session-report", broken)
    job_url = press_prepare(trainer, session_id)
    page = wait_until_done(trainer, job_url)
    assert 'data-job-status="failed"' in page and rules.FAILED_MESSAGE in page
    assert "WeasyPrint" not in page  # the page says what happened, not the traceback
    assert trainer.get(f"{job_url}/file").status_code == 404
    monkeypatch.undo()
    monkeypatch.setattr(jobs, "_worker_app", queued_app)
    action, fields = form_fields(page, form_index=1)  # "Try again", after Sign out
    assert action == f"{job_url}/retry"
    assert trainer.post(action, data=fields).headers["Location"] == job_url
    assert 'data-job-status="ready"' in wait_until_done(trainer, job_url)
    assert _job(queued_app, training_id=session_id).attempt == 2


def test_a_job_whose_worker_died_is_not_in_progress_for_ever(queued_app):
    trainer = signed_in_client(queued_app)
    session_id = create_session(trainer, "Stalled room")
    stale = dt.timedelta(minutes=queued_app.config["REPORT_STALE_MINUTES"])
    with queued_app.app_context():  # a worker claimed the job, then died mid-way
        db = get_db()
        training = db.get(TrainingSession, session_id)
        job = queries.create_job(
            db,
            trainer_id=training.trainer_id,
            training_id=session_id,
            kind="session-report",
            fingerprint=queries.session_fingerprint(
                db, training, "session-report", dt.date.today()
            ),
            filename="stalled.pdf",
        )
        job.state, job.done, job.total = rules.RUNNING, 1, 3
        job.heartbeat_at = dt.datetime.now(dt.UTC) - stale
        db.commit()
        job_id, public_id = job.id, job.public_id
    job_url = f"/downloads/reports/{public_id}"
    page = trainer.get(job_url)
    assert rules.STALE_MESSAGE in text_of(page) and "Try again" in text_of(page)
    assert b'http-equiv="refresh"' not in page.data
    # Pressing Prepare again requeues it (a new attempt) and a live worker finishes it.
    assert press_prepare(trainer, session_id) == job_url
    assert 'data-job-status="ready"' in wait_until_done(trainer, job_url)
    # The dead worker's attempt, if it came back, can no longer touch the job.
    with queued_app.app_context():
        run_report_job(queued_app, job_id, 1)
    assert _job(queued_app, id=job_id).state == rules.READY
    # And the sweep marks jobs that stopped failed, so nothing stays "in progress".
    with queued_app.app_context():
        db = get_db()
        db.get(ReportJob, job_id).state = rules.QUEUED
        db.commit()
        jobs.sweep(queued_app, now=dt.datetime.now(dt.UTC) + stale)
    assert _job(queued_app, id=job_id).state == rules.FAILED


def test_an_expired_file_is_removed(queued_app):
    trainer = signed_in_client(queued_app)
    session_id = create_session(trainer, "Expiring room")
    job_url = press_prepare(trainer, session_id)
    wait_until_done(trainer, job_url)
    file_url = download_link(trainer, job_url)["href"]
    reports = list((queued_app.config["REPORTS_DIR"] and jobs.reports_dir(queued_app)).iterdir())
    assert len(reports) == 1
    keep = dt.timedelta(minutes=queued_app.config["REPORT_KEEP_MINUTES"])
    with queued_app.app_context():
        assert jobs.sweep(queued_app) == []  # not yet
        later = dt.datetime.now(dt.UTC) + keep + dt.timedelta(seconds=1)
        assert jobs.sweep(queued_app, now=later) == [reports[0].name.split(".")[0]]
    assert not reports[0].exists()
    assert trainer.get(file_url).status_code == 404
    page = trainer.get(job_url)
    assert rules.EXPIRED_MESSAGE in text_of(page)
    assert "Prepare the report again" in text_of(page)
    # Preparing it again makes a fresh file.
    assert press_prepare(trainer, session_id) == job_url
    assert 'data-job-status="ready"' in wait_until_done(trainer, job_url)
    assert trainer.get(file_url).status_code == 200


def test_another_trainer_gets_404_for_the_job_its_file_and_a_retry(queued_app):
    owner = signed_in_client(queued_app, "owner@example.nhs.uk")
    session_id = create_session(owner, "Owner's room")
    job_url = press_prepare(owner, session_id)
    wait_until_done(owner, job_url)
    other = signed_in_client(queued_app, "other@example.nhs.uk")
    token = form_fields(body_text(other.get("/trainer/")))[1]
    assert other.get(job_url).status_code == 404
    assert other.get(f"{job_url}/file").status_code == 404
    assert other.get(f"{job_url}/status").status_code == 404
    assert other.post(f"{job_url}/retry", data=token).status_code == 404
    assert other.post(prepare_url(session_id), data=token).status_code == 404
    assert "Owner" not in text_of(other.get("/trainer/"))
    assert owner.get(f"{job_url}/file").status_code == 200


# --- In-process checks (the test setting runs jobs in the request) ----------------------


def test_the_progress_page_refreshes_itself_and_can_be_told_not_to(app, monkeypatch):
    trainer = signed_in_client(app)
    session_id = create_session(trainer, "Waiting room")
    monkeypatch.setattr("app.downloads.routes.enqueue_after_commit", lambda *args: None)
    job_url = press_prepare(trainer, session_id)  # queued, no worker has it yet
    page = trainer.get(job_url)
    assert b'<meta http-equiv="refresh" content="5">' in page.data
    words = text_of(page)
    assert rules.WAITING in words and "Stop checking automatically" in words
    assert b'role="status"' in page.data
    # With JavaScript the page asks for the status instead of reloading (report-job.mjs).
    status = trainer.get(f"{job_url}/status")
    assert status.json == {"status": "working", "message": rules.WAITING, "done": 0, "total": 0}
    assert f'data-job-status-url="{job_url}/status"'.encode() in page.data
    stopped = trainer.get(f"{job_url}?refresh=off")
    assert b'http-equiv="refresh"' not in stopped.data
    assert b"data-job-status-url" not in stopped.data
    assert "check automatically every 5 seconds" in text_of(stopped)
    # Asking twice while it waits does not queue it twice.
    assert press_prepare(trainer, session_id) == job_url
    assert _jobs_count(app) == 1


def test_changed_data_gives_a_new_report(app):
    trainer = signed_in_client(app)
    session_id = create_session(trainer, "Changing room", assessment="yes", teams="Red")
    first = press_prepare(trainer, session_id)
    assert press_prepare(trainer, session_id) == first
    with app.app_context():
        db = get_db()
        db.get(TrainingSession, session_id).name = "Renamed room"
        db.commit()
    assert press_prepare(trainer, session_id) != first
    assert prepared_file(trainer, session_id).status_code == 200


def test_progress_wording():
    assert rules.progress_text(rules.QUEUED, 0, 0) == rules.WAITING
    assert rules.progress_text(rules.RUNNING, 11, 30) == "Team 12 of 30: 11 teams done so far."
    assert rules.progress_text(rules.RUNNING, 30, 30) == rules.FINISHING
    assert file_size(850) == "850 bytes" and file_size(12_345) == "12 KB"
    assert file_description("application/zip", 2_345_678) == "ZIP, 2.3 MB"
    assert file_description("application/pdf") == "PDF"


def test_the_same_pdf_asked_twice_at_once_is_built_once():
    gate = PdfGate()
    started, release = threading.Event(), threading.Event()

    def slow() -> bytes:
        started.set()
        release.wait(10)
        return b"%PDF-1"

    results = []
    first = threading.Thread(target=lambda: results.append(gate.build("a", slow, slots=1, wait=10)))
    first.start()
    started.wait(10)
    second = threading.Thread(
        target=lambda: results.append(gate.build("a", slow, slots=1, wait=10))
    )
    second.start()
    # Another PDF finds the only turn taken: it is told to try again, not queued for ever.
    with pytest.raises(PdfBusy):
        gate.build("b", lambda: b"other", slots=1, wait=0)
    release.set()
    first.join(10)
    second.join(10)
    assert results == [b"%PDF-1", b"%PDF-1"] and gate.builds == 1


def test_a_pdf_with_no_turn_gets_the_try_again_page(app, client, monkeypatch):
    from app.downloads.pdf_gate import PDF_GATE
    from tests.journeys import start_project

    token, _ = start_project(client, "Busy project")

    def busy(*args, **kwargs):
        raise PdfBusy

    monkeypatch.setattr(PDF_GATE, "build", busy)
    response = client.get(f"/downloads/team/{token}.pdf")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Reports are busy" in text_of(response) and "try again" in text_of(response)


def test_the_queue_runs_the_sweep_every_minute_and_the_purge_every_night(app):
    periodic = {task.__name__ for task in jobs.huey._registry._periodic_tasks}
    assert {"sweep_reports", "nightly_purge"} <= periodic
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=app.config["RETENTION_DAYS"] + 1)
    trainer = signed_in_client(app)
    session_id = create_session(trainer, "Old room")
    with app.app_context():
        db = get_db()
        db.get(TrainingSession, session_id).created_at = old
        db.commit()
        jobs.nightly_purge.call_local()
        assert db.get(TrainingSession, session_id) is None

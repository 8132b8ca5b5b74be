"""Running one report job in a worker: claim it, build it with progress, keep the file.

Each step is its own unit of work with its own commit (claimed; a team done; ready or
failed), and each writes only for this job's current attempt: a worker that was thought
dead and comes back finds its attempt replaced and stops.
"""

from __future__ import annotations

import datetime as dt
import logging
import os

from flask import Flask

from app.db import get_db
from app.domain.report_jobs import FAILED_MESSAGE, KINDS
from app.jobs import queries, report_path
from app.jobs.reports import load_report
from app.models import TrainingSession
from app.sqlite_tuning import reading_only

logger = logging.getLogger(__name__)


class Superseded(Exception):
    """This attempt no longer owns the job (it was retried or deleted)."""


def run_report_job(app: Flask, job_id: int, attempt: int) -> None:
    db = get_db()
    if not queries.claim(db, job_id, attempt):
        db.rollback()
        return
    db.commit()
    try:
        # Only reads (on SQLite without the write turn: the worker runs at a lower CPU
        # priority, and a slow read must not hold up everyone's answers).
        with reading_only():
            job = queries.job_by_id(db, job_id)
            kind = KINDS[job.kind]
            path = report_path(app, job.public_id, kind.extension)
            training = db.get(TrainingSession, job.training_id)
            if training is None:
                raise LookupError("The session was deleted.")
            build = load_report(
                db, training, job.kind, app.config["CHROMIUM_PATH"], app.config["REPORT_PROCESSES"]
            )
            db.commit()  # end the read: nothing is held while the PDFs are laid out

        def progress(done: int, total: int) -> None:
            if not queries.record_progress(db, job_id, attempt, done, total):
                db.rollback()
                raise Superseded
            db.commit()

        body = build(progress)
        partial = path.with_suffix(path.suffix + ".part")
        partial.write_bytes(body)
        os.replace(partial, path)  # a reader never sees half a file
        keep = dt.timedelta(minutes=app.config["REPORT_KEEP_MINUTES"])
        if not queries.finish(db, job_id, attempt, len(body), keep):
            raise Superseded
        db.commit()
    except Superseded:
        db.rollback()
        logger.info("Report job %s attempt %s was superseded", job_id, attempt)
    except Exception:
        db.rollback()
        logger.exception("Report job %s failed", job_id)
        queries.fail(db, job_id, attempt, FAILED_MESSAGE)
        db.commit()

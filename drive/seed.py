"""Set up what a workshop needs through the app's own command line and pages: the schema
(`flask --app wsgi db upgrade`), a trainer (`flask --app wsgi trainers create`), signed
in, and a session with the quiz, the self-assessment and teams (the "new session" form).

The commands run in this process through Flask's CLI runner: the same code as the
`flask` command, without paying its start-up time twice per run."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import create_engine, select

from app import create_app
from app.models import TrainingSession
from drive import journeys
from drive.client import Browser

QUIZ_ID = "is-it-co-production"
TEAMS = [f"Table {n}" for n in range(1, 11)]


@dataclass(frozen=True)
class TrainerAccount:
    email: str
    password: str


@dataclass(frozen=True)
class Workshop:
    session_id: int
    code: str

    @property
    def live_path(self) -> str:
        return f"/trainer/sessions/{self.session_id}/live"


def prepare_database(database_url: str, email: str = "trainer@bench.example") -> TrainerAccount:
    """Apply the migrations and create a trainer with a random password."""
    app = create_app("test", {"DATABASE_URL": database_url})
    runner = app.test_cli_runner()
    password = secrets.token_urlsafe(16)
    for args, typed in (
        (["db", "upgrade"], None),
        (["trainers", "create", email], f"{password}\n{password}\n"),
    ):
        result = runner.invoke(args=args, input=typed)
        if result.exit_code != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.output}")
    app.extensions["db_engine"].dispose()
    return TrainerAccount(email, password)


def signed_in(base_url: str, account: TrainerAccount) -> Browser:
    trainer = Browser(base_url)
    journeys.trainer_sign_in(trainer, account.email, account.password)
    return trainer


def open_workshop(trainer: Browser, database_url: str, name: str) -> Workshop:
    """A new session from the trainer's form; its join code as the trainer would read it."""
    session_url = journeys.create_session(trainer, name, QUIZ_ID, TEAMS, dt.date.today())
    session_id = int(session_url.rstrip("/").rsplit("/", 1)[1])
    engine = create_engine(database_url)
    with engine.connect() as db:
        code = db.scalar(select(TrainingSession.join_code).where(TrainingSession.id == session_id))
    engine.dispose()
    return Workshop(session_id, code)

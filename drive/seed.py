"""Set up what a workshop needs through the app's own command line and pages: the schema
(`flask --app wsgi db upgrade`), a trainer (`flask --app wsgi trainers create`), signed
in, and a session with the quiz, the self-assessment and teams (the "new session" form).

The commands run in this process through Flask's CLI runner: the same code as the
`flask` command, without paying its start-up time twice per run.

`session_with_results` writes a finished session straight into the database (quiz attempts
and closed self-assessments for every team): what a trainer has at the end of a day, for
the report benchmarks, without driving hundreds of people through the pages first."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from app import create_app
from app.content import library
from app.db import get_db
from app.domain.scoring import score_quiz
from app.models import (
    MemberAnswer,
    MemberResponse,
    QuizAnswer,
    QuizAttempt,
    Trainer,
    TrainingSession,
    utcnow,
)
from app.trainer.accounts import find_trainer
from app.trainer.queries import create_training, training_projects, training_questions
from drive import journeys
from drive.client import Browser
from drive.ledger import SEEDED_PREFIX

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
    return create_trainers(database_url, [email], migrate=True)[0]


def create_trainers(database_url: str, emails: list[str], migrate=False) -> list[TrainerAccount]:
    """Trainers with random passwords (`flask trainers create`), after the migrations if asked."""
    app = create_app("test", {"DATABASE_URL": database_url})
    runner = app.test_cli_runner()
    commands: list[tuple[list[str], str | None]] = [(["db", "upgrade"], None)] if migrate else []
    accounts = [TrainerAccount(email, secrets.token_urlsafe(16)) for email in emails]
    for account in accounts:
        typed = f"{account.password}\n{account.password}\n"
        commands.append((["trainers", "create", account.email], typed))
    for args, typed in commands:
        result = runner.invoke(args=args, input=typed)
        if result.exit_code != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.output}")
    app.extensions["db_engine"].dispose()
    return accounts


def signed_in(base_url: str, account: TrainerAccount) -> Browser:
    trainer = Browser(base_url)
    journeys.trainer_sign_in(trainer, account.email, account.password)
    return trainer


def open_workshop(trainer: Browser, database_url: str, name: str, paced=False) -> Workshop:
    """A new session from the trainer's form; its join code as the trainer would read it."""
    session_url = journeys.create_session(
        trainer, name, QUIZ_ID, TEAMS, dt.date.today(), paced=paced
    )
    session_id = int(session_url.rstrip("/").rsplit("/", 1)[1])
    engine = create_engine(database_url)
    with engine.connect() as db:
        code = db.scalar(select(TrainingSession.join_code).where(TrainingSession.id == session_id))
    engine.dispose()
    return Workshop(session_id, code)


# --- A finished session, written straight into the database --------------------------------

PERSPECTIVES = ("staff", "staff", "lived-experience", "carer", "volunteer")


def session_with_results(
    db: Session,
    trainer: Trainer,
    teams: int,
    rng: random.Random,
    quiz_takers: int = 5,
    members: int = 5,
    name: str = "Benchmark session",
) -> tuple[TrainingSession, list]:
    """A session of `teams` teams: `quiz_takers` finished quiz attempts and `members`
    submitted self-assessments a team, each team's round closed (so its results show).
    Needs an app context (the content library); the caller commits."""
    content = library()
    quiz = content.quiz(QUIZ_ID)
    assessment = content.default_assessment
    training = create_training(
        db,
        trainer,
        name=name,
        held_on=dt.date(2025, 3, 27),
        quiz=quiz,
        team_names=[f"Team {n}" for n in range(1, teams + 1)],
        assessment=assessment,
    )
    db.flush()
    for team in training.teams:
        for _ in range(quiz_takers):
            asked = training_questions(training, quiz)
            chosen = {q.id: rng.choice(q.options).id for q in asked}
            db.add(
                QuizAttempt(
                    public_id=f"{SEEDED_PREFIX}{rng.getrandbits(64):016x}",
                    quiz_id=quiz.id,
                    quiz_version=quiz.version,
                    content_hash=quiz.content_hash,
                    question_ids=training.quiz_question_ids,
                    total=len(asked),
                    score=score_quiz(asked, chosen).correct,
                    finished_at=utcnow(),
                    training_session_id=training.id,
                    team_id=team.id,
                    answers=[
                        QuizAnswer(
                            question_id=q.id,
                            position=n,
                            chosen=chosen[q.id],
                            is_correct=chosen[q.id] == q.answer.id,
                        )
                        for n, q in enumerate(asked, start=1)
                    ],
                )
            )
    db.flush()
    projects = training_projects(db, training.id)
    for project in projects:
        centre = rng.randint(2, 4)
        for perspective in PERSPECTIVES[:members]:
            db.add(
                MemberResponse(
                    public_id=f"{SEEDED_PREFIX}{rng.getrandbits(64):016x}",
                    round_id=project.rounds[0].id,
                    perspective=perspective,
                    submitted_at=utcnow(),
                    answers=[
                        MemberAnswer(
                            dimension_id=dimension,
                            level=max(1, min(5, centre + rng.choice((-1, 0, 0, 1)))),
                        )
                        for dimension in assessment.dimension_ids
                    ],
                )
            )
        project.rounds[0].closed_at = utcnow()  # results show only for a closed round
    return training, projects


def sessions_with_results(
    database_url: str, accounts: list[TrainerAccount], teams: int
) -> list[int]:
    """One finished session of `teams` teams for each trainer (different answers each, so
    no chart is shared between their reports); their ids."""
    app = create_app("test", {"DATABASE_URL": database_url})
    ids = []
    with app.app_context():
        db = get_db()
        for number, account in enumerate(accounts):
            trainer = find_trainer(db, account.email)
            name = f"Report run {number + 1}"
            training, _ = session_with_results(db, trainer, teams, random.Random(number), name=name)
            db.commit()
            ids.append(training.id)
    app.extensions["db_engine"].dispose()
    return ids

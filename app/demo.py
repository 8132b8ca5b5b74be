"""Demo data, so a new install has a project, a session and results to look at.

Loaded by `flask --app wsgi demo` (and `make run`) only into an empty database,
so it never mixes with real data. The answers are made up but deterministic.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.assessment import queries
from app.content import library
from app.db import get_db
from app.domain.results import NOT_SURE, NOT_YET
from app.models import Project, QuizAttempt, Trainer, TrainingSession
from app.quiz.queries import asked_in, record_answer, start_attempt
from app.trainer.accounts import create_trainer
from app.trainer.queries import create_training
from app.training.joined import Joined

DEMO_TRAINER_EMAIL = "demo.trainer@example.org"
TEAMS = ("Ward 4", "Community diabetes team", "Patient panel")
# (perspective, typical rung level) of each member; answers vary around that level.
ROUND_ONE = [
    ("staff", 3),
    ("staff", 2),
    ("staff", 3),
    ("lived-experience", 2),
    ("lived-experience", 2),
    ("carer", 1),
    ("lived-experience", 3),
]
# Answers set by hand in round one, one per member above, so the demo shows a question
# whose answers are split and one that staff and lived experience see differently.
ROUND_ONE_SET = {
    "valuing-contributions": [1, 4, 1, 5, NOT_SURE, 4, 1],
    "decisions": [4, 5, 4, 2, 1, 2, 1],
}
ROUND_TWO = [
    ("staff", 4),
    ("staff", 3),
    ("staff", 4),
    ("lived-experience", 3),
    ("lived-experience", 4),
    ("volunteer", 3),
]


def _is_empty(db: Session) -> bool:
    return not any(
        db.scalar(select(func.count()).select_from(model))
        for model in (Trainer, TrainingSession, QuizAttempt, Project)
    )


def _answer_round(
    db: Session, round_, members, rng: random.Random, assessment, set_by_hand=None
) -> None:
    top = len(assessment.ladder)
    for index, (perspective, level) in enumerate(members):
        response = queries.start_response(db, round_, perspective)
        for dimension_id in assessment.dimension_ids:
            if set_by_hand and dimension_id in set_by_hand:
                chosen = set_by_hand[dimension_id][index]
            elif rng.random() < 0.08:
                chosen = rng.choice((NOT_SURE, NOT_YET))
            else:
                chosen = min(top, max(1, level + rng.choice((-1, 0, 0, 0, 1))))
            queries.save_answer(db, response, dimension_id, chosen)
        queries.submit_response(db, response)
    queries.close_round(db, round_)


def _demo_project(db: Session, rng: random.Random) -> Project:
    assessment = library().default_assessment
    project = queries.create_project(
        db,
        assessment,
        project_name="Diabetes education evenings",
        team_name="Community diabetes team",
        description="Evening sessions for people newly told they have type 2 diabetes.",
    )
    _answer_round(db, queries.latest_round(project), ROUND_ONE, rng, assessment, ROUND_ONE_SET)
    second = queries.open_round(db, project, assessment, "6 months on")
    _answer_round(db, second, ROUND_TWO, rng, assessment)
    return project


def _demo_session(db: Session, rng: random.Random) -> tuple[TrainingSession, str]:
    password = secrets.token_urlsafe(12)
    trainer = create_trainer(db, DEMO_TRAINER_EMAIL, password)
    content = library()
    quiz = next(iter(content.quizzes.values()))
    training = create_training(
        db,
        trainer,
        name="Co-production basics (demo)",
        held_on=dt.date.today(),
        quiz=quiz,
        team_names=list(TEAMS),
        assessment=content.default_assessment,
    )
    for person in range(12):
        team = training.teams[person % len(training.teams)]
        attempt = start_attempt(db, quiz, Joined(training, team))
        for position, question in enumerate(asked_in(attempt, quiz), start=1):
            right = rng.random() < 0.6
            wrong = [o.id for o in question.options if o.id != question.answer.id]
            record_answer(
                db, attempt, quiz, position, question.answer.id if right else rng.choice(wrong)
            )
    return training, password


def load_demo_data() -> str:
    db = get_db()
    if not _is_empty(db):
        return "The database already has data, so no demo data was loaded."
    rng = random.Random(2026)  # noqa: S311  (made-up answers, not security)
    project = _demo_project(db, rng)
    training, password = _demo_session(db, rng)
    db.commit()
    return "\n".join(
        [
            "Demo data loaded.",
            f"  Team results: /assessment/results/{project.results_token}",
            f"  Trainer sign-in: {DEMO_TRAINER_EMAIL} with password {password}",
            f"  Session join code: {training.join_code}",
        ]
    )

"""Test data through the app's own data-access functions (factory_boy).

Each factory builds what a finished form would: the rows the service itself makes, saved in
one commit as a request would, so the next page a test fetches sees them. Use these when a
test is about what happens next; drive the pages themselves (tests/helpers.py) when the test
is about the form.

Call them inside `with app.app_context():`.
"""

from __future__ import annotations

import datetime as dt

import factory

from app.assessment import queries as assessment_queries
from app.content import find_quiz, library
from app.db import get_db
from app.domain.own_quiz import new_quiz, scenario_data, with_scenario
from app.domain.results import SKIP_NAMES
from app.models import (
    AssessmentRound,
    MemberResponse,
    OwnQuiz,
    Project,
    Trainer,
    TrainingSession,
)
from app.own_quizzes import queries as own_quiz_queries
from app.trainer import queries as trainer_queries
from app.trainer.accounts import create_trainer

PASSWORD = "correct horse battery"
QUIZ_ID = "is-it-co-production"


class _UnitOfWork(factory.Factory):
    """Builds with a data-access function, then commits once, as one request would."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        db = get_db()
        made = cls._make(db, **kwargs)
        db.commit()
        return made

    @classmethod
    def _make(cls, db, **kwargs):
        raise NotImplementedError


class TrainerFactory(_UnitOfWork):
    class Meta:
        model = Trainer

    email = factory.Sequence(lambda n: f"trainer{n}@example.nhs.uk")
    password = PASSWORD

    @classmethod
    def _make(cls, db, *, email, password):
        return create_trainer(db, email, password)


class TrainingFactory(_UnitOfWork):
    """A trainer's session, with teams and the self-assessment when asked."""

    class Meta:
        model = TrainingSession

    trainer = factory.SubFactory(TrainerFactory)
    name = "Ward 7 training"
    held_on = dt.date(2025, 3, 27)
    quiz_id: str | None = QUIZ_ID
    team_names: list[str] = factory.LazyFunction(list)
    with_assessment = False

    @classmethod
    def _make(cls, db, *, trainer, name, held_on, quiz_id, team_names, with_assessment):
        content = library()
        return trainer_queries.create_training(
            db,
            db.merge(trainer),
            name=name,
            held_on=held_on,
            quiz=find_quiz(db, quiz_id, content),
            team_names=list(team_names),
            assessment=content.default_assessment if with_assessment else None,
        )


class OwnQuizFactory(_UnitOfWork):
    """A trainer's own quiz as the form writes it: `scenarios` scenarios whose right answers
    go up the ladder in turn (5 or more make it ready to use)."""

    class Meta:
        model = OwnQuiz

    trainer = factory.SubFactory(TrainerFactory)
    title = "Stories from ward 7"
    scenarios = 5

    @classmethod
    def _make(cls, db, *, trainer, title, scenarios):
        content = library()
        rungs = content.ladders["nhs-england"].ids
        data = new_quiz(title, "Five short stories from our own ward.")
        for n in range(1, scenarios + 1):
            question = scenario_data(
                f"Ward 7 story {n}: the team changed how visits work.",
                rungs[(n - 1) % len(rungs)],
                f"Why story {n} fits its rung.",
                {},
                f"What would you change in story {n}?",
            )
            data = with_scenario(data, None, question)
        own, _problems = own_quiz_queries.create_own_quiz(db, db.merge(trainer), data, content)
        return own


class ProjectFactory(_UnitOfWork):
    """A team's project with its first round open, as the "Start" form makes it."""

    class Meta:
        model = Project

    project_name = "Planning discharge from ward 7"
    team_name = "Ward 7 team"
    description = ""

    @classmethod
    def _make(cls, db, **fields):
        return assessment_queries.create_project(db, library().default_assessment, **fields)


class ResponseFactory(_UnitOfWork):
    """One member's sent answers in a round: every question at `rung` (a rung id, or a skip
    such as "not-sure"), except those in `answers` (dimension id -> rung id or skip)."""

    class Meta:
        model = MemberResponse

    assessment_round: AssessmentRound | None = None
    perspective = "staff"
    rung = "engage"
    answers: dict[str, str] = factory.LazyFunction(dict)

    @classmethod
    def _make(cls, db, *, assessment_round, perspective, rung, answers):
        assessment_round = db.merge(assessment_round)
        assessment = library().assessment(assessment_round.project.assessment_id)
        response = assessment_queries.start_response(db, assessment_round, perspective)
        for dimension_id in assessment.dimension_ids:
            chosen = answers.get(dimension_id, rung)
            value = chosen if chosen in SKIP_NAMES else assessment.ladder.rung(chosen).level
            assessment_queries.save_answer(db, response, dimension_id, value)
        assert assessment_queries.submit_response(db, response), "the round has closed"
        return response


def members_answer(project, rung: str, perspective: str, how_many: int) -> None:
    """`how_many` members send their answers to the project's latest round, all at `rung`."""
    latest = assessment_queries.latest_round(get_db().merge(project))
    ResponseFactory.create_batch(
        how_many, assessment_round=latest, perspective=perspective, rung=rung
    )

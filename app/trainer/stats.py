"""The figures on a trainer's live page, counted in the database.

A few grouped queries whatever the size of the room, so polling every few seconds
stays cheap with 200 people answering.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from app.assessment.queries import RESULTS_LOAD_OPTIONS
from app.assessment.team_results import team_results
from app.content import session_quiz
from app.domain.content import Library, QuizQuestion
from app.domain.ladder import Rung
from app.domain.results import MIN_PEOPLE
from app.domain.wording import NO_TEAM, WHOLE_ROOM, join_names, plural
from app.models import Participant, Project, QuizAnswer, QuizAttempt, TrainingSession
from app.trainer.queries import training_projects, training_questions

SUMMARY_WORDS = 12


@dataclass(frozen=True)
class QuestionFigure:
    number: int
    question_id: str
    summary: str  # the scenario's first words
    correct: str  # the right rung's name
    answered: int
    right: int

    @property
    def percent_right(self) -> int | None:
        return round(100 * self.right / self.answered) if self.answered else None


@dataclass(frozen=True)
class TeamQuizFigure:
    name: str
    started: int
    finished: int
    average: float | None  # only from MIN_PEOPLE finished attempts, so no one is singled out


@dataclass(frozen=True)
class TeamAssessmentFigure:
    name: str
    project: Project
    started: int
    submitted: int
    round_open: bool
    rung: Rung | None  # only once the round is closed with enough sent responses


@dataclass(frozen=True)
class LiveFigures:
    # People, not attempts: each person who joined has one Participant record, and a
    # person who takes the quiz twice is counted once (attempts from before issue 17,
    # with no participant, count one each).
    people_joined: int
    quiz_started: int
    quiz_finished: int
    # The room's score distribution and per-question counts wait for MIN_GROUP people to
    # finish, like team figures: until then they are all 0, so no one's score stands out.
    # They count each person's first finished go: a retake is for learning, and counting
    # it would let one person stand for two.
    room_shown: bool
    responses_started: int
    responses_submitted: int
    score_total: int  # the highest possible score
    distribution: tuple[tuple[int, int], ...]  # (score, people), every score 0..total
    questions: tuple[QuestionFigure, ...]
    teams: tuple[TeamQuizFigure, ...]
    assessments: tuple[TeamAssessmentFigure, ...]

    @property
    def joined(self) -> int:
        return self.people_joined

    @property
    def summary(self) -> str:
        """What the live page announces (politely) when it changes: one short sentence."""
        parts = [plural(self.people_joined, "person", "people") + " joined"]
        if self.score_total:
            parts.append(f"{self.quiz_finished} finished the quiz")
        if self.assessments:
            parts.append(f"{self.responses_submitted} sent a self-assessment")
        return join_names(parts) + "."

    @property
    def average_score(self) -> float | None:
        if not self.room_shown:
            return None
        total = sum(score * count for score, count in self.distribution)
        return total / self.quiz_finished if self.quiz_finished else None


def summarise(text: str, words: int = SUMMARY_WORDS) -> str:
    parts = text.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + "\u2026"


def live_figures(db: Session, training: TrainingSession, content: Library) -> LiveFigures:
    training_id = training.id
    quiz = session_quiz(db, training, content)
    in_session = QuizAttempt.training_session_id == training_id
    # A person: their participant id, or an attempt's own id when it has none.
    person = func.coalesce(QuizAttempt.participant_id, -QuizAttempt.id)
    started, finished = db.execute(
        select(
            func.count(func.distinct(person)),
            func.count(func.distinct(case((QuizAttempt.finished_at.is_not(None), person)))),
        ).where(in_session)
    ).one()
    first_goes = QuizAttempt.id.in_(
        select(func.min(QuizAttempt.id))
        .where(in_session, QuizAttempt.finished_at.is_not(None))
        .group_by(person)
    )
    people = db.scalar(
        select(func.count(Participant.id)).where(Participant.training_id == training_id)
    )
    room_shown = finished >= MIN_PEOPLE
    scores = {}
    if room_shown:
        scores = dict(
            db.execute(
                select(QuizAttempt.score, func.count())
                .where(first_goes)
                .group_by(QuizAttempt.score)
            ).all()
        )
    asked = training_questions(training, quiz) if quiz else ()
    score_total = max([len(asked), *(s or 0 for s in scores)])
    assessments = _team_assessments(db, training, content)
    return LiveFigures(
        # Sessions from before participants were counted: at least those who started.
        people_joined=max(people or 0, started),
        quiz_started=started,
        quiz_finished=finished,
        room_shown=room_shown,
        responses_started=sum(a.started for a in assessments),
        responses_submitted=sum(a.submitted for a in assessments),
        score_total=score_total,
        distribution=tuple((s, scores.get(s, 0)) for s in range(score_total + 1)),
        questions=_questions(db, first_goes, asked, room_shown),
        teams=_teams(db, training, person, first_goes),
        assessments=assessments,
    )


def _questions(
    db: Session, counted: ColumnElement[bool], asked: Sequence[QuizQuestion], shown: bool
) -> tuple[QuestionFigure, ...]:
    rows = (
        []
        if not shown
        else db.execute(
            select(
                QuizAnswer.question_id,
                func.count(),
                func.sum(case((QuizAnswer.is_correct, 1), else_=0)),
            )
            .join(QuizAttempt, QuizAnswer.attempt_id == QuizAttempt.id)
            .where(counted)
            .group_by(QuizAnswer.question_id)
        ).all()
    )
    counts = {question_id: (answered, right or 0) for question_id, answered, right in rows}
    figures = [
        QuestionFigure(n, q.id, summarise(q.scenario), q.answer.name, *counts.pop(q.id, (0, 0)))
        for n, q in enumerate(asked, start=1)
    ]
    # Answers to questions no longer in the quiz (an older version) are still shown.
    for n, (question_id, (answered, right)) in enumerate(sorted(counts.items()), len(asked) + 1):
        figures.append(QuestionFigure(n, question_id, question_id, "", answered, right))
    return tuple(figures)


def _teams(
    db: Session,
    training: TrainingSession,
    person: ColumnElement[int],
    first_goes: ColumnElement[bool],
) -> tuple[TeamQuizFigure, ...]:
    """Each team's people who started and finished, and the average of their first goes."""
    if not training.teams:
        return ()
    rows = db.execute(
        select(
            QuizAttempt.team_id,
            func.count(func.distinct(person)),
            func.count(func.distinct(case((QuizAttempt.finished_at.is_not(None), person)))),
            func.avg(case((first_goes, QuizAttempt.score))),
        )
        .where(QuizAttempt.training_session_id == training.id)
        .group_by(QuizAttempt.team_id)
    ).all()
    by_team = {team_id: (started, finished, avg) for team_id, started, finished, avg in rows}
    named = [(team.name, by_team.get(team.id)) for team in training.teams]
    if None in by_team:
        named.append((NO_TEAM, by_team[None]))
    figures = []
    for name, (started, finished, avg) in ((n, r or (0, 0, None)) for n, r in named):
        average = float(avg) if avg is not None and finished >= MIN_PEOPLE else None
        figures.append(TeamQuizFigure(name, started, finished, average))
    return tuple(figures)


def _team_assessments(
    db: Session, training: TrainingSession, content: Library
) -> tuple[TeamAssessmentFigure, ...]:
    """Each team's latest round, from the same results the team's own results page shows."""
    team_names = {team.id: team.name for team in training.teams}
    figures = []
    for project in training_projects(db, training.id, *RESULTS_LOAD_OPTIONS):
        results = team_results(project)
        if results is None:  # content removed since: nothing can be placed
            continue
        latest = results.latest
        figures.append(
            TeamAssessmentFigure(
                name=team_names.get(project.session_team_id, WHOLE_ROOM),
                project=project,
                started=len(project.rounds[-1].responses),
                submitted=latest.responses,
                round_open=latest.is_open,
                rung=latest.rung,
            )
        )
    return tuple(figures)

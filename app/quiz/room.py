"""The paced room as every page shows it: the projector, the trainer's controls and phones.

Reads through the data-access functions (each takes `db`) and the rules in
app/domain/pacing.py; changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.domain.content import Quiz, QuizQuestion
from app.domain.pacing import OVER, REVEALED, Room, RoomAnswers, TeamScore, room_answers
from app.domain.wording import NO_TEAM
from app.models import TrainingSession
from app.quiz.queries import room_counts, room_team_scores, team_names
from app.training.queries import participant_count, training_questions


@dataclass(frozen=True)
class RoomView:
    room: Room
    questions: tuple[QuizQuestion, ...]
    joined: int
    answered: int  # people who answered the current question
    answers: RoomAnswers | None  # once the trainer shows how the room answered
    team_scores: tuple[TeamScore, ...]  # once the quiz is over, teams in the session's order

    @property
    def question(self) -> QuizQuestion | None:
        if 1 <= self.room.position <= len(self.questions):
            return self.questions[self.room.position - 1]
        return None


def room_of(training: TrainingSession, quiz: Quiz | None) -> Room:
    total = len(training_questions(training, quiz)) if quiz else 0
    return Room(training.paced_position, training.paced_revealed, total, training.is_open)


def room_view(db: Session, training: TrainingSession, quiz: Quiz) -> RoomView:
    questions = training_questions(training, quiz)
    room = room_of(training, quiz)
    view_question = questions[room.position - 1] if 1 <= room.position <= len(questions) else None
    counts = room_counts(db, training.id, view_question.id) if view_question else {}
    answers = None
    if view_question is not None and room.stage == REVEALED:
        options = [(rung.id, rung.name, rung.level) for rung in view_question.options]
        answers = room_answers(options, view_question.answer.id, counts)
    return RoomView(
        room=room,
        questions=questions,
        joined=participant_count(db, training.id),
        answered=sum(counts.values()),
        answers=answers,
        team_scores=_team_scores(db, training, len(questions)) if room.stage == OVER else (),
    )


def _team_scores(db: Session, training: TrainingSession, total: int) -> tuple[TeamScore, ...]:
    if not training.teams:
        return ()
    scores = room_team_scores(db, training)
    names = team_names(db, training.id)
    order = [team.id for team in training.teams] + ([None] if None in scores else [])
    return tuple(
        TeamScore(
            names.get(team_id, NO_TEAM),
            scores.get(team_id, (0, 0))[0],
            scores.get(team_id, (0, 0))[1],
            scores.get(team_id, (0, 0))[0] * total,
        )
        for team_id in order
    )

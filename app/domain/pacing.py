"""A paced quiz: the trainer moves the whole room through the questions together.

No Flask and no database: the stages of a room, the moves the trainer's controls make, and
how the room's answers to a question may be shown (never a figure resting on fewer than
MIN_PEOPLE people).

A room is at a position: 0 before the first question, 1..total while a question is asked,
total + 1 once the quiz is over. At a question, answers are open until the trainer shows
how the room answered (`revealed`); "Next question" then moves everyone on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.domain.results import MIN_PEOPLE, hide_small_counts

WAITING = "waiting"
ASKING = "asking"
REVEALED = "revealed"
OVER = "over"
CLOSED = "closed"

START = "start"  # the first question
SHOW = "show"  # close answers and show how the room answered
NEXT = "next"  # the next question (or the end after the last)
MOVES = (START, SHOW, NEXT)


@dataclass(frozen=True)
class Room:
    position: int
    revealed: bool
    total: int
    is_open: bool = True

    @property
    def stage(self) -> str:
        if not self.is_open:
            return CLOSED
        if self.position <= 0:
            return WAITING
        if self.position > self.total:
            return OVER
        return REVEALED if self.revealed else ASKING

    @property
    def key(self) -> str:
        """Changes whenever phones and the screen must show something else (their ETag)."""
        return f"{self.stage}-{self.position}"

    def takes_answer(self, position: int) -> bool:
        """True while the question at `position` is asked and its answers are open."""
        return self.stage == ASKING and position == self.position

    @property
    def moves(self) -> tuple[str, ...]:
        """The moves the trainer's controls offer now."""
        return {
            WAITING: (START,),
            ASKING: (SHOW, NEXT),
            REVEALED: (NEXT,),
        }.get(self.stage, ())

    def after(self, move: str) -> Room:
        """The room after a move; a move not offered now leaves it as it is."""
        if move not in self.moves:
            return self
        if move == SHOW:
            return Room(self.position, True, self.total, self.is_open)
        return Room(self.position + 1, False, self.total, self.is_open)


@dataclass(frozen=True)
class RungCount:
    level: int
    name: str
    count: int | None  # None: hidden, it would rest on fewer than MIN_PEOPLE people
    correct: bool


@dataclass(frozen=True)
class RoomAnswers:
    """How the room answered one question, for the screen and the trainer's controls."""

    answered: int
    rungs: tuple[RungCount, ...]

    @property
    def shown(self) -> bool:
        return self.answered >= MIN_PEOPLE


def room_answers(
    options: Sequence[tuple[str, str, int]], correct_id: str, chosen: Mapping[str, int]
) -> RoomAnswers:
    """`options` are (rung id, rung name, level) in ladder order; `chosen` counts by rung id.

    Counts of 1 or 2 are hidden, with any other count that would give them away; under
    MIN_PEOPLE answers in all, nothing is shown but the number of answers.
    """
    answered = sum(chosen.values())
    counts = [chosen.get(rung_id, 0) for rung_id, _name, _level in options]
    shown = hide_small_counts(counts) if answered >= MIN_PEOPLE else (None,) * len(counts)
    return RoomAnswers(
        answered,
        tuple(
            RungCount(level, name, count, rung_id == correct_id)
            for (rung_id, name, level), count in zip(options, shown, strict=True)
        ),
    )


@dataclass(frozen=True)
class TeamScore:
    name: str
    people: int
    right: int  # answers right, all questions together
    asked: int  # questions asked while the team answered: people x questions

    @property
    def shown(self) -> bool:
        return self.people >= MIN_PEOPLE

    @property
    def average(self) -> float | None:
        """Right answers per person, out of the questions asked; only from MIN_PEOPLE."""
        return self.right / self.people if self.shown else None

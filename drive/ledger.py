"""Did the database keep every answer a participant saw accepted, exactly once?

Clients write each accepted answer (journeys.Answer) to a JSON-lines file; `reconcile`
compares them with the quiz_answers and member_answers tables. An answer in a paced room
("room") is known by the person (the participant token in their cookie) and the question:
the phone never sees its attempt's id, and a person has one attempt in a room.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy import create_engine, select

from app.domain.content import Library
from app.domain.results import SKIP_NAMES
from app.models import (
    MemberAnswer,
    MemberResponse,
    Participant,
    QuizAnswer,
    QuizAttempt,
    TrainingSession,
)
from drive.journeys import Answer

# kind, owner (attempt or response public id; a room's participant token), question id
Key = tuple[str, str, str]
# Answers written straight into the database by drive/seed.py (no client saw them accepted).
SEEDED_PREFIX = "seeded-"


def append(path: Path, answer: Answer) -> None:
    with path.open("a") as file:
        file.write(json.dumps(asdict(answer)) + "\n")


def read_accepted(folder: Path) -> list[Answer]:
    return [
        Answer(**json.loads(line))
        for path in sorted(folder.glob("answers-*.jsonl"))
        for line in path.read_text().splitlines()
    ]


@dataclass
class Reconciliation:
    accepted: int
    stored: int
    lost: list[Key]
    duplicated: list[Key]
    changed: list[Key]
    unconfirmed: int  # stored, but the client never saw a success (e.g. a killed worker)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.changed)

    def __str__(self) -> str:
        return (
            f"{self.accepted} answers accepted, {self.stored} stored; {len(self.lost)} lost, "
            f"{len(self.duplicated)} duplicated, {len(self.changed)} with another value "
            f"({self.unconfirmed} stored whose success the client never saw)"
        )


def reconcile(database_url: str, accepted: Iterable[Answer], content: Library) -> Reconciliation:
    expected: dict[Key, object] = {}
    for answer in accepted:
        # An assessment answer can be changed: the last one accepted is what counts.
        key, value = _as_stored(answer, content)
        expected[key] = value
    counts: Counter[Key] = Counter()
    values: dict[Key, object] = {}
    engine = create_engine(database_url)
    with engine.connect() as db:
        in_rooms = select(TrainingSession.id).where(TrainingSession.paced)
        quiz = (
            select(QuizAttempt.public_id, QuizAnswer.question_id, QuizAnswer.chosen)
            .join(QuizAnswer.attempt)
            .where(
                (QuizAttempt.training_session_id.is_(None))
                | QuizAttempt.training_session_id.not_in(in_rooms)
            )
        )
        room = (
            select(Participant.public_id, QuizAnswer.question_id, QuizAnswer.chosen)
            .join(QuizAnswer.attempt)
            .join(Participant, Participant.id == QuizAttempt.participant_id)
            .where(QuizAttempt.training_session_id.in_(in_rooms))
        )
        assessment = select(MemberResponse.public_id, MemberAnswer.dimension_id, MemberAnswer.level)
        for kind, query in (
            ("quiz", quiz),
            ("room", room),
            ("assessment", assessment.join(MemberAnswer.response)),
        ):
            for owner, question, value in db.execute(query):
                counts[(kind, owner, question)] += 1
                values[(kind, owner, question)] = value
    engine.dispose()
    return Reconciliation(
        accepted=len(expected),
        stored=sum(counts.values()),
        lost=[key for key in expected if key not in counts],
        duplicated=[key for key, count in counts.items() if count > 1],
        changed=[key for key in expected if key in values and values[key] != expected[key]],
        unconfirmed=len(
            [key for key in set(counts) - set(expected) if not key[1].startswith(SEEDED_PREFIX)]
        ),
    )


def _as_stored(answer: Answer, content: Library) -> tuple[Key, object]:
    """The answer as the tables hold it: assessment questions by dimension, rungs by level."""
    if answer.kind in ("quiz", "room"):
        return (answer.kind, answer.owner, answer.question), answer.value
    assessment = content.default_assessment
    dimension = assessment.questions[int(answer.question) - 1]
    level = None if answer.value in SKIP_NAMES else assessment.ladder.rung(answer.value).level
    return (answer.kind, answer.owner, dimension.id), level

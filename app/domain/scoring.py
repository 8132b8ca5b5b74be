"""Scoring a quiz attempt. (A team's self-assessment results are in results.py.)"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.domain.content import QuizQuestion
from app.domain.ladder import Rung

# --- Quiz -----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    question: QuizQuestion
    chosen: Rung | None  # None when not answered (or answered with an option not offered)
    correct: bool


@dataclass(frozen=True)
class QuizScore:
    correct: int
    total: int  # the number of questions asked
    per_question: tuple[QuestionResult, ...]


def score_quiz(asked: Sequence[QuizQuestion], answers: Mapping[str, str]) -> QuizScore:
    """Score the asked questions; `answers` maps question id to the chosen rung id."""
    results = []
    for question in asked:
        offered = {rung.id: rung for rung in question.options}
        chosen = offered.get(answers.get(question.id, ""))
        results.append(QuestionResult(question, chosen, chosen == question.answer))
    return QuizScore(
        correct=sum(result.correct for result in results),
        total=len(results),
        per_question=tuple(results),
    )

"""Quiz scoring. (A team's self-assessment results: tests/domain/test_results.py.)"""

from __future__ import annotations

from pathlib import Path

from app.domain.content import Quiz, QuizQuestion
from app.domain.ladder import Ladder, Rung
from app.domain.scoring import score_quiz

RUNG_IDS = ("inform", "consult", "engage", "co-design", "co-production")
LADDER = Ladder(
    "nhs-england",
    "NHS England involvement ladder",
    "NHS England",
    tuple(Rung(rung, rung.title(), level, "h", "d") for level, rung in enumerate(RUNG_IDS, 1)),
)
INFORM, CONSULT, ENGAGE, CO_DESIGN, CO_PRODUCTION = range(1, 6)
DIMENSIONS = tuple(f"d{i}" for i in range(1, 9))


def make_quiz(answers: list[str], per_attempt: int = 5) -> Quiz:
    questions = tuple(
        QuizQuestion(f"q{i}", "s", LADDER.rungs, LADDER.rung(answer), "e", {})
        for i, answer in enumerate(answers, 1)
    )
    return Quiz("quiz", "Quiz", 1, 5, "i", LADDER, questions, per_attempt, "abc", Path("q.yaml"))


# --- Quiz -----------------------------------------------------------------------------


def test_score_quiz_counts_asked_questions_only() -> None:
    quiz = make_quiz(["inform", "consult", "engage", "co-design", "co-production", "inform"])
    asked = quiz.asked(["q1", "q2", "q3", "q4", "q5"])
    score = score_quiz(asked, {"q1": "inform", "q2": "engage", "q3": "engage", "q6": "inform"})
    assert (score.correct, score.total) == (2, 5)
    assert [result.correct for result in score.per_question] == [True, False, True, False, False]
    assert score.per_question[1].chosen == LADDER.rung("engage")
    assert score.per_question[3].chosen is None  # unanswered counts as not correct


def test_score_quiz_ignores_options_not_offered() -> None:
    question = QuizQuestion("q1", "s", LADDER.rungs[:2], LADDER.rung("inform"), "e", {})
    quiz = Quiz("quiz", "Quiz", 1, 5, "i", LADDER, (question,), 5, "abc", Path("q.yaml"))
    score = score_quiz(quiz.asked(None), {"q1": "engage"})
    assert score.per_question[0].chosen is None and score.correct == 0 and score.total == 1

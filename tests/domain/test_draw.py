"""Drawing an attempt's questions: the rules hold for every seed, and every question of
every shipped quiz can come up."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.content import load_library
from app.domain.draw import draw_questions

LIBRARY = load_library(Path(__file__).resolve().parents[2] / "quizzes")
QUIZZES = sorted(LIBRARY.quizzes.values(), key=lambda quiz: quiz.id)


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 2**32), quiz_index=st.integers(0, len(QUIZZES) - 1))
def test_every_draw_keeps_the_rules(seed, quiz_index):
    quiz = QUIZZES[quiz_index]
    drawn = draw_questions(quiz, random.Random(seed))
    assert len(drawn) == quiz.questions_per_attempt
    assert len(set(drawn)) == len(drawn)  # no question twice
    rungs = {quiz.question(question_id).answer.id for question_id in drawn}
    assert len(rungs) >= quiz.min_rungs
    assert draw_questions(quiz, random.Random(seed)) == drawn  # the same seed replays


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_a_retake_avoids_the_last_attempts_questions_where_the_bank_allows(seed):
    quiz = LIBRARY.quizzes["is-it-co-production"]  # 20 questions: room for a fresh five
    first = draw_questions(quiz, random.Random(seed))
    second = draw_questions(quiz, random.Random(seed + 1), seen=first)
    assert not set(first) & set(second)
    rungs = {quiz.question(question_id).answer.id for question_id in second}
    assert len(rungs) >= quiz.min_rungs


def test_every_question_of_every_shipped_quiz_can_be_drawn():
    for quiz in QUIZZES:
        seen: set[str] = set()
        for seed in range(400):
            seen.update(draw_questions(quiz, random.Random(seed)))
        assert seen == {question.id for question in quiz.questions}, quiz.id


def test_draws_vary_in_questions_order_and_rung_mix():
    quiz = LIBRARY.quizzes["is-it-co-production"]
    draws = [draw_questions(quiz, random.Random(seed)) for seed in range(10)]
    assert len(set(draws)) == 10
    mixes = {tuple(sorted(quiz.question(q).answer.id for q in draw)) for draw in draws}
    assert len(mixes) > 1  # not always one question per rung
    assert any(len(set(mix)) < len(mix) for mix in mixes)  # a rung can come up twice

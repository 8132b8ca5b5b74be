"""The shipped quiz banks (issue 15): big enough to draw from, every rung well covered, the
settings staff work in, a question for the room after each story, and scenarios that do not
give their answer away by naming a rung.

Fast: loads the content folder only, no app.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from app.domain.content import load_library

CONTENT_DIR = Path(__file__).resolve().parents[1] / "quizzes"
LIBRARY = load_library(CONTENT_DIR)
RUNGS = ("inform", "consult", "engage", "co-design", "co-production")

QUIZZES = ("is-it-co-production", "who-holds-the-power", "which-rung-fits")
BANK_SIZE = {"is-it-co-production": 20, "who-holds-the-power": 12, "which-rung-fits": 10}
TIMES_EACH_RUNG = {"is-it-co-production": 3, "who-holds-the-power": 2, "which-rung-fits": 2}
REQUIRED_SETTINGS = (
    "adult social care",
    "care home",
    "home care",
    "council commissioning",
    "dementia",
    "community health",
    "mental health",
    "children and young people",
    "learning disability",
    "maternity",
    "primary care",
    "hospital ward",
    "voluntary group",
    "Wales",
)
# Words that name a rung or give the answer away. Checked as parts of words, so "information",
# "consultant", "engagement" and "designers" are caught too.
GIVEAWAYS = (*RUNGS, "co-produc", "co-design", "consultation", "design")


def raw_questions(quiz_id: str) -> list[dict]:
    """The questions as written in the file, for fields the loaded objects may not carry."""
    data = yaml.safe_load((CONTENT_DIR / f"{quiz_id}.yaml").read_text(encoding="utf-8"))
    return data["questions"]


def answers(quiz_id: str) -> Counter[str]:
    return Counter(question.answer.id for question in LIBRARY.quiz(quiz_id).questions)


def test_the_three_quizzes_ship():
    for quiz_id in QUIZZES:
        assert quiz_id in LIBRARY.quizzes, f"{quiz_id} did not load"
    assert LIBRARY.quiz("which-rung-fits").ladder.id == "nhs-england"


@pytest.mark.parametrize("quiz_id", QUIZZES)
def test_each_bank_is_bigger_than_one_attempt(quiz_id):
    quiz = LIBRARY.quiz(quiz_id)
    assert len(quiz.questions) >= BANK_SIZE[quiz_id]
    assert quiz.questions_per_attempt == 5
    assert quiz.min_rungs == 3


@pytest.mark.parametrize("quiz_id", QUIZZES)
def test_every_rung_is_the_answer_often_enough(quiz_id):
    counts = answers(quiz_id)
    too_few = {rung: counts[rung] for rung in RUNGS if counts[rung] < TIMES_EACH_RUNG[quiz_id]}
    assert not too_few, f"{quiz_id}: rungs answered too rarely {too_few} (all: {dict(counts)})"


def test_is_it_co_production_covers_every_setting():
    settings = {question.get("setting") for question in raw_questions("is-it-co-production")}
    missing = [setting for setting in REQUIRED_SETTINGS if setting not in settings]
    assert not missing, f"no scenario set in: {', '.join(missing)}"


@pytest.mark.parametrize("quiz_id", QUIZZES)
def test_every_question_has_a_setting_and_a_question_for_the_room(quiz_id):
    for question in raw_questions(quiz_id):
        assert str(question.get("setting", "")).strip(), f"{question['id']} has no setting"
        talk_about = str(question.get("talk_about", "")).strip()
        assert talk_about.endswith("?"), f"{question['id']}: talk_about must be one question"
        assert talk_about.count("?") == 1, f"{question['id']}: talk_about asks more than once"
    for question in LIBRARY.quiz(quiz_id).questions:
        if hasattr(question, "talk_about"):
            assert question.talk_about, f"{question.id}: talk_about did not load"


@pytest.mark.parametrize("quiz_id", QUIZZES)
def test_no_scenario_gives_its_answer_away(quiz_id):
    for question in LIBRARY.quiz(quiz_id).questions:
        scenario = question.scenario.lower()
        found = [word for word in GIVEAWAYS if word in scenario]
        assert not found, f"{quiz_id}/{question.id} scenario says {found}"


@pytest.mark.parametrize("quiz_id", QUIZZES)
def test_all_five_rungs_are_offered_in_ladder_order_with_feedback_for_each_wrong_one(quiz_id):
    for question in LIBRARY.quiz(quiz_id).questions:
        assert tuple(rung.id for rung in question.options) == RUNGS, question.id
        wrong = set(RUNGS) - {question.answer.id}
        assert set(question.feedback) == wrong, f"{question.id}: feedback for {wrong} needed"

"""A trainer's own quiz as data: the form's steps, field names in words, and the checks an
upload goes through (the same as the shipped files', against the shipped ladders)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.content import check_quiz_data, load_library, own_quiz
from app.domain.own_quiz import (
    field_words,
    new_quiz,
    scenario_data,
    with_scenario,
    without_scenario,
)
from app.domain.plain_language import quiz_warnings

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = load_library(ROOT / "quizzes")


def _quiz(scenarios: int) -> dict:
    # The service sets the id and version before the checks (app/own_quizzes/queries.py).
    data = {**new_quiz("Ward 7", "Stories from ward 7."), "id": "own-1", "version": 1}
    for n in range(scenarios):
        data = with_scenario(
            data, None, scenario_data(f"Story {n}.", "inform", "Told, not asked.", {}, "")
        )
    return data


def test_a_quiz_needs_five_scenarios_and_then_builds_with_the_services_id_and_version():
    checked, problems = check_quiz_data(_quiz(4), LIBRARY)
    assert checked is None
    assert [p.message for p in problems] == ["a quiz needs at least 5 questions; this one has 4"]
    checked, problems = check_quiz_data(_quiz(5), LIBRARY)
    assert problems == []
    quiz = own_quiz(checked, "own-7", 3, LIBRARY)
    assert (quiz.id, quiz.version, len(quiz.questions)) == ("own-7", 3, 5)
    assert own_quiz(checked, "own-7", 4, LIBRARY).content_hash != quiz.content_hash


def test_scenarios_keep_their_ids_when_others_are_removed_or_changed():
    data = _quiz(3)
    data = without_scenario(data, 2)
    data = with_scenario(data, None, scenario_data("New.", "engage", "Why.", {}, ""))
    assert [q["id"] for q in data["questions"]] == ["scenario-1", "scenario-3", "scenario-4"]
    changed = with_scenario(
        {**data, "questions": [{**data["questions"][0], "setting": "ward"}]},
        1,
        scenario_data("Changed.", "consult", "Why.", {"inform": "Not told."}, "Ask?"),
    )
    assert changed["questions"][0] == {
        "id": "scenario-1",
        "setting": "ward",
        "scenario": "Changed.",
        "answer": "consult",
        "explanation": "Why.",
        "feedback": {"inform": "Not told."},
        "talk_about": "Ask?",
    }


def test_a_shipped_file_may_not_use_an_own_quiz_id(tmp_path):
    for ladder in (ROOT / "quizzes/ladders").iterdir():
        (tmp_path / ladder.name).write_text(ladder.read_text())
    own = (ROOT / "app/own_quizzes/example-quiz.yaml").read_text()
    (tmp_path / "quiz.yaml").write_text(own.replace("id: our-services", "id: own-3"))
    with pytest.raises(Exception, match="ids starting 'own-' are for trainers' own quizzes"):
        load_library(tmp_path)


@pytest.mark.parametrize(
    ("field", "words"),
    [
        ("questions[2].explanation", "scenario 3, explanation"),
        ("questions[0].feedback.co-design", "scenario 1, feedback for co-design"),
        ("questions[4].talk_about", "scenario 5, talk about"),
        ("questions[1]", "scenario 2"),
        ("title", "title"),
    ],
)
def test_fields_are_named_in_the_forms_words(field, words):
    assert field_words(field) == words


def test_plain_english_warnings_name_the_field():
    data = _quiz(5)
    data["questions"][1]["explanation"] = (
        "The ICB disseminated comprehensive documentation regarding the reconfiguration."
    )
    checked, _ = check_quiz_data(data, LIBRARY)
    warnings = quiz_warnings(own_quiz(checked, "own-1", 1, LIBRARY))
    assert {(w.field, w.message.split(" ")[0]) for w in warnings} == {
        ("questions[1].explanation", "scores"),
        ("questions[1].explanation", "uses"),
    }

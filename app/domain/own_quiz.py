"""A trainer's own quiz as data: the form's steps (details, then scenarios one at a time)
change the same data a quiz file holds (docs/content-format.md), which the content checks
then judge as they judge an uploaded file."""

from __future__ import annotations

import copy
import re
from typing import Any

from app.domain.content import QUIZ_MIN_QUESTIONS
from app.domain.wording import plural

# How much one upload or one text may hold: a 5-question file is about 5 KB.
MAX_FILE_BYTES = 200_000
LIMITS = {"title": 200, "introduction": 1000, "scenario": 2000, "explanation": 2000}
FEEDBACK_LIMIT = 500
TALK_ABOUT_LIMIT = 300
MINUTES = 5  # a quiz written in the form: an attempt asks 5 scenarios, about a minute each


def field_words(field: str) -> str:
    """A content checker's field in the form's words: "questions[2].feedback.consult" ->
    "scenario 3, feedback for consult"; fields outside a scenario as they are."""
    found = re.fullmatch(r"questions\[(\d+)\](?:\.(\w+))?(?:\.([\w-]+))?(.*)", field)
    if found is None:
        return field
    number, name, rung, rest = found.groups()
    words = f"scenario {int(number) + 1}"
    if name:
        words += f", {name.replace('_', ' ')}" + (f" for {rung}" if rung else "") + rest
    return words


def still_needed(data: dict[str, Any]) -> str | None:
    """What a quiz written in the form lacks before it can be used, in the form's words."""
    questions = data.get("questions")
    missing = QUIZ_MIN_QUESTIONS - (len(questions) if isinstance(questions, list) else 0)
    if missing <= 0:
        return None
    return f"Add {plural(missing, 'more scenario')}: a quiz needs at least {QUIZ_MIN_QUESTIONS}"


def new_quiz(title: str, introduction: str) -> dict[str, Any]:
    """The data of a quiz with no scenarios yet (the service sets its id and version)."""
    return {
        "kind": "quiz",
        "title": title,
        "minutes": MINUTES,
        "introduction": introduction,
        "questions": [],
    }


def with_details(data: dict[str, Any], title: str, introduction: str) -> dict[str, Any]:
    return {**copy.deepcopy(data), "title": title, "introduction": introduction}


def scenario_data(
    scenario: str,
    answer: str,
    explanation: str,
    feedback: dict[str, str],
    talk_about: str,
) -> dict[str, Any]:
    """One question as the form gives it; empty optional texts are left out."""
    question: dict[str, Any] = {"scenario": scenario, "answer": answer, "explanation": explanation}
    kept = {rung: text for rung, text in feedback.items() if text}
    if kept:
        question["feedback"] = kept
    if talk_about:
        question["talk_about"] = talk_about
    return question


def with_scenario(
    data: dict[str, Any], position: int | None, question: dict[str, Any]
) -> dict[str, Any]:
    """The quiz with a scenario added (position None) or the one at `position` (1-based)
    changed; a changed one keeps its id and what the form does not show (options,
    setting)."""
    data = copy.deepcopy(data)
    questions = data.setdefault("questions", [])
    if position is None:
        questions.append({"id": _unused_id(questions), **question})
    else:
        kept = {
            key: value
            for key, value in questions[position - 1].items()
            if key not in ("scenario", "answer", "explanation", "feedback", "talk_about")
        }
        questions[position - 1] = {**kept, **question}
    return data


def without_scenario(data: dict[str, Any], position: int) -> dict[str, Any]:
    data = copy.deepcopy(data)
    del data["questions"][position - 1]
    return data


def _unused_id(questions: list[Any]) -> str:
    taken = {question.get("id") for question in questions if isinstance(question, dict)}
    number = len(questions) + 1
    while f"scenario-{number}" in taken:
        number += 1
    return f"scenario-{number}"

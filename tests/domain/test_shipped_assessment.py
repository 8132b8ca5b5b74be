"""The shipped team self-assessment: rules about its wording that the schema cannot check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.domain.content import load_library

ASSESSMENT = load_library(Path(__file__).resolve().parents[2] / "quizzes").assessment(
    "team-self-assessment"
)
# What a member answers: every question, hint and option (next steps are advice to the team).
ANSWERED = [
    (f"{dimension.id}.{name}", text)
    for dimension in ASSESSMENT.questions
    for name, text in [
        ("question", dimension.question),
        ("hint", dimension.hint or ""),
        *((f"options[{rung}]", option) for rung, option in dimension.options.items()),
    ]
]


def test_the_dimensions_that_decide_power() -> None:
    assert [d.id for d in ASSESSMENT.power_dimensions] == ["when-involved", "decisions"]


@pytest.mark.parametrize(("where", "text"), ANSWERED, ids=[where for where, _ in ANSWERED])
def test_members_answer_as_the_team_not_as_we(where: str, text: str) -> None:
    found = re.findall(r"\b(?:we|us|our|ours|ourselves)\b", text, flags=re.IGNORECASE)
    assert not found, f"{where} says {', '.join(found)}: write 'the team' instead.\n{text}"


def test_advice_on_paying_people_says_benefits_can_be_affected_and_where_to_check() -> None:
    steps = ASSESSMENT.question("valuing-contributions").next_steps.values()
    paying_for_time = [text for text in steps if re.search(r"\bpay\b.*\btime\b", text, re.I)]
    assert paying_for_time
    for text in paying_for_time:
        assert "benefits" in text, text
        assert any(where in text for where in ("benefits adviser", "Citizens Advice")), text

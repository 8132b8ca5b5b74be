"""Snapshots: a round of answers keeps the exact content it was answered with."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain.content import (
    SNAPSHOT_PATH,
    Assessment,
    Quiz,
    from_snapshot,
    load_library,
    snapshot,
)
from tests.domain.test_content import assessment_yaml, ladder_yaml, mutate, quiz_yaml, write

SHIPPED = load_library(Path(__file__).resolve().parents[2] / "quizzes")
SHIPPED_ITEMS = [*SHIPPED.quizzes.values(), *SHIPPED.assessments.values()]


def through_json(item: Quiz | Assessment) -> Quiz | Assessment:
    return from_snapshot(json.loads(json.dumps(snapshot(item))))


def test_something_is_shipped() -> None:
    assert SHIPPED.quizzes and SHIPPED.assessments


@pytest.mark.parametrize("item", SHIPPED_ITEMS, ids=[item.id for item in SHIPPED_ITEMS])
def test_every_shipped_item_survives_a_json_round_trip(item: Quiz | Assessment) -> None:
    rebuilt = through_json(item)
    assert type(rebuilt) is type(item)
    assert rebuilt == item
    assert rebuilt.content_hash == item.content_hash
    assert rebuilt.ladder == item.ladder
    assert rebuilt.questions == item.questions
    assert rebuilt.path == SNAPSHOT_PATH
    assert snapshot(rebuilt) == snapshot(item)


def test_snapshot_shape() -> None:
    assessment = SHIPPED.default_assessment
    taken = snapshot(assessment)
    assert set(taken) == {"kind", "data", "ladder"}
    assert taken["kind"] == "assessment"
    assert taken["data"]["id"] == assessment.id and taken["data"]["kind"] == "assessment"
    assert taken["ladder"]["id"] == assessment.ladder.id
    quiz = next(iter(SHIPPED.quizzes.values()))
    assert snapshot(quiz)["kind"] == "quiz"


def test_the_rebuilt_assessment_keeps_its_power_dimensions() -> None:
    rebuilt = through_json(SHIPPED.default_assessment)
    assert [d.id for d in rebuilt.power_dimensions] == ["when-involved", "decisions"]


def test_a_snapshot_keeps_the_old_wording_after_the_file_changes(tmp_path: Path) -> None:
    old_root, new_root = tmp_path / "old", tmp_path / "new"
    write(old_root, {"l.yaml": ladder_yaml(), "a.yaml": assessment_yaml()})
    changed = mutate(assessment_yaml(), "Q2 practice at engage.", "New words for engage.")
    write(new_root, {"l.yaml": ladder_yaml(), "a.yaml": changed})
    old = load_library(old_root).default_assessment
    new = load_library(new_root).default_assessment
    stored = json.dumps(snapshot(old))

    rebuilt = from_snapshot(json.loads(stored))
    assert rebuilt.question("dimension-2").options["engage"] == "Q2 practice at engage."
    assert rebuilt.content_hash == old.content_hash != new.content_hash
    assert rebuilt != new


def test_a_snapshot_from_before_power_still_rebuilds() -> None:
    taken = snapshot(SHIPPED.default_assessment)
    for question in taken["data"]["questions"]:
        question.pop("power", None)
    rebuilt = from_snapshot(taken)
    assert rebuilt.power_dimensions == ()


def test_changing_a_snapshot_does_not_change_the_item(tmp_path: Path) -> None:
    write(tmp_path, {"l.yaml": ladder_yaml(), "q.yaml": quiz_yaml()})
    quiz = load_library(tmp_path).quiz("is-it-co-production")
    taken = snapshot(quiz)
    rebuilt = from_snapshot(taken)
    taken["data"]["title"] = "Changed"
    taken["ladder"]["rungs"][0]["name"] = "Changed"
    assert snapshot(quiz)["data"]["title"] == "Is it co-production?"
    assert snapshot(rebuilt)["data"]["title"] == "Is it co-production?"
    assert rebuilt == quiz


def test_a_quiz_on_another_ladder_round_trips(tmp_path: Path) -> None:
    tlap = ladder_yaml("tlap", ("coercion", "educating", "informing", "co-production"))
    quiz = quiz_yaml(extra="ladder: tlap\n")
    for answer in ("inform", "consult", "engage", "co-design"):
        quiz = quiz.replace(f"answer: {answer}\n", "answer: coercion\n")
    write(tmp_path, {"nhs.yaml": ladder_yaml(), "tlap.yaml": tlap, "q.yaml": quiz})
    loaded = load_library(tmp_path).quiz("is-it-co-production")
    rebuilt = through_json(loaded)
    assert rebuilt == loaded and rebuilt.ladder.id == "tlap"


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"kind": "guide", "data": {"kind": "guide"}, "ladder": {}},
        {"kind": "quiz", "data": {"kind": "assessment"}, "ladder": {}},
        {"kind": "quiz", "data": "text", "ladder": {}},
        "not a mapping",
    ],
)
def test_not_a_snapshot(bad: object) -> None:
    with pytest.raises(ValueError, match="not a content snapshot"):
        from_snapshot(bad)  # type: ignore[arg-type]


def test_a_snapshot_with_the_wrong_ladder_is_refused() -> None:
    taken = snapshot(SHIPPED.default_assessment)
    taken["ladder"]["id"] = "another-ladder"
    with pytest.raises(ValueError, match="not the one the assessment uses"):
        from_snapshot(taken)


def test_only_loaded_quizzes_and_assessments_can_be_snapshotted() -> None:
    with pytest.raises(TypeError):
        snapshot(SHIPPED.guide)  # type: ignore[arg-type]
    quiz = next(iter(SHIPPED.quizzes.values()))
    bare = Quiz(
        quiz.id,
        quiz.title,
        quiz.version,
        quiz.minutes,
        quiz.introduction,
        quiz.ladder,
        quiz.questions,
        quiz.questions_per_attempt,
        quiz.content_hash,
        quiz.path,
        quiz.min_rungs,
    )
    assert bare == quiz  # the kept data does not take part in equality
    with pytest.raises(ValueError, match="nothing to snapshot"):
        snapshot(bare)

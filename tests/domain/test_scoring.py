"""Quiz scoring and ladder placement: concrete cases, then properties of the rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.content import Quiz, QuizQuestion
from app.domain.ladder import Ladder, Rung
from app.domain.scoring import (
    MIN_GROUP,
    MIN_RESPONSES,
    PLACEMENT_RULE_TEXT,
    agreement,
    dimension_changes,
    distribution,
    highest_rung_most_reach,
    holding_back,
    perspective_gap,
    place_member,
    place_team,
    round_change,
    score_quiz,
    team_profile,
)

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
    score = score_quiz(quiz, {"q1": "inform", "q2": "engage", "q3": "engage", "q6": "inform"})
    assert (score.correct, score.total) == (2, 5)
    assert [result.correct for result in score.per_question] == [True, False, True, False, False]
    assert score.per_question[1].chosen == LADDER.rung("engage")
    assert score.per_question[3].chosen is None  # unanswered counts as not correct


def test_score_quiz_ignores_options_not_offered() -> None:
    question = QuizQuestion("q1", "s", LADDER.rungs[:2], LADDER.rung("inform"), "e", {})
    quiz = Quiz("quiz", "Quiz", 1, 5, "i", LADDER, (question,), 5, "abc", Path("q.yaml"))
    score = score_quiz(quiz, {"q1": "engage"})
    assert score.per_question[0].chosen is None and score.correct == 0 and score.total == 1


# --- The placement rule, concrete cases -----------------------------------------------


@pytest.mark.parametrize(
    ("levels", "placed"),
    [
        ([1, 5], 1),
        ([3, 3, 3], 3),
        ([1, 2, 3, 4], 2),
        ([2, 4, 4], 4),
        ([5, 5, 1], 5),
        ([4, 5, None, None, None], 4),
        ([], None),
        ([None, None], None),
    ],
)
def test_highest_rung_most_reach(levels: list[int | None], placed: int | None) -> None:
    assert highest_rung_most_reach(levels) == placed


def test_member_and_team_placement() -> None:
    alice = {"d1": 4, "d2": 4, "d3": 2, "d4": None}
    bob = {"d1": 5, "d2": 3, "d3": 2, "d4": 1}
    carol = {"d1": 4, "d2": 2, "d3": None, "d4": None}
    assert place_member(alice) == 4
    assert place_member({"d1": None}) is None
    profile = team_profile([alice, bob, carol], ["d1", "d2", "d3", "d4"])
    assert profile == {"d1": 4, "d2": 3, "d3": 2, "d4": 1}
    assert place_team([alice, bob, carol], ["d1", "d2", "d3", "d4"]) == 2
    assert place_team([], ["d1"]) is None


def test_placement_rule_text_is_plain_english() -> None:
    assert "more than half" in PLACEMENT_RULE_TEXT and "average" in PLACEMENT_RULE_TEXT
    assert MIN_RESPONSES == 3 and MIN_GROUP == 3


# --- Agreement, distribution, perspectives --------------------------------------------


def test_agreement_labels() -> None:
    same = agreement([3, 3, None])
    assert same is not None
    assert (same.placements, same.spread, same.strong_disagreement) == ((3, 3), 0, False)
    assert same.label == "Everyone placed it on the same rung"

    close = agreement([4, 3])
    assert close is not None and close.label == "Close agreement: within one rung"
    assert (close.placements, close.lowest, close.highest) == ((3, 4), 3, 4)

    apart = agreement([1, 4, 2])
    assert apart is not None and apart.strong_disagreement and apart.spread == 3
    assert apart.label == (
        "Members see it differently: placements are 3 rungs apart. Talk about it as a team."
    )
    assert agreement([None]) is None and agreement([]) is None


def test_distribution_includes_empty_rungs() -> None:
    assert distribution([2, 2, 5, None], 5) == {1: 0, 2: 2, 3: 0, 4: 0, 5: 1}
    with pytest.raises(ValueError):
        distribution([6], 5)


def test_perspective_gap() -> None:
    placements = {
        "staff": [4, 5, 4, None],
        "lived-experience": [2, 3, 2, 4],
        "carer": [1, 1, 1],
    }
    gap = perspective_gap(placements)
    assert gap is not None
    assert (gap.staff_median, gap.lived_median, gap.gap) == (4.0, 2.5, 1.5)


def test_perspective_gap_needs_enough_people_in_both_groups() -> None:
    assert perspective_gap({"staff": [4, 5, None], "lived-experience": [1, 2, 3]}) is None
    assert perspective_gap({"staff": [4, 5, 5]}) is None
    assert perspective_gap({"staff": [4], "lived-experience": [2]}, min_group=1) is not None


# --- What holds the project back, change between rounds -------------------------------


def test_holding_back_lists_lower_dimensions_lowest_first() -> None:
    profile = {"a": 3, "b": 1, "c": 4, "d": 2, "e": None, "f": 1}
    assert holding_back(profile, 3) == ["b", "f", "d"]


def test_holding_back_falls_back_to_dimensions_at_the_placement() -> None:
    assert holding_back({"a": 3, "b": 4, "c": 3, "d": None}, 3) == ["a", "c"]


def test_round_change() -> None:
    assert round_change(2, 4) == 2 and round_change(3, 2) == -1
    assert round_change(None, 3) is None and round_change(3, None) is None
    changes = dimension_changes({"a": 1, "b": 3, "c": None}, {"a": 2, "b": 3, "c": 4, "d": 1})
    assert changes == {"a": 1, "b": 0, "c": None, "d": None}


# --- Properties -----------------------------------------------------------------------

levels_or_not_sure = st.one_of(st.none(), st.integers(INFORM, CO_PRODUCTION))
responses_st = st.fixed_dictionaries({dim: levels_or_not_sure for dim in DIMENSIONS})
teams_st = st.lists(responses_st, min_size=1, max_size=8)


@given(st.lists(levels_or_not_sure, max_size=20))
def test_rule_matches_its_definition(levels: list[int | None]) -> None:
    answered = [level for level in levels if level is not None]
    expected = max(
        (r for r in range(1, 6) if 2 * sum(level >= r for level in answered) > len(answered)),
        default=None,
    )
    assert highest_rung_most_reach(levels) == (expected if answered else None)


@given(st.lists(levels_or_not_sure, max_size=20))
def test_placement_is_always_a_rung_someone_chose(levels: list[int | None]) -> None:
    placed = highest_rung_most_reach(levels)
    assert placed is None or placed in levels


@given(st.integers(INFORM, CO_PRODUCTION), st.integers(1, 8), st.integers(1, 6))
def test_all_answers_at_one_rung_place_there(rung: int, members: int, dims: int) -> None:
    response = {f"d{i}": rung for i in range(dims)}
    assert place_member(response) == rung
    assert place_team([response] * members, list(response)) == rung


@given(responses_st, st.data())
def test_raising_one_answer_never_lowers_member_placement(
    response: dict[str, int | None], data: st.DataObject
) -> None:
    before = place_member(response)
    raised = _raise_one(response, data)
    if raised is not None:
        after = place_member(raised)
        assert before is not None and after is not None and after >= before


@given(teams_st, st.data())
def test_raising_one_answer_never_lowers_team_placement(
    team: list[dict[str, int | None]], data: st.DataObject
) -> None:
    before = place_team(team, DIMENSIONS)
    index = data.draw(st.integers(0, len(team) - 1))
    raised = _raise_one(team[index], data)
    if raised is not None:
        after = place_team([*team[:index], raised, *team[index + 1 :]], DIMENSIONS)
        assert before is not None and after is not None and after >= before


def _raise_one(
    response: dict[str, int | None], data: st.DataObject
) -> dict[str, int | None] | None:
    """A copy with one answered, non-top dimension moved up; None if there is none."""
    raisable = [dim for dim, level in response.items() if level is not None and level < 5]
    if not raisable:
        return None
    dim = data.draw(st.sampled_from(raisable))
    current = response[dim]
    assert current is not None
    return {**response, dim: data.draw(st.integers(current + 1, CO_PRODUCTION))}


@given(teams_st, st.data())
def test_member_order_does_not_matter(
    team: list[dict[str, int | None]], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(team))
    assert team_profile(shuffled, DIMENSIONS) == team_profile(team, DIMENSIONS)
    assert place_team(shuffled, DIMENSIONS) == place_team(team, DIMENSIONS)


@given(st.lists(levels_or_not_sure, max_size=20), st.data())
def test_adding_not_sure_never_changes_placement(
    levels: list[int | None], data: st.DataObject
) -> None:
    position = data.draw(st.integers(0, len(levels)))
    assert highest_rung_most_reach([*levels[:position], None, *levels[position:]]) == (
        highest_rung_most_reach(levels)
    )


@given(responses_st)
def test_a_not_sure_dimension_is_ignored_for_a_member(response: dict[str, int | None]) -> None:
    assert place_member({**response, "extra": None}) == place_member(response)


@given(teams_st, st.data())
def test_all_not_sure_response_places_nowhere_and_changes_nothing(
    team: list[dict[str, int | None]], data: st.DataObject
) -> None:
    not_sure = dict.fromkeys(DIMENSIONS)
    assert place_member(not_sure) is None
    position = data.draw(st.integers(0, len(team)))
    with_it = [*team[:position], not_sure, *team[position:]]
    assert team_profile(with_it, DIMENSIONS) == team_profile(team, DIMENSIONS)
    assert place_team(with_it, DIMENSIONS) == place_team(team, DIMENSIONS)


@given(st.permutations([INFORM, CO_PRODUCTION]), st.integers(1, 4))
def test_inform_and_co_production_never_average_to_engage(pair: list[int], members: int) -> None:
    assert place_member({"a": pair[0], "b": pair[1]}) != ENGAGE
    team = [{"a": pair[0]}, {"a": pair[1]}] * members
    assert place_team(team, ["a"]) != ENGAGE
    assert place_member({"a": pair[0], "b": pair[1]}) == INFORM

"""The rules of agreeing, targets, suggested actions, reviews and progress (no app)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.domain.content import load_library
from app.domain.plan import (
    Action,
    Agreed,
    agreed_profile,
    agreed_project_level,
    agreed_summary,
    agreed_text,
    difference_text,
    discussion_spread,
    due_problem,
    gap_text,
    progress,
    review_of,
    review_summary,
    suggested_actions,
    target_summary,
    working_level,
)
from app.domain.results import Member, RoundInput, project_results, round_results

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = load_library(ROOT / "quizzes")
ASSESSMENT = LIBRARY.default_assessment
LADDER = ASSESSMENT.ladder
IDS = ASSESSMENT.dimension_ids
DAY = dt.date(2026, 12, 1)


def members(levels_by_member):
    return tuple(
        Member("staff", dict(zip(IDS, levels, strict=True))) for levels in levels_by_member
    )


def closed_round(levels_by_member, number=1, label="First round"):
    return RoundInput(number, label, DAY, DAY, ASSESSMENT, members(levels_by_member))


EVEN = [[2] * 9, [2] * 9, [2] * 9]  # every question at Consult
ROUND = round_results(closed_round(EVEN), needed_responses=3)


def test_the_content_has_a_prompt_for_every_question_and_fits_for_every_rung():
    assert all(dimension.discuss for dimension in ASSESSMENT.questions)
    assert all(rung.fits for rung in LADDER.rungs)


def test_the_spread_for_the_room_hides_small_counts_and_what_gives_them_away():
    # Decisions: 1 at Inform, 5 at Consult, 3 at Engage; everything else at Consult.
    levels = [[1] * 9] + [[2] * 9] * 5 + [[3] * 9] * 3
    row = round_results(closed_round(levels), needed_responses=3).dimensions[1]
    shown = {item.label: item.count for item in discussion_spread(row)}
    assert shown == {
        "5. Co-production": 0,
        "4. Co-design": 0,
        "3. Engage": None,  # would give the 1 away: 9 people chose a rung
        "2. Consult": 5,
        "1. Inform": None,
        "Not sure, or not yet": 0,
    }
    too_few = round_results(closed_round([[1] * 9, [2] * 9, ["not-sure"] * 9]), needed_responses=3)
    assert discussion_spread(too_few.dimensions[0]) == ()


def test_agreed_text_covers_agreed_not_agreed_and_a_range():
    assert agreed_text(None, LADDER) == "Not agreed yet"
    assert agreed_text(Agreed("x", 4), LADDER) == "Co-design"
    assert agreed_text(Agreed("x", None, True, 4, 2), LADDER) == (
        "We could not agree (Consult to Co-design)"
    )
    assert agreed_text(Agreed("x", None, True), LADDER) == "We could not agree"


@pytest.mark.parametrize(
    ("answers", "agreed", "expected"),
    [
        (2, Agreed("x", 2), ""),
        (2, Agreed("x", 4), "Agreed 2 rungs higher than the answers."),
        (3, Agreed("x", 2), "Agreed 1 rung lower than the answers."),
        (2, Agreed("x", None, True), ""),
        (2, None, ""),
        (
            None,
            Agreed("x", 3),
            "The answers were too few to place this question; the team agreed a rung.",
        ),
    ],
)
def test_difference_between_agreed_and_answers(answers, agreed, expected):
    assert difference_text(answers, agreed) == expected


def test_agreed_profile_points_out_differences_and_could_not_agree():
    agreed = {
        IDS[0]: Agreed(IDS[0], 3),
        IDS[1]: Agreed(IDS[1], 2),
        IDS[2]: Agreed(IDS[2], None, True),
    }
    rows = agreed_profile(ROUND, agreed)
    assert [row.differs for row in rows[:3]] == [True, False, False]
    assert [row.difference_cell for row in rows[1:3]] == ["None", "Nothing to compare"]
    summary = agreed_summary(rows)
    assert "talked about 3 of the 9 questions" in summary
    assert "could not agree on Who takes part" in summary
    assert "not where the answers put it on When people got involved" in summary
    assert "not agreed any rungs yet" in agreed_summary(agreed_profile(ROUND, {}))


def test_agreed_project_level_uses_the_same_rule_and_the_power_cap():
    agreed = {dim: Agreed(dim, 4) for dim in IDS}
    assert agreed_project_level(ASSESSMENT, agreed) == 4
    agreed["decisions"] = Agreed("decisions", 2)  # a power question holds it back
    assert agreed_project_level(ASSESSMENT, agreed) == 2
    assert agreed_project_level(ASSESSMENT, {}) is None


def test_working_level_prefers_what_was_agreed():
    row = ROUND.dimensions[0]
    assert working_level(row, None) == 2
    assert working_level(row, Agreed(row.dimension.id, 4)) == 4
    assert working_level(row, Agreed(row.dimension.id, None, True)) == 2


@pytest.mark.parametrize(
    ("level", "target", "expected"),
    [
        (2, 4, "2 rungs below the target"),
        (3, 4, "1 rung below the target"),
        (4, 4, "At the target"),
        (5, 1, "Above the target"),
        (None, 3, "Not known"),
        (3, None, "Not known"),
    ],
)
def test_gap_to_target(level, target, expected):
    assert gap_text(level, target) == expected


def test_target_summary_never_says_move_up_regardless():
    assert "every rung suits some kinds of change" in target_summary(LADDER.by_level(2), None)
    assert "2 rungs below it" in target_summary(LADDER.by_level(2), LADDER.by_level(4))
    assert "keep it there" in target_summary(LADDER.by_level(1), LADDER.by_level(1))
    above = target_summary(LADDER.by_level(3), LADDER.by_level(1))
    assert "That is fine" in above and "do not need to move it up" in above


def test_suggested_actions_only_below_target_furthest_and_power_first():
    assert suggested_actions(ROUND, {}, None) == ()
    assert suggested_actions(ROUND, {}, 2) == ()  # everything is at the target already
    agreed = {"feedback": Agreed("feedback", 1), "when-involved": Agreed("when-involved", 3)}
    found = suggested_actions(ROUND, agreed, 3)
    ids = [item.dimension.id for item in found]
    assert "when-involved" not in ids  # agreed at the target
    assert ids[0] == "feedback"  # furthest below
    assert ids[1] == "decisions"  # power questions first among the rest
    first = found[0]
    assert first.gap == 2 and first.advice == first.dimension.next_steps["inform"]


def test_a_date_in_the_past_or_too_far_ahead_is_refused():
    today = dt.date(2026, 12, 5)
    assert due_problem(today, today) == ""
    assert "today or in the future" in due_problem(today - dt.timedelta(days=1), today)
    assert "within 5 years" in due_problem(dt.date(2032, 1, 1), today)


def action(status=None, dims=("decisions",)):
    return Action(1, dims, "Do it", "Lead", "Two members", "", DAY, status, "")


def test_review_shows_the_change_on_each_question_an_action_aimed_at():
    later = round_results(closed_round([[3] * 9] * 3, 2, "Round 2"), needed_responses=3)
    [review] = review_of([action(dims=("decisions", "feedback"))], ROUND, later)
    assert review.names == "Who makes decisions and Feedback"
    assert [c.change_text for c in review.changes] == ["Up 1 rung", "Up 1 rung"]
    open_round = round_results(
        RoundInput(2, "Round 2", DAY, None, ASSESSMENT, ()), needed_responses=3
    )
    [waiting] = review_of([action()], ROUND, open_round)
    assert waiting.changes[0].change_text == "Known when this round is closed"


def test_review_summary_counts_each_status():
    assert review_summary([]) == ""
    assert "None of the 2 actions" in review_summary([action(), action()])
    assert review_summary([action("done"), action("partly"), action()]) == (
        "2 of 3 actions reviewed: 1 done and 1 partly done."
    )


def test_progress_has_placement_agreed_and_target_for_rounds_with_results():
    results = project_results(
        project_name="P",
        team_name="T",
        description="",
        rounds=[
            closed_round(EVEN),
            closed_round([[3] * 9] * 3, 2, "Round 2"),
            RoundInput(3, "Round 3", DAY, None, ASSESSMENT, ()),
        ],
        needed_responses=3,
    )
    agreed = {2: {dim: Agreed(dim, 4) for dim in IDS}}
    rows = progress(results, agreed, {1: 4, 2: 4})
    assert [(r.label, r.placement, r.agreed, r.target) for r in rows] == [
        ("First round", 2, None, 4),
        ("Round 2", 3, 4, 4),
    ]
    assert rows[1].cells["decisions"].agreed == "Co-design"
    assert rows[0].cells["decisions"].target == "Co-design"

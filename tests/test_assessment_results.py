"""The results view model (app/assessment/results.py) from plain data, without pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.assessment.results import (
    Member,
    describe_change,
    join_names,
    project_results,
    round_results,
    rungs,
)
from app.domain.content import load_library
from app.models import AssessmentRound, MemberAnswer, MemberResponse, Project

ASSESSMENT = load_library(Path(__file__).resolve().parents[1] / "quizzes").default_assessment
IDS = ASSESSMENT.dimension_ids
NAMES = [dimension.name for dimension in ASSESSMENT.questions]
OPENED = dt.datetime(2025, 3, 4, tzinfo=dt.UTC)
INFORM, CONSULT, ENGAGE, CO_DESIGN, CO_PRODUCTION = range(1, 6)


def member(levels, perspective="staff"):
    """A member whose answers are `levels` in question order (a single int: all the same)."""
    if isinstance(levels, int | None):
        levels = [levels] * len(IDS)
    return Member(perspective, dict(zip(IDS, levels, strict=True)))


def results_of(members, previous=None, number=1, label="First round"):
    return round_results(
        number=number,
        label=label,
        opened_at=OPENED,
        members=members,
        in_progress=0,
        assessment=ASSESSMENT,
        previous=previous,
    )


def test_until_three_members_have_sent_answers_only_the_counts_are_worked_out():
    result = results_of([member(ENGAGE), member(CO_DESIGN)])
    assert (result.shown, result.responses, result.needed) == (False, 2, 1)
    assert result.placement is None and result.why == "" and result.agreement is None
    assert result.profile == () and result.distribution == () and result.perspectives == ()
    assert result.next_steps == () and result.gap is None


def test_the_reason_names_the_questions_that_reach_the_rung_and_next_steps_follow():
    levels = [CO_DESIGN] * 5 + [CONSULT] * 4
    result = results_of([member(levels)] * 3)
    assert result.placement.name == "Co-design"
    assert result.why == (
        "Most of the 9 things we ask about (5 of 9) reached Co-design or higher in your "
        f"team's answers: {', '.join(NAMES[:4])} and {NAMES[4]}. None of them reached "
        "Co-production or higher. That is not more than half, so the project is not placed "
        "higher."
    )
    assert [step.dimension.name for step in result.next_steps] == NAMES[5:]
    assert result.next_steps_below is True and result.at_top is False
    assert result.next_steps[0].advice == ASSESSMENT.questions[5].next_steps["consult"]
    assert [row.rung.name for row in result.profile] == ["Co-design"] * 5 + ["Consult"] * 4


def test_not_sure_answers_are_left_out_and_an_all_not_sure_member_is_not_placed():
    levels = [ENGAGE] * (len(IDS) - 1) + [None]
    result = results_of([member(levels), member(levels), member(None)])
    assert result.responses == 3 and result.unplaced == 1
    assert sum(row.members for row in result.distribution) == 2
    assert result.why.endswith(f"Left out because everyone answered Not sure: {NAMES[-1]}.")
    assert result.profile[-1].rung is None
    assert result.agreement_text == "Everyone placed it on the same rung: Engage."


def test_groups_show_only_from_three_members_and_the_gap_can_be_half_a_rung():
    members = [
        *(member(level) for level in (ENGAGE, ENGAGE, CO_DESIGN, CO_DESIGN)),
        *(member(CONSULT, "lived-experience") for _ in range(3)),
        member(INFORM, "carer"),
        member(CO_PRODUCTION, "carer"),
    ]
    result = results_of(members)
    assert [(g.name, g.members, g.median_text) for g in result.perspectives] == [
        ("Staff", 4, "Between Engage and Co-design"),
        ("People with lived experience", 3, "Consult"),
    ]
    assert result.hidden_members == 2
    assert result.gap.gap == 1.5
    assert result.gap_text.startswith(
        "Staff place the project higher than people with lived experience do, "
        "by 1 and a half rungs."
    )
    assert result.agreement.strong_disagreement
    assert "anywhere from Inform to Co-production, 4 rungs apart" in result.agreement_text


def test_the_gap_says_when_people_with_lived_experience_see_it_higher():
    members = [member(CONSULT)] * 3 + [member(ENGAGE, "lived-experience")] * 3
    result = results_of(members)
    assert result.gap_text.startswith(
        "People with lived experience place the project higher than staff do, by 1 rung."
    )
    assert results_of([member(CONSULT)] * 3).gap is None


def test_the_change_between_rounds_goes_down_as_well_as_up():
    first = results_of([member(CO_DESIGN)] * 3)
    second = results_of([member(CONSULT)] * 3, previous=first, number=2, label="6 months on")
    comparison = second.comparison
    assert comparison.placement_change == -2
    assert comparison.summary == (
        "Compared with First round, the project has moved down 2 rungs: from Co-design to Consult."
    )
    assert {row.change_text for row in comparison.dimensions} == {"Down 2 rungs"}

    waiting = results_of([member(CONSULT)], previous=first, number=2, label="6 months on")
    assert waiting.comparison.dimensions == () and waiting.comparison.placement_change is None
    assert "once both rounds have answers from at least 3 people" in waiting.comparison.summary


def test_at_the_top_rung_the_next_steps_are_about_keeping_it_going():
    result = results_of([member(CO_PRODUCTION)] * 3)
    assert result.at_top and not result.next_steps_below
    assert len(result.next_steps) == len(IDS)
    assert result.next_steps[0].advice == ASSESSMENT.questions[0].next_steps["co-production"]


def test_project_results_counts_submitted_responses_and_ignores_unknown_answers():
    def response(level, submitted=True):
        answers = [MemberAnswer(dimension_id=dim, level=level) for dim in IDS]
        answers.append(MemberAnswer(dimension_id="removed-question", level=INFORM))
        return MemberResponse(
            perspective="staff", answers=answers, submitted_at=OPENED if submitted else None
        )

    responses = [response(ENGAGE), response(ENGAGE), response(99), response(ENGAGE, False)]
    project = Project(
        project_name="Ward 7",
        team_name="Team",
        description="",
        rounds=[
            AssessmentRound(number=1, label="First round", opened_at=OPENED, responses=responses)
        ],
    )
    results = project_results(project, ASSESSMENT)
    latest = results.latest
    assert (latest.responses, latest.in_progress, latest.unplaced) == (3, 1, 1)
    assert latest.placement.name == "Engage"
    assert results.round(1) is latest
    with pytest.raises(KeyError):
        results.round(2)


@pytest.mark.parametrize(
    ("amount", "words"),
    [(1, "1 rung"), (2, "2 rungs"), (0.5, "half a rung"), (1.5, "1 and a half rungs")],
)
def test_rungs_in_words(amount, words):
    assert rungs(amount) == words


def test_changes_and_lists_in_words():
    assert [describe_change(c) for c in (None, 0, 1, -3)] == [
        "Not known",
        "No change",
        "Up 1 rung",
        "Down 3 rungs",
    ]
    assert [join_names(n) for n in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == [
        "",
        "A",
        "A and B",
        "A, B and C",
    ]

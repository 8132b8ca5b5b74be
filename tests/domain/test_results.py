"""A team's self-assessment results (app/domain/results.py): fair placement and anonymity.

Everything runs on the shipped assessment: 9 questions, of which `when-involved` and
`decisions` decide power. Properties (Hypothesis) first, then the edge cases of issue 11,
each with the placement and wording a team would see.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.domain.content import load_library
from app.domain.results import (
    EVERYONE,
    NOT_SURE,
    NOT_YET,
    OTHERS,
    PERSPECTIVES,
    Answer,
    DimensionResult,
    Member,
    RoundInput,
    RoundResults,
    agreement,
    describe_split,
    dimension_level,
    groups_of,
    hide_small_counts,
    min_responses,
    place,
    project_results,
    round_results,
)

ASSESSMENT = load_library(Path(__file__).resolve().parents[2] / "quizzes").default_assessment
IDS = ASSESSMENT.dimension_ids
POWER = ("when-involved", "decisions")
OTHER_IDS = tuple(dim for dim in IDS if dim not in POWER)
INFORM, CONSULT, ENGAGE, CO_DESIGN, CO_PRODUCTION = range(1, 6)
STAFF, LIVED, CARER = "staff", "lived-experience", "carer"
OPENED, CLOSED = dt.date(2024, 3, 1), dt.date(2024, 3, 29)

PROPERTY = settings(max_examples=80, deadline=None)


# --- Helpers ----------------------------------------------------------------------------


def member(perspective: str, level: Answer, answers: Mapping[str, Answer] | None = None) -> Member:
    """A member who gives `level` on every question, except the answers given by id."""
    return Member(perspective, {dim: level for dim in IDS} | dict(answers or {}))


def many(count: int, perspective: str, level: Answer, answers=None) -> list[Member]:
    return [member(perspective, level, answers) for _ in range(count)]


def closed_round(members: Sequence[Member], assessment=ASSESSMENT, **kwargs) -> RoundResults:
    data = RoundInput(1, "Round 1", OPENED, CLOSED, assessment, tuple(members))
    return round_results(data, needed_responses=3, **kwargs)


def row(results: RoundResults, dimension_id: str) -> DimensionResult:
    return next(item for item in results.dimensions if item.dimension.id == dimension_id)


def name(dimension_id: str) -> str:
    return ASSESSMENT.question(dimension_id).name


def rung_name(level: int) -> str:
    return ASSESSMENT.ladder.by_level(level).name


# --- Strategies -------------------------------------------------------------------------

LEVELS = st.integers(INFORM, CO_PRODUCTION)
# About half the answers choose no rung, so questions with 1 or 2 rungs chosen are common.
ANSWERS = st.one_of(LEVELS, st.sampled_from([NOT_SURE, NOT_YET]))
PERSPECTIVE_KEYS = st.sampled_from([STAFF, LIVED, CARER, "other"])


def members_of(answers=ANSWERS, min_size: int = 0, max_size: int = 10):
    """Teams of mixed perspectives; each member answers every question (rung or skip)."""
    return st.lists(
        st.builds(Member, PERSPECTIVE_KEYS, st.fixed_dictionaries(dict.fromkeys(IDS, answers))),
        min_size=min_size,
        max_size=max_size,
    )


@st.composite
def full_teams(draw) -> list[Member]:
    """1 to 3 perspectives of 3 to 5 members each, every member choosing a rung everywhere."""
    perspectives = draw(st.lists(PERSPECTIVE_KEYS, min_size=1, max_size=3, unique=True))
    members = [
        Member(perspective, draw(st.fixed_dictionaries(dict.fromkeys(IDS, LEVELS))))
        for perspective in perspectives
        for _ in range(draw(st.integers(3, 5)))
    ]
    return draw(st.permutations(members))


def seen(results: RoundResults):
    """Everything the results page shows, in a form that does not depend on member order."""

    def groups(items):
        return sorted(
            (g.group.key, len(g.group.members), g.group.joined, g.rung and g.rung.id) for g in items
        )

    return (
        results.rung,
        results.summary,
        results.reasons,
        results.agreement,
        results.agreement_text,
        results.groups_text,
        results.lived_experience_note,
        groups(results.groups),
        [step.dimension.id for step in results.next_steps],
        [
            (
                item.dimension.id,
                item.rung,
                item.chose_rung,
                dict(item.skipped),
                item.counts,
                item.split,
                item.contested,
                item.within_one,
                groups(item.groups),
            )
            for item in results.dimensions
        ],
    )


# --- Properties: a fair placement -------------------------------------------------------


@PROPERTY
@given(team=full_teams(), data=st.data())
def test_duplicating_every_member_of_one_perspective_never_moves_the_placement(team, data):
    """Headcount does not decide: each perspective group has one voice, whatever its size.

    Stated where it applies: every perspective present has at least 3 members and every
    member chose a rung on every question. Below 3 the anonymity rule regroups people (a
    group of 1 or 2 joins the others or the biggest group), so doubling a group of 2 rightly
    gives it a voice of its own, and that may move the placement.
    """
    perspective = data.draw(st.sampled_from(sorted({m.perspective for m in team})))
    doubled = team + [m for m in team if m.perspective == perspective]
    assert place(doubled, ASSESSMENT) == place(team, ASSESSMENT)
    assert closed_round(doubled).reasons == closed_round(team).reasons


@PROPERTY
@given(members=members_of(min_size=3))
def test_the_placement_never_sits_above_the_lowest_power_question(members):
    placement = place(members, ASSESSMENT)
    power = [dimension_level(members, dim) for dim in POWER]
    known = [level for level in power if level is not None]
    if placement.level is not None and known:
        assert placement.level <= min(known)
    results = closed_round(members)
    held = [dimension.id for dimension in results.held_back_by]
    if placement.level is not None and placement.level < placement.uncapped:
        assert held and all(power[POWER.index(dim)] == placement.level for dim in held)
        assert any(reason.startswith("Power sets the limit") for reason in results.reasons)
        assert [step.dimension.id for step in results.next_steps[: len(held)]] == held
    else:
        assert held == []
        assert not any("Power sets the limit" in reason for reason in results.reasons)


@PROPERTY
@given(members=members_of(min_size=1), data=st.data())
def test_raising_one_answer_never_lowers_the_placement(members, data):
    raisable = [
        (index, dim)
        for index, person in enumerate(members)
        for dim in IDS
        if isinstance(person.answers[dim], int) and person.answers[dim] < CO_PRODUCTION
    ]
    assume(raisable)
    index, dim = data.draw(st.sampled_from(raisable), label="answer raised")
    old = members[index].answers[dim]
    new = data.draw(st.integers(old + 1, CO_PRODUCTION), label="raised to")
    raised = list(members)
    raised[index] = Member(members[index].perspective, {**members[index].answers, dim: new})
    before, after = place(members, ASSESSMENT), place(raised, ASSESSMENT)
    if before.level is not None:
        assert after.level is not None and after.level >= before.level
    if before.levels[dim] is not None:
        assert after.levels[dim] >= before.levels[dim]


@PROPERTY
@given(members=members_of(min_size=3), data=st.data())
def test_member_order_never_matters(members, data):
    shuffled = data.draw(st.permutations(members), label="shuffled")
    assert place(shuffled, ASSESSMENT) == place(members, ASSESSMENT)
    assert seen(closed_round(shuffled)) == seen(closed_round(members))


@PROPERTY
@given(members=members_of(min_size=1))
def test_the_placement_is_always_a_rung_that_some_member_chose(members):
    """No averaging: a question's rung, and the project's, is a rung somebody picked."""
    placement = place(members, ASSESSMENT)
    for dim, level in placement.levels.items():
        if level is not None:
            assert any(person.level(dim) == level for person in members)
    if placement.level is not None:
        assert any(person.level(dim) == placement.level for person in members for dim in IDS)
    for item in closed_round(members).groups:
        if item.rung is not None:
            assert any(
                person.level(dim) == item.rung.level for person in item.group.members for dim in IDS
            )


# --- Properties: anonymity --------------------------------------------------------------


@PROPERTY
@given(members=members_of(min_size=3, max_size=9))
def test_no_figure_shown_rests_on_fewer_than_3_people(members):
    results = closed_round(members)
    assert results.shown
    for item in results.dimensions:
        chose = sum(person.level(item.dimension.id) is not None for person in members)
        assert item.chose_rung == chose
        if chose < 3:
            assert item.too_few and item.rung is None
            assert item.counts == () and item.groups == ()
            assert item.split is None and not item.contested and item.within_one is None
        else:
            assert item.rung is not None
            assert sum(count for _, count in item.counts) == chose
    shown_groups = [g.group for g in results.groups] + [
        g.group for item in results.dimensions for g in item.groups
    ]
    for group in shown_groups:
        assert len(group.members) >= 3
        if group.key in PERSPECTIVES:  # a named group: at least 3 of that perspective
            assert sum(person.perspective == group.key for person in group.members) >= 3
        assert group.key != EVERYONE  # a single group is never shown as a breakdown


# A row of the trainer's CSV: members at each of the 5 rungs (3 or more in all, or the
# question shows "too few answers"), then Not sure and Not yet.
CSV_ROWS = st.tuples(*[st.integers(0, 4)] * 7).filter(lambda counts: sum(counts[:5]) >= 3)


@PROPERTY
@given(counts=CSV_ROWS)
def test_hide_small_counts_never_shows_a_1_or_2_and_leaves_nothing_to_subtract(counts):
    shown = hide_small_counts(counts)
    assert len(shown) == len(counts)
    for count, cell in zip(counts, shown, strict=True):
        assert cell in (None, count)
        assert cell not in (1, 2)
    hidden = [count for count, cell in zip(counts, shown, strict=True) if cell is None]
    if hidden and any(cell for cell in shown):  # something was left to hide more of
        assert len(hidden) != 1  # one hidden cell is the row total minus the rest
        assert sum(hidden) != len(hidden)  # hidden cells that must all be 1


@pytest.mark.parametrize("counts", [(1, 1, 1, 0, 0, 0, 0), (1, 0, 1, 0, 1, 1, 0)])
def test_hidden_counts_can_never_be_worked_out_from_the_row_total(counts):
    """3 members each on a different rung: hiding only those 3 cells would leave each one
    exactly 1 (the row total is known), so the zeros are hidden too."""
    shown = hide_small_counts(counts)
    hidden = [count for count, cell in zip(counts, shown, strict=True) if cell is None]
    assert len(hidden) != 1 and sum(hidden) != len(hidden)


@PROPERTY
@given(
    members=members_of(max_size=6),
    closed=st.booleans(),
    setting=st.integers(0, 6),
)
def test_results_show_only_for_a_closed_round_with_enough_responses(members, closed, setting):
    data = RoundInput(2, "Round 2", OPENED, CLOSED if closed else None, ASSESSMENT, tuple(members))
    results = round_results(data, needed_responses=setting)
    enough = len(members) >= max(3, setting)
    assert results.shown == (closed and enough)
    assert results.responses == len(members)
    assert results.needed == max(0, max(3, setting) - len(members))
    if not results.shown:
        assert results.rung is None and results.summary == "" and results.reasons == ()
        assert results.dimensions == () and results.groups == () and results.agreement is None
        assert results.next_steps == () and results.held_back_by == ()
        assert results.agreement_text == results.groups_text == results.lived_experience_note == ""
        assert results.status_text
        if not closed:
            assert "so far. Results show once the round is closed" in results.status_text


# --- Named edge cases -------------------------------------------------------------------


def test_the_shipped_assessment_is_the_one_these_tests_use():
    assert len(IDS) == 9
    assert tuple(d.id for d in ASSESSMENT.power_dimensions) == POWER
    assert [rung_name(level) for level in range(1, 6)] == [
        "Inform",
        "Consult",
        "Engage",
        "Co-design",
        "Co-production",
    ]


def test_min_responses_cannot_go_below_3():
    assert min_responses(1) == 3
    assert min_responses(0) == 3
    assert min_responses(5) == 5


def test_a_closed_round_with_too_few_responses_says_why_and_shows_nothing():
    data = RoundInput(1, "Round 1", OPENED, CLOSED, ASSESSMENT, tuple(many(4, STAFF, ENGAGE)))
    results = round_results(data, needed_responses=5)
    assert not results.shown and results.needed == 1 and results.rung is None
    assert results.status_text == (
        "This round closed with 4 people. Results need answers from at least 5 people, so "
        "that nobody's answers can be picked out, so none are shown."
    )


def test_staff_headcount_cannot_outvote_people_with_lived_experience():
    team = many(6, STAFF, CO_PRODUCTION) + many(4, LIVED, CONSULT)
    results = closed_round(team)
    assert results.rung.name == "Consult"  # each group one voice: not Co-production
    assert results.summary == "The project sits at Consult, rung 2 of 5."
    assert all(item.rung.name == "Consult" for item in results.dimensions)
    assert [(g.group.key, g.rung.name) for g in results.groups] == [
        (STAFF, "Co-production"),
        (LIVED, "Consult"),
    ]
    assert results.groups_text == (
        "Each group is placed with the same rule as the project, using only its own answers."
    )
    assert results.lived_experience_note == ""
    # Ten more staff at Co-production change nothing.
    more = closed_round(team + many(10, STAFF, CO_PRODUCTION))
    assert more.rung == results.rung and more.summary == results.summary
    assert more.reasons == results.reasons
    assert place(team + many(10, STAFF, CO_PRODUCTION), ASSESSMENT) == place(team, ASSESSMENT)


def test_two_people_with_lived_experience_join_the_biggest_group_and_are_told_so():
    team = many(6, STAFF, CO_PRODUCTION) + many(2, LIVED, CONSULT)
    (group,) = groups_of(team)
    assert group.key == STAFF and len(group.members) == 8 and group.joined == 2
    results = closed_round(team)
    assert results.rung.name == "Co-production"
    assert results.lived_experience_note.startswith(
        "Fewer than 3 people with lived experience answered, so their view could not be "
        "counted as a group of its own. Their answers still count."
    )
    # No breakdown shows the two on their own (or anything a group of 2 rests on).
    assert results.groups == ()
    assert all(item.groups == () for item in results.dimensions)
    assert not results.contested
    # Their answers still count in the spread of every question.
    assert all(
        dict((r.name, n) for r, n in item.counts)["Consult"] == 2 for item in results.dimensions
    )


@pytest.mark.parametrize(
    "team",
    [
        many(6, STAFF, CO_PRODUCTION) + many(2, LIVED, CONSULT),
        many(3, STAFF, ENGAGE) + many(1, LIVED, INFORM),
        many(5, STAFF, ENGAGE),
    ],
    ids=["6 staff and 2 lived experience", "3 staff and 1 lived experience", "5 staff"],
)
def test_the_groups_sentence_is_true_when_one_group_holds_everyone(team):
    assert "No group had 3 or more people" not in closed_round(team).groups_text


def test_power_sets_the_limit_and_the_page_names_the_power_questions():
    team = many(4, STAFF, CO_PRODUCTION, dict.fromkeys(POWER, CONSULT)) + many(
        3, LIVED, CO_PRODUCTION, dict.fromkeys(POWER, CONSULT)
    )
    placement = place(team, ASSESSMENT)
    assert (placement.level, placement.uncapped, placement.capped_by) == (
        CONSULT,
        CO_PRODUCTION,
        POWER,
    )
    results = closed_round(team)
    assert results.rung.name == "Consult"  # not Co-production
    assert [d.id for d in results.held_back_by] == list(POWER)
    assert (
        "Power sets the limit: When people got involved and Who makes decisions are at "
        "Consult, so the project sits at Consult, not Co-production." in " ".join(results.reasons)
    )
    assert results.reasons[0].startswith("7 of the 9 questions reached Co-production or higher")
    assert not any("same rung" in text for text in (*results.reasons, results.agreement_text))
    steps = results.next_steps
    assert [step.dimension.id for step in steps] == list(POWER)
    assert [step.rung.name for step in steps] == ["Consult", "Consult"]
    assert steps[0].advice == ASSESSMENT.question("when-involved").next_steps["consult"]


def test_a_tie_goes_to_the_lower_rung_and_says_so():
    # 8 questions count (everyone is Not sure about the ninth): 4 at Co-production, the two
    # power questions among them, and 4 at Inform.
    answers = dict.fromkeys((*POWER, *OTHER_IDS[:2]), CO_PRODUCTION)
    answers |= dict.fromkeys(OTHER_IDS[2:6], INFORM) | {OTHER_IDS[6]: NOT_SURE}
    team = many(3, STAFF, NOT_SURE, answers) + many(3, LIVED, NOT_SURE, answers)
    placement = place(team, ASSESSMENT)
    assert placement.tied and placement.level == INFORM and placement.capped_by == ()
    results = closed_round(team)
    assert results.rung.name == "Inform"
    assert results.held_back_by == ()
    assert (
        "Exactly half of them reached Consult or higher. That is not more than half, so we "
        "use the lower rung, Inform." in results.reasons
    )
    assert f"Left out because fewer than 3 people chose a rung: {name(OTHER_IDS[6])}." in (
        results.reasons
    )


def test_a_split_question_is_pointed_out():
    # On Feedback, half the members say Inform and half Engage: two camps 2 rungs apart.
    team = many(2, STAFF, ENGAGE, {"feedback": INFORM}) + many(2, STAFF, ENGAGE)
    results = closed_round(team)
    feedback = row(results, "feedback")
    assert [rung.name for rung in feedback.split] == ["Inform", "Engage"]
    assert describe_split(feedback) == "Split: members see this as Inform to Engage."
    assert results.split == (feedback,)
    assert results.agreement_text.endswith("Answers were split on Feedback.")
    assert describe_split(row(results, "decisions")) == ""
    # One rung apart is not a split.
    near = closed_round(many(2, STAFF, ENGAGE, {"feedback": CONSULT}) + many(2, STAFF, ENGAGE))
    assert row(near, "feedback").split is None and near.split == ()


def test_one_outlier_among_thirty_is_not_a_split_or_disagreement():
    team = many(29, STAFF, CO_DESIGN) + many(1, STAFF, INFORM)
    results = closed_round(team)
    assert results.rung.name == "Co-design"
    assert results.split == ()
    assert all(describe_split(item) == "" for item in results.dimensions)
    assert results.agreement >= 0.8
    assert results.agreement_text.startswith("Members mostly agree: 97% of answers")


def test_staff_and_lived_experience_far_apart_on_a_question_is_contested():
    team = many(3, STAFF, ENGAGE, {"feedback": CO_PRODUCTION}) + many(
        3, LIVED, ENGAGE, {"feedback": CONSULT}
    )
    results = closed_round(team)
    feedback = row(results, "feedback")
    assert feedback.contested and feedback.rung.name == "Consult"
    assert {(g.group.key, g.rung.name) for g in feedback.groups} == {
        (STAFF, "Co-production"),
        (LIVED, "Consult"),
    }
    assert results.contested == (feedback,)
    assert (
        "Staff and people with lived experience see Feedback at least 2 rungs apart."
        in " ".join(results.reasons)
    )
    # One rung apart, or a lived-experience group too small to stand alone: not contested.
    near = closed_round(many(3, STAFF, ENGAGE, {"feedback": CO_DESIGN}) + many(3, LIVED, ENGAGE))
    assert near.contested == () and not any("apart" in reason for reason in near.reasons)
    small = closed_round(
        many(3, STAFF, ENGAGE, {"feedback": CO_PRODUCTION}) + many(2, LIVED, CONSULT)
    )
    assert small.contested == ()


def test_three_staff_and_one_lived_experience_member_cannot_be_told_apart():
    team = many(3, STAFF, ENGAGE) + many(1, LIVED, INFORM)
    results = closed_round(team)
    assert results.shown and results.responses == 4
    assert results.groups == ()  # a staff group beside the spread would give the one away
    assert all(item.groups == () for item in results.dimensions)
    assert all(len(group.members) >= 3 for group in groups_of(team))
    assert not any(len(group.members) == 1 for group in groups_of(team))
    assert results.lived_experience_note.startswith("Fewer than 3 people with lived experience")


def test_a_response_with_fewer_than_5_rungs_counts_for_questions_but_not_agreement():
    full = many(3, STAFF, ENGAGE)
    partial = dict.fromkeys(OTHER_IDS[:4], INFORM)  # 4 rungs chosen, Not sure elsewhere
    team = full + many(3, STAFF, NOT_SURE, partial)
    results = closed_round(team)
    for dim in OTHER_IDS[:4]:  # they count in the question: 3 at Inform, 3 at Engage
        item = row(results, dim)
        assert item.chose_rung == 6 and item.rung.name == "Inform"
    placement = place(team, ASSESSMENT)
    # Agreement uses only the full responses; the partial ones (2 rungs off) are left out.
    assert agreement(team, placement.levels) == agreement(full, placement.levels)
    assert agreement(team, placement.levels) == pytest.approx(5 / 9)
    # With a fifth rung chosen (Inform too), the same members do count there.
    five = many(3, STAFF, NOT_SURE, partial | {OTHER_IDS[4]: INFORM})
    levels = place(full + five, ASSESSMENT).levels
    assert agreement(full, levels) == pytest.approx(12 / 27)  # 4 of 9 within one rung
    assert agreement(full + five, levels) == pytest.approx((12 + 15) / (27 + 15))
    # Nobody with 5 rungs chosen: agreement is not measured, and the page says why.
    only_partial = closed_round(many(4, STAFF, NOT_SURE, partial))
    assert only_partial.agreement is None
    assert only_partial.agreement_text.startswith("We show how far members agree once")


def test_not_sure_and_not_yet_are_counted_apart_and_never_as_a_rung():
    team = (
        many(3, STAFF, CO_PRODUCTION)
        + many(2, STAFF, CO_PRODUCTION, {"feedback": NOT_SURE})
        + many(1, LIVED, CO_PRODUCTION, {"feedback": NOT_YET})
    )
    feedback = row(closed_round(team), "feedback")
    assert feedback.skipped == {NOT_SURE: 2, NOT_YET: 1}
    assert feedback.chose_rung == 3
    assert feedback.rung.name == "Co-production"  # skips do not pull it down
    assert sum(count for _, count in feedback.counts) == 3
    # Only 2 rungs chosen on a question: left out, and the reasons say so.
    team = (
        many(2, STAFF, ENGAGE)
        + many(2, STAFF, ENGAGE, {"feedback": NOT_SURE})
        + many(2, LIVED, ENGAGE, {"feedback": NOT_YET})
    )
    results = closed_round(team)
    feedback = row(results, "feedback")
    assert feedback.too_few and feedback.chose_rung == 2
    assert feedback.skipped == {NOT_SURE: 2, NOT_YET: 2}
    assert "Left out because fewer than 3 people chose a rung: Feedback." in results.reasons
    assert results.rung.name == "Engage"
    # Nothing but skips: no placement at all.
    nothing = closed_round(many(3, STAFF, NOT_SURE) + many(1, STAFF, NOT_YET))
    assert nothing.rung is None
    assert nothing.summary.startswith("We cannot place the project yet")


def test_rounds_are_compared_by_question_id_each_in_its_own_wording():
    renamed = dataclasses.replace(ASSESSMENT.question("feedback"), name="Feedback from people")
    trust = dataclasses.replace(ASSESSMENT.question("relationships"), id="trust", name="Trust")
    changed = {"feedback": renamed, "relationships": trust}
    later = dataclasses.replace(
        ASSESSMENT, questions=tuple(changed.get(d.id, d) for d in ASSESSMENT.questions)
    )
    later_ids = later.dimension_ids
    first = RoundInput(1, "Round 1", OPENED, CLOSED, ASSESSMENT, tuple(many(3, STAFF, CONSULT)))
    second_members = tuple(
        Member(STAFF, {dim: INFORM if dim == "who-takes-part" else ENGAGE for dim in later_ids})
        for _ in range(3)
    )
    second = RoundInput(2, "Round 2", CLOSED, dt.date(2024, 6, 1), later, second_members)
    project = project_results(
        project_name="P", team_name="T", description="", rounds=[first, second], needed_responses=3
    )
    before, after = project.rounds
    # Each round keeps the wording it was answered with.
    assert row(before, "feedback").dimension.name == "Feedback"
    assert row(after, "feedback").dimension.name == "Feedback from people"
    assert "relationships" in before.assessment.dimension_ids
    assert before.comparison is None
    comparison = after.comparison
    assert comparison.previous_label == "Round 1" and comparison.previous_rung.name == "Consult"
    assert comparison.summary == (
        "Compared with Round 1, the project has moved up 1 rung: from Consult to Engage."
    )
    changes = {change.dimension_id: change for change in comparison.dimensions}
    assert list(changes) == list(later_ids)  # the current round's questions, matched by id
    feedback = changes["feedback"]
    assert feedback.name == "Feedback from people"
    assert (feedback.previous.name, feedback.current.name, feedback.change_text) == (
        "Consult",
        "Engage",
        "Up 1 rung",
    )
    assert changes["who-takes-part"].change_text == "Down 1 rung"
    assert (changes["trust"].previous, changes["trust"].change_text) == (None, "Not known")
    assert "relationships" not in changes


def test_an_open_round_is_not_compared_yet():
    first = RoundInput(1, "Round 1", OPENED, CLOSED, ASSESSMENT, tuple(many(3, STAFF, CONSULT)))
    second = RoundInput(2, "Round 2", CLOSED, None, ASSESSMENT, tuple(many(5, STAFF, ENGAGE)))
    project = project_results(
        project_name="P", team_name="T", description="", rounds=[first, second], needed_responses=3
    )
    comparison = project.latest.comparison
    assert not project.latest.shown and project.latest_shown is project.rounds[0]
    assert comparison.dimensions == ()
    assert comparison.summary == (
        "We can compare Round 2 with Round 1 once both rounds are closed and each has results."
    )


def test_small_groups_are_put_together_or_join_the_biggest():
    staff = many(4, STAFF, ENGAGE)
    carers = many(2, CARER, CONSULT)
    other = many(1, "other", INFORM)
    assert [(g.key, len(g.members), g.joined) for g in groups_of(staff + carers + other)] == [
        (STAFF, 4, 0),
        (OTHERS, 3, 0),
    ]
    lived = many(3, LIVED, INFORM)
    assert [(g.key, len(g.members), g.joined) for g in groups_of(staff + lived + carers)] == [
        (STAFF, 6, 2),
        (LIVED, 3, 0),
    ]
    assert [(g.key, len(g.members)) for g in groups_of(carers + other)] == [(EVERYONE, 3)]

"""A project's team results, round by round, as plain view models.

`project_results(project, assessment)` turns a Project (its rounds, responses and
answers) into a ProjectResults that the results page, the trainer's view and the
PDF report all show. Nothing here knows about requests or HTML; every sentence
is plain English ready to print. Only submitted responses count, and nothing
but the counts is worked out for a round until it has MIN_RESPONSES of them, so
a caller cannot show too-early figures by mistake.

Load the project with RESULTS_LOAD_OPTIONS to fetch everything in four queries:
    select(Project).options(*RESULTS_LOAD_OPTIONS).where(Project.id == project_id)
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from app.domain.content import Assessment, Dimension
from app.domain.ladder import Ladder, Rung
from app.domain.scoring import (
    MIN_GROUP,
    MIN_RESPONSES,
    PERSPECTIVES,
    Agreement,
    PerspectiveGap,
    agreement,
    distribution,
    highest_rung_most_reach,
    holding_back,
    perspective_gap,
    place_member,
    round_change,
    team_profile,
)
from app.models import AssessmentRound, MemberResponse, Project

RESULTS_LOAD_OPTIONS = (
    selectinload(Project.rounds)
    .selectinload(AssessmentRound.responses)
    .selectinload(MemberResponse.answers),
)

# How each perspective group is named in results (members pick the singular form).
PERSPECTIVE_GROUP_NAMES: Mapping[str, str] = {
    "staff": "Staff",
    "lived-experience": "People with lived experience",
    "carer": "Carers or family",
    "volunteer": "Volunteers",
    "community-partner": "Voluntary or community sector partners",
    "other": "Other",
}
assert tuple(PERSPECTIVE_GROUP_NAMES) == PERSPECTIVES


# --- View models ----------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """One submitted response: the member's perspective and answers."""

    perspective: str  # an id from scoring.PERSPECTIVES
    answers: Mapping[str, int | None]  # dimension id -> rung level (1 = lowest); None: Not sure


@dataclass(frozen=True)
class DimensionResult:
    """One row of the team profile: a question's rung from everyone's answers to it."""

    dimension: Dimension
    rung: Rung | None  # None when everyone answered Not sure


@dataclass(frozen=True)
class RungCount:
    """One row of the distribution: how many members' own answers place it on a rung."""

    rung: Rung
    members: int


@dataclass(frozen=True)
class PerspectiveResult:
    """A perspective group big enough to show (at least MIN_GROUP members)."""

    perspective: str  # an id from scoring.PERSPECTIVES
    name: str  # e.g. "People with lived experience"
    members: int
    median: float | None  # middle of the members' placements; None if none could be placed
    median_text: str  # e.g. "Engage", "Between Consult and Engage" or "Not known"


@dataclass(frozen=True)
class NextStep:
    """A question holding the project back, with the advice for moving it up a rung."""

    dimension: Dimension
    rung: Rung  # the question's rung in the team profile
    advice: str  # the content's next step from that rung


@dataclass(frozen=True)
class DimensionChange:
    """One row of the comparison with the previous round."""

    dimension: Dimension
    previous: Rung | None
    current: Rung | None
    change: int | None  # rungs moved up (negative: down); None if either is unknown
    change_text: str  # "Up 1 rung", "Down 2 rungs", "No change" or "Not known"


@dataclass(frozen=True)
class RoundComparison:
    """A round against the one before it."""

    previous_number: int
    previous_label: str
    previous_placement: Rung | None
    placement_change: int | None  # rungs moved up; None unless both placements are known
    placement_change_text: str  # "Up 1 rung", "Down 2 rungs", "No change" or "Not known"
    summary: str  # one plain sentence about the change, or why it cannot be shown yet
    dimensions: tuple[DimensionChange, ...]  # empty unless both rounds show results


@dataclass(frozen=True)
class RoundResults:
    """Everything shown for one round.

    Until `shown` (MIN_RESPONSES submitted responses) only number, label, opened_at,
    responses, in_progress, needed and comparison are filled in; the other fields
    are None, False, 0, "" or empty.
    """

    number: int
    label: str
    opened_at: dt.datetime
    responses: int  # submitted responses (one with every answer Not sure still counts)
    in_progress: int  # started but not yet submitted
    needed: int  # more submitted responses needed before results show; 0 once shown
    placement: Rung | None  # where the project sits; None if every answer was Not sure
    at_top: bool  # placed on the top rung: next steps are about keeping it going
    why: str  # why it sits there, in plain English
    profile: tuple[DimensionResult, ...]  # one row per question, in content order
    distribution: tuple[RungCount, ...]  # one row per rung, lowest first, zeros included
    unplaced: int  # responses that could not be placed (every answer Not sure)
    agreement: Agreement | None  # scoring.Agreement: .label, .strong_disagreement, .spread
    agreement_text: str  # the agreement in a sentence, naming the rungs
    perspectives: tuple[PerspectiveResult, ...]  # only groups with >= MIN_GROUP members
    hidden_members: int  # members in groups too small to show
    gap: PerspectiveGap | None  # staff against lived experience; None unless both can show
    gap_text: str  # that comparison in words, or why it is not shown
    next_steps: tuple[NextStep, ...]  # what holds it back, lowest first
    next_steps_below: bool  # True: those questions are below the placement; False: at it
    comparison: RoundComparison | None  # None for the first round

    @property
    def shown(self) -> bool:
        return self.needed == 0


@dataclass(frozen=True)
class ProjectResults:
    project_name: str
    team_name: str
    description: str
    assessment: Assessment
    rounds: tuple[RoundResults, ...]  # oldest first; a project always has at least one

    @property
    def ladder(self) -> Ladder:
        return self.assessment.ladder

    @property
    def latest(self) -> RoundResults:
        return self.rounds[-1]

    def round(self, number: int) -> RoundResults:
        """The round with this number; KeyError if there is none."""
        for result in self.rounds:
            if result.number == number:
                return result
        raise KeyError(f"no round {number}")


# --- Building them --------------------------------------------------------------------


def project_results(project: Project, assessment: Assessment) -> ProjectResults:
    """Results for every round of the project, each compared with the one before."""
    rounds: list[RoundResults] = []
    for assessment_round in project.rounds:
        submitted = [r for r in assessment_round.responses if r.submitted_at is not None]
        rounds.append(
            round_results(
                number=assessment_round.number,
                label=assessment_round.label,
                opened_at=assessment_round.opened_at,
                members=[member_of(response, assessment) for response in submitted],
                in_progress=len(assessment_round.responses) - len(submitted),
                assessment=assessment,
                previous=rounds[-1] if rounds else None,
            )
        )
    return ProjectResults(
        project_name=project.project_name,
        team_name=project.team_name,
        description=project.description,
        assessment=assessment,
        rounds=tuple(rounds),
    )


def member_of(response: MemberResponse, assessment: Assessment) -> Member:
    """A response as a Member of the assessment as it is now.

    Answers to questions or rungs the content no longer has are left out, rather
    than counted wrongly.
    """
    questions = set(assessment.dimension_ids)
    levels = range(1, len(assessment.ladder) + 1)
    return Member(
        perspective=response.perspective,
        answers={
            answer.dimension_id: answer.level
            for answer in response.answers
            if answer.dimension_id in questions and (answer.level is None or answer.level in levels)
        },
    )


def round_results(
    *,
    number: int,
    label: str,
    opened_at: dt.datetime,
    members: Sequence[Member],
    in_progress: int,
    assessment: Assessment,
    previous: RoundResults | None,
) -> RoundResults:
    """One round's results from its submitted members (plain data, no database)."""
    ladder = assessment.ladder
    needed = max(0, MIN_RESPONSES - len(members))
    if needed:
        return RoundResults(
            number=number,
            label=label,
            opened_at=opened_at,
            responses=len(members),
            in_progress=in_progress,
            needed=needed,
            placement=None,
            at_top=False,
            why="",
            profile=(),
            distribution=(),
            unplaced=0,
            agreement=None,
            agreement_text="",
            perspectives=(),
            hidden_members=0,
            gap=None,
            gap_text="",
            next_steps=(),
            next_steps_below=False,
            comparison=_comparison(previous, None, (), label),
        )

    levels = team_profile([member.answers for member in members], assessment.dimension_ids)
    placement_level = highest_rung_most_reach(levels.values())
    placement = _rung(ladder, placement_level)
    profile = tuple(
        DimensionResult(dimension, _rung(ladder, levels[dimension.id]))
        for dimension in assessment.questions
    )
    member_placements = [place_member(member.answers) for member in members]
    members_agreement = agreement(member_placements)
    groups, hidden = _perspective_groups(members, member_placements, ladder)
    gap = perspective_gap(_placements_by_perspective(members, member_placements))
    steps, below = _next_steps(assessment, levels, placement_level)
    return RoundResults(
        number=number,
        label=label,
        opened_at=opened_at,
        responses=len(members),
        in_progress=in_progress,
        needed=0,
        placement=placement,
        at_top=placement is not None and placement == ladder.top,
        why=placement_reason(assessment, levels, placement_level),
        profile=profile,
        distribution=tuple(
            RungCount(ladder.by_level(level), count)
            for level, count in distribution(member_placements, len(ladder)).items()
        ),
        unplaced=member_placements.count(None),
        agreement=members_agreement,
        agreement_text=describe_agreement(members_agreement, ladder),
        perspectives=groups,
        hidden_members=hidden,
        gap=gap,
        gap_text=describe_gap(gap, ladder),
        next_steps=steps,
        next_steps_below=below,
        comparison=_comparison(previous, placement, profile, label),
    )


def _rung(ladder: Ladder, level: int | None) -> Rung | None:
    return None if level is None else ladder.by_level(level)


def _placements_by_perspective(
    members: Sequence[Member], placements: Sequence[int | None]
) -> dict[str, list[int | None]]:
    groups: dict[str, list[int | None]] = {}
    for member, placement in zip(members, placements, strict=True):
        groups.setdefault(member.perspective, []).append(placement)
    return groups


def _perspective_groups(
    members: Sequence[Member], placements: Sequence[int | None], ladder: Ladder
) -> tuple[tuple[PerspectiveResult, ...], int]:
    """The groups big enough to show, and how many members are in the others."""
    by_perspective = _placements_by_perspective(members, placements)
    shown = []
    for perspective in PERSPECTIVES:
        group = by_perspective.get(perspective, [])
        if len(group) < MIN_GROUP:
            continue
        placed = [level for level in group if level is not None]
        median = float(statistics.median(placed)) if placed else None
        shown.append(
            PerspectiveResult(
                perspective=perspective,
                name=PERSPECTIVE_GROUP_NAMES[perspective],
                members=len(group),
                median=median,
                median_text=describe_level(ladder, median),
            )
        )
    return tuple(shown), len(members) - sum(group.members for group in shown)


def _next_steps(
    assessment: Assessment, levels: Mapping[str, int | None], placement: int | None
) -> tuple[tuple[NextStep, ...], bool]:
    if placement is None:
        return (), False
    ladder = assessment.ladder
    steps = []
    for dimension_id in holding_back(levels, placement):
        dimension = assessment.question(dimension_id)
        rung = ladder.by_level(levels[dimension_id])
        steps.append(NextStep(dimension, rung, dimension.next_steps[rung.id]))
    below = any(step.rung.level < placement for step in steps)
    return tuple(steps), below


def _comparison(
    previous: RoundResults | None,
    placement: Rung | None,
    profile: Sequence[DimensionResult],
    label: str,
) -> RoundComparison | None:
    if previous is None:
        return None
    if not (previous.shown and profile):
        return RoundComparison(
            previous_number=previous.number,
            previous_label=previous.label,
            previous_placement=previous.placement,
            placement_change=None,
            placement_change_text=describe_change(None),
            summary=(
                f"We can compare {label} with {previous.label} once both rounds have "
                f"answers from at least {MIN_RESPONSES} people."
            ),
            dimensions=(),
        )
    before = {row.dimension.id: row.rung for row in previous.profile}
    changes = []
    for row in profile:
        change = round_change(_level(before.get(row.dimension.id)), _level(row.rung))
        changes.append(
            DimensionChange(
                dimension=row.dimension,
                previous=before.get(row.dimension.id),
                current=row.rung,
                change=change,
                change_text=describe_change(change),
            )
        )
    change = round_change(_level(previous.placement), _level(placement))
    return RoundComparison(
        previous_number=previous.number,
        previous_label=previous.label,
        previous_placement=previous.placement,
        placement_change=change,
        placement_change_text=describe_change(change),
        summary=_change_summary(previous, placement, change),
        dimensions=tuple(changes),
    )


def _level(rung: Rung | None) -> int | None:
    return None if rung is None else rung.level


def _change_summary(previous: RoundResults, placement: Rung | None, change: int | None) -> str:
    if change is None or previous.placement is None or placement is None:
        return (
            f"We cannot compare where the project sits with {previous.label}, because "
            "every answer was Not sure in one of the rounds."
        )
    start = f"Compared with {previous.label}, the project"
    if change == 0:
        return f"{start} is on the same rung: {placement.name}."
    direction = "up" if change > 0 else "down"
    return (
        f"{start} has moved {direction} {rungs(abs(change))}: "
        f"from {previous.placement.name} to {placement.name}."
    )


# --- Plain-English sentences ----------------------------------------------------------


def placement_reason(
    assessment: Assessment, levels: Mapping[str, int | None], placement: int | None
) -> str:
    """Why the project sits on its rung, naming the questions that got it there."""
    if placement is None:
        return "Every answer was Not sure, so we cannot place the project yet."
    ladder = assessment.ladder
    names = {dimension.id: dimension.name for dimension in assessment.questions}
    answered = {dim: level for dim, level in levels.items() if level is not None}
    total = len(answered)
    rung = ladder.by_level(placement)
    reaching = [names[dim] for dim, level in answered.items() if level >= placement]
    if len(reaching) == total:
        sentences = [
            f"All {_count(total, 'thing')} we ask about reached {rung.name} or higher "
            "in your team's answers."
        ]
    else:
        sentences = [
            f"Most of the {_count(total, 'thing')} we ask about ({len(reaching)} of {total}) "
            f"reached {rung.name} or higher in your team's answers: {join_names(reaching)}."
        ]
    if placement < len(ladder):
        higher = ladder.by_level(placement + 1)
        reach_higher = sum(1 for level in answered.values() if level > placement)
        how_many = f"Only {reach_higher} of {total}" if reach_higher else "None of them"
        sentences.append(
            f"{how_many} reached {higher.name} or higher. That is not more than half, "
            "so the project is not placed higher."
        )
    not_sure = [names[dim] for dim, level in levels.items() if level is None]
    if not_sure:
        sentences.append(f"Left out because everyone answered Not sure: {join_names(not_sure)}.")
    return " ".join(sentences)


def describe_agreement(members_agreement: Agreement | None, ladder: Ladder) -> str:
    if members_agreement is None:
        return "No member's answers place the project, because every answer was Not sure."
    lowest = ladder.by_level(members_agreement.lowest).name
    highest = ladder.by_level(members_agreement.highest).name
    if members_agreement.spread == 0:
        return f"{members_agreement.label}: {lowest}."
    if not members_agreement.strong_disagreement:
        return f"{members_agreement.label}, from {lowest} to {highest}."
    return (
        "Members see it differently: their own answers place the project anywhere from "
        f"{lowest} to {highest}, {rungs(members_agreement.spread)} apart. Talk about why "
        "before you plan what to do next."
    )


def describe_gap(gap: PerspectiveGap | None, ladder: Ladder) -> str:
    if gap is None:
        return (
            "We compare staff with people with lived experience only when each group has "
            f"at least {MIN_GROUP} people whose answers place the project, so that no one's "
            "answers can be picked out."
        )
    staff = describe_level(ladder, gap.staff_median)
    lived = describe_level(ladder, gap.lived_median)
    if gap.gap == 0:
        return (
            "Staff and people with lived experience see it the same way: the middle of each "
            f"group's placements is {staff}."
        )
    if gap.gap > 0:
        higher, lower = "Staff", "people with lived experience"
    else:
        higher, lower = "People with lived experience", "staff"
    first = f"{higher} place the project higher than {lower} do, by {rungs(abs(gap.gap))}."
    return (
        f"{first} The middle of staff members' placements is {staff}; for people with "
        f"lived experience it is {lived}."
    )


def describe_level(ladder: Ladder, level: float | None) -> str:
    """A rung name for a whole level, "Between X and Y" for a half way (medians)."""
    if level is None:
        return "Not known"
    if level == int(level):
        return ladder.by_level(int(level)).name
    below = ladder.by_level(int(level))
    return f"Between {below.name} and {ladder.by_level(int(level) + 1).name}"


def describe_change(change: int | None) -> str:
    if change is None:
        return "Not known"
    if change == 0:
        return "No change"
    return f"{'Up' if change > 0 else 'Down'} {rungs(abs(change))}"


def rungs(amount: float) -> str:
    """A number of rungs in words: "1 rung", "2 rungs", "half a rung", "1 and a half rungs"."""
    whole = int(amount)
    if amount == whole:
        return _count(whole, "rung")
    return "half a rung" if whole == 0 else f"{whole} and a half rungs"


def join_names(names: Iterable[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"

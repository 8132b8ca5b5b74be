"""A team's self-assessment results: where the project sits, why, and how members see it.

Plain data in (each member's perspective and answers), plain data out (view models and
plain-English sentences that the results page, the PDF, the CSV and the trainer pages
all show). No Flask and no database.

Two promises shape every rule here:

- Anonymity. No figure rests on fewer than MIN_PEOPLE people. A question answered with a
  rung by fewer than MIN_PEOPLE members shows "too few answers"; perspective groups
  smaller than MIN_PEOPLE are put together (see `groups_of`), so a group's figure never
  isolates one or two people; results exist only for a closed round with enough sent
  responses, so they cannot be watched changing answer by answer.
- Fairness. Headcount does not decide: within each question every perspective group gets
  one voice, whatever its size. Power caps the ladder: the project never sits above the
  questions the content marks as deciding power. Rung numbers are never averaged, and a
  split or contested question is pointed out, not hidden.

The same rule, `highest_rung_most_reach`, is used at every step: the highest rung that
more than half of the items are on or above (the lower median). It always lands on a
rung that some item is on, never goes down when an item goes up, and ignores order.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from app.domain.content import Assessment, Dimension
from app.domain.ladder import Ladder, Rung
from app.domain.wording import join_names, plural

MIN_PEOPLE = 3  # the anonymity floor: no figure shown rests on fewer people than this
MIN_ANSWERED_FOR_AGREEMENT = 5  # a response with fewer rungs chosen counts, but not here
SPLIT_RUNGS = 2  # lower and upper median this many rungs apart: members are split
CONTESTED_RUNGS = 2  # staff and lived experience this many rungs apart: contested
CLOSE_AGREEMENT = 0.8  # share of answers within one rung of the team's rung
SOME_AGREEMENT = 0.6

# The two answers that choose no rung.
NOT_SURE = "not-sure"
NOT_YET = "not-yet"
SKIP_NAMES: Mapping[str, str] = {NOT_SURE: "Not sure", NOT_YET: "Not yet or does not apply"}

Answer = int | str  # a rung level (1 = lowest), NOT_SURE or NOT_YET

# What members pick to describe themselves, and how their groups are named in results.
PERSPECTIVES: Mapping[str, str] = {
    "staff": "Staff",
    "lived-experience": "People with lived experience",
    "carer": "Carers or family",
    "volunteer": "Volunteers",
    "community-partner": "Voluntary or community sector partners",
    "other": "Other",
}
STAFF, LIVED_EXPERIENCE = "staff", "lived-experience"
OTHERS = "others"  # smaller groups put together
EVERYONE = "everyone"  # no group was big enough to stand on its own

RULE_STEPS = (
    "For each question, we look at each group on its own: staff, people with lived "
    "experience, carers and so on. A group's rung is the highest rung that more than half "
    "of its members chose or went above.",
    "Groups of fewer than 3 people are put together, and if that still makes fewer than "
    "3, they join the biggest group. That way no one's answers can be picked out.",
    "The question's rung is the highest rung that more than half of the groups reached. "
    "Each group has the same say, however many people are in it, so more staff answering "
    "cannot outvote people with lived experience.",
    "The project's rung is the highest rung that more than half of the questions reached.",
    "Power sets the limit: the project cannot sit higher than the questions about when "
    "people got involved and who makes decisions.",
    "We never average rung numbers. Answers of Not sure, Not yet or does not apply are "
    "left out. A question that fewer than 3 people answered with a rung is left out too.",
)


def min_responses(setting: int) -> int:
    """The responses a round needs before it shows results: the setting, never below 3."""
    return max(MIN_PEOPLE, setting)


# --- The rule ---------------------------------------------------------------------------


def highest_rung_most_reach(levels: Iterable[int]) -> int | None:
    """The highest level that more than half of the levels are at or above; None if none."""
    ordered = sorted(levels)
    if not ordered:
        return None
    # With n levels sorted, more than half reach ordered[k] exactly when k <= (n - 1) // 2.
    return ordered[(len(ordered) - 1) // 2]


def upper_middle(levels: Iterable[int]) -> int | None:
    """The upper median: the other end of the middle when the count is even."""
    ordered = sorted(levels)
    return ordered[len(ordered) // 2] if ordered else None


def hide_small_counts(counts: Sequence[int]) -> tuple[int | None, ...]:
    """Counts for an export with each 1 or 2 hidden (None), and no hidden one recoverable.

    A row's total is known (the responses), so one hidden cell could be worked out by
    subtraction, and so could several that must all be 1. More cells are hidden, the
    smallest first, until the hidden ones could be split in more than one way; if even
    that is not enough, the zeros are hidden too.
    """
    hidden = {i for i, count in enumerate(counts) if 0 < count < MIN_PEOPLE}

    def recoverable() -> bool:
        return len(hidden) == 1 or sum(counts[i] for i in hidden) == len(hidden)

    while hidden and recoverable():
        shown = sorted((count, i) for i, count in enumerate(counts) if count and i not in hidden)
        if not shown:
            return tuple(None for _ in counts)
        hidden.add(shown[0][1])
    return tuple(None if i in hidden else count for i, count in enumerate(counts))


# --- Members and groups -----------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """One sent response: the member's perspective and answers by question id."""

    perspective: str  # a key of PERSPECTIVES
    answers: Mapping[str, Answer]

    def level(self, dimension_id: str) -> int | None:
        """The rung level chosen for a question, None for no rung (unanswered or skipped)."""
        answer = self.answers.get(dimension_id)
        return answer if isinstance(answer, int) else None

    @property
    def rungs_chosen(self) -> int:
        return sum(isinstance(answer, int) for answer in self.answers.values())


@dataclass(frozen=True)
class Group:
    """Members who share a voice in the rule: one perspective, or smaller ones together."""

    key: str  # a PERSPECTIVES key, OTHERS or EVERYONE
    members: tuple[Member, ...]
    joined: int = 0  # people from groups too small to stand alone, counted with this one

    @property
    def name(self) -> str:
        if self.key == OTHERS:
            return "Everyone else (groups of fewer than 3 put together)"
        if self.key == EVERYONE:
            return "Everyone"
        return PERSPECTIVES[self.key]


def groups_of(members: Sequence[Member]) -> tuple[Group, ...]:
    """The groups that each get one voice.

    Each perspective with at least MIN_PEOPLE members stands alone. The members of the
    smaller ones are put together; if that makes fewer than MIN_PEOPLE, they join the
    biggest group (the first in PERSPECTIVES order on a tie), so that no group's figure
    rests on one or two people. With no perspective big enough, everyone is one group.
    """
    by_perspective: dict[str, list[Member]] = {}
    for member in members:
        by_perspective.setdefault(member.perspective, []).append(member)
    standing = [key for key in PERSPECTIVES if len(by_perspective.get(key, ())) >= MIN_PEOPLE]
    if not standing:
        return (Group(EVERYONE, tuple(members)),) if members else ()
    groups = [Group(key, tuple(by_perspective[key])) for key in standing]
    rest = tuple(member for member in members if member.perspective not in standing)
    if len(rest) >= MIN_PEOPLE:
        groups.append(Group(OTHERS, rest))
    elif rest:
        biggest = max(range(len(groups)), key=lambda i: (len(groups[i].members), -i))
        host = groups[biggest]
        groups[biggest] = Group(host.key, host.members + rest, joined=len(rest))
    return tuple(groups)


# --- Placing a set of members -----------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """Where a set of members' answers put the project, and what decided it."""

    levels: Mapping[str, int | None]  # question id -> its rung level; None: too few answers
    level: int | None  # the project's rung; None when no question has enough answers
    uncapped: int | None  # where the questions alone put it, before the power cap
    capped_by: tuple[str, ...]  # power questions that held it below `uncapped`
    tied: bool  # exactly half the questions reach the rung above: the lower one is used


def dimension_level(members: Sequence[Member], dimension_id: str) -> int | None:
    """A question's rung: each group's rung first, then the rule across the groups."""
    answering = [member for member in members if member.level(dimension_id) is not None]
    if len(answering) < MIN_PEOPLE:
        return None
    group_levels = [
        highest_rung_most_reach(member.level(dimension_id) for member in group.members)
        for group in groups_of(answering)
    ]
    return highest_rung_most_reach(level for level in group_levels if level is not None)


def place(members: Sequence[Member], assessment: Assessment) -> Placement:
    """Place the project from these members' answers (see the module's rules)."""
    levels = {
        dimension.id: dimension_level(members, dimension.id) for dimension in assessment.questions
    }
    known = [level for level in levels.values() if level is not None]
    uncapped = highest_rung_most_reach(known)
    if uncapped is None:
        return Placement(levels, None, None, (), False)
    power = [
        (levels[dimension.id], dimension.id)
        for dimension in assessment.power_dimensions
        if levels[dimension.id] is not None
    ]
    cap = min((level for level, _ in power), default=uncapped)
    level = min(uncapped, cap)
    capped_by = tuple(dim for lvl, dim in power if lvl == level) if level < uncapped else ()
    return Placement(levels, level, uncapped, capped_by, upper_middle(known) != uncapped)


# --- View models ------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRung:
    """One group's rung on a question or on the whole project (None: too few answers)."""

    group: Group
    rung: Rung | None


@dataclass(frozen=True)
class DimensionResult:
    """One question's results. Counts are empty when too few members chose a rung."""

    dimension: Dimension
    rung: Rung | None  # None: fewer than MIN_PEOPLE members chose a rung
    chose_rung: int  # members who chose a rung
    skipped: Mapping[str, int]  # NOT_SURE / NOT_YET -> members who chose it
    counts: tuple[tuple[Rung, int], ...]  # members at each rung, lowest first (if shown)
    split: tuple[Rung, Rung] | None  # lower and upper median, SPLIT_RUNGS or more apart
    contested: bool  # staff and lived experience CONTESTED_RUNGS or more apart
    within_one: float | None  # share of members within one rung of the question's rung
    groups: tuple[GroupRung, ...]  # each group's rung here; empty when it could isolate

    @property
    def too_few(self) -> bool:
        return self.rung is None

    @property
    def shown_counts(self) -> tuple[int | None, ...]:
        """How many chose each rung (lowest first), Not sure and Not yet, for a table anyone
        may see: each 1 or 2 hidden (None), with any count that would give it away."""
        return hide_small_counts([count for _, count in self.counts] + list(self.skipped.values()))

    @property
    def marks(self) -> str:
        """What sets this question apart for discussion: split, contested, or ''."""
        return " ".join(
            filter(None, (describe_split(self), CONTESTED_TEXT if self.contested else ""))
        )


@dataclass(frozen=True)
class NextStep:
    dimension: Dimension
    rung: Rung  # the question's rung now
    advice: str  # the content's next step from that rung


@dataclass(frozen=True)
class DimensionChange:
    dimension_id: str
    name: str
    previous: Rung | None
    current: Rung | None
    change_text: str  # "Up 1 rung", "Down 2 rungs", "No change" or "Not known"


@dataclass(frozen=True)
class RoundComparison:
    previous_label: str
    previous_rung: Rung | None
    summary: str
    dimensions: tuple[DimensionChange, ...]  # empty unless both rounds show results


@dataclass(frozen=True)
class RoundResults:
    """One round. Until `shown`, only the first six fields are filled in."""

    number: int
    label: str
    opened_on: dt.date
    closed_on: dt.date | None  # None while members can still answer
    responses: int  # sent responses
    needed: int  # more sent responses needed before results can show
    assessment: Assessment | None = None  # the content this round was answered with
    rung: Rung | None = None  # where the project sits
    summary: str = ""  # the placement in one plain sentence
    reasons: tuple[str, ...] = ()  # why it sits there, a sentence each
    held_back_by: tuple[Dimension, ...] = ()  # power questions that capped the rung
    dimensions: tuple[DimensionResult, ...] = ()
    agreement: float | None = None  # share of answers within one rung of the question's rung
    agreement_text: str = ""
    groups: tuple[GroupRung, ...] = ()  # each group's own placement; empty if not shown
    groups_text: str = ""
    lived_experience_note: str = ""  # when their view could not count on its own
    next_steps: tuple[NextStep, ...] = ()
    comparison: RoundComparison | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def shown(self) -> bool:
        return self.assessment is not None

    @property
    def ladder(self) -> Ladder:
        assert self.assessment is not None
        return self.assessment.ladder

    @property
    def at_top(self) -> bool:
        return self.rung is not None and self.rung == self.ladder.top

    @property
    def split(self) -> tuple[DimensionResult, ...]:
        return tuple(row for row in self.dimensions if row.split)

    @property
    def contested(self) -> tuple[DimensionResult, ...]:
        return tuple(row for row in self.dimensions if row.contested)

    @property
    def status_text(self) -> str:
        """Why a round shows no results (empty once it does)."""
        if self.shown:
            return ""
        sent = f"{plural(self.responses, 'person has', 'people have')} sent their answers"
        if self.is_open:
            return (
                f"{sent} so far. Results show once the round is closed, if at least "
                f"{_people(self.responses + self.needed)} have sent answers by then."
            )
        return (
            f"This round closed with {_people(self.responses)}. Results need answers from at "
            f"least {_people(self.responses + self.needed)}, so that nobody's answers can be "
            "picked out, so none are shown."
        )


@dataclass(frozen=True)
class RoundInput:
    """What one round holds, read from storage."""

    number: int
    label: str
    opened_on: dt.date
    closed_on: dt.date | None
    assessment: Assessment  # as the round was answered
    members: tuple[Member, ...]  # sent responses only


def round_results(
    data: RoundInput, *, needed_responses: int, previous: RoundResults | None = None
) -> RoundResults:
    """One round's results; figures only for a closed round with enough sent responses."""
    needed = max(0, min_responses(needed_responses) - len(data.members))
    if data.closed_on is None or needed:
        counts_only = RoundResults(
            data.number, data.label, data.opened_on, data.closed_on, len(data.members), needed
        )
        if previous is None:
            return counts_only
        return replace(counts_only, comparison=compare(previous, counts_only))
    assessment, ladder, members = data.assessment, data.assessment.ladder, data.members
    placement = place(members, assessment)
    rung = _rung(ladder, placement.level)
    dimensions = tuple(
        _dimension_result(members, dimension, ladder, placement.levels[dimension.id])
        for dimension in assessment.questions
    )
    agreement_share = agreement(members, placement.levels)
    groups = _group_placements(members, assessment)
    current = RoundResults(
        number=data.number,
        label=data.label,
        opened_on=data.opened_on,
        closed_on=data.closed_on,
        responses=len(members),
        needed=0,
        assessment=assessment,
        rung=rung,
        summary=placement_summary(rung, ladder),
        reasons=placement_reasons(assessment, placement, dimensions),
        held_back_by=tuple(assessment.question(dim) for dim in placement.capped_by),
        dimensions=dimensions,
        agreement=agreement_share,
        agreement_text=describe_agreement(agreement_share, dimensions),
        groups=groups,
        groups_text=describe_groups(groups, members),
        lived_experience_note=lived_experience_note(members),
        next_steps=next_steps(assessment, placement),
    )
    if previous is None:
        return current
    return replace(current, comparison=compare(previous, current))


def _rung(ladder: Ladder, level: int | None) -> Rung | None:
    return None if level is None else ladder.by_level(level)


def _dimension_result(
    members: Sequence[Member], dimension: Dimension, ladder: Ladder, level: int | None
) -> DimensionResult:
    chosen = [member.level(dimension.id) for member in members]
    levels = [lvl for lvl in chosen if lvl is not None]
    skipped = Counter(
        answer for member in members if (answer := member.answers.get(dimension.id)) in SKIP_NAMES
    )
    skipped_counts = {key: skipped.get(key, 0) for key in SKIP_NAMES}
    if level is None:
        return DimensionResult(
            dimension, None, len(levels), skipped_counts, (), None, False, None, ()
        )
    counts = Counter(levels)
    # Half the members at or below `low` and half at or above `high`: two camps. One
    # outlier among many moves neither.
    low, high = highest_rung_most_reach(levels), upper_middle(levels)
    split = (ladder.by_level(low), ladder.by_level(high)) if high - low >= SPLIT_RUNGS else None
    answering = [member for member in members if member.level(dimension.id) is not None]
    groups = _question_groups(answering, dimension.id, ladder)
    return DimensionResult(
        dimension=dimension,
        rung=ladder.by_level(level),
        chose_rung=len(levels),
        skipped=skipped_counts,
        counts=tuple((rung, counts.get(rung.level, 0)) for rung in ladder.rungs),
        split=split,
        contested=_contested(groups),
        within_one=sum(abs(lvl - level) <= 1 for lvl in levels) / len(levels),
        groups=groups if len(groups) > 1 else (),
    )


def _question_groups(
    answering: Sequence[Member], dimension_id: str, ladder: Ladder
) -> tuple[GroupRung, ...]:
    """Each voice's rung on one question: the very groups the rule used for it."""
    return tuple(
        GroupRung(
            group,
            ladder.by_level(highest_rung_most_reach(m.level(dimension_id) for m in group.members)),
        )
        for group in groups_of(answering)
    )


def _contested(groups: Sequence[GroupRung]) -> bool:
    by_key = {item.group.key: item for item in groups}
    staff, lived = by_key.get(STAFF), by_key.get(LIVED_EXPERIENCE)
    if staff is None or lived is None or staff.rung is None or lived.rung is None:
        return False
    return abs(staff.rung.level - lived.rung.level) >= CONTESTED_RUNGS


def agreement(members: Sequence[Member], levels: Mapping[str, int | None]) -> float | None:
    """The share of answers within one rung of their question's rung.

    Only members who chose a rung for at least MIN_ANSWERED_FOR_AGREEMENT questions
    count here, and only questions with a rung; None when nothing is left. One outlier
    among many barely moves it.
    """
    within = total = 0
    for member in members:
        if member.rungs_chosen < MIN_ANSWERED_FOR_AGREEMENT:
            continue
        for dimension_id, level in levels.items():
            chosen = member.level(dimension_id)
            if level is None or chosen is None:
                continue
            total += 1
            within += abs(chosen - level) <= 1
    return within / total if total else None


def _group_placements(members: Sequence[Member], assessment: Assessment) -> tuple[GroupRung, ...]:
    """Each group placed with the same rule on its own members; empty for a single group."""
    groups = groups_of(members)
    if len(groups) < 2:
        return ()
    return tuple(
        GroupRung(group, _rung(assessment.ladder, place(group.members, assessment).level))
        for group in groups
    )


def next_steps(assessment: Assessment, placement: Placement) -> tuple[NextStep, ...]:
    """What holds the project back, with the content's advice for each.

    The power questions that capped it come first; then the questions below its rung,
    lowest first; if none is below, those on its rung (raising most of them lifts it).
    """
    if placement.level is None:
        return ()
    ladder, levels = assessment.ladder, placement.levels
    ordered = list(placement.capped_by)
    below = sorted(
        (level, index, dim)
        for index, (dim, level) in enumerate(levels.items())
        if level is not None and level < placement.level and dim not in ordered
    )
    ordered += [dim for _, _, dim in below]
    if not ordered:
        ordered = [dim for dim, level in levels.items() if level == placement.level]
    steps = []
    for dimension_id in ordered:
        dimension = assessment.question(dimension_id)
        rung = ladder.by_level(levels[dimension_id])
        steps.append(NextStep(dimension, rung, dimension.next_steps[rung.id]))
    return tuple(steps)


def compare(previous: RoundResults, current: RoundResults) -> RoundComparison:
    """The change since the previous round, question by question (matched by id)."""
    if not (previous.shown and current.shown):
        return RoundComparison(
            previous.label,
            previous.rung,
            f"We can compare {current.label} with {previous.label} once both rounds are "
            "closed and each has results.",
            (),
        )
    before = {row.dimension.id: row.rung for row in previous.dimensions}
    rows = tuple(
        DimensionChange(
            row.dimension.id,
            row.dimension.name,
            before.get(row.dimension.id),
            row.rung,
            describe_change(_level(before.get(row.dimension.id)), _level(row.rung)),
        )
        for row in current.dimensions
    )
    return RoundComparison(previous.label, previous.rung, _change_summary(previous, current), rows)


def _level(rung: Rung | None) -> int | None:
    return None if rung is None else rung.level


@dataclass(frozen=True)
class ProjectResults:
    project_name: str
    team_name: str
    description: str
    ladder: Ladder  # the ladder of the latest round's content
    rounds: tuple[RoundResults, ...]  # oldest first; a project always has one

    @property
    def latest(self) -> RoundResults:
        return self.rounds[-1]

    @property
    def latest_shown(self) -> RoundResults | None:
        """The newest round with results, if any."""
        return next((item for item in reversed(self.rounds) if item.shown), None)

    def round(self, number: int) -> RoundResults:
        """The round with this number; KeyError if there is none."""
        for item in self.rounds:
            if item.number == number:
                return item
        raise KeyError(f"no round {number}")


def project_results(
    *,
    project_name: str,
    team_name: str,
    description: str,
    rounds: Sequence[RoundInput],
    needed_responses: int,
) -> ProjectResults:
    """Every round's results, oldest first, each compared with the one before."""
    results: list[RoundResults] = []
    for data in rounds:
        previous = results[-1] if results else None
        results.append(round_results(data, needed_responses=needed_responses, previous=previous))
    return ProjectResults(
        project_name, team_name, description, rounds[-1].assessment.ladder, tuple(results)
    )


# --- Plain-English sentences ------------------------------------------------------------


def _people(count: int) -> str:
    return plural(count, "person", "people")


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def placement_summary(rung: Rung | None, ladder: Ladder) -> str:
    if rung is None:
        return (
            "We cannot place the project yet: no question was answered with a rung by at "
            f"least {MIN_PEOPLE} people."
        )
    return f"The project sits at {rung.name}, rung {rung.level} of {len(ladder)}."


def placement_reasons(
    assessment: Assessment, placement: Placement, dimensions: Sequence[DimensionResult]
) -> tuple[str, ...]:
    """Why the project sits on its rung, in short sentences that name the questions."""
    if placement.level is None:
        return ()
    ladder = assessment.ladder
    names = {dimension.id: dimension.name for dimension in assessment.questions}
    known = {dim: level for dim, level in placement.levels.items() if level is not None}
    uncapped = ladder.by_level(placement.uncapped)
    reaching = [names[dim] for dim, level in known.items() if level >= placement.uncapped]
    if len(reaching) == len(known):
        sentences = [f"All {plural(len(known), 'question')} reached {uncapped.name} or higher."]
    else:
        sentences = [
            f"{len(reaching)} of the {plural(len(known), 'question')} reached {uncapped.name} or "
            f"higher: {join_names(reaching)}."
        ]
    if placement.uncapped < len(ladder):
        above = ladder.by_level(placement.uncapped + 1)
        higher = sum(level > placement.uncapped for level in known.values())
        if placement.tied:
            sentences.append(
                f"Exactly half of them reached {above.name} or higher. That is not more "
                f"than half, so we use the lower rung, {uncapped.name}."
            )
        elif higher:
            sentences.append(
                f"Only {higher} reached {above.name} or higher, which is not more than half."
            )
    if placement.capped_by:
        held = ladder.by_level(placement.level)
        sentences.append(
            f"Power sets the limit: {join_names(names[dim] for dim in placement.capped_by)} "
            f"{'is' if len(placement.capped_by) == 1 else 'are'} at {held.name}, so the "
            f"project sits at {held.name}, not {uncapped.name}. Sharing power is what "
            "moves a project up the ladder."
        )
    too_few = [names[dim] for dim, level in placement.levels.items() if level is None]
    if too_few:
        sentences.append(
            f"Left out because fewer than {MIN_PEOPLE} people chose a rung: {join_names(too_few)}."
        )
    contested = [row.dimension.name for row in dimensions if row.contested]
    if contested:
        sentences.append(
            "Staff and people with lived experience see "
            f"{join_names(contested)} at least {plural(CONTESTED_RUNGS, 'rung')} apart. The rung "
            "gives both groups the same say, but talk about why you see it differently."
        )
    return tuple(sentences)


def describe_agreement(share: float | None, dimensions: Sequence[DimensionResult]) -> str:
    if share is None:
        return (
            f"We show how far members agree once people have chosen a rung for at least "
            f"{MIN_ANSWERED_FOR_AGREEMENT} questions each."
        )
    split = [row for row in dimensions if row.split]
    within = f"{percent(share)} of answers were within one rung of the team's rung"
    if share >= CLOSE_AGREEMENT:
        start = f"Members mostly agree: {within}."
    elif share >= SOME_AGREEMENT:
        start = f"Members partly agree: {within}."
    else:
        start = (
            f"Members see this project differently: only {percent(share)} of answers were "
            "within one rung of the team's rung. Talk about why before you plan what to do."
        )
    if not split:
        return start
    return f"{start} Answers were split on {join_names(row.dimension.name for row in split)}."


CONTESTED_TEXT = "Contested: staff and people with lived experience see this differently."


def describe_split(row: DimensionResult) -> str:
    if row.split is None:
        return ""
    low, high = row.split
    return f"Split: members see this as {low.name} to {high.name}."


def describe_groups(groups: Sequence[GroupRung], members: Sequence[Member]) -> str:
    if not groups:
        only = groups_of(members)
        if len(only) == 1 and only[0].key != EVERYONE:
            return (
                f"Everyone's answers are counted as one group, {only[0].name.lower()}, so "
                "there are no groups to compare. Groups of fewer than "
                f"{MIN_PEOPLE} people are not shown on their own."
            )
        return (
            f"No group had {MIN_PEOPLE} or more people, so groups are not shown on their own. "
            "Everyone's answers count in the results."
        )
    joined = [item.group for item in groups if item.group.joined]
    if not joined:
        return "Each group is placed with the same rule as the project, using only its own answers."
    host = joined[0]
    return (
        f"{_people(host.joined)} from groups of fewer than {MIN_PEOPLE} "
        f"{'is' if host.joined == 1 else 'are'} counted with {host.name.lower()}, so that "
        "no one can be picked out. Each group is placed with the same rule as the project."
    )


def lived_experience_note(members: Sequence[Member]) -> str:
    """A nudge when people with lived experience are too few to have a voice of their own."""
    count = sum(member.perspective == LIVED_EXPERIENCE for member in members)
    if count >= MIN_PEOPLE:
        return ""
    if count == 0:
        return (
            "No one with lived experience answered. Ask people who use the service to "
            "answer next time: co-production needs their view."
        )
    return (
        f"Fewer than {MIN_PEOPLE} people with lived experience answered, so their view "
        "could not be counted as a group of its own. Their answers still count. Ask at "
        f"least {MIN_PEOPLE} to answer next time, so that their view has the same say as "
        "staff's."
    )


def describe_change(previous: int | None, current: int | None) -> str:
    if previous is None or current is None:
        return "Not known"
    change = current - previous
    if change == 0:
        return "No change"
    return f"{'Up' if change > 0 else 'Down'} {plural(abs(change), 'rung')}"


def _change_summary(previous: RoundResults, current: RoundResults) -> str:
    if previous.rung is None or current.rung is None:
        return f"We cannot compare where the project sits with {previous.label}."
    change = current.rung.level - previous.rung.level
    start = f"Compared with {previous.label}, the project"
    if change == 0:
        return f"{start} is on the same rung: {current.rung.name}."
    direction = "up" if change > 0 else "down"
    return (
        f"{start} has moved {direction} {plural(abs(change), 'rung')}: from {previous.rung.name} "
        f"to {current.rung.name}."
    )

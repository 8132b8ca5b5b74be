"""From results to change: the agreed profile, the gap to a target, suggested actions and
the review of a plan in the next round. Plain data in, view models and sentences out; no
Flask and no database.

Rules:

- The agreed profile sits beside the profile from the members' answers; a question where
  they differ says so in words ("agreed 1 rung higher than the answers"), never hidden.
- The counts a meeting talks over hide each 1 or 2 (and whatever would give it away), as
  the quiz projector does: the people who answered are in the room.
- Every rung is right for some kinds of change, so a target is the rung this piece of
  work needs, and the results talk about the gap to it, not about "moving up" whatever.
  A question at or above its target needs no action.
- A question's working rung is the one the team agreed, else where the answers put it
  (a question the team could not agree keeps the answers' rung).
- The agreed rung of the whole project uses the same rule as the answers
  (app.domain.results): the highest rung more than half the agreed questions reach,
  capped by the agreed power questions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.domain.content import Assessment, Dimension
from app.domain.ladder import Ladder, Rung
from app.domain.results import (
    DimensionResult,
    ProjectResults,
    RoundResults,
    describe_change,
    hide_small_counts,
    highest_rung_most_reach,
)
from app.domain.wording import (
    COULD_NOT_AGREE,
    NOT_AGREED_YET,
    NOT_KNOWN,
    NOT_REVIEWED,
    REVIEW_STATUSES,
    join_names,
    plural,
)

# Longest texts people may type (forms and tests use these).
NOTE_MAX = 1000
REASON_MAX = 1000
WHAT_MAX = 500
LEAD_MAX = 100
LIVED_MAX = 300
SUPPORT_MAX = 300
REVIEW_NOTE_MAX = 300
DUE_WITHIN_DAYS = 5 * 365 + 1  # a plan's furthest 'by when'


@dataclass(frozen=True)
class Agreed:
    """What the team recorded for one question of a round."""

    dimension_id: str
    level: int | None  # the agreed rung; None when they could not agree
    could_not_agree: bool = False
    range_low: int | None = None  # the range of views, when they could not agree
    range_high: int | None = None
    note: str = ""
    version: int = 0  # 0: nothing saved yet


def agreed_text(agreed: Agreed | None, ladder: Ladder) -> str:
    """'Co-design', 'We could not agree (Consult to Co-design)' or 'Not agreed yet'."""
    if agreed is None:
        return NOT_AGREED_YET
    if agreed.could_not_agree:
        if agreed.range_low and agreed.range_high:
            low, high = sorted((agreed.range_low, agreed.range_high))
            if low == high:
                return f"{COULD_NOT_AGREE} (views around {ladder.by_level(low).name})"
            low_name, high_name = ladder.by_level(low).name, ladder.by_level(high).name
            return f"{COULD_NOT_AGREE} ({low_name} to {high_name})"
        return COULD_NOT_AGREE
    return ladder.by_level(agreed.level).name if agreed.level else NOT_AGREED_YET


def difference_text(answers: int | None, agreed: Agreed | None) -> str:
    """How the agreed rung differs from the answers' rung, or '' when there is nothing to say."""
    if agreed is None or agreed.could_not_agree or agreed.level is None:
        return ""
    if answers is None:
        return "The answers were too few to place this question; the team agreed a rung."
    change = agreed.level - answers
    if change == 0:
        return ""
    direction = "higher" if change > 0 else "lower"
    return f"Agreed {plural(abs(change), 'rung')} {direction} than the answers."


@dataclass(frozen=True)
class ProfileRow:
    dimension: Dimension
    answers: Rung | None  # where the members' answers put the question
    agreed: Agreed | None
    agreed_text: str
    difference: str  # '' when the agreed rung matches the answers (or none is agreed)

    @property
    def differs(self) -> bool:
        return bool(self.difference)

    @property
    def difference_cell(self) -> str:
        """The difference for a table: 'None' only when an agreed rung matches the answers."""
        if self.differs:
            return self.difference
        agreed = self.agreed is not None and self.agreed.level is not None
        return "None" if agreed else "Nothing to compare"


def agreed_profile(round_: RoundResults, agreed: Mapping[str, Agreed]) -> tuple[ProfileRow, ...]:
    """Each question: the answers' rung, the agreed rung, and how they differ."""
    ladder = round_.ladder
    return tuple(
        ProfileRow(
            row.dimension,
            row.rung,
            agreed.get(row.dimension.id),
            agreed_text(agreed.get(row.dimension.id), ladder),
            difference_text(_level(row.rung), agreed.get(row.dimension.id)),
        )
        for row in round_.dimensions
    )


def agreed_summary(rows: Sequence[ProfileRow]) -> str:
    """One paragraph on how far the team got and where agreed and answers differ."""
    if not rows:
        return ""
    done = [row for row in rows if row.agreed is not None]
    if not done:
        return (
            "The team has not agreed any rungs yet. Agreeing is up to you: go through the "
            "questions together when you meet."
        )
    sentences = [f"The team has talked about {len(done)} of the {plural(len(rows), 'question')}."]
    stuck = [row.dimension.name for row in done if row.agreed.could_not_agree]
    if stuck:
        sentences.append(f"It could not agree on {join_names(stuck)}.")
    differs = [row.dimension.name for row in rows if row.differs]
    if differs:
        sentences.append(
            f"The agreed rung is not where the answers put it on {join_names(differs)}. "
            "Keep a note of why: it helps the next round."
        )
    elif len(done) > len(stuck):
        sentences.append("Every agreed rung matches where the answers put it.")
    return " ".join(sentences)


def agreed_project_level(assessment: Assessment, agreed: Mapping[str, Agreed]) -> int | None:
    """The project's agreed rung: the answers' rule applied to the agreed questions."""
    levels = {
        dim.id: agreed[dim.id].level
        for dim in assessment.questions
        if dim.id in agreed and agreed[dim.id].level is not None
    }
    level = highest_rung_most_reach(levels.values())
    if level is None:
        return None
    power = [levels[dim.id] for dim in assessment.power_dimensions if dim.id in levels]
    return min([level, *power])


def working_level(row: DimensionResult, agreed: Agreed | None) -> int | None:
    """The agreed rung if there is one, else where the answers put the question."""
    if agreed is not None and not agreed.could_not_agree and agreed.level is not None:
        return agreed.level
    return _level(row.rung)


@dataclass(frozen=True)
class SpreadRow:
    label: str  # "3. Engage", or SKIPPED_LABEL
    count: int | None  # None: hidden (hide_small_counts)


SKIPPED_LABEL = "Not sure, or not yet"


def discussion_spread(row: DimensionResult) -> tuple[SpreadRow, ...]:
    """How many chose each rung (highest first), then the two skips together, for the
    meeting's screen, where the people who answered sit together: as on the quiz
    projector, each count of 1 or 2 is hidden with any count that would give it away.
    Empty when too few chose a rung to show any figures."""
    if row.too_few:
        return ()
    rungs = [(f"{rung.level}. {rung.name}", count) for rung, count in reversed(row.counts)]
    rows = [*rungs, (SKIPPED_LABEL, sum(row.skipped.values()))]
    shown = hide_small_counts([count for _, count in rows])
    return tuple(SpreadRow(label, count) for (label, _), count in zip(rows, shown, strict=True))


# --- Target and gap ---------------------------------------------------------------------


def gap_text(level: int | None, target: int | None) -> str:
    """'2 rungs below the target', 'At the target', 'Above the target' or 'Not known'."""
    if level is None or target is None:
        return NOT_KNOWN
    gap = target - level
    if gap == 0:
        return "At the target"
    if gap < 0:
        return "Above the target"
    return f"{plural(gap, 'rung')} below the target"


def target_summary(rung: Rung | None, target: Rung | None) -> str:
    """Where the project sits against its target, in one or two sentences."""
    if target is None:
        return (
            "You have not set a target yet. Decide what rung this piece of work needs: "
            "every rung suits some kinds of change."
        )
    if rung is None:
        return (
            f"Your target is {target.name}. We could not place the project, so the gap is "
            "not known."
        )
    gap = target.level - rung.level
    if gap > 0:
        return (
            f"Your target is {target.name}. The project sits at {rung.name}, "
            f"{plural(gap, 'rung')} below it. The steps below aim to close that gap."
        )
    if gap == 0:
        return f"The project sits at your target, {target.name}. The aim now is to keep it there."
    return (
        f"The project sits at {rung.name}, above your target of {target.name}. That is fine: "
        "you do not need to move it up. Check the target still fits the work."
    )


@dataclass(frozen=True)
class Suggestion:
    dimension: Dimension
    rung: Rung  # the question's working rung now
    gap: int  # rungs below the target
    advice: str  # the content's next step from that rung


def suggested_actions(
    round_: RoundResults, agreed: Mapping[str, Agreed], target: int | None
) -> tuple[Suggestion, ...]:
    """The next steps for the questions below the target, furthest below first.

    Power questions come first on a tie (sharing power moves a project most); a question
    at or above the target, or with no rung, gets no suggestion. Without a target there
    are none: every rung suits some kinds of change.
    """
    if target is None or not round_.shown:
        return ()
    ladder = round_.ladder
    found = []
    for index, row in enumerate(round_.dimensions):
        level = working_level(row, agreed.get(row.dimension.id))
        if level is None or level >= target:
            continue
        rung = ladder.by_level(level)
        found.append(
            (
                -(target - level),
                not row.dimension.decides_power,
                index,
                Suggestion(row.dimension, rung, target - level, row.dimension.next_steps[rung.id]),
            )
        )
    return tuple(item[-1] for item in sorted(found, key=lambda item: item[:3]))


# --- Actions and their review -----------------------------------------------------------


@dataclass(frozen=True)
class Action:
    id: int
    dimension_ids: tuple[str, ...]
    what: str
    lead: str
    lived_experience: str
    support: str
    due_on: dt.date
    review_status: str | None = None  # a key of REVIEW_STATUSES, or None
    review_note: str = ""
    version: int = 1

    @property
    def review_text(self) -> str:
        return REVIEW_STATUSES.get(self.review_status or "", NOT_REVIEWED)


def due_problem(due_on: dt.date, today: dt.date) -> str:
    """Why a 'by when' date cannot be used, or ''."""
    if due_on < today:
        return "The date to finish by must be today or in the future"
    if due_on > today + dt.timedelta(days=DUE_WITHIN_DAYS):
        return "The date to finish by must be within 5 years"
    return ""


@dataclass(frozen=True)
class AimChange:
    name: str
    before: str
    after: str
    change_text: str


@dataclass(frozen=True)
class ActionReview:
    action: Action
    names: str  # the questions it aimed at, in words
    changes: tuple[AimChange, ...]  # one per question it aimed at


def review_of(
    actions: Sequence[Action], previous: RoundResults, current: RoundResults
) -> tuple[ActionReview, ...]:
    """Each action of the previous round's plan with the change on the questions it aimed at."""
    before = {row.dimension.id: row for row in previous.dimensions}
    now = {row.dimension.id: row for row in current.dimensions}
    names = {row.dimension.id: row.dimension.name for row in previous.dimensions}
    reviews = []
    for action in actions:
        changes = []
        for dim in action.dimension_ids:
            old, new = before.get(dim), now.get(dim)
            old_level = _level(old.rung) if old else None
            new_level = _level(new.rung) if new else None
            changes.append(
                AimChange(
                    names.get(dim, dim),
                    old.rung.name if old and old.rung else NOT_KNOWN,
                    new.rung.name if new and new.rung else NOT_KNOWN,
                    describe_change(old_level, new_level)
                    if current.shown
                    else "Known when this round is closed",
                )
            )
        reviews.append(ActionReview(action, join_names(c.name for c in changes), tuple(changes)))
    return tuple(reviews)


def review_summary(actions: Sequence[Action]) -> str:
    if not actions:
        return ""
    counts = {key: sum(a.review_status == key for a in actions) for key in REVIEW_STATUSES}
    reviewed = sum(counts.values())
    if not reviewed:
        return f"None of the {plural(len(actions), 'action')} has been reviewed yet."
    parts = [
        f"{counts[key]} {label.lower()}" for key, label in REVIEW_STATUSES.items() if counts[key]
    ]
    return f"{reviewed} of {plural(len(actions), 'action')} reviewed: {join_names(parts)}."


# --- Progress across rounds -------------------------------------------------------------


@dataclass(frozen=True)
class ProgressCell:
    answers: str  # the answers' rung name, or 'Not known'
    agreed: str  # agreed text
    target: str  # target rung name, or 'No target'


@dataclass(frozen=True)
class ProgressRound:
    number: int
    label: str
    placement: int | None  # the project's rung from the answers
    agreed: int | None  # the project's agreed rung
    target: int | None
    cells: Mapping[str, ProgressCell]  # question id -> its cell


def progress(
    results: ProjectResults,
    agreed_by_round: Mapping[int, Mapping[str, Agreed]],
    targets: Mapping[int, int | None],
) -> tuple[ProgressRound, ...]:
    """Every round with results: placement, agreed rung and target, overall and per question.

    Keyed by round number. Rounds without results are left out.
    """
    found = []
    for round_ in results.rounds:
        if not round_.shown:
            continue
        ladder = round_.ladder
        agreed = agreed_by_round.get(round_.number, {})
        target = targets.get(round_.number)
        target_name = ladder.by_level(target).name if target else "No target"
        cells = {
            row.dimension.id: ProgressCell(
                row.rung.name if row.rung else NOT_KNOWN,
                agreed_text(agreed.get(row.dimension.id), ladder),
                target_name,
            )
            for row in round_.dimensions
        }
        found.append(
            ProgressRound(
                round_.number,
                round_.label,
                _level(round_.rung),
                agreed_project_level(round_.assessment, agreed),
                target,
                cells,
            )
        )
    return tuple(found)


def _level(rung: Rung | None) -> int | None:
    return None if rung is None else rung.level

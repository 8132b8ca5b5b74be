"""Scoring the quiz and placing a project on the ladder.

Rungs are numbered 1 (lowest) to N (the top of the ladder); a "Not sure" answer
is None and never counts.

Placement rule: a project sits on the highest rung that most (more than half)
of the answered items reach, where an item "reaches" a rung when it is on that
rung or above. For one member the items are their answers. For a team, each
question first gets its own rung by the same rule over the members' answers;
the team's placement is the rule again over those question rungs. Rung numbers
are never averaged: one answer at rung 1 and one at rung 5 place the project at
rung 1 (only the lowest rung is reached by more than half of the answers), not
at rung 3, which nobody chose. (In statistical terms it is the lower median.)

The rule never goes down when any answer goes up, does not depend on the order
of members, and ignores "Not sure".
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.domain.content import Quiz, QuizQuestion
from app.domain.ladder import Rung

MIN_RESPONSES = 3  # team results are shown only once this many members have answered
MIN_GROUP = 3  # a perspective group (e.g. staff) is shown only with this many members

PERSPECTIVES = ("staff", "lived-experience", "carer", "volunteer", "community-partner", "other")

PLACEMENT_RULE_TEXT = (
    "We place the project on the highest rung that more than half of the answers reach. "
    "An answer reaches a rung if it describes that rung or a higher one. "
    "We never average rung numbers: if one answer says Inform and another says "
    "Co-production, the project is placed at Inform, not in the middle at Engage, "
    "because only Inform is reached by more than half of the answers. "
    "Answers of \u201cNot sure\u201d are left out. "
    "For a team, each question is first placed in the same way from everyone\u2019s answers, "
    "then the project is placed from those question results."
)


# --- Quiz -----------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    question: QuizQuestion
    chosen: Rung | None  # None when not answered (or answered with an option not offered)
    correct: bool


@dataclass(frozen=True)
class QuizScore:
    correct: int
    total: int  # the number of questions asked
    per_question: tuple[QuestionResult, ...]


QuizResult = QuizScore


def score_quiz(quiz: Quiz, answers: Mapping[str, str]) -> QuizScore:
    """Score the asked questions; `answers` maps question id to the chosen rung id."""
    results = []
    for question in quiz.asked:
        offered = {rung.id: rung for rung in question.options}
        chosen = offered.get(answers.get(question.id, ""))
        results.append(QuestionResult(question, chosen, chosen == question.answer))
    return QuizScore(
        correct=sum(result.correct for result in results),
        total=len(results),
        per_question=tuple(results),
    )


# --- Placement ------------------------------------------------------------------------


def highest_rung_most_reach(levels: Iterable[int | None]) -> int | None:
    """The highest rung r that more than half of the answered levels are at or above.

    None ("Not sure") is ignored; None is returned when nothing is left.
    """
    answered = [level for level in levels if level is not None]
    if not answered:
        return None
    # The answer is always one of the answered levels, so only those need trying.
    for rung in sorted(set(answered), reverse=True):
        reaching = sum(1 for level in answered if level >= rung)
        if reaching * 2 > len(answered):
            return rung
    raise AssertionError("unreachable: the lowest answered level is reached by all")


def place_member(answers: Mapping[str, int | None]) -> int | None:
    """One member's placement from their answers (dimension id -> level or None)."""
    return highest_rung_most_reach(answers.values())


def team_profile(
    responses: Sequence[Mapping[str, int | None]], dimension_ids: Iterable[str]
) -> dict[str, int | None]:
    """Per dimension, the rule over the members' answers to it (None if all Not sure)."""
    return {
        dimension: highest_rung_most_reach(response.get(dimension) for response in responses)
        for dimension in dimension_ids
    }


def place_team(
    responses: Sequence[Mapping[str, int | None]], dimension_ids: Iterable[str]
) -> int | None:
    """The team's placement: the rule over the team profile's levels."""
    return highest_rung_most_reach(team_profile(responses, dimension_ids).values())


# --- Agreement and distribution -------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    placements: tuple[int, ...]  # members' placements, lowest first (not in answer order)
    spread: int
    lowest: int
    highest: int
    strong_disagreement: bool
    label: str


def agreement(member_placements: Iterable[int | None]) -> Agreement | None:
    """How far members' own placements are apart; None if no member could be placed."""
    placements = tuple(sorted(level for level in member_placements if level is not None))
    if not placements:
        return None
    lowest, highest = placements[0], placements[-1]
    spread = highest - lowest
    if spread == 0:
        label = "Everyone placed it on the same rung"
    elif spread == 1:
        label = "Close agreement: within one rung"
    else:
        label = (
            f"Members see it differently: placements are {spread} rungs apart. "
            "Talk about it as a team."
        )
    return Agreement(placements, spread, lowest, highest, spread >= 2, label)


def distribution(member_placements: Iterable[int | None], n_rungs: int) -> dict[int, int]:
    """How many members are placed on each rung 1..n_rungs (zeros included; None ignored)."""
    counts = dict.fromkeys(range(1, n_rungs + 1), 0)
    for level in member_placements:
        if level is None:
            continue
        if level not in counts:
            raise ValueError(f"level {level!r} is not between 1 and {n_rungs}")
        counts[level] += 1
    return counts


# --- Staff and lived-experience perspectives ------------------------------------------


@dataclass(frozen=True)
class PerspectiveGap:
    staff_median: float
    lived_median: float
    gap: float  # staff_median - lived_median: positive when staff place it higher


def perspective_gap(
    placements_by_perspective: Mapping[str, Sequence[int | None]], min_group: int = MIN_GROUP
) -> PerspectiveGap | None:
    """Compare the median placements of staff and of people with lived experience.

    None unless both groups have at least min_group placed members, so that a
    small group's answers cannot be singled out.
    """
    staff = [p for p in placements_by_perspective.get("staff", ()) if p is not None]
    lived = [p for p in placements_by_perspective.get("lived-experience", ()) if p is not None]
    if len(staff) < min_group or len(lived) < min_group:
        return None
    staff_median = float(statistics.median(staff))
    lived_median = float(statistics.median(lived))
    return PerspectiveGap(staff_median, lived_median, staff_median - lived_median)


# --- What to work on ------------------------------------------------------------------


def holding_back(profile: Mapping[str, int | None], placement: int) -> list[str]:
    """The dimensions to work on to move the project up.

    Those whose level is below the placement, lowest first (ties keep profile
    order). If there are none, the dimensions at the placement level: raising
    enough of them is what lifts the placement a rung. Not-sure dimensions
    are left out.
    """
    below = [
        (level, dim) for dim, level in profile.items() if level is not None and level < placement
    ]
    if below:
        return [dim for _, dim in sorted(below, key=lambda pair: pair[0])]
    return [dim for dim, level in profile.items() if level == placement]


# --- Change between rounds ------------------------------------------------------------


def round_change(previous_placement: int | None, current_placement: int | None) -> int | None:
    """Rungs moved since the previous round (positive is up); None if either is unknown."""
    if previous_placement is None or current_placement is None:
        return None
    return current_placement - previous_placement


def dimension_changes(
    previous_profile: Mapping[str, int | None], current_profile: Mapping[str, int | None]
) -> dict[str, int | None]:
    """Per dimension of the current profile, the change since the previous one (or None)."""
    return {
        dim: round_change(previous_profile.get(dim), level)
        for dim, level in current_profile.items()
    }

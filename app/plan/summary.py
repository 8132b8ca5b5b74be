"""A round's agreement, target and plan as every page and PDF gets them (one place)."""

from __future__ import annotations

from dataclasses import dataclass

from app.db import get_db
from app.domain.ladder import Rung
from app.domain.plan import (
    Action,
    ActionReview,
    Agreed,
    ProfileRow,
    ProgressRound,
    Suggestion,
    agreed_profile,
    agreed_summary,
    progress,
    review_of,
    review_summary,
    suggested_actions,
    target_summary,
)
from app.domain.results import ProjectResults, RoundResults
from app.models import Project
from app.plan import queries
from reports.team import TeamPlan


@dataclass(frozen=True)
class RoundPlan:
    """What the team made of one round's results (only for a round with results)."""

    number: int
    agreed: dict[str, Agreed]
    profile: tuple[ProfileRow, ...]
    agreed_text: str
    target: Rung | None
    target_reason: str
    target_version: int
    target_text: str
    suggestions: tuple[Suggestion, ...]
    actions: tuple[Action, ...]

    @property
    def agreed_count(self) -> int:
        return len(self.agreed)


@dataclass(frozen=True)
class PlanReview:
    """The previous round's plan, reviewed in this round."""

    previous_label: str
    previous_number: int
    reviews: tuple[ActionReview, ...]
    summary: str


def round_plan(project: Project, round_: RoundResults) -> RoundPlan | None:
    """The round's agreement, target and plan; None for a round without results."""
    stored = queries.round_of(project, round_.number)
    if stored is None or not round_.shown:
        return None
    db = get_db()
    agreed = queries.agreed_of(db, stored.id)
    target_row = queries.target_of(db, stored.id)
    ladder = round_.ladder
    target = ladder.by_level(target_row.level) if target_row else None
    return RoundPlan(
        number=round_.number,
        agreed=agreed,
        profile=agreed_profile(round_, agreed),
        agreed_text=agreed_summary(agreed_profile(round_, agreed)),
        target=target,
        target_reason=target_row.reason if target_row else "",
        target_version=target_row.version if target_row else 0,
        target_text=target_summary(round_.rung, target),
        suggestions=suggested_actions(round_, agreed, target.level if target else None),
        actions=tuple(queries.actions_of(db, stored.id)),
    )


def plan_review(
    project: Project, results: ProjectResults, round_: RoundResults
) -> PlanReview | None:
    """The plan made after the round before this one, with the change since; None if none."""
    previous = next((r for r in results.rounds if r.number == round_.number - 1), None)
    stored = queries.round_of(project, round_.number - 1)
    if previous is None or stored is None:
        return None
    actions = queries.actions_of(get_db(), stored.id)
    if not actions or not previous.shown:
        return None
    return PlanReview(
        previous.label,
        previous.number,
        review_of(actions, previous, round_),
        review_summary(actions),
    )


def project_progress(project: Project, results: ProjectResults) -> tuple[ProgressRound, ...]:
    db = get_db()
    targets = {n: row.level for n, row in queries.targets_by_round(db, project).items()}
    return progress(results, queries.agreed_by_round(db, project), targets)


def team_plan(project: Project, results: ProjectResults, round_: RoundResults) -> TeamPlan:
    """Everything the PDFs show about agreeing, the target, the plan and its review."""
    return TeamPlan(
        round_plan=round_plan(project, round_),
        review=plan_review(project, results, round_),
        progress=project_progress(project, results),
        names={
            dim.id: dim.name
            for item in results.rounds
            if item.shown
            for dim in item.assessment.questions
        },
    )

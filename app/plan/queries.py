"""Reading and writing what a team agrees, targets and plans after a round (no Flask).

Every function takes the database session `db` and never commits (one commit per
request). Saves carry the version the editor started from: a save made from an older
version changes nothing and says so, so two people editing at once never overwrite
each other unseen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.domain.plan import Action, Agreed
from app.models import AgreedRung, AssessmentRound, PlanAction, Project, RoundTarget, utcnow


@dataclass(frozen=True)
class Saved:
    """The outcome of a save: `ok`, or the version someone else saved meanwhile."""

    ok: bool
    current_version: int


# --- Reading ----------------------------------------------------------------------------


def round_of(project: Project, number: int) -> AssessmentRound | None:
    return next((item for item in project.rounds if item.number == number), None)


def agreed_of(db: Session, round_id: int) -> dict[str, Agreed]:
    rows = db.scalars(select(AgreedRung).where(AgreedRung.round_id == round_id)).all()
    return {row.dimension_id: _agreed(row) for row in rows}


def agreed_by_round(db: Session, project: Project) -> dict[int, dict[str, Agreed]]:
    """Round number -> question id -> what the team agreed."""
    numbers = {item.id: item.number for item in project.rounds}
    rows = db.scalars(select(AgreedRung).where(AgreedRung.round_id.in_(numbers))).all()
    found: dict[int, dict[str, Agreed]] = {number: {} for number in numbers.values()}
    for row in rows:
        found[numbers[row.round_id]][row.dimension_id] = _agreed(row)
    return found


def target_of(db: Session, round_id: int) -> RoundTarget | None:
    return db.scalar(select(RoundTarget).where(RoundTarget.round_id == round_id))


def targets_by_round(db: Session, project: Project) -> dict[int, RoundTarget]:
    numbers = {item.id: item.number for item in project.rounds}
    rows = db.scalars(select(RoundTarget).where(RoundTarget.round_id.in_(numbers))).all()
    return {numbers[row.round_id]: row for row in rows}


def actions_of(db: Session, round_id: int) -> list[Action]:
    rows = db.scalars(
        select(PlanAction)
        .where(PlanAction.round_id == round_id)
        .order_by(PlanAction.due_on, PlanAction.id)
    ).all()
    return [_action(row) for row in rows]


@dataclass(frozen=True)
class PlanFigures:
    """A project's agreed rungs, targets and action counts by round number (for the CSV)."""

    agreed: dict[int, dict[str, Agreed]]
    targets: dict[int, int]
    actions: dict[int, dict[str, int]]  # round -> review status ("" unreviewed) -> actions


def plan_figures(db: Session, project: Project) -> PlanFigures:
    numbers = {item.id: item.number for item in project.rounds}
    actions: dict[int, dict[str, int]] = {number: {} for number in numbers.values()}
    rows = db.execute(
        select(PlanAction.round_id, PlanAction.review_status).where(
            PlanAction.round_id.in_(numbers)
        )
    ).all()
    for round_id, status in rows:
        counts = actions[numbers[round_id]]
        counts[status or ""] = counts.get(status or "", 0) + 1
    return PlanFigures(
        agreed_by_round(db, project),
        {number: row.level for number, row in targets_by_round(db, project).items()},
        actions,
    )


def action_in_round(db: Session, round_id: int, action_id: int) -> Action | None:
    """The action if it belongs to this round (so another team's id finds nothing)."""
    row = db.scalar(
        select(PlanAction).where(PlanAction.id == action_id, PlanAction.round_id == round_id)
    )
    return _action(row) if row else None


# --- Saving -----------------------------------------------------------------------------


def save_agreed(db: Session, round_id: int, values: Agreed, version: int) -> Saved:
    """Save one question's agreed rung if nobody saved it since `version` (0: never saved)."""
    fields = {
        "level": values.level,
        "could_not_agree": values.could_not_agree,
        "range_low": values.range_low,
        "range_high": values.range_high,
        "note": values.note,
        "updated_at": utcnow(),
    }
    if version == 0:
        try:
            with db.begin_nested():
                db.add(
                    AgreedRung(
                        round_id=round_id, dimension_id=values.dimension_id, version=1, **fields
                    )
                )
            return Saved(True, 1)
        except IntegrityError:  # someone saved this question a moment ago
            pass
    changed = db.execute(
        update(AgreedRung)
        .where(
            AgreedRung.round_id == round_id,
            AgreedRung.dimension_id == values.dimension_id,
            AgreedRung.version == version,
        )
        .values(version=AgreedRung.version + 1, **fields)
    )
    if changed.rowcount == 1:
        return Saved(True, version + 1)
    current = agreed_of(db, round_id).get(values.dimension_id)
    return Saved(False, current.version if current else 0)


def save_target(db: Session, round_id: int, level: int, reason: str, version: int) -> Saved:
    """Save the round's target if nobody saved it since `version` (0: never saved)."""
    if version == 0:
        try:
            with db.begin_nested():
                db.add(RoundTarget(round_id=round_id, level=level, reason=reason, version=1))
            return Saved(True, 1)
        except IntegrityError:
            pass
    changed = db.execute(
        update(RoundTarget)
        .where(RoundTarget.round_id == round_id, RoundTarget.version == version)
        .values(level=level, reason=reason, version=RoundTarget.version + 1, updated_at=utcnow())
    )
    if changed.rowcount == 1:
        return Saved(True, version + 1)
    current = target_of(db, round_id)
    return Saved(False, current.version if current else 0)


def add_action(
    db: Session,
    round_id: int,
    *,
    dimension_ids: Sequence[str],
    what: str,
    lead: str,
    lived_experience: str,
    support: str,
    due_on: dt.date,
) -> int:
    row = PlanAction(
        round_id=round_id,
        dimension_ids=" ".join(dimension_ids),
        what=what,
        lead=lead,
        lived_experience=lived_experience,
        support=support,
        due_on=due_on,
        review_note="",
        version=1,
    )
    db.add(row)
    db.flush()
    return row.id


def update_action(
    db: Session,
    round_id: int,
    action_id: int,
    version: int,
    *,
    dimension_ids: Sequence[str],
    what: str,
    lead: str,
    lived_experience: str,
    support: str,
    due_on: dt.date,
) -> Saved:
    return _update_action(
        db,
        round_id,
        action_id,
        version,
        dimension_ids=" ".join(dimension_ids),
        what=what,
        lead=lead,
        lived_experience=lived_experience,
        support=support,
        due_on=due_on,
    )


def review_action(
    db: Session, round_id: int, action_id: int, version: int, status: str, note: str
) -> Saved:
    return _update_action(db, round_id, action_id, version, review_status=status, review_note=note)


def delete_action(db: Session, round_id: int, action_id: int) -> bool:
    deleted = db.execute(
        delete(PlanAction).where(PlanAction.id == action_id, PlanAction.round_id == round_id)
    )
    return deleted.rowcount == 1


def _update_action(db: Session, round_id: int, action_id: int, version: int, **values) -> Saved:
    changed = db.execute(
        update(PlanAction)
        .where(
            PlanAction.id == action_id,
            PlanAction.round_id == round_id,
            PlanAction.version == version,
        )
        .values(version=PlanAction.version + 1, **values)
    )
    if changed.rowcount == 1:
        return Saved(True, version + 1)
    current = action_in_round(db, round_id, action_id)
    return Saved(False, current.version if current else 0)


def _agreed(row: AgreedRung) -> Agreed:
    return Agreed(
        row.dimension_id,
        row.level,
        row.could_not_agree,
        row.range_low,
        row.range_high,
        row.note,
        row.version,
    )


def _action(row: PlanAction) -> Action:
    return Action(
        id=row.id,
        dimension_ids=tuple(row.dimension_ids.split()),
        what=row.what,
        lead=row.lead,
        lived_experience=row.lived_experience,
        support=row.support,
        due_on=row.due_on,
        review_status=row.review_status,
        review_note=row.review_note,
        version=row.version,
    )

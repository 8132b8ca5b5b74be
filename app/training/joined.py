"""Which training session this browser joined, kept in the signed session cookie.

Joining at /s/<code> sets `flask.session["joined"] = {"training_session_id": id,
"team_id": id or None}`; the quiz reads it to link new attempts to the session and team.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import session
from sqlalchemy.orm import Session

from app.models import SessionTeam, TrainingSession
from app.training.queries import team_of

KEY = "joined"


@dataclass(frozen=True)
class Joined:
    training: TrainingSession
    team: SessionTeam | None


def remember_joined(training: TrainingSession, team_id: int | None) -> None:
    session[KEY] = {"training_session_id": training.id, "team_id": team_id}


def joined(db: Session) -> Joined | None:
    """The open training session (and team) this browser joined, or None.

    A closed session's entry is left in the cookie (pages that read it change nothing);
    joining another session replaces it.
    """
    value = session.get(KEY)
    if not isinstance(value, dict) or type(value.get("training_session_id")) is not int:
        return None
    training = db.get(TrainingSession, value["training_session_id"])
    if training is None or not training.is_open:
        return None
    return Joined(training, team_of(db, training, value.get("team_id")))

"""Which training session this browser joined, kept in the signed session cookie.

Joining at /s/<code> sets `flask.session["joined"] = {"training_session_id": id,
"team_id": id or None, "participant": token}`; the quiz reads it to link new attempts to the
session, the team and the person (so the live page counts people, not attempts).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import session
from sqlalchemy.orm import Session

from app.models import Participant, SessionTeam, TrainingSession
from app.training.queries import participant_of, team_of

KEY = "joined"


@dataclass(frozen=True)
class Joined:
    training: TrainingSession
    team: SessionTeam | None
    participant: Participant | None = None


def remember_joined(training: TrainingSession, participant: Participant) -> None:
    session[KEY] = {
        "training_session_id": training.id,
        "team_id": participant.team_id,
        "participant": participant.public_id,
    }


def joined_token(training: TrainingSession) -> str | None:
    """The participant token the cookie holds for this session, if any."""
    value = session.get(KEY)
    if isinstance(value, dict) and value.get("training_session_id") == training.id:
        token = value.get("participant")
        return token if isinstance(token, str) else None
    return None


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
    return Joined(
        training,
        team_of(db, training, value.get("team_id")),
        participant_of(db, training, value.get("participant")),
    )

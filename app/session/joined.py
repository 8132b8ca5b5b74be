"""Which trainer's session this browser joined, kept in the signed session cookie.

Joining at /s/<code> sets `flask.session["joined"] = {"training_session_id": id,
"team_id": id or None}`; the quiz reads it to link new attempts to the session and team.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import session as cookie

from app.db import db_session
from app.models import SessionTeam, TrainingSession

KEY = "joined"


@dataclass(frozen=True)
class Joined:
    training_session: TrainingSession
    team: SessionTeam | None


def remember_joined(training_session: TrainingSession, team_id: int | None) -> None:
    cookie[KEY] = {"training_session_id": training_session.id, "team_id": team_id}


def joined_session() -> Joined | None:
    """The open session (and team) this browser joined, or None.

    A closed session's entry is left in the cookie (pages that read it change nothing);
    joining another session replaces it.
    """
    value = cookie.get(KEY)
    if not isinstance(value, dict):
        return None
    db = db_session()
    training_session = db.get(TrainingSession, value.get("training_session_id") or 0)
    if training_session is None or not training_session.is_open:
        return None
    team = db.get(SessionTeam, value.get("team_id") or 0)
    if team is not None and team.session_id != training_session.id:
        team = None
    return Joined(training_session, team)

"""Trainer sign-in: how Flask-Login finds the signed-in trainer."""

from __future__ import annotations

from app.db import db_session
from app.extensions import login_manager
from app.models import Trainer


@login_manager.user_loader
def load_trainer(trainer_id: str) -> Trainer | None:
    if not trainer_id.isdigit():
        return None
    return db_session().get(Trainer, int(trainer_id))

"""The signed-in trainer's own training sessions, for the trainer's pages and downloads."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from app.db import get_db
from app.models import TrainingSession
from app.trainer.queries import own_training


def own_training_or_404(training_id: int) -> TrainingSession:
    """The signed-in trainer's session; another trainer's is a 404, not a 403 that leaks it."""
    training = own_training(get_db(), current_user.id, training_id)
    if training is None:
        abort(404)
    return training

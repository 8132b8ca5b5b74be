"""A project's results as every page, PDF and trainer view gets them (one place)."""

from __future__ import annotations

from flask import current_app

from app.assessment import store
from app.content import library
from app.db import db_session
from app.domain.results import ProjectResults, min_responses
from app.models import Project


def needed_responses() -> int:
    """Sent responses a closed round needs before it shows results (the setting, >= 3)."""
    return min_responses(current_app.config["RESULTS_MIN_RESPONSES"])


def team_results(project: Project) -> ProjectResults | None:
    """Every round's results with its own content; None if that content is gone.

    Load the project with store.RESULTS_LOAD_OPTIONS.
    """
    current = library().assessments.get(project.assessment_id)
    try:
        return store.results_of(db_session(), project, current, needed_responses())
    except LookupError:
        return None

"""A project's results as every page, PDF and trainer view gets them (one place)."""

from __future__ import annotations

from flask import current_app

from app.assessment import queries
from app.content import library
from app.db import get_db
from app.domain.results import ProjectResults, min_responses
from app.models import Project


def needed_responses() -> int:
    """Sent responses a closed round needs before it shows results (the setting, >= 3)."""
    return min_responses(current_app.config["RESULTS_MIN_RESPONSES"])


def team_results(project: Project) -> ProjectResults | None:
    """Every round's results with its own content; None if that content is gone.

    Load the project with queries.RESULTS_LOAD_OPTIONS.
    """
    current = library().assessment(project.assessment_id)
    try:
        return queries.results_of(get_db(), project, current, needed_responses())
    except LookupError:
        return None

"""The results body as HTML, for the results page and any page that shows a project's results."""

from __future__ import annotations

from collections.abc import Callable

from flask import render_template
from markupsafe import Markup

from app.assessment.results import ProjectResults
from app.domain.scoring import MIN_GROUP, MIN_RESPONSES, PLACEMENT_RULE_TEXT


def render_results_body(
    results: ProjectResults,
    round_number: int | None = None,
    *,
    round_url: Callable[[int], str] | None = None,
    id_prefix: str = "",
) -> Markup:
    """One round's results (the latest by default) from templates/assessment/_results.html.

    Headings start at h2, so the including page keeps its own h1. `round_url(number)`
    adds links between rounds; `id_prefix` keeps element ids unique when one page
    shows several projects. KeyError if the project has no round with that number.
    """
    shown = results.latest if round_number is None else results.round(round_number)
    # The partial is autoescaped, so its output is safe to mark as HTML.
    return Markup(  # noqa: S704
        render_template(
            "assessment/_results.html",
            results=results,
            this_round=shown,
            round_url=round_url,
            id_prefix=id_prefix,
            rule_text=PLACEMENT_RULE_TEXT,
            min_responses=MIN_RESPONSES,
            min_group=MIN_GROUP,
        )
    )

"""The results body as HTML, for the lead's and the members' results pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import render_template
from markupsafe import Markup

from app.domain.results import MIN_PEOPLE, RULE_STEPS, ProjectResults

if TYPE_CHECKING:
    from app.plan.summary import RoundPlan


def render_results_body(
    results: ProjectResults,
    round_number: int | None = None,
    *,
    round_url: Callable[[int], str] | None = None,
    plan: RoundPlan | None = None,
) -> Markup:
    """One round's results (the latest by default) from templates/assessment/_results.html.

    Headings start at h2, so the including page keeps its own h1. `round_url(number)`
    adds links between rounds. KeyError if the project has no round with that number.
    With the round's `plan` (app.plan.summary), next steps talk about the gap to the
    team's target.
    """
    shown = results.latest if round_number is None else results.round(round_number)
    # The partial is autoescaped, so its output is safe to mark as HTML.
    return Markup(  # noqa: S704
        render_template(
            "assessment/_results.html",
            results=results,
            this_round=shown,
            round_url=round_url,
            rule_steps=RULE_STEPS,
            min_people=MIN_PEOPLE,
            plan=plan,
        )
    )

"""Report charts on screen: drawn by plotly.js from this site under the strict CSP (any
CSP refusal is a console error, which fails the test), and the tables still there."""

from __future__ import annotations

import pytest

from app.assessment import queries
from app.content import library
from app.db import get_db
from tests.browser.user import DESKTOP, NARROW, Mode

# A phone at normal text size (the assessment journey covers 200% text).
PHONE = Mode("phone", viewport=NARROW)
PHONE_NO_JAVASCRIPT = Mode("phone-no-javascript", javascript=False, viewport=NARROW)

pytestmark = pytest.mark.browser


@pytest.fixture
def results_url(live_server) -> str:
    """A project with six submitted responses: staff say Co-design, others Engage."""
    app = live_server.app
    with app.app_context():
        db = get_db()
        assessment = library().default_assessment
        project = queries.create_project(
            db, assessment, project_name="Charts on screen", team_name="Ward 9"
        )
        for perspective, level in [("staff", 4)] * 3 + [("lived-experience", 3)] * 3:
            response = queries.start_response(db, project.rounds[-1], perspective)
            for dimension in assessment.dimension_ids:
                queries.save_answer(db, response, dimension, level)
            queries.submit_response(db, response)
        queries.close_round(db, project.rounds[-1])
        db.commit()
        return f"/assessment/results/{project.results_token}"


def drawn(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-app-chart]",
        "boxes => boxes.filter(b => b.dataset.appChartReady).map(b => b.dataset.appChart)",
    )


def test_charts_draw_from_this_site_without_breaking_the_csp(new_user, results_url):
    user = new_user(DESKTOP)
    user.visit(results_url)
    # The charts sit in closed details, and plotly.js loads only when one is opened.
    assert drawn(user.page) == []
    assert user.page.evaluate("typeof window.Plotly") == "undefined"
    user.expand("Each question in detail")
    user.expand("Different points of view")
    assert drawn(user.page) == ["chart-profile-figure", "chart-perspectives-figure"]
    assert user.page.locator(".app-chart svg.main-svg").count() >= 2
    assert "Co-design" in user.page.locator("[data-app-chart='chart-profile-figure']").inner_text()


def test_on_a_phone_charts_with_long_names_are_left_to_their_tables(new_user, results_url):
    user = new_user(PHONE)
    user.visit(results_url)
    user.expand("Each question in detail")
    user.expand("Different points of view")
    assert drawn(user.page) == []
    assert user.page.locator("#questions-table").is_visible()
    assert user.page.evaluate("document.documentElement.scrollWidth") <= 320


def test_without_javascript_the_tables_show_and_no_chart_box(new_user, results_url):
    user = new_user(PHONE_NO_JAVASCRIPT)
    user.visit(results_url)
    user.expand("Each question in detail")
    user.expand("Different points of view")
    assert user.page.locator(".app-chart:visible").count() == 0
    assert user.page.locator("#questions-table").is_visible()
    assert user.page.locator("#groups-table").is_visible()

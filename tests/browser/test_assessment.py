"""The team self-assessment in a real browser: a lead starts it, members join by link and by
code, answer, check and send, the lead sees the results and starts a second round. In every
way people use it (the keyboard run is the assessment's keyboard-only member journey)."""

import re

import pytest

from app.assessment import queries
from app.db import get_db
from app.domain.content import Assessment
from tests.browser.user import BYSTANDER, User

pytestmark = pytest.mark.browser

SERVICE = " - Involvement Ladder"
PROJECT = "Planning discharge from ward 7"


@pytest.fixture
def assessment(live_server) -> Assessment:
    return live_server.app.extensions["content"].default_assessment


def add_responses(live_server, results_url: str, assessment: Assessment, levels: list[int]):
    """Members who answered in the latest round on other devices, one per level given."""
    with live_server.app.app_context():
        db = get_db()
        project = queries.project_by_token(db, results_url.rsplit("/", 1)[-1])
        for level in levels:
            response = queries.start_response(db, queries.latest_round(project), "staff")
            for dimension in assessment.dimension_ids:
                queries.save_answer(db, response, dimension, level)
            queries.submit_response(db, response)
        db.commit()


def answer_every_question(member: User, assessment: Assessment, rung: str, not_sure: int = 0):
    total = len(assessment.questions)
    for number, dimension in enumerate(assessment.questions, start=1):
        assert member.title == f"Question {number} of {total} - {assessment.title}{SERVICE}"
        member.choose("Not sure" if number == not_sure else dimension.options[rung])
        member.press("Continue")


def test_lead_starts_members_answer_and_the_lead_sees_results_and_a_second_round(
    user: User, new_user, live_server, assessment: Assessment
):
    lead = user
    lead.visit("/")
    lead.follow("Assess your project")
    assert lead.title == "Start a team self-assessment" + SERVICE
    lead.press("Start the assessment")
    assert lead.title == "Error: Start a team self-assessment" + SERVICE
    lead.use_error_link("Enter the name of the project")
    lead.fill("Project name", PROJECT)
    lead.fill("Team name", "Ward 7 team")
    lead.press("Start the assessment")
    assert lead.title == "Your assessment is ready" + SERVICE
    join_url = lead.page.locator("#join-link").inner_text()
    results_url = lead.page.locator("#results-link").inner_text()
    code = lead.page.locator("#join-code").inner_text()

    # A member follows the join link: perspective, every question, check, change, send.
    member = new_user(user.mode)
    member.visit(join_url)
    assert member.title == f"Answer questions about {PROJECT}{SERVICE}"
    member.press("Start")
    assert member.title.startswith("Error: ")
    member.use_error_link("Select the option that best describes you")
    member.choose("Person with lived experience")
    member.press("Start")
    answer_every_question(member, assessment, "co-design", not_sure=2)
    assert member.title == "Check your answers before sending them" + SERVICE
    assert "Not sure" in member.text(".nhsuk-summary-list")
    member.follow(re.compile(r"^Change\s+question 2\b"))
    member.choose(assessment.questions[1].options["engage"])
    member.press("Continue")
    assert member.title == "Check your answers before sending them" + SERVICE
    assert "Not sure" not in member.text(".nhsuk-summary-list")
    member.press("Send my answers")
    assert member.title == "Your answers have been sent" + SERVICE

    # Another member types the join code on the "Join with a code" page.
    other = new_user(BYSTANDER)
    other.visit("/join")
    other.fill("Enter your join code", code.lower())
    other.press("Continue")
    other.choose("Staff")
    other.press("Start")
    answer_every_question(other, assessment, "engage")
    other.press("Send my answers")

    members_url = member.page.locator("#members-link").inner_text()

    lead.visit(results_url)
    assert "2 people have sent their answers" in lead.text()
    add_responses(live_server, results_url, assessment, [4])
    lead.visit(results_url)
    assert "3 people have sent their answers so far" in lead.text()
    assert "The project sits at" not in lead.text()
    lead.follow("Close the round and see the results")
    assert lead.title == f"Close First round?{SERVICE}"
    lead.press("Close the round")
    assert lead.title == f"Results - {PROJECT}{SERVICE}"
    assert "The project sits at" in lead.text()
    lead.expand("Each question in detail")
    lead.expand("How we work out the rung")

    # The member's own link shows the same results.
    member.visit(members_url)
    assert member.title == f"Team results - {PROJECT}{SERVICE}"
    assert "The project sits at" in member.text()

    lead.press("Start a new round")
    assert lead.title == f"Error: Results - {PROJECT}{SERVICE}"
    lead.use_error_link("Enter a name for the new round, like 6 months on")
    lead.fill("Name of the new round", "6 months on")
    lead.press("Start a new round")
    assert "6 months on has started" in lead.text()

    add_responses(live_server, results_url, assessment, [5, 5, 4])
    lead.visit(results_url)
    lead.follow("Close the round and see the results")
    lead.press("Close the round")
    assert "Change since First round" in lead.text()
    lead.wait_for_charts()

"""From results to change in a real browser, two full cycles: the team lead closes the round,
goes through the questions with the team and agrees a rung for each (one "we could not
agree"), sets a target, plans three actions, downloads the team report, opens the next
round, reviews the actions once it closes and sees the progress chart with its table.

Members' answers are made with the factories (their pages have a journey of their own);
everything the lead does from closing the round on is done in the browser, by keyboard.
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import nullcontext

import pytest
from pypdf import PdfReader

from app.assessment import queries
from app.content import library
from app.db import get_db
from tests.browser.user import KEYBOARD, NO_JAVASCRIPT, User
from tests.factories import ProjectFactory, members_answer
from tests.helpers import pdf_text

pytestmark = pytest.mark.browser

SERVICE = " - Involvement Ladder"
PROJECT = "Ward 7 discharge"
# Four members each round: (how many, rung of every answer, perspective).
FIRST_ROUND = [(2, "consult", "staff"), (1, "engage", "staff"), (1, "consult", "lived-experience")]
SECOND_ROUND = [
    (2, "engage", "staff"),
    (1, "co-design", "staff"),
    (1, "engage", "lived-experience"),
]
REVIEWS = [
    ("Done", "The patient group chose the topic."),
    ("Partly done", "Only staff came to the first meeting."),
    ("Not done", "The money for travel did not come through."),
]


def send_answers(live_server, token: str, answers) -> None:
    """Members send their answers to the latest round on their own devices."""
    with live_server.app.app_context():
        project = queries.project_by_token(get_db(), token)
        for how_many, rung, perspective in answers:
            members_answer(project, rung, perspective, how_many)


def link_names(user: User, starting: str) -> list[str]:
    """The full names of the links that start with these words (hidden words included)."""
    links = user.page.locator("main a", has_text=re.compile("^" + re.escape(starting)))
    return [" ".join(text.split()) for text in links.all_text_contents()]


def close_the_round(lead: User) -> None:
    lead.follow("Close the round and see the results")
    lead.press("Close the round")
    assert lead.title == f"Results - {PROJECT}{SERVICE}"


def test_two_cycles_agree_target_plan_report_review_and_progress(
    new_user, live_server, monkeypatch
):
    # The report's charts are left to their tables here: tests/test_reports.py draws them.
    monkeypatch.setitem(live_server.app.config, "CHROMIUM_PATH", None)
    with live_server.app.app_context():
        project = ProjectFactory(project_name=PROJECT)
        token, members_url = project.results_token, f"/assessment/team/{project.members_token}"
        questions = library().default_assessment.questions
    send_answers(live_server, token, FIRST_ROUND)

    lead = new_user(KEYBOARD)
    lead.visit(f"/assessment/results/{token}")
    close_the_round(lead)

    # Discuss and agree, one question at a time: the last one could not be agreed.
    lead.follow("Discuss and agree a rung for each question")
    lead.follow("Start with the first question")
    for number, dimension in enumerate(questions, start=1):
        assert lead.title == f"{dimension.name} - Discuss and agree{SERVICE}"
        if number < len(questions):
            lead.choose("Engage" if number == 1 else "Consult")
            with lead.checks_paused() if number > 1 else nullcontext():  # one page checked
                lead.press("Save and go to the next question")
        else:
            lead.choose("We could not agree")
            lead.fill(
                "Why, and what did people with lived experience say? (optional)",
                "Staff felt closer than people with lived experience did.",
            )
            lead.press("Save and see the agreed profile")
    overview = lead.text()
    assert "The team has talked about 9 of the 9 questions" in overview
    assert f"It could not agree on {questions[-1].name}" in overview
    assert "Agreed 1 rung higher than the answers" in overview  # the first, pointed out

    # A target, then three actions from the suggested ones.
    lead.follow("Set a target: what rung does this work need?")
    lead.choose("Co-design")
    lead.fill("Why does this rung fit the work?", "A new discharge service for the community.")
    lead.press("Save the target")
    assert lead.title == f"Action plan - First round{SERVICE}"
    due = dt.date.today() + dt.timedelta(days=90)
    for number, idea in enumerate(link_names(lead, "Use this idea for an action")[:3]):
        with lead.checks_paused() if number else nullcontext():  # the same pages again
            lead.follow(idea)
            assert lead.title == f"Add an action - First round{SERVICE}"
            lead.fill("Who will lead it?", "Ward manager")
            lead.fill("Which people with lived experience will take part?", "Two patient group")
            lead.fill("Day", str(due.day))
            lead.fill("Month", str(due.month))
            lead.fill("Year", str(due.year))
            lead.press("Save the action")
    actions = lead.page.locator("#actions ~ .nhsuk-card h3").all_inner_texts()
    assert len(actions) == 3

    # The team report has the agreed profile, the target and the plan.
    lead.follow("Back to the results")
    report = lead.download("Download this report (PDF)")
    text = pdf_text(PdfReader(report.path()))
    assert "What the team agreed" in text and "We could not agree" in text
    assert "Your target is Co-design" in text and "A new discharge service" in text
    assert all(" ".join(action.split())[:40] in text for action in actions)

    # Members see what the team agreed and the target on their own link.
    member = new_user(NO_JAVASCRIPT)
    member.visit(members_url)
    assert "What the team agreed" in member.text()
    assert "Your target: Co-design" in member.text()

    # Round 2: opened by the lead, answered, closed; the results start with the review.
    lead.fill("Name of the new round", "Round 2")
    lead.press("Start a new round")
    send_answers(live_server, token, SECOND_ROUND)
    close_the_round(lead)
    assert "Review of the plan from First round" in lead.text()
    for number, (status, why) in enumerate(REVIEWS):
        with lead.checks_paused() if number else nullcontext():
            lead.follow(re.compile("^Review this action"))  # the first not reviewed yet
            assert lead.title == f"Review an action - First round{SERVICE}"
            lead.choose(status)
            lead.fill("In a line, why?", why)
            lead.press("Save the review")
    review = " ".join(lead.page.locator("[id^=review-]").all_inner_texts())
    assert all(status in review and why in review for status, why in REVIEWS)
    assert "3 of 3 actions reviewed" in lead.text()

    lead.follow("See progress across rounds")
    assert lead.title == f"Progress across rounds - {PROJECT}{SERVICE}"
    lead.wait_for_charts()
    assert lead.page.locator("[data-app-chart-ready]").count() == 1
    progress = lead.text("#progress-table")
    assert "First round" in progress and "Round 2" in progress and "Co-design" in progress

"""From results to change: agree, target, plan, review, progress, sharing and PDFs.

State is built through the data-access functions (a project with a closed round of
answers), not by clicking through the members' pages, so these tests stay fast.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from sqlalchemy import func, select

from app.assessment import queries as assessment_queries
from app.content import library
from app.db import get_db
from app.models import AgreedRung, PlanAction, Project, RoundTarget
from app.plan import queries
from tests.helpers import form_fields, submit_form, text_of
from tests.journeys import close_session, create_session, members_answer, signed_in_client

# Four members: three staff, one person with lived experience (levels 1..5 per question).
ANSWERS = [
    ("staff", [2, 2, 3, 2, 3, 2, 2, 3, 3]),
    ("staff", [2, 3, 3, 2, 3, 2, 1, 3, 4]),
    ("staff", [3, 2, 2, 2, 3, 3, 2, 3, 3]),
    ("lived-experience", [1, 2, 2, 1, 2, 2, 2, 2, 3]),
]
FUTURE = dt.date.today() + dt.timedelta(days=60)


def make_project(app, *, rounds: int = 1, answers=ANSWERS) -> str:
    """A project whose rounds each closed with `answers`; returns the lead's token."""
    with app.app_context():
        db = get_db()
        assessment = library().default_assessment
        project = assessment_queries.create_project(
            db, assessment, project_name="Ward 7 discharge", team_name="Ward 7"
        )
        db.flush()
        for number in range(1, rounds + 1):
            if number > 1:
                assessment_queries.open_round(db, project, assessment, f"Round {number}")
                db.flush()
            current = assessment_queries.latest_round(project)
            for perspective, levels in answers:
                response = assessment_queries.start_response(db, current, perspective)
                for dimension, level in zip(assessment.questions, levels, strict=True):
                    assessment_queries.save_answer(db, response, dimension.id, level)
                db.flush()
                assessment_queries.submit_response(db, response)
            assessment_queries.close_round(db, current)
        db.commit()
        return project.results_token


def round_id(app, token: str, number: int = 1) -> int:
    with app.app_context():
        project = assessment_queries.project_by_token(get_db(), token)
        return queries.round_of(project, number).id


def add_action(app, token: str, number: int = 1, **values) -> int:
    with app.app_context():
        db = get_db()
        action_id = queries.add_action(
            db,
            round_id(app, token, number),
            dimension_ids=values.get("dimension_ids", ["decisions"]),
            what=values.get("what", "Invite the patient group to choose the next topic"),
            lead=values.get("lead", "Ward manager"),
            lived_experience=values.get("lived_experience", "Two patient group members"),
            support=values.get("support", "Travel costs"),
            due_on=values.get("due_on", FUTURE),
        )
        db.commit()
        return action_id


def count(app, model) -> int:
    with app.app_context():
        return get_db().scalar(select(func.count()).select_from(model))


def base(token: str, number: int = 1) -> str:
    return f"/assessment/results/{token}/rounds/{number}"


def date_fields(day: dt.date) -> dict[str, str]:
    return {
        "due_on-day": str(day.day),
        "due_on-month": str(day.month),
        "due_on-year": str(day.year),
    }


def action_data(**changes) -> dict:
    data = {
        "dimensions": ["decisions", "feedback"],
        "what": "Hold a meeting with the patient group",
        "lead": "Ward manager",
        "lived_experience": "Two members of the patient group",
        "support": "Room hire",
        **date_fields(FUTURE),
    }
    data.update(changes)
    return data


# --- Agree ------------------------------------------------------------------------------


def test_agree_page_shows_spread_prompt_and_saves_as_it_goes(app, client):
    token = make_project(app)
    page = client.get(f"{base(token)}/agree/when-involved")
    text = text_of(page)
    assert page.status_code == 200
    assert "How many people chose each rung" in text
    assert "Talk about" in text and "What had already been decided" in text
    response = submit_form(client, f"{base(token)}/agree/when-involved", {"outcome": "consult"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/agree/decisions")
    overview = text_of(client.get(f"{base(token)}/agree"))
    assert "talked about 1 of the 9 questions" in overview


def test_agree_page_hides_a_count_of_one_or_two_from_the_room(app, client):
    # When people got involved: 1 at Inform, 5 at Consult, 3 at Engage.
    levels = [1] + [2] * 5 + [3] * 3
    token = make_project(app, answers=[("staff", [level] * 9) for level in levels])
    page = client.get(f"{base(token)}/agree/when-involved")
    rows = dict(
        (cells[0], cells[1])
        for cells in (
            [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
            for tr in BeautifulSoup(page.get_data(as_text=True), "html.parser").select(
                "#spread tbody tr"
            )
        )
    )
    # The 1 is hidden, and so is the 3 that would give it away (9 people chose a rung).
    assert rows["1. Inform"] == rows["3. Engage"] == "Not shown"
    assert rows["2. Consult"] == "5" and rows["4. Co-design"] == "0"
    assert "9 people chose a rung" in text_of(page)
    assert "a count of 1 or 2 people is not shown" in text_of(page)


def test_could_not_agree_with_a_range_and_note(app, client):
    token = make_project(app)
    submit_form(
        client,
        f"{base(token)}/agree/relationships",
        {
            "outcome": "could-not-agree",
            "range_low": "consult",
            "range_high": "co-design",
            "note": "People with lived experience felt less equal than staff thought.",
        },
    )
    with app.app_context():
        saved = queries.agreed_of(get_db(), round_id(app, token))["relationships"]
    assert saved.could_not_agree and (saved.range_low, saved.range_high) == (2, 4)
    overview = text_of(client.get(f"{base(token)}/agree"))
    assert "We could not agree (Consult to Co-design)" in overview
    assert "could not agree on Relationships" in overview


def test_agreed_profile_points_out_differences(app, client):
    token = make_project(app)
    submit_form(client, f"{base(token)}/agree/when-involved", {"outcome": "co-design"})
    results = text_of(client.get(f"/assessment/results/{token}"))
    assert "Agreed 2 rungs higher than the answers" in results


def members_url(app, token: str) -> str:
    with app.app_context():
        project = assessment_queries.project_by_token(get_db(), token)
        return f"/assessment/team/{project.members_token}"


def test_members_see_the_agreed_profile_and_the_target_but_nothing_to_change(app, client):
    token = make_project(app)
    assert "What the team agreed" not in text_of(client.get(members_url(app, token)))
    submit_form(client, f"{base(token)}/agree/when-involved", {"outcome": "co-design"})
    submit_form(client, f"{base(token)}/agree/relationships", {"outcome": "could-not-agree"})
    submit_form(client, f"{base(token)}/target", {"target": "co-design", "reason": "New service"})
    lead = text_of(client.get(f"/assessment/results/{token}"))
    page = client.get(members_url(app, token))
    members = text_of(page)
    for seen in (lead, members):
        assert "What the team agreed" in seen
        assert "Agreed 2 rungs higher than the answers" in seen  # the difference, in words
        assert "We could not agree" in seen and "Not agreed yet" in seen
        assert (
            "Your target: Co-design" in seen and "Why this rung fits the work: New service" in seen
        )
    # The members' link leads to no page of the lead's, and shows no action plan.
    assert token not in page.get_data(as_text=True)
    assert "Action plan" not in members


def test_members_keep_seeing_the_agreed_profile_while_the_next_round_is_open(app, client):
    token = make_project(app)
    submit_form(client, f"{base(token)}/agree/decisions", {"outcome": "inform"})
    submit_form(client, f"/assessment/results/{token}", {"label": "Round 2"})
    members = text_of(client.get(members_url(app, token)))
    assert "Round 2 is still open" in members
    assert "What the team agreed" in members and "lower than the answers" in members


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select the rung the team agreed, or We could not agree"),
        ({"outcome": "rung-9"}, "Select a rung from the list, or We could not agree"),
        ({"outcome": "consult", "note": "x" * 1001}, "The note must be 1000 characters or fewer"),
        (
            {"outcome": "could-not-agree", "range_low": "co-design", "range_high": "inform"},
            "The highest rung must not be below the lowest rung",
        ),
        (
            {"outcome": "could-not-agree", "range_low": "nowhere"},
            "Select a rung from the list for the lowest rung",
        ),
    ],
)
def test_agree_refuses_bad_input(app, client, data, message):
    token = make_project(app)
    response = submit_form(client, f"{base(token)}/agree/decisions", data)
    assert response.status_code == 200
    assert "There is a problem" in text_of(response) and message in text_of(response)
    assert count(app, AgreedRung) == 0


def test_two_editors_the_later_save_is_told_what_changed(app):
    token = make_project(app)
    first, second = app.test_client(), app.test_client()
    url = f"{base(token)}/agree/decisions"
    action, fields_first = form_fields(first.get(url).get_data(as_text=True))
    _, fields_second = form_fields(second.get(url).get_data(as_text=True))
    saved = first.post(url, data={**fields_first, "outcome": "engage", "note": "First note"})
    assert saved.status_code == 302
    clash = second.post(url, data={**fields_second, "outcome": "inform", "note": "Second note"})
    text = text_of(clash)
    assert clash.status_code == 200
    assert "Someone else saved this while you were editing" in text
    assert "Engage" in text and "First note" in text and "Second note" in text
    with app.app_context():
        kept = queries.agreed_of(get_db(), round_id(app, token))["decisions"]
    assert kept.level == 3 and kept.note == "First note"
    # Saving again from the conflict page (it carries the newer version) keeps theirs.
    _, fields_again = form_fields(clash.get_data(as_text=True))
    again = second.post(url, data={**fields_again, "outcome": "inform", "note": "Second note"})
    assert again.status_code == 302
    with app.app_context():
        assert queries.agreed_of(get_db(), round_id(app, token))["decisions"].level == 1


def test_nothing_to_agree_before_results_or_for_unknown_questions(app, client):
    token = make_project(app)
    assert client.get(f"{base(token)}/agree/no-such-question").status_code == 404
    assert client.get(f"{base(token, 2)}/agree").status_code == 404
    assert client.get(f"/assessment/results/{'x' * 43}/rounds/1/agree").status_code == 404


# --- Target -----------------------------------------------------------------------------


def test_target_page_explains_each_rung_and_results_talk_about_the_gap(app, client):
    token = make_project(app)
    page = text_of(client.get(f"{base(token)}/target"))
    assert "When each rung fits" in page and "urgent change for safety" in page
    response = submit_form(
        client,
        f"{base(token)}/target",
        {"target": "co-design", "reason": "A new service for the community we serve"},
    )
    assert response.headers["Location"].endswith("/rounds/1/plan")
    results = text_of(client.get(f"/assessment/results/{token}"))
    assert "Your target: Co-design" in results
    assert "below the target" in results
    assert "These would do most to move the project up" not in results


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select the rung this piece of work needs"),
        ({"target": "top", "reason": "Why"}, "Select a rung from the list"),
        ({"target": "inform", "reason": ""}, "Say why this rung fits the work"),
        ({"target": "inform", "reason": "y" * 1001}, "The reason must be 1000 characters or fewer"),
    ],
)
def test_target_refuses_bad_input(app, client, data, message):
    token = make_project(app)
    response = submit_form(client, f"{base(token)}/target", data)
    assert response.status_code == 200 and message in text_of(response)
    assert count(app, RoundTarget) == 0


def test_two_editors_of_the_target(app):
    token = make_project(app)
    first, second = app.test_client(), app.test_client()
    url = f"{base(token)}/target"
    _, one = form_fields(first.get(url).get_data(as_text=True))
    _, two = form_fields(second.get(url).get_data(as_text=True))
    first.post(url, data={**one, "target": "inform", "reason": "Urgent safety change"})
    clash = second.post(url, data={**two, "target": "co-production", "reason": "New service"})
    assert "Someone else saved this" in text_of(clash) and "Urgent safety change" in text_of(clash)


# --- Plan -------------------------------------------------------------------------------


def test_plan_suggests_actions_below_target_and_prefills_the_form(app, client):
    token = make_project(app)
    submit_form(client, f"{base(token)}/target", {"target": "engage", "reason": "Shape it early"})
    plan = client.get(f"{base(token)}/plan")
    text = text_of(plan)
    assert "Suggested actions" in text and "below the target" in text
    new = client.get(f"{base(token)}/plan/new?dimension=when-involved")
    assert "Bring people in before the options are drawn up" in text_of(new)


def test_add_change_and_delete_an_action(app, client):
    token = make_project(app)
    created = submit_form(client, f"{base(token)}/plan/new", action_data())
    assert created.status_code == 302
    with app.app_context():
        [action] = queries.actions_of(get_db(), round_id(app, token))
    assert action.dimension_ids == ("decisions", "feedback")
    plan = text_of(client.get(f"{base(token)}/plan"))
    assert (
        "Hold a meeting with the patient group" in plan and "Who decides, and Feedback" not in plan
    )
    edit = submit_form(
        client, f"{base(token)}/plan/{action.id}/edit", action_data(what="Pay people for time")
    )
    assert edit.status_code == 302
    assert "Pay people for time" in text_of(client.get(f"{base(token)}/plan"))
    deleted = submit_form(client, f"{base(token)}/plan/{action.id}/delete")
    assert deleted.status_code == 302 and count(app, PlanAction) == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"dimensions": []}, "Select at least one question the action aims at"),
        ({"dimensions": ["rung-9"]}, "Select questions from the list"),
        ({"what": ""}, "Say what you will do"),
        ({"what": "w" * 501}, "What you will do must be 500 characters or fewer"),
        ({"lead": ""}, "Say who will lead it"),
        ({"lead": "l" * 101}, "Who will lead it must be 100 characters or fewer"),
        ({"lived_experience": ""}, "Say which people with lived experience will take part"),
        ({"support": "s" * 301}, "Support or money must be 300 characters or fewer"),
        (date_fields(dt.date.today() - dt.timedelta(days=1)), "must be today or in the future"),
        ({"due_on-day": "31", "due_on-month": "2", "due_on-year": "2030"}, "must be a real date"),
        ({"due_on-day": "", "due_on-month": "", "due_on-year": ""}, "Enter the date to finish by"),
    ],
)
def test_action_form_refuses_bad_input(app, client, changes, message):
    token = make_project(app)
    response = submit_form(client, f"{base(token)}/plan/new", action_data(**changes))
    assert response.status_code == 200
    assert "There is a problem" in text_of(response) and message in text_of(response)
    assert count(app, PlanAction) == 0


def test_another_teams_action_id_gives_404(app, client):
    mine, theirs = make_project(app), make_project(app)
    their_action = add_action(app, theirs)
    for path in ("edit", "delete"):
        assert client.get(f"{base(mine)}/plan/{their_action}/{path}").status_code == 404
    page = client.get(f"{base(mine)}/plan/new")
    _, fields = form_fields(page.get_data(as_text=True))
    posted = client.post(f"{base(mine)}/plan/{their_action}/delete", data=fields)
    assert posted.status_code == 404 and count(app, PlanAction) == 1


def test_two_editors_of_an_action(app):
    token = make_project(app)
    action_id = add_action(app, token)
    first, second = app.test_client(), app.test_client()
    url = f"{base(token)}/plan/{action_id}/edit"
    _, one = form_fields(first.get(url).get_data(as_text=True))
    _, two = form_fields(second.get(url).get_data(as_text=True))
    first.post(url, data={**action_data(what="First change"), **one})
    clash = second.post(url, data={**action_data(what="Second change"), **two})
    assert "Someone else saved this" in text_of(clash) and "First change" in text_of(clash)


def test_get_never_changes_state_and_post_needs_csrf(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = make_project(app)
    client.get(f"{base(token)}/plan/new?dimension=decisions")
    assert count(app, PlanAction) == 0
    refused = client.post(f"{base(token)}/plan/new", data=action_data())
    assert refused.status_code == 400 and count(app, PlanAction) == 0


# --- Review and progress ----------------------------------------------------------------


def test_next_round_starts_with_the_review_and_shows_change(app, client):
    token = make_project(app, rounds=2)
    action_id = add_action(app, token, dimension_ids=["decisions"])
    results = text_of(client.get(f"/assessment/results/{token}"))
    assert "Review of the plan from First round" in results
    assert "Not reviewed yet" in results and "No change" in results
    reviewed = submit_form(
        client,
        f"{base(token)}/plan/{action_id}/review",
        {"status": "partly", "note": "Only staff came to the first meeting"},
    )
    assert reviewed.status_code == 302
    after = text_of(client.get(f"/assessment/results/{token}"))
    assert "Partly done" in after and "Only staff came" in after


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select Done, Partly done or Not done"),
        ({"status": "finished", "note": "x"}, "Select Done, Partly done or Not done"),
        ({"status": "done", "note": ""}, "Say in a line why"),
        ({"status": "done", "note": "n" * 301}, "The line must be 300 characters or fewer"),
    ],
)
def test_review_refuses_bad_input(app, client, data, message):
    token = make_project(app, rounds=2)
    action_id = add_action(app, token)
    response = submit_form(client, f"{base(token)}/plan/{action_id}/review", data)
    assert response.status_code == 200 and message in text_of(response)


def test_no_review_before_the_next_round(app, client):
    token = make_project(app)
    action_id = add_action(app, token)
    assert client.get(f"{base(token)}/plan/{action_id}/review").status_code == 404


def test_progress_chart_has_a_table(app, client):
    token = make_project(app, rounds=2)
    with app.app_context():
        queries.save_target(get_db(), round_id(app, token, 2), 4, "New service", 0)
        get_db().commit()
    page = client.get(f"/assessment/results/{token}/progress")
    text = text_of(page)
    assert page.status_code == 200
    assert "chart-progress-figure" in page.get_data(as_text=True)
    assert "First round" in text and "Round 2" in text and "Co-design" in text


# --- Sharing and PDFs -------------------------------------------------------------------


def test_share_page_offers_copy_buttons_qr_and_a_slip(app, client):
    token = make_project(app)
    share = client.get(f"/assessment/results/{token}/share")
    html = share.get_data(as_text=True)
    assert 'data-app-copy="join-link"' in html and " hidden" in html
    assert "If you lose this link, nobody can get it back" in text_of(share)
    qr = client.get(f"/assessment/results/{token}/join-qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data
    slip = client.get(f"/assessment/results/{token}/keep-this-link.txt")
    assert slip.mimetype == "text/plain" and token in slip.get_data(as_text=True)
    assert "attachment" in slip.headers["Content-Disposition"]


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_team_pdf_and_plan_on_a_page(make_app):
    app = make_app(CHROMIUM_PATH="/nonexistent")  # tables only: fast
    client = app.test_client()
    token = make_project(app, rounds=2)
    first, second = round_id(app, token, 1), round_id(app, token, 2)
    with app.app_context():
        db = get_db()
        queries.save_target(db, first, 4, "A new service", 0)
        queries.save_target(db, second, 4, "Still a new service", 0)
        db.commit()
    action_id = add_action(app, token, 1, what="Ask the patient group to co-chair")
    submit_form(client, f"{base(token, 2)}/agree/decisions", {"outcome": "engage"})
    submit_form(
        client, f"{base(token)}/plan/{action_id}/review", {"status": "partly", "note": "Once"}
    )
    team = client.get(f"/downloads/team/{token}.pdf")
    text = " ".join(_pdf_text(team.data).split())
    # The second cycle's report tells the story of both: the first plan and its review,
    # what was agreed and aimed at, and each question in each round.
    assert "What the team agreed" in text and "Review of the plan from First round" in text
    assert "co-chair" in text and "Partly done: Once" in text
    assert "Progress across rounds" in text and "Each question in each round" in text
    assert "2 rungs below the target" in text
    assert "These would do most to move the project up" not in text
    one_page = client.get(f"/downloads/team/{token}/plan-on-a-page.pdf?round=1")
    reader = PdfReader(io.BytesIO(one_page.data))
    assert len(reader.pages) == 1
    assert "co-chair" in " ".join(_pdf_text(one_page.data).split())


def test_trainer_csv_has_agreed_rungs_targets_and_action_counts(app):
    trainer = signed_in_client(app)
    session_id = create_session(trainer, quiz="none", assessment="yes", teams="Red")
    with app.app_context():
        project = get_db().scalar(select(Project))
        code, token = project.join_code, project.results_token
    members_answer(app, code, "engage", "staff", 3)
    close_session(trainer, session_id)
    lead = app.test_client()
    submit_form(lead, f"{base(token)}/agree/decisions", {"outcome": "consult", "note": "Named"})
    submit_form(lead, f"{base(token)}/target", {"target": "co-design", "reason": "New service"})
    add_action(app, token, lead="Sam")
    header, *rows = [
        line.split(",")
        for line in trainer.get(f"/downloads/sessions/{session_id}/self-assessment-results.csv")
        .get_data(as_text=True)
        .lstrip("\ufeff")
        .splitlines()
    ]
    decisions = next(row for row in rows if row[10] == "Who makes decisions")
    plan = dict(zip(header[-6:], decisions[-6:], strict=True))
    assert plan == {
        "agreed rung": "Consult",
        "target": "Co-design",
        "actions planned": "1",
        "actions done": "0",
        "actions partly done": "0",
        "actions not done": "0",
    }
    everything = " ".join(",".join(row) for row in rows)
    assert "Sam" not in everything and "Named" not in everything  # no names, no notes

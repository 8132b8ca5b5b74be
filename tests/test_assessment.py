"""Team self-assessment journeys through the pages: a lead starts it, members answer, results."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select, update

from app.db import get_db
from app.models import (
    AssessmentRound,
    MemberAnswer,
    MemberResponse,
    Project,
    Trainer,
    TrainingSession,
)
from tests.helpers import form_fields, pdf_of, pdf_text, submit_form, text_of
from tests.journeys import close_round, join_project, start_project

QUESTIONS = 9  # questions in quizzes/assessments/team-self-assessment.yaml


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def table_rows(page, table_id) -> list[str]:
    """Each body row's cell texts, without the labels responsive tables repeat in cells."""
    table = soup_of(page).select_one(f"#{table_id}")
    for label in table.select(".nhsuk-table__heading"):
        label.decompose()
    return [row.get_text(" ", strip=True) for row in table.select("tbody tr")]


def answer_with(member, url, choice):
    return submit_form(member, url, {"answer": choice})


def answer_all(member, first_url, choices):
    """Answer question after question; return the check-your-answers page URL."""
    url = first_url
    for choice in choices:
        response = answer_with(member, url, choice)
        assert response.status_code == 302, (url, response.status_code)
        url = response.headers["Location"]
    assert url.endswith("/check")
    return url


def send(member, check_url):
    response = submit_form(member, check_url)
    assert response.status_code == 302
    return member.get(response.headers["Location"])


def member_responds(app, code, perspective, choices, *, by_code=False):
    member, first = join_project(app, code, perspective, by_code=by_code)
    return send(member, answer_all(member, first, choices))


def results(client, token, **query):
    response = client.get(f"/assessment/results/{token}", query_string=query)
    assert response.status_code == 200
    return response


def count(app, model, *where):
    with app.app_context():
        return get_db().scalar(select(func.count()).select_from(model).where(*where))


def all_(rung):
    return [rung] * QUESTIONS


# --- The whole journey ----------------------------------------------------------------


def test_a_lead_sees_only_the_count_until_the_round_closes_then_everyone_sees_results(app, client):
    token, code = start_project(client)
    senders = []
    for number, (perspective, choices) in enumerate(
        [
            ("staff", all_("co-production")),
            ("staff", all_("co-production")),
            ("staff", all_("co-production")),
            ("lived-experience", all_("consult")),
            ("lived-experience", all_("consult")),
        ],
        start=1,
    ):
        member, first = join_project(app, code, perspective)
        done = send(member, answer_all(member, first, choices))
        senders.append((member, done))
        page = results(client, token)
        # Refreshing after each answer shows the count and nothing that moves with answers.
        assert f"{number} {'person has' if number == 1 else 'people have'} sent" in text_of(page)
        html = page.get_data(as_text=True)
        assert 'id="questions-table"' not in html and "The project sits at" not in html
        assert soup_of(page).select_one(".app-ladder") is None

    # A member's own results link, from the "done" page, waits for the round to close.
    members_url = soup_of(senders[0][1]).select_one("#members-link")["href"]
    waiting = senders[0][0].get(members_url)
    assert "First round is still open" in text_of(waiting)
    assert "The project sits at" not in text_of(waiting)

    # Someone who started but never sent: their draft is deleted when the round closes.
    late, late_first = join_project(app, code, "staff")
    answer_with(late, late_first, "inform")
    confirm = close_round(client, token)
    assert "5 people have sent their answers" in text_of(confirm)
    assert count(app, MemberResponse) == 5
    assert count(app, MemberAnswer, MemberAnswer.level == 1) == 0

    # Results: staff (3) and lived experience (2) cannot outvote each other, but a group
    # of 2 cannot stand alone, so the 2 join the biggest group.
    page = results(client, token)
    text = text_of(page)
    assert "The project sits at Co-production" in text
    assert "These results come from the answers of 5 people" in text
    assert "Fewer than 3 people with lived experience answered" in text
    assert "2 people from groups of fewer than 3" not in text  # only one group: no breakdown
    for member, _done in senders:
        assert text_of(member.get(members_url)).count("The project sits at Co-production") == 1

    # A sixth, late answer is refused with a clear page, and changes nothing.
    refused = late.post(late_first, data={"answer": "inform"})
    assert refused.status_code in (400, 403, 409)
    sixth = app.test_client().get(f"/assessment/join/{code}")
    assert sixth.status_code == 409
    assert "This round has closed" in text_of(sixth)
    assert count(app, MemberResponse) == 5

    # A new round starts only now; the change shows once it is closed too.
    submit_form(client, f"/assessment/results/{token}", {"label": "6 months on"})
    for perspective in ("staff", "staff", "staff", "lived-experience") * 1:
        member_responds(app, code, perspective, all_("co-design"))
    member_responds(app, code, "lived-experience", all_("co-design"))
    member_responds(app, code, "lived-experience", all_("co-design"))
    close_round(client, token)
    page = results(client, token)
    text = text_of(page)
    assert "The project sits at Co-design" in text
    assert "Compared with First round, the project has moved down 1 rung" in text
    assert "Who makes decisions Co-production Co-design Down 1 rung" in table_rows(
        page, "change-table"
    )
    rounds = table_rows(page, "rounds-table")
    assert rounds[0].startswith("6 months on (shown below)") and rounds[0].endswith("6 Co-design")
    groups = table_rows(page, "groups-table")
    assert groups == ["Staff 3 Co-design", "People with lived experience 3 Co-design"]


def test_headcount_does_not_decide_the_rung(app, client):
    """6 staff at Co-production and 4 people with lived experience at Consult: Consult."""
    token, code = start_project(client)
    for _ in range(6):
        member_responds(app, code, "staff", all_("co-production"))
    for _ in range(4):
        member_responds(app, code, "lived-experience", all_("consult"))
    close_round(client, token)
    page = results(client, token)
    text = text_of(page)
    assert "The project sits at Consult" in text
    assert "contested" in " ".join(table_rows(page, "groups-by-question-table")).lower()
    assert table_rows(page, "groups-table") == [
        "Staff 6 Co-production",
        "People with lived experience 4 Consult",
    ]
    assert "Staff and people with lived experience see" in text


def test_a_count_of_one_is_not_shown_nor_one_that_gives_it_away(app, client):
    """4 at Consult and 1 alone at Inform on every question: showing "4" would give the 1
    away (the row's total is on the page), so both read "Not shown", on screen and in the PDF."""
    token, code = start_project(client)
    for _ in range(4):
        member_responds(app, code, "staff", all_("consult"))
    member_responds(app, code, "carer", all_("inform"))
    close_round(client, token)
    page = results(client, token)
    first_question = table_rows(page, "questions-table")[0]
    # Question, team's rung, then Inform ... Co-production, Not sure, Not yet, notes.
    cells = first_question.split(" Consult ", 1)[1]
    assert cells.startswith("Not shown Not shown 0 0 0 0 0"), cells
    assert "To keep answers anonymous, a count of 1 or 2 is not shown" in text_of(page)
    pdf = pdf_text(pdf_of(client.get(f"/downloads/team/{token}.pdf")))
    assert "Consult Not shown Not shown 0 0 0 0 0" in pdf


def test_a_second_visit_edits_the_same_response_and_another_device_is_turned_away(app, client):
    token, code = start_project(client)
    member, first = join_project(app, code, "carer")
    url = first
    for _ in range(3):
        url = answer_with(member, url, "consult").headers["Location"]

    reopened = member.get(f"/assessment/join/{code}")
    assert reopened.status_code == 302
    assert reopened.headers["Location"] == url and url.endswith("/4")
    # Back goes to the question before, with the saved answer chosen.
    back = soup_of(member.get(url)).select_one(".nhsuk-back-link")["href"]
    assert soup_of(member.get(back)).select_one("input[value=consult]").has_attr("checked")

    # The link itself does not open the answers on another device.
    other = app.test_client().get(url)
    assert other.status_code == 403
    assert "started on another device" in text_of(other)
    assert soup_of(other).select_one(f"a[href='/assessment/join/{code}']") is not None

    # Once sent, the join link goes back to this browser's own response, still editable.
    check_url = answer_all(member, url, ["consult"] * (QUESTIONS - 3))
    send(member, check_url)
    again = member.get(f"/assessment/join/{code}")
    assert again.headers["Location"].endswith("/done")
    changed = answer_with(member, first + "?change=1", "co-design")
    assert changed.headers["Location"] == check_url
    assert count(app, MemberResponse) == 1
    assert count(app, MemberAnswer, MemberAnswer.level == 4) == 1


def test_the_check_page_shows_the_words_chosen_not_the_rungs(app, client):
    _token, code = start_project(client)
    member, first = join_project(app, code, "staff")
    check_url = answer_all(member, first, ["not-sure", "not-yet"] + ["engage"] * (QUESTIONS - 2))
    check = member.get(check_url)
    assert "Not sure" in soup_of(check).select_one("#question-1").text
    assert "Not yet or does not apply" in soup_of(check).select_one("#question-2").text
    text = text_of(check)
    for rung in ("Inform", "Consult", "Engage", "Co-design", "Co-production", "Ladder rung"):
        assert not re.search(rf"\b{rung}\b", text), rung
    change_link = soup_of(check).select_one("#question-3 a")
    question = member.get(change_link["href"])
    assert soup_of(question).select_one("input[value=engage]").has_attr("checked")
    assert soup_of(question).select_one(".nhsuk-back-link")["href"] == check_url
    changed = answer_with(member, change_link["href"], "co-production")
    assert changed.headers["Location"] == check_url

    # The perspective can be changed from the check page too.
    perspective_link = soup_of(member.get(check_url)).select("dl a")[0]["href"]
    back = submit_form(member, perspective_link, {"perspective": "volunteer"})
    assert back.headers["Location"] == check_url
    send(member, check_url)
    assert count(app, MemberAnswer, MemberAnswer.level == 5) == 1
    assert count(app, MemberAnswer, MemberAnswer.skipped == "not-yet") == 1
    assert count(app, MemberResponse, MemberResponse.perspective == "volunteer") == 1


def test_a_round_closed_with_too_few_answers_shows_none_and_says_why(app, client):
    token, code = start_project(client)
    member_responds(app, code, "staff", all_("co-design"))
    member_responds(app, code, "staff", all_("co-design"))
    confirm = close_round(client, token)
    assert "Important: fewer than 3 people have sent answers" in text_of(confirm)
    page = results(client, token)
    assert "This round closed with 2 people" in text_of(page)
    assert soup_of(page).select_one(".app-ladder") is None


# --- Bad input ------------------------------------------------------------------------


def test_start_form_asks_for_names_and_limits_their_length(client):
    response = submit_form(client, "/assessment/", {"project_name": "  ", "team_name": ""})
    text = text_of(response)
    assert response.status_code == 200
    assert "Enter the name of the project" in text and "Enter the name of your team" in text
    response = submit_form(
        client,
        "/assessment/",
        {"project_name": "x" * 201, "team_name": "Team", "description": "y" * 1001},
    )
    text = text_of(response)
    assert "Project name must be 200 characters or fewer" in text
    assert "Description must be 1000 characters or fewer" in text


def test_project_and_team_names_are_escaped_everywhere(app, client):
    name = "<script>alert('x')</script>" + "W" * 150
    token, code = start_project(client, name=name, team="<b>Team</b>")
    member, first = join_project(app, code, "staff")
    pages = [
        client.get(f"/assessment/results/{token}/share"),
        results(client, token),
        app.test_client().get(f"/assessment/join/{code}"),
    ]
    for page in pages:
        html = page.get_data(as_text=True)
        assert "<script>alert" not in html and "<b>Team" not in html
        assert "&lt;script&gt;alert" in html or "&lt;b&gt;Team" in html
    assert name in text_of(pages[1])


@pytest.mark.parametrize(
    "url",
    [
        "/assessment/join/ZZZ999",
        "/assessment/join/not-a-code!",
        "/assessment/results/unknown-token-that-is-long-enough",
        "/assessment/results/short",
        "/assessment/results/" + "a" * 300,
        "/assessment/results/unknown-token-that-is-long-enough/share",
        "/assessment/r/unknown-response-id-long-enough/1",
        "/assessment/r/unknown-response-id-long-enough/check",
        "/assessment/r/unknown-response-id-long-enough/done",
    ],
)
def test_unknown_codes_and_tokens_give_the_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_codes_are_forgiving_and_question_and_round_numbers_are_checked(app, client):
    token, code = start_project(client)
    lower = client.get(f"/assessment/join/{code[:3].lower()}-{code[3:].lower()}")
    assert lower.headers["Location"] == f"/assessment/join/{code}"
    member, first = join_project(app, code, "staff")
    base = first.removesuffix("/1")
    for number in (0, QUESTIONS + 1):
        assert member.get(f"{base}/{number}").status_code == 404
    for query in ({"round": 2}, {"round": "abc"}):
        assert client.get(f"/assessment/results/{token}", query_string=query).status_code == 404


def test_tampered_perspective_and_answers_are_refused_and_nothing_is_stored(app, client):
    _token, code = start_project(client)
    tampered = submit_form(app.test_client(), f"/assessment/join/{code}", {"perspective": "boss"})
    assert tampered.status_code == 400
    assert "Nothing was saved" in text_of(tampered)
    assert count(app, MemberResponse) == 0

    member, first = join_project(app, code, "staff")
    for value in ("super-co-production", "6", "Not sure"):
        assert answer_with(member, first, value).status_code == 400
    assert count(app, MemberAnswer) == 0

    missing = answer_with(member, first, "")
    assert missing.status_code == 200
    assert "Select an answer, or select Not sure" in text_of(missing)
    assert soup_of(missing).title.text.startswith("Error: ")
    assert count(app, MemberAnswer) == 0

    no_perspective = submit_form(app.test_client(), f"/assessment/join/{code}", {})
    assert "Select the option that best describes you" in text_of(no_perspective)


def test_sending_twice_changes_nothing(app, client):
    _token, code = start_project(client)
    member, first = join_project(app, code, "staff")
    check_url = answer_all(member, first, all_("engage"))
    check_page = member.get(check_url).get_data(as_text=True)
    send(member, check_url)
    with app.app_context():
        sent_at = get_db().scalar(select(MemberResponse.submitted_at))

    # The back button and a replayed "Send my answers" show the confirmation again.
    _action, fields = form_fields(check_page)
    replay = member.post(check_url, data=fields)
    assert replay.headers["Location"].endswith("/done")
    assert "Your answers have been sent" in text_of(member.get(replay.headers["Location"]))
    assert count(app, MemberResponse) == 1
    with app.app_context():
        assert get_db().scalar(select(MemberResponse.submitted_at)) == sent_at


def test_answers_cannot_be_sent_with_a_question_missing(app, client):
    _token, code = start_project(client)
    member, first = join_project(app, code, "staff")
    answer_with(member, first, "engage")
    check_url = first.removesuffix("/1") + "/check"
    response = submit_form(member, check_url)
    assert response.status_code == 200
    assert "You have not answered question 2: Who makes decisions" in text_of(response)
    assert count(app, MemberResponse, MemberResponse.submitted_at.is_not(None)) == 0


def test_member_pages_never_show_the_results_link(app, client):
    token, code = start_project(client)
    member = app.test_client()
    pages = [member.get(f"/assessment/join/{code}")]
    started = submit_form(member, f"/assessment/join/{code}", {"perspective": "staff"})
    first = started.headers["Location"]
    pages.append(member.get(first))
    check_url = answer_all(member, first, all_("engage"))
    pages.append(member.get(check_url))
    pages.append(send(member, check_url))
    for page in pages:
        assert token not in page.get_data(as_text=True)
        assert "/assessment/results/" not in page.get_data(as_text=True)
    assert member.get("/assessment/results/").status_code == 404
    public_id = first.split("/")[3]
    assert member.get(f"/assessment/results/{public_id}").status_code == 404


def test_a_closed_training_session_refuses_answers_and_stores_nothing(app, client):
    _token, code = start_project(client)
    member, first = join_project(app, code, "staff")
    question_page = member.get(first).get_data(as_text=True)
    check_url = answer_all(member, first, all_("engage"))
    check_page = member.get(check_url).get_data(as_text=True)
    with app.app_context():
        dbs = get_db()
        trainer = Trainer(email="trainer@example.org", password_hash="x")
        closed = TrainingSession(
            trainer=trainer, name="Tuesday", held_on=dt.date(2025, 3, 4), join_code="CLSD23"
        )
        closed.is_open = False
        dbs.add(closed)
        dbs.flush()
        dbs.scalar(select(Project)).training_session_id = closed.id
        dbs.commit()

    _action, fields = form_fields(question_page)
    refused = member.post(first, data={**fields, "answer": "inform"})
    assert refused.status_code == 403
    assert "This session has closed" in text_of(refused)
    assert count(app, MemberAnswer, MemberAnswer.level == 1) == 0
    _action, fields = form_fields(check_page)
    assert member.post(check_url, data=fields).status_code == 403
    assert count(app, MemberResponse, MemberResponse.submitted_at.is_not(None)) == 0
    assert app.test_client().get(f"/assessment/join/{code}").status_code == 403


def test_a_new_round_needs_the_latest_round_closed(client, app):
    token, code = start_project(client)
    page = results(client, token)
    assert soup_of(page).select_one("#label") is None  # no new-round form while open
    forced = client.post(f"/assessment/results/{token}/rounds", data={"label": "Later"})
    assert forced.status_code in (302, 400)
    assert count(app, AssessmentRound) == 1
    close_round(client, token)
    empty = submit_form(client, f"/assessment/results/{token}", {"label": ""})
    assert "Enter a name for the new round" in text_of(empty)
    assert count(app, AssessmentRound) == 1


def test_a_join_code_unused_for_too_long_stops_working_until_a_new_round(app, client):
    token, code = start_project(client)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=app.config["PROJECT_CODE_IDLE_DAYS"] + 1)
    with app.app_context():
        db = get_db()
        db.execute(update(Project).values(created_at=long_ago))
        db.execute(update(AssessmentRound).values(opened_at=long_ago))
        db.commit()
    expired = app.test_client().get(f"/assessment/join/{code}")
    assert expired.status_code == 410
    assert "This join code has expired" in text_of(expired)
    assert "start a new round" in text_of(expired)

    close_round(client, token)  # the lead comes back: closing and a new round are activity
    submit_form(client, f"/assessment/results/{token}", {"label": "A year on"})
    assert app.test_client().get(f"/assessment/join/{code}").status_code == 200

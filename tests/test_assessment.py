"""Team self-assessment journeys through the pages: a lead starts it, members answer, results."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app.db import db_session
from app.models import (
    AssessmentRound,
    MemberAnswer,
    MemberResponse,
    Project,
    Trainer,
    TrainingSession,
)
from tests.helpers import form_fields, submit_form, text_of

QUESTIONS = 9  # questions in quizzes/assessments/team-self-assessment.yaml


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def table_rows(page, table_id) -> list[str]:
    """Each body row's cell texts, without the labels responsive tables repeat in cells."""
    table = soup_of(page).select_one(f"#{table_id}")
    for label in table.select(".nhsuk-table__heading"):
        label.decompose()
    return [row.get_text(" ", strip=True) for row in table.select("tbody tr")]


def create_project(client, project="Planning discharge from ward 7", team="Ward 7 team"):
    """Start an assessment as a team lead; return the results token and the join code."""
    response = submit_form(
        client, "/assessment/", {"project_name": project, "team_name": team, "description": ""}
    )
    assert response.status_code == 302
    share_url = response.headers["Location"]
    share = client.get(share_url)
    assert "Your assessment is ready" in text_of(share)
    token = share_url.removeprefix("/assessment/results/").removesuffix("/share")
    return token, soup_of(share).select_one("#join-code").get_text(strip=True)


def join(app, code, perspective, *, by_code=False):
    """A new member (their own browser) joins by link or by typing the code on /join."""
    member = app.test_client()
    if by_code:
        typed = submit_form(member, "/join", {"code": code.lower()})
        assert typed.headers["Location"] == f"/assessment/join/{code}"
    started = submit_form(member, f"/assessment/join/{code}", {"perspective": perspective})
    assert started.status_code == 302, started.status_code
    return member, started.headers["Location"]


def answer(member, url, choice):
    return submit_form(member, url, {"answer": choice})


def answer_all(member, first_url, choices):
    """Answer question after question; return the check-your-answers page URL."""
    url = first_url
    for choice in choices:
        response = answer(member, url, choice)
        assert response.status_code == 302, (url, response.status_code)
        url = response.headers["Location"]
    assert url.endswith("/check")
    return url


def send(member, check_url):
    response = submit_form(member, check_url)
    assert response.status_code == 302
    return member.get(response.headers["Location"])


def member_responds(app, code, perspective, choices, *, by_code=False):
    member, first = join(app, code, perspective, by_code=by_code)
    return send(member, answer_all(member, first, choices))


def results(client, token, **query):
    response = client.get(f"/assessment/results/{token}", query_string=query)
    assert response.status_code == 200
    return response


def count(app, model, *where):
    with app.app_context():
        return db_session().scalar(select(func.count()).select_from(model).where(*where))


def all_(rung):
    return [rung] * QUESTIONS


# --- The whole journey ----------------------------------------------------------------


def test_a_team_answers_and_sees_its_rung_agreement_perspectives_and_change(app, client):
    token, code = create_project(client)

    # Two members so far: only the count shows.
    staff_1 = member_responds(app, code, "staff", all_("engage"))
    assert "Your answers have been sent" in text_of(staff_1)
    member_responds(app, code, "lived-experience", ["consult"] * 7 + ["not-sure"] * 2, by_code=True)
    page = results(client, token)
    assert "2 people have sent their answers" in text_of(page)
    assert "1 more person is needed" in text_of(page)
    html = page.get_data(as_text=True)
    assert 'id="profile-table"' not in html and "Where the project sits" not in text_of(page)

    # Four members with mixed perspectives: results show.
    member_responds(app, code, "carer", ["not-sure"] + ["co-design"] * 8)
    member_responds(app, code, "staff", all_("engage"), by_code=True)
    page = results(client, token)
    text = text_of(page)
    assert "4 people have sent their answers" in text
    assert "The project sits at Engage" in text and "rung 3 of 5" in text
    assert "The project is here" in soup_of(page).select_one(".app-ladder__rung--current").text
    assert (
        f"All {QUESTIONS} things we ask about reached Engage or higher in your team's answers."
        in text
    )
    assert "None of them reached Co-design or higher" in text
    # Placements: consult, engage, engage, co-design: two rungs apart.
    callout = soup_of(page).select_one(".nhsuk-warning-callout, .nhsuk-card--warning")
    assert "Talk about it as a team" in callout.get_text(" ")
    assert "anywhere from Consult to Co-design" in callout.get_text(" ")
    assert table_rows(page, "distribution-table") == [
        "Co-production 0",
        "Co-design 1",
        "Engage 2",
        "Consult 1",
        "Inform 0",
    ]
    profile = soup_of(page).select_one("#profile-table")
    assert len(profile.select("tbody tr")) == QUESTIONS
    assert "When people got involved Engage" in profile.get_text(" ", strip=True)
    # Groups of 2, 1 and 1 are too small to show.
    assert soup_of(page).select_one("#perspectives-table") is None
    assert "4 people are in groups of fewer than 3" in text
    assert "We compare staff with people with lived experience only when" in text
    assert "What would move it up a rung" in text
    assert "How we work out the rung" in text and "never average" in text

    # Staff and lived experience reach 3 each: the groups and the gap show.
    member_responds(app, code, "staff", all_("co-production"))
    member_responds(app, code, "lived-experience", all_("consult"))
    member_responds(app, code, "lived-experience", all_("consult"), by_code=True)
    page = results(client, token)
    assert table_rows(page, "perspectives-table") == [
        "Staff 3 Engage",
        "People with lived experience 3 Consult",
    ]
    assert "Staff place the project higher than people with lived experience do, by 1 rung" in (
        soup_of(page).select_one("#perspective-gap").text
    )
    assert "1 person is in groups of fewer than 3" in text_of(page)

    # A second round: new members join it, and the change shows.
    response = submit_form(client, f"/assessment/results/{token}", {"label": "6 months on"})
    assert response.status_code == 302
    page = results(client, token)
    assert "6 months on has started" in text_of(page)
    assert "0 people have sent their answers" in text_of(page)
    for perspective in ("staff", "lived-experience", "volunteer"):
        member_responds(app, code, perspective, all_("co-design"))
    in_round_2 = MemberResponse.round.has(AssessmentRound.number == 2)
    assert count(app, MemberResponse, in_round_2) == 3
    page = results(client, token)
    text = text_of(page)
    assert "The project sits at Co-design" in text
    assert (
        "Compared with First round, the project has moved up 1 rung: from Engage to Co-design"
        in text
    )
    change = table_rows(page, "change-table")
    assert change[0] == "Where the project sits Engage Co-design Up 1 rung"
    assert "Who makes decisions Engage Co-design Up 1 rung" in change
    rounds = table_rows(page, "rounds-table")
    assert rounds[0].startswith("6 months on (shown below)") and rounds[0].endswith("3 Co-design")
    assert rounds[1].startswith("First round") and rounds[1].endswith("7 Engage")

    # The first round is still there.
    first = results(client, token, round=1)
    assert "The project sits at Engage" in text_of(first)
    assert "7 people have sent their answers" in text_of(first)


def test_changing_an_answer_from_the_check_page_returns_to_it(app):
    token_client = app.test_client()
    _token, code = create_project(token_client)
    member, first = join(app, code, "staff")
    check_url = answer_all(member, first, ["not-sure"] + ["engage"] * (QUESTIONS - 1))

    check = member.get(check_url)
    text = text_of(check)
    assert "Check your answers before sending them" in text
    assert "Not sure" in soup_of(check).select_one("#question-1").text
    change_link = soup_of(check).select_one("#question-2 a")
    assert "Change" in change_link.text
    question = member.get(change_link["href"])
    assert "Question 2 of 9" in text_of(question)
    assert soup_of(question).select_one("input[value=engage]").has_attr("checked")
    assert soup_of(question).select_one(".nhsuk-back-link")["href"] == check_url

    changed = answer(member, change_link["href"], "co-production")
    assert changed.headers["Location"] == check_url
    row = soup_of(member.get(check_url)).select_one("#question-2").get_text(" ", strip=True)
    assert "Ladder rung: Co-production" in row

    # The perspective can be changed from the check page too.
    perspective_link = soup_of(member.get(check_url)).select("dl a")[0]["href"]
    back = submit_form(member, perspective_link, {"perspective": "volunteer"})
    assert back.headers["Location"] == check_url
    send(member, check_url)
    assert count(app, MemberAnswer, MemberAnswer.level == 5) == 1
    assert count(app, MemberResponse, MemberResponse.perspective == "volunteer") == 1


def test_reopening_the_join_link_carries_on_where_the_member_stopped(app, client):
    _token, code = create_project(client)
    member, first = join(app, code, "carer")
    url = first
    for _ in range(3):
        url = answer(member, url, "consult").headers["Location"]

    reopened = member.get(f"/assessment/join/{code}")
    assert reopened.status_code == 302
    assert reopened.headers["Location"] == url and url.endswith("/4")
    assert "Question 4 of 9" in text_of(member.get(url))
    # Back goes to the question before, with the saved answer chosen.
    back = soup_of(member.get(url)).select_one(".nhsuk-back-link")["href"]
    assert soup_of(member.get(back)).select_one("input[value=consult]").has_attr("checked")
    assert count(app, MemberResponse) == 1

    # Once sent, the link starts a fresh response (say, someone else on this device).
    check_url = answer_all(member, url, ["consult"] * (QUESTIONS - 3))
    send(member, check_url)
    again = member.get(f"/assessment/join/{code}")
    assert again.status_code == 200
    assert "You have already sent answers for this project from this device" in text_of(again)


def test_results_need_three_responses_and_count_all_not_sure_as_a_response(app, client):
    token, code = create_project(client)
    member_responds(app, code, "staff", all_("not-sure"))
    member_responds(app, code, "staff", all_("co-design"))
    page = results(client, token)
    assert "2 people have sent their answers" in text_of(page)
    assert soup_of(page).select_one(".app-ladder") is None

    member_responds(app, code, "staff", all_("co-design"))
    page = results(client, token)
    assert "The project sits at Co-design" in text_of(page)
    assert "Not placed: every answer was Not sure 1" in (
        soup_of(page).select_one("#distribution-table").get_text(" ", strip=True)
    )
    assert "Everyone placed it on the same rung" in text_of(page)


def test_a_member_in_progress_is_counted_but_not_in_results(app, client):
    token, code = create_project(client)
    member, first = join(app, code, "staff")
    answer(member, first, "engage")
    assert "0 people have sent their answers, and 1 person has started" in text_of(
        results(client, token)
    )


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
    token, code = create_project(client, project=name, team="<b>Team</b>")
    member, first = join(app, code, "staff")
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
    token, code = create_project(client)
    lower = client.get(f"/assessment/join/{code[:3].lower()}-{code[3:].lower()}")
    assert lower.headers["Location"] == f"/assessment/join/{code}"
    member, first = join(app, code, "staff")
    base = first.removesuffix("/1")
    for number in (0, QUESTIONS + 1):
        assert member.get(f"{base}/{number}").status_code == 404
    for query in ({"round": 2}, {"round": "abc"}):
        assert client.get(f"/assessment/results/{token}", query_string=query).status_code == 404


def test_tampered_perspective_and_answers_are_refused_and_nothing_is_stored(app, client):
    _token, code = create_project(client)
    tampered = submit_form(app.test_client(), f"/assessment/join/{code}", {"perspective": "boss"})
    assert tampered.status_code == 400
    assert "Nothing was saved" in text_of(tampered)
    assert count(app, MemberResponse) == 0

    member, first = join(app, code, "staff")
    for value in ("super-co-production", "6", "Not sure"):
        assert answer(member, first, value).status_code == 400
    assert count(app, MemberAnswer) == 0

    missing = answer(member, first, "")
    assert missing.status_code == 200
    assert "Select an answer, or select Not sure" in text_of(missing)
    assert soup_of(missing).title.text.startswith("Error: ")
    assert count(app, MemberAnswer) == 0

    no_perspective = submit_form(app.test_client(), f"/assessment/join/{code}", {})
    assert "Select the option that best describes you" in text_of(no_perspective)


def test_sending_twice_changes_nothing_and_answering_after_sending_is_refused(app, client):
    token, code = create_project(client)
    member, first = join(app, code, "staff")
    first_page = member.get(first).get_data(as_text=True)
    check_url = answer_all(member, first, all_("engage"))
    check_page = member.get(check_url).get_data(as_text=True)
    send(member, check_url)
    with app.app_context():
        sent_at = db_session().scalar(select(MemberResponse.submitted_at))

    # The back button and a replayed "Send my answers" show the confirmation again.
    _action, fields = form_fields(check_page)
    replay = member.post(check_url, data=fields)
    assert replay.headers["Location"].endswith("/done")
    assert "Your answers have been sent" in text_of(member.get(replay.headers["Location"]))
    assert count(app, MemberResponse) == 1
    with app.app_context():
        assert db_session().scalar(select(MemberResponse.submitted_at)) == sent_at

    # A replayed answer is refused with a clear message, and nothing changes.
    _action, fields = form_fields(first_page)
    refused = member.post(first, data={**fields, "answer": "inform"})
    assert refused.status_code == 409
    assert "You have already sent your answers" in text_of(refused)
    assert count(app, MemberAnswer, MemberAnswer.level == 1) == 0
    assert "You have already sent your answers" in text_of(member.get(first))


def test_answers_cannot_be_sent_with_a_question_missing(app, client):
    _token, code = create_project(client)
    member, first = join(app, code, "staff")
    answer(member, first, "engage")
    check_url = first.removesuffix("/1") + "/check"
    response = submit_form(member, check_url)
    assert response.status_code == 200
    assert "Answer question 2: Who makes decisions" in text_of(response)
    assert count(app, MemberResponse, MemberResponse.submitted_at.is_not(None)) == 0


def test_member_pages_never_show_the_results_link(app, client):
    token, code = create_project(client)
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
    _token, code = create_project(client)
    member, first = join(app, code, "staff")
    question_page = member.get(first).get_data(as_text=True)
    check_url = answer_all(member, first, all_("engage"))
    check_page = member.get(check_url).get_data(as_text=True)
    with app.app_context():
        dbs = db_session()
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


def test_a_new_round_needs_answers_in_the_latest_round(client, app):
    token, _code = create_project(client)
    response = submit_form(client, f"/assessment/results/{token}", {"label": "6 months on"})
    assert response.status_code == 200
    assert "You can start a new round once at least one person has sent answers" in text_of(
        response
    )
    empty = submit_form(client, f"/assessment/results/{token}", {"label": ""})
    assert "Enter a name for the new round" in text_of(empty)
    assert count(app, AssessmentRound) == 1

"""Setting up, showing, closing, reopening and deleting sessions; trainers' access rules."""

import pytest
from bs4 import BeautifulSoup
from flask import url_for
from sqlalchemy import func, select

from app.codes import is_valid_code
from app.db import get_db
from app.models import (
    AssessmentRound,
    MemberResponse,
    Project,
    QuizAnswer,
    QuizAttempt,
    SessionTeam,
    TrainingSession,
)
from tests.helpers import form_fields, text_of
from tests.journeys import (
    create_session,
    participant,
    session_row,
    signed_in_client,
    submit_trainer_form,
    team_ids,
)

GOOD_FORM = {
    "name": "Ward 7 training",
    "held_on-day": "27",
    "held_on-month": "3",
    "held_on-year": "2025",
    "quiz": "is-it-co-production",
    "includes_assessment": "no",
    "teams": "",
}


def _count(app, model) -> int:
    with app.app_context():
        return get_db().scalar(select(func.count()).select_from(model))


def test_a_session_gets_a_join_code_and_shows_its_details(app):
    client = signed_in_client(app)
    session_id = create_session(client, teams="Table 1\n\n  Table 2  \nTable 3\n")
    row = session_row(app, session_id)
    assert is_valid_code(row.join_code) and row.is_open
    page = client.get(f"/trainer/sessions/{session_id}")
    text = text_of(page)
    shown = f"{row.join_code[:4]}-{row.join_code[4:]}"  # two groups of 4, easy to read out
    assert f"Your session is ready. Its join code is {shown}" in text
    assert "Ward 7 training" in text and "27 March 2025" in text
    assert "Is it co-production?" in text
    assert list(team_ids(app, session_id)) == ["Table 1", "Table 2", "Table 3"]
    assert "Table 2" in text and "Open" in text
    listing = text_of(client.get("/trainer/"))
    assert "Ward 7 training" in listing and shown in listing


def test_a_session_with_a_self_assessment_gets_a_project_per_team(app):
    client = signed_in_client(app)
    session_id = create_session(client, assessment="yes", teams="Red\nBlue")
    with app.app_context():
        db = get_db()
        projects = db.scalars(select(Project).where(Project.training_session_id == session_id))
        projects = sorted(projects, key=lambda p: p.id)
        teams = {t.id: t.name for t in db.scalars(select(SessionTeam))}
        assert [(p.project_name, p.team_name) for p in projects] == [
            ("Red project", "Red"),
            ("Blue project", "Blue"),
        ]
        assert [teams[p.session_team_id] for p in projects] == ["Red", "Blue"]
        assert all(is_valid_code(p.join_code) for p in projects)
        assert [(r.number, r.label) for p in projects for r in p.rounds] == [
            (1, "First round"),
            (1, "First round"),
        ]
        codes = {p.join_code for p in projects} | {db.get(TrainingSession, session_id).join_code}
        assert len(codes) == 3
        results_urls = [f"/assessment/results/{p.results_token}" for p in projects]
    # The session page links each team's full results.
    html = client.get(f"/trainer/sessions/{session_id}").get_data(as_text=True)
    for url in results_urls:
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200


def test_without_teams_the_whole_room_shares_one_project(app):
    client = signed_in_client(app)
    session_id = create_session(client, "Board day", assessment="yes", quiz="none")
    with app.app_context():
        projects = list(get_db().scalars(select(Project)))
    assert [(p.project_name, p.session_team_id) for p in projects] == [("Board day project", None)]
    assert session_row(app, session_id).quiz_id is None


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": "  "}, "Enter a name for the session"),
        ({"name": "x" * 201}, "The session name must be 200 characters or fewer"),
        ({"held_on-day": "", "held_on-month": "", "held_on-year": ""}, "Enter the date of the"),
        ({"held_on-month": ""}, "The date of the session must include a month"),
        ({"held_on-day": "31", "held_on-month": "2"}, "must be a real date"),
        ({"held_on-day": "x"}, "must be a real date, written in numbers"),
        ({"held_on-year": "25"}, "The year must include 4 numbers"),
        ({"quiz": None}, "Select a quiz, or No quiz"),
        ({"includes_assessment": None}, "Select yes if teams will do the self-assessment"),
        ({"teams": "\n".join(f"Team {n}" for n in range(31))}, "Enter 30 teams or fewer"),
        ({"teams": "Red\nred"}, "Each team name must be different"),
        ({"teams": "x" * 101}, "Each team name must be 100 characters or fewer"),
    ],
)
def test_session_form_errors_are_shown_and_nothing_is_stored(app, changes, message):
    client = signed_in_client(app)
    data = {**GOOD_FORM, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    response = submit_trainer_form(client, "/trainer/sessions/new", data)
    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" in page and message in page
    assert _count(app, TrainingSession) == 0


def test_date_error_links_to_the_day_input_and_keeps_what_was_typed(app):
    client = signed_in_client(app)
    data = {**GOOD_FORM, "held_on-day": "31", "held_on-month": "2"}
    html = submit_trainer_form(client, "/trainer/sessions/new", data).get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one(".nhsuk-error-summary a")["href"] == "#held_on"
    day = soup.find(id="held_on")
    assert day["name"] == "held_on-day" and day["value"] == "31"
    assert soup.find(id="held_on-month")["value"] == "2"
    assert "nhsuk-input--error" in day["class"]


@pytest.mark.parametrize("field, value", [("quiz", "no-such-quiz"), ("includes_assessment", "x")])
def test_a_tampered_choice_gets_the_400_page_and_nothing_is_stored(app, field, value):
    client = signed_in_client(app)
    response = submit_trainer_form(client, "/trainer/sessions/new", {**GOOD_FORM, field: value})
    assert response.status_code == 400
    assert _count(app, TrainingSession) == 0


def test_present_page_shows_the_code_large_the_link_and_a_qr_code(app):
    client = signed_in_client(app)
    session_id = create_session(client)
    code = session_row(app, session_id).join_code
    response = client.get(f"/trainer/sessions/{session_id}/present")
    html = response.get_data(as_text=True)
    shown = f"{code[:4]}-{code[4:]}"
    soup = BeautifulSoup(html, "html.parser")
    shown_code = soup.select_one("#join-code")
    assert shown_code.get_text() == shown and "app-present__code" in shown_code["class"]
    # Labelled, and spelled out one character at a time for screen readers.
    label = shown_code.find_parent("p")
    assert "Join code" in label.get_text() and " ".join(code) in label.get_text()
    join_url = f"http://localhost/s/{code}"
    assert join_url in text_of(response) and "http://localhost/join" in text_of(response)
    assert f'alt="QR code that opens {join_url}"' in html
    qr = client.get(f"/trainer/sessions/{session_id}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert qr.get_data(as_text=True).startswith("<svg") and "viewBox" in qr.get_data(as_text=True)


def test_close_and_reopen(app):
    client = signed_in_client(app)
    session_id = create_session(client)
    page = f"/trainer/sessions/{session_id}"
    response = submit_trainer_form(client, page)  # the page's first own form: Close
    assert response.headers["Location"] == page
    assert session_row(app, session_id).is_open is False
    text = text_of(client.get(page))
    assert "The session is closed" in text and "Reopen session" in text
    submit_trainer_form(client, page)
    assert session_row(app, session_id).is_open is True
    assert "The session is open again" in text_of(client.get(page))


def test_delete_asks_first_then_removes_everything_linked(app):
    client = signed_in_client(app)
    session_id = create_session(client, assessment="yes", teams="Red\nBlue")
    keep_id = create_session(client, "Another session", assessment="yes")
    row = session_row(app, session_id)
    red = team_ids(app, session_id)["Red"]
    for right in (5, 2):
        participant(app, row.join_code, right=right, team_id=red)
    _add_assessment_response(app, session_id)
    assert _count(app, QuizAttempt) == 2

    confirm = client.get(f"/trainer/sessions/{session_id}/delete")
    text = text_of(confirm)
    assert "Are you sure you want to delete Ward 7 training?" in text
    assert "2 quiz attempts" in text and "1 self-assessment response" in text
    assert session_row(app, session_id) is not None  # a GET deletes nothing

    response = submit_trainer_form(client, f"/trainer/sessions/{session_id}/delete")
    assert response.headers["Location"] == "/trainer/"
    assert "all its results have been deleted" in text_of(client.get("/trainer/"))
    assert session_row(app, session_id) is None
    for model in (QuizAttempt, QuizAnswer, MemberResponse):
        assert _count(app, model) == 0
    with app.app_context():
        db = get_db()
        assert db.scalars(select(SessionTeam.training_id)).all() == []
        # The other session and its project are untouched.
        assert db.scalars(select(Project.training_session_id)).all() == [keep_id]
        assert db.scalar(select(func.count(AssessmentRound.id))) == 1
    assert client.get(f"/trainer/sessions/{session_id}").status_code == 404


def _add_assessment_response(app, session_id: int) -> None:
    with app.app_context():
        db = get_db()
        project = db.scalar(select(Project).where(Project.training_session_id == session_id))
        db.add(
            MemberResponse(public_id="r" * 30, round_id=project.rounds[0].id, perspective="staff")
        )
        db.commit()


# Who may use each route without signing in. Every other route in app.url_map needs a
# signed-in trainer, so a new view that forgets @login_required fails the tests below.
# The team's plan pages are keyed by the lead's private results token, like its results.
PUBLIC_BLUEPRINTS = {"main", "join", "quiz", "assessment", "training", "plan"}
PUBLIC_ENDPOINTS = {
    "static",
    "trainer.sign_in",
    "downloads.team_report",  # the private results token is the key
    "downloads.plan_on_a_page",
    "downloads.quiz_summary",  # the attempt's public id is the key
}
CHECKED_METHODS = ("GET", "POST")


def _signed_in_rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in PUBLIC_ENDPOINTS
        and rule.endpoint.split(".")[0] not in PUBLIC_BLUEPRINTS
    ]


def _url(app, rule, **values) -> str:
    args = {name: values.get(name, 1) for name in rule.arguments}
    with app.test_request_context():
        return url_for(rule.endpoint, **args)


def _methods(rule):
    return [method for method in CHECKED_METHODS if method in rule.methods]


def _csrf_token(client) -> str:
    return form_fields(client.get("/join").get_data(as_text=True))[1]["csrf_token"]


def test_every_trainer_route_is_found_from_the_url_map(app):
    endpoints = {rule.endpoint for rule in _signed_in_rules(app)}
    assert {"trainer.index", "trainer.live", "trainer.qr_code", "trainer.close"} <= endpoints
    assert {
        "downloads.prepare_report",
        "downloads.report_job",
        "downloads.report_job_file",
    } <= endpoints
    assert not endpoints & PUBLIC_ENDPOINTS


def _status(client, url: str) -> int:
    with client.get(url) as response:  # closing ends a download that was not read
        return response.status_code


def test_a_trainer_cannot_see_or_change_another_trainers_session(app):
    owner = signed_in_client(app, "owner@example.nhs.uk")
    session_id = create_session(owner, "Owner's session", assessment="yes")
    with app.app_context():
        project_id = get_db().scalar(select(Project.id))
    other = signed_in_client(app, "other@example.nhs.uk")
    assert "Owner's session" not in text_of(other.get("/trainer/"))
    token = _csrf_token(other)
    owned = [rule for rule in _signed_in_rules(app) if "training_id" in rule.arguments]
    for rule in owned:
        url = _url(app, rule, training_id=session_id, project_id=project_id)
        for method in _methods(rule):
            data = {"csrf_token": token} if method == "POST" else None
            with other.open(url, method=method, data=data) as response:
                assert response.status_code == 404, (method, url)
    row = session_row(app, session_id)
    assert row is not None and row.is_open
    # The owner still sees every page (GETs change nothing).
    for rule in owned:
        if "GET" in rule.methods:
            url = _url(app, rule, training_id=session_id, project_id=project_id)
            assert _status(owner, url) == 200, url


def test_signed_out_visitors_are_sent_to_sign_in_from_every_trainer_route(app, client):
    token = _csrf_token(client)
    for rule in _signed_in_rules(app):
        url = _url(app, rule)
        for method in _methods(rule):
            data = {"csrf_token": token} if method == "POST" else None
            response = client.open(url, method=method, data=data)
            assert response.status_code == 302, (method, url)
            assert response.headers["Location"].startswith("/trainer/sign-in?next="), url

"""Participants join a trainer's session with its code: valid, closed and unknown codes."""

from sqlalchemy import select

from app.db import get_db
from app.models import Project, QuizAttempt, TrainingSession
from tests.helpers import form_fields, submit_form, text_of
from tests.journeys import (
    create_session,
    join,
    session_row,
    signed_in_client,
    submit_trainer_form,
    take_quiz,
    team_ids,
)


def _joined(client):
    with client.session_transaction() as cookie:
        return cookie.get("joined")


def test_joining_with_the_code_at_join_leads_to_the_sessions_quiz(app, client):
    trainer = signed_in_client(app)
    session_id = create_session(trainer)
    code = session_row(app, session_id).join_code
    assert len(code) == 8
    response = submit_form(client, "/join", {"code": f" {code[:4].lower()}-{code[4:]} "})
    assert response.headers["Location"] == f"/s/{code}"
    # No teams: a Join button. Only pressing it joins (GET /s/<code> changes nothing).
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "Join the session" in text_of(page)
    assert _joined(client) is None
    response = submit_form(client, f"/s/{code}")
    assert response.headers["Location"] == f"/s/{code}/start"
    assert _joined(client).items() >= {"training_session_id": session_id, "team_id": None}.items()
    page = client.get(f"/s/{code}/start")
    text = text_of(page)
    assert "You have joined Ward 7 training" in text
    assert "Take the quiz: Is it co-production?" in text
    assert 'href="/quiz/is-it-co-production/"' in page.get_data(as_text=True)
    assert "Start the self-assessment" not in text


def test_a_team_is_chosen_and_the_quiz_attempt_is_linked_to_it(app, client):
    trainer = signed_in_client(app)
    session_id = create_session(trainer, teams="Red\nBlue")
    code = session_row(app, session_id).join_code
    page = client.get(f"/s/{code}")
    assert "Which team are you in?" in text_of(page)
    assert "Not in a team" in text_of(page)
    response = submit_form(client, f"/s/{code}", {})
    assert "Select your team, or Not in a team" in text_of(response)
    blue = team_ids(app, session_id)["Blue"]
    response = join(client, code, blue)
    assert response.headers["Location"] == f"/s/{code}/start"
    assert _joined(client).items() >= {"training_session_id": session_id, "team_id": blue}.items()
    assert "Your team: Blue" in text_of(client.get(f"/s/{code}/start"))
    # Coming back to the link shows the team chosen, ready to change.
    # Entering the code again goes back to the session page; "Change your team" asks again.
    assert client.get(f"/s/{code}").headers["Location"] == f"/s/{code}/start"
    page = client.get(f"/s/{code}?change=team").get_data(as_text=True)
    assert f'value="{blue}" checked' in page

    take_quiz(client, "is-it-co-production", right=3)
    with app.app_context():
        attempt = get_db().scalar(select(QuizAttempt))
        assert (attempt.training_session_id, attempt.team_id, attempt.score) == (
            session_id,
            blue,
            3,
        )


def test_a_tampered_team_gets_the_400_page(app, client):
    trainer = signed_in_client(app)
    other = create_session(trainer, "Other", teams="Green")
    session_id = create_session(trainer, teams="Red")
    code = session_row(app, session_id).join_code
    green = team_ids(app, other)["Green"]  # a real team, but of another session
    for value in (str(green), "nonsense"):
        assert submit_form(client, f"/s/{code}", {"team": value}).status_code == 400
    assert _joined(client) is None


def test_the_self_assessment_link_is_the_teams_own_project(app, client):
    trainer = signed_in_client(app)
    session_id = create_session(trainer, assessment="yes", teams="Red\nBlue")
    code = session_row(app, session_id).join_code
    red = team_ids(app, session_id)["Red"]
    join(client, code, red)
    with app.app_context():
        project = get_db().scalar(select(Project).where(Project.session_team_id == red))
    page = client.get(f"/s/{code}/start")
    assert f'href="/assessment/join/{project.join_code}"' in page.get_data(as_text=True)
    assert "Place your team's project on the ladder" in text_of(page)
    assert client.get(f"/assessment/join/{project.join_code}").status_code == 200
    # Not in a team: the self-assessment is for teams, so they are asked to pick one.
    submit_form(client, f"/s/{code}?change=team", {"team": "none"})
    text = text_of(client.get(f"/s/{code}/start"))
    assert "The self-assessment is done in teams" in text


def test_the_start_page_needs_joining_first(app, client):
    trainer = signed_in_client(app)
    session_id = create_session(trainer, teams="Red")
    code = session_row(app, session_id).join_code
    assert client.get(f"/s/{code}/start").headers["Location"] == f"/s/{code}"


def test_a_closed_session_says_so_from_the_link_and_from_join(app, client):
    trainer = signed_in_client(app)
    session_id = create_session(trainer)
    code = session_row(app, session_id).join_code
    join(client, code)
    submit_trainer_form(trainer, f"/trainer/sessions/{session_id}")  # Close session
    for url in (f"/s/{code}", f"/s/{code}/start"):
        response = client.get(url)
        assert response.status_code == 200
        assert "This session has closed" in text_of(response)
    response = submit_form(client, "/join", {"code": code}, follow_redirects=True)
    assert "This session has closed" in text_of(response)
    # The code no longer joins anyone: a new browser posting it gets the closed page.
    newcomer = app.test_client()
    _, fields = form_fields(newcomer.get("/join").get_data(as_text=True))  # a CSRF token
    response = newcomer.post(f"/s/{code}", data=fields)
    assert "This session has closed" in text_of(response)
    assert _joined(newcomer) is None


def test_unknown_and_malformed_codes_are_not_found(app, client):
    assert client.get("/s/ABCDEF").status_code == 404
    assert client.get("/s/ABCDEF/start").status_code == 404
    assert client.get("/s/O0O0").status_code == 404  # characters a code never has
    assert client.get("/s/" + "A" * 300).status_code == 404


def test_a_lower_case_code_in_the_address_is_corrected(app, client):
    trainer = signed_in_client(app)
    code = session_row(app, create_session(trainer)).join_code
    assert client.get(f"/s/{code.lower()}").headers["Location"] == f"/s/{code}"


def test_an_older_six_character_code_still_works(app, client):
    trainer = signed_in_client(app)
    session_id = create_session(trainer)
    with app.app_context():
        training = get_db().get(TrainingSession, session_id)
        training.join_code = "HK7P3Q"
        get_db().commit()
    response = submit_form(client, "/join", {"code": "hk7p3q"})
    assert response.headers["Location"] == "/s/HK7P3Q"


def test_codes_are_shown_in_two_groups_of_four(app):
    trainer = signed_in_client(app)
    session_id = create_session(trainer)
    code = session_row(app, session_id).join_code
    page = trainer.get(f"/trainer/sessions/{session_id}/present")
    assert f"{code[:4]}-{code[4:]}" in text_of(page)


def test_pages_a_participant_reads_leave_their_cookie_alone(app, client):
    trainer = signed_in_client(app)
    code = session_row(app, create_session(trainer, teams="Red")).join_code
    join(client, code, team_ids(app, session_row(app, 1).id)["Red"])
    for url in (f"/s/{code}?change=team", f"/s/{code}/start", "/quiz/", "/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, url

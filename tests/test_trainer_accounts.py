"""Trainer accounts: sign in and out, rate limits, password change, safe redirects."""

import time

from app.db import get_db
from app.extensions import limiter
from app.models import Trainer
from app.trainer.auth import FREE_TRIES, _note_failure, safe_next, seconds_to_wait
from tests.factories import PASSWORD
from tests.helpers import form_fields, submit_form, text_of
from tests.journeys import make_trainer, sign_in, sign_out, submit_trainer_form


def test_a_trainer_signs_in_and_sees_their_sessions(app, client):
    make_trainer(app, "Trainer@Example.NHS.uk")
    response = sign_in(client, "  trainer@example.nhs.uk ")
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "Your sessions" in text_of(page)
    assert "Signed in as trainer@example.nhs.uk" in text_of(page)


def test_a_wrong_password_or_unknown_email_gets_one_generic_message(app, client):
    make_trainer(app)
    for email, password in [("trainer@example.nhs.uk", "wrong password!"), ("no@one.uk", PASSWORD)]:
        response = sign_in(client, email, password)
        assert response.status_code == 200
        page = text_of(response)
        assert "There is a problem" in page
        assert "The email address or password is not right" in page
        # The password typed is never sent back in the page.
        assert password not in response.get_data(as_text=True)
    assert client.get("/trainer/").status_code == 302  # still signed out


def test_empty_sign_in_says_what_is_missing(client):
    page = text_of(submit_form(client, "/trainer/sign-in", {"email": "", "password": ""}))
    assert "Enter your email address" in page and "Enter your password" in page


def test_pages_need_sign_in_and_return_to_the_page_asked_for(app, client):
    make_trainer(app)
    response = client.get("/trainer/sessions/new")
    assert response.status_code == 302
    assert response.headers["Location"] == "/trainer/sign-in?next=%2Ftrainer%2Fsessions%2Fnew"
    response = submit_form(
        client,
        response.headers["Location"],
        {"email": "trainer@example.nhs.uk", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/trainer/sessions/new"


def test_sign_in_never_redirects_to_another_site(app, client):
    make_trainer(app)
    for target in ["https://evil.example/", "//evil.example/x", "/\\evil.example"]:
        client = app.test_client()
        response = submit_form(
            client,
            f"/trainer/sign-in?next={target}",
            {"email": "trainer@example.nhs.uk", "password": PASSWORD},
        )
        assert response.headers["Location"] == "/trainer/"


def test_safe_next_accepts_only_local_paths():
    assert safe_next("/trainer/sessions/3/live") == "/trainer/sessions/3/live"
    for unsafe in [None, "", "https://evil.example", "//evil.example", "/\\evil", "javascript:x"]:
        assert safe_next(unsafe) is None


def test_wrong_passwords_for_one_account_slow_it_down_without_locking_it(app, client):
    make_trainer(app)
    for _ in range(FREE_TRIES):
        assert sign_in(client, password="not the password").status_code == 200
    response = sign_in(client)  # the right password, but within the wait
    assert response.status_code == 429
    assert "Wait 1 second, then try again" in text_of(response)
    assert "There is a problem" in text_of(response)  # the error summary
    time.sleep(1.1)
    assert sign_in(client).status_code == 302  # after the wait the right password works
    # Another account from the same address was never slowed by this one.
    make_trainer(app, "other@example.nhs.uk")
    assert sign_in(app.test_client(), "other@example.nhs.uk").status_code == 302


def test_each_further_wrong_password_doubles_the_wait_up_to_a_minute(app):
    email = "trainer@example.nhs.uk"
    waits = []
    with app.test_request_context():
        for _ in range(FREE_TRIES + 8):
            _note_failure(email)
            waits.append(seconds_to_wait(email))
            limiter.storage.clear(f"sign-in-wait:{email}")  # as if the wait had passed
    assert waits == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_too_many_attempts_from_one_address_get_the_429_page(app, client):
    for n in range(10):
        assert sign_in(client, f"person{n}@example.nhs.uk", "wrong password").status_code == 200
    assert sign_in(client, "person99@example.nhs.uk", "wrong password").status_code == 429


def test_successful_sign_ins_do_not_use_up_the_limit(app, client):
    make_trainer(app)
    for _ in range(7):
        assert sign_in(client).status_code == 302
        assert sign_out(client).status_code == 302


def test_sign_out_needs_a_post_and_ends_the_session(app, client):
    make_trainer(app)
    sign_in(client)
    assert client.get("/trainer/sign-out").status_code == 405
    assert "Sign out" in text_of(client.get("/trainer/"))
    response = sign_out(client)
    assert response.headers["Location"] == "/trainer/sign-in"
    assert "You have signed out" in text_of(client.get("/trainer/sign-in"))
    assert client.get("/trainer/").status_code == 302


def test_changing_the_password(app, client):
    make_trainer(app)
    sign_in(client)
    other_device = app.test_client()
    sign_in(other_device)
    new = "a much longer passphrase"
    # A new password equal to the current one is refused.
    response = submit_trainer_form(
        client,
        "/trainer/password",
        {"current_password": PASSWORD, "new_password": PASSWORD, "confirm_password": PASSWORD},
    )
    assert "must be different from your current password" in text_of(response)
    response = submit_trainer_form(
        client,
        "/trainer/password",
        {"current_password": PASSWORD, "new_password": new, "confirm_password": new},
    )
    assert response.status_code == 302
    assert "Your password has been changed" in text_of(client.get("/trainer/"))
    # This browser stays signed in; the other device is signed out.
    assert client.get("/trainer/").status_code == 200
    assert other_device.get("/trainer/").status_code == 302
    sign_out(client)
    assert sign_in(client, password=PASSWORD).status_code == 200  # the old one stops working
    assert sign_in(client, password=new).status_code == 302


def test_password_change_errors(app, client):
    make_trainer(app)
    sign_in(client)
    cases = [
        (
            {"current_password": "wrong one here", "new_password": "a much longer passphrase"},
            "current password is not",
        ),
        ({"current_password": PASSWORD, "new_password": "short"}, "12 characters or more"),
        ({"current_password": PASSWORD, "new_password": "password1234"}, "too easy to guess"),
        (
            {
                "current_password": PASSWORD,
                "new_password": "yet another passphrase",
                "confirm": "z",
            },
            "do not match",
        ),
    ]
    for data, message in cases:
        data.setdefault("confirm_password", data.pop("confirm", data["new_password"]))
        response = submit_trainer_form(client, "/trainer/password", data)
        assert response.status_code == 200
        assert message in text_of(response)
    sign_out(client)
    assert sign_in(client).status_code == 302  # nothing changed


def _copy_session_cookie(app, client):
    """Another browser (elsewhere) holding a copy of this client's session cookie."""
    cookie = client.get_cookie("session")
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def test_signing_out_ends_every_copy_of_the_session(app, client):
    make_trainer(app)
    sign_in(client)
    copy = _copy_session_cookie(app, client)
    other_device = app.test_client()
    sign_in(other_device)
    assert copy.get("/trainer/").status_code == 200
    sign_out(client)
    assert copy.get("/trainer/").status_code == 302  # the copied cookie stopped working
    assert other_device.get("/trainer/").status_code == 302  # signed out everywhere
    with app.app_context():
        assert get_db().get(Trainer, 1).session_version == 3  # created, signed out


def test_a_session_lasts_at_most_trainer_session_hours(make_app):
    app = make_app(TRAINER_SESSION_HOURS=12)
    make_trainer(app)
    client = app.test_client()
    sign_in(client)
    assert client.get("/trainer/").status_code == 200
    with client.session_transaction() as cookie:
        cookie["signed_in_at"] -= 12 * 3600 + 1
    assert client.get("/trainer/").status_code == 302


def test_sign_in_starts_a_new_session_so_a_planted_csrf_token_stops_working(app, client):
    make_trainer(app)
    _, fields = form_fields(client.get("/trainer/sign-in").get_data(as_text=True))
    planted = fields["csrf_token"]
    with client.session_transaction() as cookie:
        before = cookie["csrf_token"]
    sign_in(client)
    with client.session_transaction() as cookie:
        assert "csrf_token" not in cookie or cookie["csrf_token"] != before
    response = client.post("/trainer/sign-out", data={"csrf_token": planted})
    assert response.status_code == 400 and "Your page timed out" in text_of(response)
    assert client.get("/trainer/").status_code == 200  # still signed in


def test_a_session_cookie_used_from_another_address_is_refused(app, client):
    make_trainer(app)
    client.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    sign_in(client)
    assert client.get("/trainer/").status_code == 200
    copy = _copy_session_cookie(app, client)
    copy.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    # Claiming the owner's address in X-Forwarded-For does not help (no trusted proxy).
    response = copy.get("/trainer/", headers={"X-Forwarded-For": "198.51.100.7"})
    assert response.status_code == 302

"""The foundation: home page, health check, security headers, error pages and settings."""

import re

import pytest

from app import create_app
from tests.helpers import submit_form, text_of


def test_home_page_says_what_the_service_is_and_links_to_each_area(client):
    response = client.get("/")
    assert response.status_code == 200
    page = text_of(response)
    assert "Involvement Ladder" in page
    assert "Learn the difference between informing, consulting" in page
    html = response.get_data(as_text=True)
    for link in ('href="/quiz/"', 'href="/assessment/"', 'href="/trainer/"', 'href="/join"'):
        assert link in html


def test_pages_use_nhs_styles_and_scripts_served_by_the_app(client):
    html = client.get("/").get_data(as_text=True)
    assert "nhsuk-header" in html and "nhsuk-footer" in html
    assert re.search(r'href="/static/build/app\.[0-9a-f]{12}\.css"', html)
    assert 'class="nhsuk-skip-link"' in html and 'href="#maincontent"' in html
    assert "Beta" in html


def test_security_headers_and_a_csp_without_unsafe_inline(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    # The one inline script (NHS.UK frontend's js-enabled class) carries this request's nonce.
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.get_data(as_text=True)


def test_session_cookie_settings(app):
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_healthz_reports_database_and_charts(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["database"] == {"status": "ok"}
    assert body["charts"]["status"] in {"ok", "unavailable"}


def test_healthz_is_503_when_the_database_is_down(tmp_path):
    # A SQLite path inside a missing folder cannot be opened: the database is "down".
    app = create_app("test", {"DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/x.db"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"]["status"] == "unavailable"


def test_unknown_page_gives_the_nhs_404_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_a_form_posted_without_its_csrf_token_gets_the_timed_out_page(client):
    response = client.post("/join", data={"code": "ABC234"})
    assert response.status_code == 400
    assert "Your page timed out" in text_of(response)


def test_join_with_an_unknown_code_shows_an_error_summary(client):
    response = submit_form(client, "/join", {"code": "ZZZ999"})
    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" in page
    assert "We could not find that code" in page


def test_join_with_a_malformed_code_shows_an_error_summary(client):
    response = submit_form(client, "/join", {"code": "O0"})
    assert "Enter the join code exactly as shown" in text_of(response)
    assert response.get_data(as_text=True).count('href="#code"') == 1


def test_oversized_requests_are_refused(client):
    response = client.post("/join", data={"code": "x" * 400_000})
    assert response.status_code == 413
    assert "too large" in text_of(response)


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY is not set"):
        create_app("production")


def test_production_starts_with_a_secret_key_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "a" * 64)
    monkeypatch.setenv("BASE_URL", "https://ladder.example.nhs.uk")
    monkeypatch.setenv("ACCESSIBILITY_CONTACT_EMAIL", "accessibility@example.nhs.uk")
    app = create_app("production", {"DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"})
    assert app.config["SECRET_KEY"] == "a" * 64
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_development_secret_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    import config

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    first = config.config_for("development")["SECRET_KEY"]
    second = config.config_for("development")["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").read_text() == first

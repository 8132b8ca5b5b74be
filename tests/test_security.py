"""Hosts, links, proxies, production settings and the access log's privacy."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from gunicorn.config import Config as GunicornConfig

from app import create_app
from app.access_log import ROUTE_KEY, AccessLogger, network_of
from app.trainer.qr import qr_svg
from tests.helpers import submit_form, text_of
from tests.journeys import create_session, session_row, signed_in_client

SITE = "ladder.example.nhs.uk"


def test_an_untrusted_host_gets_the_400_page_with_the_full_layout(make_app):
    app = make_app(TRUSTED_HOSTS=[SITE])
    client = app.test_client()
    for path in ("/", "/join", "/no-such-page", "/trainer/sessions/1/present"):
        response = client.get(path, headers={"Host": "evil.example"})
        assert response.status_code == 400, path
        assert "There is a problem with that request" in text_of(response)
        html = response.get_data(as_text=True)
        # The page's own layout, with relative links (its url_for calls worked).
        assert re.search(r'href="/static/build/app\.[0-9a-f]{12}\.css"', html)  # hashed name
        assert 'href="/join"' in html
        assert "evil.example" not in html
    assert client.get("/", headers={"Host": SITE}).status_code == 200
    assert client.get("/", headers={"Host": f"{SITE}:8443"}).status_code == 200


def test_links_and_qr_codes_come_from_base_url_not_the_host_header(make_app):
    app = make_app(BASE_URL=f"https://{SITE}", TRUSTED_HOSTS=[SITE, "localhost"])
    trainer = signed_in_client(app)
    session_id = create_session(trainer)
    code = session_row(app, session_id).join_code
    expected = f"https://{SITE}/s/{code}"
    page = trainer.get(f"/trainer/sessions/{session_id}/present")  # Host: localhost
    assert expected in text_of(page)
    assert "localhost" not in page.get_data(as_text=True)
    qr = trainer.get(f"/trainer/sessions/{session_id}/qr.svg").get_data()
    assert qr == qr_svg(expected)
    share = submit_form(
        app.test_client(), "/assessment/", {"project_name": "Discharge", "team_name": "Ward 7"}
    )
    share_page = text_of(app.test_client().get(share.headers["Location"]))
    assert f"https://{SITE}/assessment/results/" in share_page
    assert "http://localhost" not in share_page


def test_without_base_url_links_follow_only_a_trusted_host(make_app):
    app = make_app(TRUSTED_HOSTS=["localhost"])  # the test client's host
    trainer = signed_in_client(app)
    session_id = create_session(trainer)
    code = session_row(app, session_id).join_code
    page = trainer.get(f"/trainer/sessions/{session_id}/present")
    assert f"http://localhost/s/{code}" in text_of(page)
    spoofed = trainer.get(
        f"/trainer/sessions/{session_id}/qr.svg", headers={"Host": "evil.example"}
    )
    assert spoofed.status_code == 400


# --- Production settings --------------------------------------------------------------


@pytest.fixture
def production_env(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    monkeypatch.setenv("BASE_URL", f"https://{SITE}")
    monkeypatch.setenv("ACCESSIBILITY_CONTACT_EMAIL", "accessibility@example.nhs.uk")
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    return {"DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"}


def test_production_refuses_a_secret_key_shorter_than_32_bytes(monkeypatch, production_env):
    monkeypatch.setenv("SECRET_KEY", "a")
    with pytest.raises(RuntimeError, match="shorter than 32 bytes"):
        create_app("production", production_env)
    monkeypatch.setenv("SECRET_KEY", "k" * 31)
    with pytest.raises(RuntimeError, match="shorter than 32 bytes"):
        create_app("production", production_env)


def test_production_needs_a_base_url_or_trusted_hosts(monkeypatch, production_env):
    monkeypatch.delenv("BASE_URL")
    with pytest.raises(RuntimeError, match="BASE_URL"):
        create_app("production", production_env)
    monkeypatch.setenv("TRUSTED_HOSTS", f"{SITE}, other.example.nhs.uk")
    app = create_app("production", production_env)
    assert app.config["TRUSTED_HOSTS"] == [SITE, "other.example.nhs.uk"]


def test_production_needs_an_accessibility_contact(monkeypatch, production_env):
    monkeypatch.delenv("ACCESSIBILITY_CONTACT_EMAIL")
    with pytest.raises(RuntimeError, match="ACCESSIBILITY_CONTACT_EMAIL"):
        create_app("production", production_env)


def test_production_trusts_the_base_urls_host_and_sends_hsts(production_env):
    app = create_app("production", production_env)
    assert app.config["TRUSTED_HOSTS"] == [SITE]
    response = app.test_client().get("/healthz", headers={"Host": SITE})
    max_age = int(response.headers["Strict-Transport-Security"].split("max-age=")[1])
    assert max_age >= 365 * 24 * 3600


def test_no_hsts_outside_production(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


# --- Which address is the client's ------------------------------------------------------


def _sign_in_failures_until_429(client, forwarded_for) -> int:
    for n in range(1, 30):
        headers = {"X-Forwarded-For": forwarded_for(n)}
        response = submit_form(
            client,
            "/trainer/sign-in",
            {"email": f"nobody{n}@example.nhs.uk", "password": "wrong"},
            headers=headers,
        )
        if response.status_code == 429:
            return n
    return 0


def test_x_forwarded_for_is_ignored_without_trusted_proxies(app):
    # A client naming a new address each time still gets its 11th failure refused.
    assert _sign_in_failures_until_429(app.test_client(), lambda n: f"192.0.2.{n}") == 11


def test_with_one_trusted_proxy_each_client_counts_on_its_own(make_app):
    app = make_app(TRUSTED_PROXIES=1)
    client = app.test_client()
    # The proxy appends the real address last; what a client wrote before it is ignored.
    assert _sign_in_failures_until_429(client, lambda n: f"6.6.6.{n}, 192.0.2.1") == 11
    # Another client behind the same proxy is not limited by the first.
    assert _sign_in_failures_until_429(client, lambda n: f"192.0.2.{n + 100}") == 0


# --- The access log -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "address, network",
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:1234:5678::1", "2001:db8:1234::/48"),
        ("not an address", "-"),
        (None, "-"),
    ],
)
def test_the_access_log_keeps_only_the_clients_network(address, network):
    assert network_of(address) == network


class _Response:
    status = "200 OK"
    sent = 1234
    headers = [("Set-Cookie", "session=secret-cookie")]


def test_the_access_log_names_the_route_never_the_path_query_or_headers():
    token = "Zk3" * 14
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/assessment/results/{token}?round=2",
        "PATH_INFO": f"/assessment/results/{token}",
        "QUERY_STRING": "round=2",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.77",
        "HTTP_REFERER": f"https://{SITE}/assessment/results/{token}/share",
        "HTTP_COOKIE": "session=secret-cookie",
        ROUTE_KEY: "/assessment/results/<token>",
    }
    request_headers = [("Referer", environ["HTTP_REFERER"]), ("Cookie", "session=secret-cookie")]
    logger = AccessLogger(GunicornConfig())
    atoms = logger.atoms(_Response(), request_headers, environ, dt.timedelta(milliseconds=12))
    every_format = (
        '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(U)s %(q)s %(M)s '
        "%({referer}i)s %({cookie}i)s %({set-cookie}o)s %({http_referer}e)s %({remote_addr}e)s"
    )
    line = every_format % logger.atoms_wrapper_class(atoms)
    assert '"GET /assessment/results/<token> HTTP/1.1" 200 1234' in line
    assert "203.0.113.0/24" in line
    for secret in (token, "round=2", "secret-cookie", "203.0.113.77", "share"):
        assert secret not in line

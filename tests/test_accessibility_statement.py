"""The accessibility statement says what the Public Sector Bodies Accessibility Regulations
2018 require (following the GOV.UK model statement), and is kept up to date."""

import datetime as dt
import re

from bs4 import BeautifulSoup

# Each section the regulations ask for, by its heading.
REQUIRED_HEADINGS = [
    "How accessible this service is",
    "Feedback and contact information",
    "Enforcement procedure",
    "Compliance status",
    "Non-accessible content",
    "How we tested this service",
]


def statement(client) -> tuple[BeautifulSoup, str]:
    response = client.get("/accessibility")
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return soup, " ".join(soup.find("main").get_text(" ").split())


def test_the_statement_has_every_section_the_regulations_require(client):
    soup, text = statement(client)
    headings = [h.get_text(strip=True) for h in soup.find("main").find_all(["h2", "h3"])]
    for heading in REQUIRED_HEADINGS:
        assert heading in headings, f"no section {heading!r}"
    assert re.search(r"(fully|partially|not) compliant with the Web Content Accessibility", text)
    assert "Equality Advisory and Support Service (EASS)" in text
    assert "Public Sector Bodies (Websites and Mobile Applications) (No. 2)" in text


def test_the_contact_and_reply_time_come_from_the_settings(make_app):
    app = make_app(
        ACCESSIBILITY_CONTACT_EMAIL="access@trust.example.nhs.uk", ACCESSIBILITY_RESPONSE_DAYS=5
    )
    soup, text = statement(app.test_client())
    link = soup.find("a", href="mailto:access@trust.example.nhs.uk")
    assert link is not None and link.get_text(strip=True) == "access@trust.example.nhs.uk"
    assert "We will reply within 5 working days" in text
    assert "your trainer" not in text


def test_the_statement_was_reviewed_within_the_last_year(client):
    _, text = statement(client)
    prepared = re.search(r"prepared on (\d{1,2} \w+ \d{4})", text)
    reviewed = re.search(r"last reviewed on (\d{1,2} \w+ \d{4})", text)
    assert prepared and reviewed, "the statement must say when it was prepared and reviewed"
    reviewed_on = dt.datetime.strptime(reviewed.group(1), "%d %B %Y").date()
    age = dt.date.today() - reviewed_on
    assert dt.timedelta(0) <= age <= dt.timedelta(days=365), (
        f"the accessibility statement was last reviewed on {reviewed_on}: review it (and "
        "test the service again) at least once a year"
    )
    assert re.search(r"last tested on \d{1,2} \w+ \d{4}", text)

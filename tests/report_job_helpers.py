"""Pressing "Prepare report" as a trainer does, and fetching the prepared file."""

from __future__ import annotations

from bs4 import BeautifulSoup

from tests.helpers import body_text

SESSION_REPORT = "session-report"
TEAM_REPORTS = "team-reports"


def prepare_url(session_id: int, kind: str = SESSION_REPORT) -> str:
    return f"/downloads/sessions/{session_id}/reports/{kind}"


def press_prepare(client, session_id: int, kind: str = SESSION_REPORT) -> str:
    """Press the session page's "Prepare ..." button; the job page it leads to."""
    page = BeautifulSoup(body_text(client.get(f"/trainer/sessions/{session_id}")), "html.parser")
    form = page.find("form", action=prepare_url(session_id, kind))
    assert form is not None, f"no Prepare button for {kind}"
    fields = {field["name"]: field["value"] for field in form.find_all("input", type="hidden")}
    response = client.post(form["action"], data=fields)
    assert response.status_code == 302, response.status_code
    return response.headers["Location"]


def download_link(client, job_url: str):
    """The download link on a job's page (None while it is not ready)."""
    page = BeautifulSoup(body_text(client.get(job_url)), "html.parser")
    return page.find("a", id="report-download")


def prepared_file(client, session_id: int, kind: str = SESSION_REPORT):
    """Prepare the report (jobs run in-process in tests) and download it."""
    link = download_link(client, press_prepare(client, session_id, kind))
    assert link is not None, "the report is not ready"
    return client.get(link["href"])

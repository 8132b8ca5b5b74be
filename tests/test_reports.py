"""PDF reports from real journeys: a team's report, a trainer's session report and ZIP,
and a participant's quiz summary, read back with pypdf as a PDF reader would."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from sqlalchemy import select

from app.db import get_db
from app.models import Project, QuizAttempt
from app.quiz.queries import asked_in, find_attempt, quiz_of
from tests.helpers import form_fields, pdf_of, pdf_text, submit_form
from tests.journeys import (
    close_round,
    close_session,
    create_session,
    members_answer,
    participant,
    session_row,
    signed_in_client,
    start_project,
    take_quiz,
    team_ids,
)
from tests.report_job_helpers import (
    TEAM_REPORTS,
    download_link,
    prepare_url,
    prepared_file,
    press_prepare,
)

QUESTIONS = 9  # questions in quizzes/assessments/team-self-assessment.yaml
DRAWN = "your project is here"  # text inside the ladder chart's SVG: the chart was drawn


# --- Reading PDFs ---------------------------------------------------------------------


def assert_accessible_metadata(reader: PdfReader, title: str) -> None:
    assert reader.metadata.title == title
    assert reader.metadata.author == "Involvement Ladder"
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert catalog["/MarkInfo"]["/Marked"]  # tagged for screen readers (PDF/UA-1)
    assert "/StructTreeRoot" in catalog
    assert b"pdfuaid" in catalog["/Metadata"].get_data()
    for page in reader.pages:  # every font is embedded
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"]


# --- Journeys through the pages -------------------------------------------------------


def team_with_two_rounds(app, client, name: str) -> str:
    """Staff say Co-design and people with lived experience say Engage; six months on,
    three members say Co-design. Returns the results token."""
    token, code = start_project(client, name)
    members_answer(app, code, "co-design", "staff", 3)
    members_answer(app, code, "engage", "lived-experience", 3)
    close_round(client, token)
    submit_form(client, f"/assessment/results/{token}", {"label": "6 months on"})
    members_answer(app, code, "co-design", "staff", 3)
    close_round(client, token)
    return token


# --- Team report ----------------------------------------------------------------------


def test_team_report_holds_the_rung_why_tables_and_change_with_charts_drawn(app, client):
    name = "Planning discharge from ward 7"
    token = team_with_two_rounds(app, client, name)
    results_page = client.get(f"/assessment/results/{token}")
    link = BeautifulSoup(results_page.get_data(as_text=True), "html.parser").find(
        "a", string="Download this report (PDF)"
    )
    assert link["href"] == f"/downloads/team/{token}.pdf"

    reader = pdf_of(client.get(link["href"]))
    assert_accessible_metadata(reader, f"Team report: {name}")
    assert len(reader.pages) >= 4  # a title page, then the results
    assert "Team report" in reader.pages[0].extract_text()
    assert "Page 2 of" in reader.pages[1].extract_text()
    words = pdf_text(reader)
    assert name in words and "Ward 7 team" in words
    assert "Round 6 months on" in words
    assert "Rung 4 of 5: Co-design" in words
    assert "All 9 questions reached Co-design or higher." in words
    assert DRAWN in words and "Chart not available" not in words
    # The figures behind each chart, as tables.
    assert "The rung each question reaches Question Rung reached" in words
    assert words.count("4. Co-design") >= QUESTIONS
    assert "How many people chose each answer, question by question" in words
    assert "When people got involved Co-design 0 0 0 3 0 0 0 100% within one rung." in words
    assert (
        "The project's rung in each round Round Rung First round 3. Engage 6 months on 4. Co-design"
        in words
    )
    assert (
        "Compared with First round, the project has moved up 1 rung: from Engage to Co-design."
        in words
    )
    assert "Up 1 rung" in words

    # The report of an earlier round, as its results page link gives it.
    words = pdf_text(pdf_of(client.get(f"/downloads/team/{token}.pdf?round=1")))
    assert "Rung 3 of 5: Engage" in words
    assert (
        "Where each group's own answers place the project Group People Where they place it "
        "Staff 3 Co-design People with lived experience 3 Engage"
    ) in words
    assert "When people got involved Engage 0 0 3 3 0 0 0" in words
    assert client.get(f"/downloads/team/{token}.pdf?round=7").status_code == 404
    assert client.get(f"/downloads/team/{token}.pdf?round=first").status_code == 404


def test_team_report_of_an_open_round_shows_only_the_count(app, client):
    token, code = start_project(client, "Too early")
    members_answer(app, code, "consult", "staff", 4)
    words = pdf_text(pdf_of(client.get(f"/downloads/team/{token}.pdf")))
    assert "No results for this round" in words
    assert "4 people have sent their answers so far. Results show once the round is closed" in words
    assert "Consult" not in words


@pytest.mark.parametrize(
    "token", ["wrong-token-but-long-enough-to-look-real", "short", "..%2F..%2Fetc"]
)
def test_a_wrong_results_token_gets_no_report(app, client, token):
    start_project(client, "Private project")
    response = client.get(f"/downloads/team/{token}.pdf")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_names_with_html_and_very_long_words_are_escaped_and_wrap(app, client):
    long_word = "Co" + "production" * 15  # 152 letters with no space to break at
    name = f'<b>Ward & "7"</b> <script>alert(1)</script> {long_word}'
    token, _ = start_project(client, name[:200], team="<i>Team</i>")
    reader = pdf_of(client.get(f"/downloads/team/{token}.pdf"))
    assert reader.metadata.title == f"Team report: {name[:200]}"
    first_page = reader.pages[0].extract_text()
    assert '<b>Ward & "7"</b> <script>alert(1)</script>' in first_page  # shown, not run as HTML
    assert "<i>Team</i>" in first_page
    # The long word is cut into lines that fit the page, and nothing of it is lost.
    assert max(len(word) for word in first_page.split()) < 80
    assert long_word in "".join(first_page.split())


# --- Session report and ZIP -----------------------------------------------------------


def room_with_two_teams(app):
    """A trainer's session with a quiz and self-assessment; Red scores 5, 4, 3 and says
    Co-design; Blue scores 2, 1, 0 and has only one self-assessment so far."""
    trainer = signed_in_client(app)
    session_id = create_session(
        trainer, "Co-production basics", assessment="yes", teams="Red\nBlue"
    )
    code = session_row(app, session_id).join_code
    teams = team_ids(app, session_id)
    for right in (5, 4, 3):
        participant(app, code, right=right, team_id=teams["Red"])
    for right in (2, 1, 0):
        participant(app, code, right=right, team_id=teams["Blue"])
    with app.app_context():
        projects = {p.session_team_id: p for p in get_db().scalars(select(Project))}
    members_answer(app, projects[teams["Red"]].join_code, "co-design", "staff", 3)
    members_answer(app, projects[teams["Blue"]].join_code, "inform", "staff", 1)
    # Closing the session closes the teams' rounds, so their results can show.
    close_session(trainer, session_id)
    return trainer, session_id, {name: projects[team_id] for name, team_id in teams.items()}


def test_session_report_has_quiz_results_each_teams_average_and_rung(app):
    trainer, session_id, projects = room_with_two_teams(app)
    link = download_link(trainer, press_prepare(trainer, session_id))
    assert re.fullmatch(r"Download session report \(PDF, \d+ KB\)", link.get_text())

    reader = pdf_of(trainer.get(link["href"]))
    assert_accessible_metadata(reader, "Session report: Co-production basics")
    words = pdf_text(reader)
    assert "27 March 2025" in words
    assert "Average score: 2.5 out of 5 from 6 people." in words
    assert (
        "How many people got each score Score People "
        + " ".join(f"{n} out of 5 1" for n in range(6))
        in words
    )
    # Question n was answered right by everyone who scored n or more: 6 - n + 1 of 6.
    right = [5, 4, 3, 2, 1]
    for n, count in enumerate(right, start=1):
        assert re.search(rf"Q{n}\. .+? {count} 6 {round(100 * count / 6)}%", words)
    assert "Red 3 4.0 out of 5 Co-design" in words
    assert "Blue 3 1.0 out of 5 Too few answers to show" in words
    assert "Self-assessment: Red project" in words and "Rung 4 of 5: Co-design" in words
    assert DRAWN in words and "Chart not available" not in words


def test_zip_holds_each_teams_own_report(app):
    trainer, session_id, projects = room_with_two_teams(app)
    response = prepared_file(trainer, session_id, TEAM_REPORTS)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    assert archive.namelist() == ["01-red.pdf", "02-blue.pdf"]
    red = pdf_text(PdfReader(io.BytesIO(archive.read("01-red.pdf"))))
    blue = pdf_text(PdfReader(io.BytesIO(archive.read("02-blue.pdf"))))
    assert "Red project" in red and "Rung 4 of 5: Co-design" in red and "Blue" not in red
    assert "Blue project" in blue and "This round closed with 1 person" in blue


def test_the_trainer_gets_a_linked_teams_report_from_the_live_page(app):
    trainer, session_id, projects = room_with_two_teams(app)
    live = BeautifulSoup(
        trainer.get(f"/trainer/sessions/{session_id}/live").get_data(as_text=True), "html.parser"
    )
    link = live.find("a", string="Red: team report (PDF)")["href"]
    words = pdf_text(pdf_of(trainer.get(link)))
    assert "Team report" in words and "Red project" in words and "Co-design" in words


def test_another_trainer_gets_404_for_every_session_download(app):
    owner, session_id, projects = room_with_two_teams(app)
    other = signed_in_client(app, "other@example.nhs.uk")
    red = projects["Red"].id
    urls = [f"/downloads/sessions/{session_id}/teams/{red}.pdf"]
    for url in urls:
        assert other.get(url).status_code == 404, url
        assert app.test_client().get(url).status_code == 302, url  # signed out: sign in first
    # A project of another session is not reachable through the owner's session either.
    other_session = create_session(other, "Other room", assessment="yes")
    token = form_fields(owner.get("/trainer/").get_data(as_text=True))[1]
    assert owner.post(prepare_url(other_session), data=token).status_code == 404
    with app.app_context():
        other_project = get_db().scalar(
            select(Project.id).where(Project.training_session_id == other_session)
        )
    assert (
        owner.get(f"/downloads/sessions/{session_id}/teams/{other_project}.pdf").status_code == 404
    )


# --- Quiz summary ---------------------------------------------------------------------


def test_quiz_summary_from_the_result_page(app, client):
    take_quiz(client, "is-it-co-production", right=3)
    with app.app_context():
        public_id = get_db().scalar(select(QuizAttempt.public_id))
    result = client.get(f"/quiz/a/{public_id}/result")
    link = BeautifulSoup(result.get_data(as_text=True), "html.parser").find(
        "a", string="Download a summary of your answers (PDF)"
    )
    reader = pdf_of(client.get(link["href"]))
    assert_accessible_metadata(reader, "Quiz summary: Is it co-production?")
    words = pdf_text(reader)
    assert "You scored 3 out of 5" in words
    with app.app_context():
        attempt = find_attempt(get_db(), public_id)
        questions = asked_in(attempt, quiz_of(get_db(), attempt))
    # A PDF's text breaks lines after hyphens ("co-" / "production"): compare the letters.
    letters = re.sub(r"[\s-]", "", words)
    for question in questions:
        assert re.sub(r"[\s-]", "", question.explanation) in letters
    assert words.count(": right") == 3 and words.count(": not quite") == 2


def test_quiz_summary_only_for_a_finished_attempt(app, client):
    response = submit_form(client, "/quiz/is-it-co-production/")
    public_id = response.headers["Location"].split("/")[3]
    assert client.get(f"/downloads/quiz/{public_id}.pdf").status_code == 404
    assert client.get("/downloads/quiz/not-a-real-attempt-id-at-all.pdf").status_code == 404
    assert client.get("/downloads/quiz/x.pdf").status_code == 404


# --- Without Chromium -----------------------------------------------------------------


@pytest.fixture
def app_without_chromium(make_app, tmp_path):
    return make_app(CHROMIUM_PATH=str(tmp_path / "no-chromium"))


def test_without_chromium_the_pdf_has_tables_and_a_note_and_healthz_says_so(
    app_without_chromium,
):
    app = app_without_chromium
    client = app.test_client()
    token, code = start_project(client, "No charts here")
    members_answer(app, code, "consult", "staff", 3)
    close_round(client, token)
    words = pdf_text(pdf_of(client.get(f"/downloads/team/{token}.pdf")))
    missing = app.config["CHROMIUM_PATH"]
    assert "Chart not available: Chromium was not found at" in words
    assert missing in "".join(words.split())  # the path may wrap
    assert DRAWN not in words
    assert "Rung 2 of 5: Consult" in words
    assert "When people got involved Consult 0 3 0 0 0 0 0" in words

    health = client.get("/healthz").get_json()
    assert health["status"] == "ok"
    assert health["charts"]["status"] == "unavailable"
    assert missing in health["charts"]["reason"]


def test_healthz_says_charts_are_ok_with_chromium(client):
    assert client.get("/healthz").get_json()["charts"] == {"status": "ok"}


# --- What WeasyPrint may load ---------------------------------------------------------


def test_reports_load_only_local_static_files_and_data_urls():
    from reports.pdf import STATIC_DIR, _local_only_fetcher, is_allowed_url

    fetcher = _local_only_fetcher()
    css = fetcher.fetch((STATIC_DIR / "print.css").as_uri())
    assert b"@page" in css.read()
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    for refused in (
        "http://127.0.0.1:9/x.png",
        "https://example.org/font.woff",
        "file:///etc/passwd",
        (STATIC_DIR / ".." / ".." / "config.py").as_uri(),
        "ftp://127.0.0.1/x",
    ):
        assert not is_allowed_url(refused)
        with pytest.raises(ValueError):
            fetcher.fetch(refused)


def _figure_boxes(node) -> list[list[float]]:
    """Every figure's layout box in the PDF's structure tree (what a screen reader's
    or a reflowing reader's view of the page uses)."""
    node = node.get_object()
    boxes = [list(map(float, node["/A"]["/BBox"]))] if node.get("/S") == "/Figure" else []
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        if hasattr(kid, "get_object") and hasattr(kid.get_object(), "get"):
            boxes += _figure_boxes(kid)
    return boxes


def test_team_report_figures_sit_inside_the_page_and_the_footer_names_the_report(app, client):
    token, code = start_project(client, "Ward 7 discharge")
    members_answer(app, code, "engage", "staff", 3)
    close_round(client, token)
    reader = pdf_of(client.get(f"/downloads/team/{token}.pdf"))
    page = reader.pages[0].mediabox
    boxes = _figure_boxes(reader.trailer["/Root"]["/StructTreeRoot"])
    assert boxes, "the charts are tagged as figures"
    for x1, y1, x2, y2 in boxes:
        assert 0 <= x1 < x2 <= float(page.width) and 0 <= y1 < y2 <= float(page.height)
    footer = "Team report: Ward 7 discharge"
    assert footer not in reader.pages[0].extract_text()  # the title page has no footer
    assert all(footer in p.extract_text() for p in reader.pages[1:])

"""The live page: counts, scores and per-question results as participants finish."""

import json
import re

from bs4 import BeautifulSoup
from sqlalchemy import select

from app.content import library
from app.db import get_db
from app.models import Project, TrainingSession
from app.trainer.queries import training_questions
from tests.helpers import submit_form, text_of
from tests.journeys import (
    close_session,
    create_session,
    join,
    participant,
    self_assess,
    session_row,
    signed_in_client,
    submit_trainer_form,
    take_quiz,
    team_ids,
)


def _table(html: str, table_id: str) -> list[list[str]]:
    table = BeautifulSoup(html, "html.parser").find(id=table_id)
    assert table is not None, f"no #{table_id}"
    assert table.caption and table.caption.get_text(strip=True)
    return [
        [" ".join(cell.get_text(" ").split()) for cell in row.find_all(["th", "td"])]
        for row in table.tbody.find_all("tr")
    ]


def test_live_page_counts_and_scores_after_participants_finish_the_quiz(app):
    trainer = signed_in_client(app)
    session_id = create_session(trainer, teams="Red\nBlue")
    code = session_row(app, session_id).join_code
    teams = team_ids(app, session_id)
    live_url = f"/trainer/sessions/{session_id}/live"

    empty = text_of(trainer.get(live_url))
    assert "0 people joined and 0 finished the quiz." in empty
    assert "No one has finished the quiz yet" in empty

    scores = {"Red": [5, 4, 3], "Blue": [1, 0]}
    for team, team_scores in scores.items():
        for right in team_scores:
            participant(app, code, right=right, team_id=teams[team])
    halfway = app.test_client()  # joined and started the quiz, answered nothing yet
    join(halfway, code, teams["Blue"])
    submit_form(halfway, "/quiz/is-it-co-production/")

    response = trainer.get(live_url)
    html = response.get_data(as_text=True)
    page = text_of(response)
    # People, not activities: 6 joined, 6 started the quiz, 5 finished it.
    assert "6 people joined and 5 finished the quiz." in page
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(id="joined-count").get_text() == "6"
    assert soup.find(id="started-count").get_text() == "6"
    assert soup.find(id="finished-count").get_text() == "5"
    assert "Average score: 2.6 out of 5 from 5 people" in page

    assert _table(html, "score-distribution-table") == [
        ["0 out of 5", "1"],
        ["1 out of 5", "1"],
        ["2 out of 5", "0"],
        ["3 out of 5", "1"],
        ["4 out of 5", "1"],
        ["5 out of 5", "1"],
    ]
    questions = _table(html, "question-results-table")
    assert len(questions) == 5
    # Question n was right for everyone who scored n or more: 5 answers each.
    right = [sum(1 for s in (5, 4, 3, 1, 0) if s >= n) for n in range(1, 6)]
    for n, row in enumerate(questions, start=1):
        assert row[0].startswith(f"{n}. ")
        # The right answers stay hidden until the trainer shows them.
        assert row[1:] == ["5", f"{round(100 * right[n - 1] / 5)}%"]
        assert ("Talk about this one" in row[0]) is (right[n - 1] / 5 < 0.5)
    with app.app_context():
        training = get_db().get(TrainingSession, session_id)
        first = training_questions(training, library().quiz("is-it-co-production"))[0]
    assert "Right answer" not in html
    submit_trainer_form(trainer, live_url, {"show": "yes"})
    questions = _table(trainer.get(live_url).get_data(as_text=True), "question-results-table")
    assert questions[0][1] == first.answer.name  # the session's first question's answer

    # Averages show only from 3 finished, so one person's score never stands out.
    assert _table(html, "team-results-table") == [
        ["Red", "3", "3", "4.0 out of 5"],
        ["Blue", "3", "2", "Not yet"],
    ]


def test_a_retake_counts_once_so_one_person_never_stands_for_two(app):
    """Figures count each person's first finished go: one person taking the quiz three
    times is one person, whose team average stays hidden, and the room's scores are the
    first goes, not the retakes."""
    trainer = signed_in_client(app)
    session_id = create_session(trainer, teams="Red\nBlue")
    code = session_row(app, session_id).join_code
    teams = team_ids(app, session_id)
    for _ in range(3):
        participant(app, code, right=1, team_id=teams["Red"])
    keen = participant(app, code, right=2, team_id=teams["Blue"])
    take_quiz(keen, right=5)
    take_quiz(keen, right=5)

    response = trainer.get(f"/trainer/sessions/{session_id}/live")
    html, page = response.get_data(as_text=True), text_of(response)
    assert "4 people joined and 4 finished the quiz." in page
    assert "Average score: 1.2 out of 5 from 4 people" in page
    scores = dict(_table(html, "score-distribution-table"))
    assert (scores["1 out of 5"], scores["2 out of 5"], scores["5 out of 5"]) == ("3", "1", "0")
    assert _table(html, "team-results-table") == [
        ["Red", "3", "3", "1.0 out of 5"],
        ["Blue", "1", "1", "Not yet"],
    ]


def test_live_json_gives_the_same_results_markup_and_the_status(app):
    trainer = signed_in_client(app)
    session_id = create_session(trainer)
    code = session_row(app, session_id).join_code
    participant(app, code, right=4)
    page = trainer.get(f"/trainer/sessions/{session_id}/live").get_data(as_text=True)
    update = trainer.get(f"/trainer/sessions/{session_id}/live.json")
    assert update.mimetype == "application/json"
    assert update.headers["Cache-Control"] == "no-store"
    data = json.loads(update.get_data(as_text=True))
    assert data["status"] == "1 person joined and 1 finished the quiz."
    assert data["joined"] == 1
    region = BeautifulSoup(page, "html.parser").find(id="live-results")
    fragment = BeautifulSoup(data["html"], "html.parser")
    for tag in [*region.find_all(nonce=True), *fragment.find_all(nonce=True)]:
        del tag["nonce"]  # a new one each response
    assert " ".join(region.decode_contents().split()) == " ".join(fragment.decode().split())


def test_live_page_controls_for_updates_with_and_without_javascript(app):
    trainer = signed_in_client(app)
    session_id = create_session(trainer)
    html = trainer.get(f"/trainer/sessions/{session_id}/live").get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    status = soup.find(id="live-status")
    assert status["aria-live"] == "polite" and status["role"] == "status"
    assert soup.find(id="live-pause").has_attr("hidden")  # shown by live.mjs
    assert soup.find(id="live-refresh")["href"] == f"/trainer/sessions/{session_id}/live"
    region = soup.find(id="live-results")
    assert region["data-live-url"] == f"/trainer/sessions/{session_id}/live.json"
    assert region["data-live-interval"] == "5000"
    live_module = soup.find("script", src=re.compile(r"^/static/js/live\.[0-9a-f]{12}\.mjs$"))
    assert live_module["type"] == "module"
    assert not region.has_attr("aria-live")  # the tables are not announced


def test_each_teams_rung_shows_once_the_session_closes_their_rounds(app):
    trainer = signed_in_client(app)
    session_id = create_session(trainer, quiz="none", assessment="yes", teams="Red\nBlue")
    teams = team_ids(app, session_id)
    with app.app_context():
        codes = {p.session_team_id: p.join_code for p in get_db().scalars(select(Project))}
    for _ in range(3):
        self_assess(app, codes[teams["Red"]], "co-design")
    self_assess(app, codes[teams["Blue"]], "inform")
    html = trainer.get(f"/trainer/sessions/{session_id}/live").get_data(as_text=True)
    assert _table(html, "team-rungs-table") == [
        ["Red", "3", "3", "Round open"],
        ["Blue", "1", "1", "Round open"],
    ]
    close_session(trainer, session_id)
    html = trainer.get(f"/trainer/sessions/{session_id}/live").get_data(as_text=True)
    assert _table(html, "team-rungs-table") == [
        ["Red", "3", "3", "4. Co-design"],
        ["Blue", "1", "1", "Too few answers"],
    ]
    # Self-assessments are anonymous and not linked to the people who joined the session.
    assert "0 people joined and 4 sent a self-assessment." in text_of(
        trainer.get(f"/trainer/sessions/{session_id}/live")
    )
    assert 'id="score-distribution-table"' not in html  # no quiz in this session


def test_room_scores_and_question_counts_wait_for_three_finishers(app):
    trainer = signed_in_client(app)
    session_id = create_session(trainer)
    code = session_row(app, session_id).join_code
    live_url = f"/trainer/sessions/{session_id}/live"
    for finished, right in enumerate((5, 0), start=1):
        participant(app, code, right=right)
        html = trainer.get(live_url).get_data(as_text=True)
        data = json.loads(trainer.get(f"{live_url.removesuffix('/live')}/live.json").data)
        for markup in (html, data["html"]):
            page = " ".join(BeautifulSoup(markup, "html.parser").get_text(" ").split())
            assert "show when 3 people have finished the quiz" in page
            assert f"{finished} {'person has' if finished == 1 else 'people have'}" in page
            assert "score-distribution-table" not in markup
            assert "question-results-table" not in markup
            assert "Average score" not in page
    participant(app, code, right=4)
    html = trainer.get(live_url).get_data(as_text=True)
    assert "Average score: 3.0 out of 5 from 3 people" in text_of(trainer.get(live_url))
    assert _table(html, "score-distribution-table")[5] == ["5 out of 5", "1"]

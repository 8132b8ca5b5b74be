"""A trainer's own quizzes: written in the form one scenario at a time or uploaded as a
file, checked with the shipped content's rules (errors with their line and field in the
page, plain-English warnings that do not block), versioned, previewed, used in sessions
like a shipped quiz, kept to their trainer, and deleted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db import get_db
from app.models import ContentSnapshot, OwnQuiz, QuizAttempt, Trainer, TrainingSession
from tests.factories import OwnQuizFactory, TrainingFactory
from tests.helpers import form_fields, pdf_of, pdf_text, submit_form, text_of
from tests.journeys import (
    TRAINER_EMAIL,
    join,
    participant,
    signed_in_client,
    submit_trainer_form,
    upload_quiz,
)
from tests.report_job_helpers import prepared_file

EXAMPLE = (Path(__file__).parents[1] / "app/own_quizzes/example-quiz.yaml").read_text()
SCENARIO = {
    "scenario": "The ward asks patients to help write the new menu, then staff decide.",
    "answer": "consult",
    "explanation": "People gave their views, but staff made the choice alone.",
    "talk_about": "Who could share the choice next time?",
}


def _own_quizzes(app) -> list[OwnQuiz]:
    with app.app_context():
        return list(get_db().scalars(select(OwnQuiz).order_by(OwnQuiz.id)))


def _own(app, trainer_email: str = TRAINER_EMAIL, **kwargs) -> OwnQuiz:
    with app.app_context():
        return OwnQuizFactory(trainer=_trainer(trainer_email), **kwargs)


# --- Writing one scenario at a time -------------------------------------------------------


def test_a_quiz_written_in_the_form_is_ready_with_its_fifth_scenario(app):
    client = signed_in_client(app)
    created = submit_trainer_form(
        client,
        "/trainer/quizzes/new",
        {"title": "Ward 7 stories", "introduction": "Stories from our ward."},
    )
    assert created.status_code == 303
    [own] = _own_quizzes(app)
    page = f"/trainer/quizzes/{own.id}"
    for n in range(1, 6):
        saved = submit_trainer_form(
            client,
            f"{page}/scenarios/new",
            {**SCENARIO, "scenario": f"Story {n}: {SCENARIO['scenario']}"},
        )
        assert saved.location == page
        shown = text_of(client.get(page))
        if n < 5:
            assert f"Add {5 - n} more scenario" in shown
            assert "Set up a session with this quiz" not in shown
    assert "Ready" in shown and "Set up a session with this quiz" in shown
    assert "Story 5" in shown

    # Change one scenario and remove another: each save is a new version.
    changed = submit_trainer_form(
        client,
        f"{page}/scenarios/2",
        {**SCENARIO, "scenario": "Story two, told again.", "feedback_inform": "Views were asked."},
    )
    assert changed.location == page
    assert "Story two, told again." in text_of(client.get(page))
    assert "Views were asked." in client.get(f"{page}/scenarios/2").get_data(as_text=True)
    removed = submit_trainer_form(client, f"{page}/scenarios/5/remove")
    assert removed.location == page
    shown = text_of(client.get(page))
    assert "Story 5" not in shown and "Not ready to use yet" in shown
    [own] = _own_quizzes(app)
    assert own.version == 8 and own.content_hash is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"scenario": ""}, "Enter the scenario: what happened"),
        ({"answer": None}, "Select the rung that fits this scenario"),
        ({"explanation": "  "}, "Enter the explanation: why it is that rung"),
        ({"scenario": "x" * 2001}, "The scenario must be 2,000 characters or fewer"),
        ({"feedback_engage": "x" * 501}, "The feedback for Engage must be 500 characters or fewer"),
    ],
)
def test_scenario_form_errors_are_summarised_and_nothing_is_saved(app, changes, message):
    client = signed_in_client(app)
    own = _own(app)
    data = {key: value for key, value in {**SCENARIO, **changes}.items() if value is not None}
    response = submit_trainer_form(client, f"/trainer/quizzes/{own.id}/scenarios/new", data)
    assert response.status_code == 200
    assert "There is a problem" in text_of(response)
    assert message in text_of(response)
    assert _own_quizzes(app)[0].version == own.version


def test_details_form_needs_a_title(app):
    client = signed_in_client(app)
    response = submit_trainer_form(client, "/trainer/quizzes/new", {"introduction": "About."})
    assert "Enter a title for the quiz" in text_of(response)
    assert _own_quizzes(app) == []


# --- Uploading a file ---------------------------------------------------------------------


def test_the_example_file_downloads_and_uploads_as_a_ready_quiz(app):
    client = signed_in_client(app)
    example = client.get("/trainer/quizzes/example-quiz.yaml")
    assert example.headers["Content-Disposition"] == "attachment; filename=example-quiz.yaml"
    uploaded = upload_quiz(client, example.get_data())
    assert uploaded.status_code == 303
    shown = text_of(client.get(uploaded.location))
    assert "Our services and the ladder" in shown and "Ready" in shown
    assert "Could be plainer" not in shown  # the example reads plainly


BROKEN = {
    "bad YAML": (
        EXAMPLE.replace("title: Our services and the ladder", "title: Ours: the ladder"),
        "Line 6, not valid YAML: mapping values are not allowed here",
    ),
    "yes/no boolean": (
        EXAMPLE.replace(
            'consult: "Nobody was asked for a view: the letter only told people."', "consult: yes"
        ),
        "Line 22, questions[0].feedback.consult: got the boolean true (YAML reads unquoted "
        'yes/no/on/off as true/false): put the text in quotes, like "yes"',
    ),
    "unknown rung": (
        EXAMPLE.replace("answer: engage", "answer: engaged"),
        "Line 37, questions[2].answer: 'engaged' is not a rung of ladder nhs-england",
    ),
    "duplicate ids": (
        EXAMPLE.replace("- id: leaflet-made-together", "- id: survey-on-waiting"),
        "Line 41, questions[3].id: duplicate question id 'survey-on-waiting' (also questions[1])",
    ),
    "missing explanation": (
        EXAMPLE.replace("    explanation: >\n      People share", "    why: >\n      People share"),
        "Line 49, questions[4]: missing required field 'explanation'",
    ),
    "not UTF-8": (EXAMPLE.encode("utf-16"), "not UTF-8 text"),
    # A few lines that would expand to billions of values, or exhaust the parser.
    "an alias bomb": (
        "kind: quiz\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n",
        "Line 3, uses a YAML alias (*name): write the text out in full each time",
    ),
    "deep nesting": ("kind: quiz\nx: " + "[" * 50_000, "Line 2, nested more than 10 levels deep"),
    "an assessment": (
        "kind: assessment\n",
        "this is assessment content: a quiz file says kind: quiz",
    ),
}


@pytest.mark.parametrize("broken", BROKEN, ids=list(BROKEN))
def test_a_broken_file_is_not_stored_and_each_problem_is_shown_with_its_line(app, broken):
    text, problem = BROKEN[broken]
    client = signed_in_client(app)
    response = upload_quiz(client, text)
    assert response.status_code == 200
    shown = text_of(response)
    assert "There is a problem" in shown
    assert re.search(r"not uploaded\. Fix (the problem|these [2-9]\d* problems) and upload", shown)
    assert problem in shown
    assert _own_quizzes(app) == []


def test_several_problems_are_counted_in_words(app):
    text = EXAMPLE.replace("answer: engage", "answer: engaged").replace(
        "answer: consult", "answer: consulted"
    )
    shown = text_of(upload_quiz(signed_in_client(app), text))
    assert "Fix these 2 problems and upload it again." in shown


def test_an_upload_with_no_file_asks_for_one(app):
    client = signed_in_client(app)
    response = submit_trainer_form(client, "/trainer/quizzes/upload")
    assert "Choose a quiz file to upload" in text_of(response)


@pytest.mark.parametrize("size", [210 * 1024, 2 * 1024 * 1024])
def test_a_file_too_big_gets_a_clear_message_in_the_page(app, size):
    client = signed_in_client(app)
    response = upload_quiz(client, EXAMPLE + "#" * size)
    assert response.status_code == 413
    shown = text_of(response)
    assert "There is a problem" in shown and "Upload a quiz file" in shown
    unit = "KB" if size < 10**6 else "MB"
    assert re.search(
        rf"That was too much to send: the file is about [\d.]+ {unit}, and a quiz file must be "
        r"200 KB or smaller",
        shown,
    )
    assert _own_quizzes(app) == []


def test_hard_words_and_short_forms_are_warnings_not_errors(app):
    client = signed_in_client(app)
    text = EXAMPLE.replace(
        "Managers made the choice.",
        "Managers made the choice after the ICB (integrated care board) met. The PALS team "
        "disseminated the consequential operational reconfiguration documentation comprehensively.",
    )
    uploaded = upload_quiz(client, text)
    assert uploaded.status_code == 303
    shown = text_of(client.get(uploaded.location))
    assert "Ready" in shown and "Could be plainer" in shown
    assert "Scenario 1, scenario: uses PALS without writing it out" in shown
    assert "Scenario 1, scenario: scores" in shown and "for reading ease" in shown
    assert "ICB" not in shown.split("Could be plainer")[1].split("Scenarios")[0]


# --- Preview, sessions, versions, deleting -----------------------------------------------


def test_preview_goes_through_every_scenario_and_stores_nothing(app):
    client = signed_in_client(app)
    own = _own(app)
    with app.app_context():
        before = get_db().scalar(select(func.count(QuizAttempt.id)))
    first = client.get(f"/trainer/quizzes/{own.id}/preview/1")
    assert "Ward 7 story 1" in text_of(first) and "Nothing you choose here is kept" in text_of(
        first
    )
    answered = submit_trainer_form(
        client, f"/trainer/quizzes/{own.id}/preview/1", {"answer": "engage"}
    )
    # Post, then get: the explanation has an address of its own, which stores nothing.
    assert answered.status_code == 303
    assert answered.location == f"/trainer/quizzes/{own.id}/preview/1?answer=engage"
    shown = text_of(client.get(answered.location))
    assert "Not quite" in shown and "The answer is Inform" in shown
    assert "Why story 1 fits its rung." in shown and "What would you change in story 1?" in shown
    right = client.get(f"/trainer/quizzes/{own.id}/preview/5?answer=co-production")
    assert "Correct" in text_of(right) and "Back to the quiz" in text_of(right)
    assert client.get(f"/trainer/quizzes/{own.id}/preview/5?answer=no-such-rung").status_code == 404
    with app.app_context():
        assert get_db().scalar(select(func.count(QuizAttempt.id))) == before


def test_an_own_quiz_runs_in_a_session_and_keeps_the_wording_people_answered(app):
    trainer = signed_in_client(app)
    own = _own(app)
    assert f"own-{own.id}" in trainer.get("/trainer/sessions/new").get_data(as_text=True)
    chosen = trainer.get(f"/trainer/quizzes/{own.id}/use", follow_redirects=True)
    assert f'value="own-{own.id}" checked' in chosen.get_data(as_text=True)
    with app.app_context():
        training = TrainingFactory(trainer=_trainer(), quiz_id=f"own-{own.id}")
    people = [
        participant(app, training.join_code, right=n, quiz_id=f"own-{own.id}") for n in (1, 3, 5)
    ]
    result = people[0].get(_attempt_urls(app)[0] + "/1/feedback")
    assert "Why story" in text_of(result)

    # The trainer rewrites a scenario: a new version; answered attempts keep version 1.
    asked_first = text_of(people[0].get(_attempt_urls(app)[0] + "/1/feedback"))
    story = asked_first.split("Read the story again ")[1].split(".")[0]
    n = int(story.split("Ward 7 story ")[1][0])
    submit_trainer_form(
        trainer,
        f"/trainer/quizzes/{own.id}/scenarios/{n}",
        {"scenario": "A brand new story.", "answer": "inform", "explanation": "New reasons."},
    )
    assert _own_quizzes(app)[0].version == 2
    again = text_of(people[0].get(_attempt_urls(app)[0] + "/1/feedback"))
    assert story in again and "A brand new story." not in again

    # The trainer's results show the quiz like a shipped one.
    live = text_of(trainer.get(f"/trainer/sessions/{training.id}/live"))
    assert "3 people joined and 3 finished the quiz" in live
    assert story in live and "A brand new story." not in live  # the wording people answered
    csv = trainer.get(f"/downloads/sessions/{training.id}/quiz-attempts.csv").get_data(True)
    assert f"own-{own.id}" in csv and "A brand new story." not in csv
    assert "Q5 answer: Ward 7 story" in csv
    report = prepared_file(trainer, training.id)
    words = pdf_text(pdf_of(report))
    assert "Quiz Stories from ward 7" in words and "A brand new story." not in words


def _trainer(email: str = TRAINER_EMAIL) -> Trainer:
    """The trainer with this email (inside an app context)."""
    return get_db().scalar(select(Trainer).where(Trainer.email == email))


def _attempt_urls(app) -> list[str]:
    with app.app_context():
        ids = get_db().scalars(select(QuizAttempt.public_id).order_by(QuizAttempt.id)).all()
    return [f"/quiz/a/{public_id}" for public_id in ids]


def test_an_own_quiz_is_only_for_people_in_its_session(app, client):
    signed_in_client(app)
    own = _own(app)
    assert client.get(f"/quiz/own-{own.id}/").status_code == 404
    with app.app_context():
        training = TrainingFactory(trainer=_trainer(), quiz_id=f"own-{own.id}")
    join(client, training.join_code)
    assert client.get(f"/quiz/own-{own.id}/").status_code == 200


def test_deleting_says_what_it_does_and_sessions_keep_their_results(app):
    trainer = signed_in_client(app)
    used, unused = _own(app), _own(app, title="Never used")
    with app.app_context():
        training = TrainingFactory(trainer=_trainer(), quiz_id=f"own-{used.id}")
    participant(app, training.join_code, right=2, quiz_id=f"own-{used.id}")
    warning = text_of(trainer.get(f"/trainer/quizzes/{used.id}/delete"))
    assert "leaves the 1 session that uses it as they are" in warning
    assert "deletes every version of it" in text_of(
        trainer.get(f"/trainer/quizzes/{unused.id}/delete")
    )
    for own in (used, unused):
        deleted = submit_trainer_form(trainer, f"/trainer/quizzes/{own.id}/delete")
        assert deleted.location == "/trainer/quizzes/"
        assert trainer.get(f"/trainer/quizzes/{own.id}").status_code == 404
    assert _own_quizzes(app) == []
    with app.app_context():
        kept = get_db().scalars(select(ContentSnapshot.content_id)).all()
    assert f"own-{used.id}" in kept and f"own-{unused.id}" not in kept
    assert "Stories from ward 7" in text_of(trainer.get(f"/trainer/sessions/{training.id}"))
    csv = trainer.get(f"/downloads/sessions/{training.id}/quiz-attempts.csv").get_data(True)
    assert "Q1 answer: Ward 7 story" in csv


def test_another_trainer_gets_404_for_every_page_of_a_quiz(app):
    signed_in_client(app)
    own = _own(app)
    other = signed_in_client(app, "other@example.nhs.uk")
    assert "Stories from ward 7" not in text_of(other.get("/trainer/quizzes/"))
    token = form_fields(other.get("/trainer/quizzes/new").get_data(as_text=True), 1)[1]
    rules = [r for r in app.url_map.iter_rules() if "own_quiz_id" in r.arguments]
    assert len(rules) >= 8
    for rule in rules:
        url = rule.rule.replace("<int:own_quiz_id>", str(own.id)).replace("<int:n>", "1")
        for method in ("GET", "POST") if "POST" in rule.methods else ("GET",):
            response = other.open(url, method=method, data=token)
            assert response.status_code == 404, (method, url)
    # Nor can they choose it for a session: it is not offered, and posting it is refused.
    assert f"own-{own.id}" not in other.get("/trainer/sessions/new").get_data(as_text=True)
    refused = submit_trainer_form(
        other,
        "/trainer/sessions/new",
        {"name": "Theirs", "quiz": f"own-{own.id}", "includes_assessment": "no"},
    )
    assert refused.status_code == 400
    assert _own_quizzes(app)[0].version == own.version


def test_an_own_quiz_runs_paced_on_the_projector_and_the_phones(app):
    trainer = signed_in_client(app)
    own = _own(app)
    page = trainer.get(f"/trainer/quizzes/{own.id}/use", follow_redirects=True)
    assert page.request.path == "/trainer/sessions/new"
    created = submit_trainer_form(
        trainer,
        f"/trainer/sessions/new?quiz=own-{own.id}",
        {
            "name": "Ward 7 paced",
            "held_on-day": "5",
            "held_on-month": "12",
            "held_on-year": "2026",
            "quiz": f"own-{own.id}",
            "pace": "paced",
            "includes_assessment": "no",
        },
    )
    assert created.status_code == 302
    session_id = int(created.location.rsplit("/", 1)[1])
    with app.app_context():
        code = get_db().get(TrainingSession, session_id).join_code
    phone = app.test_client()
    join(phone, code)
    controls = f"/trainer/sessions/{session_id}/controls"
    start = submit_form(trainer, controls, form_index=1)
    assert start.status_code == 303
    projected = text_of(trainer.get(f"/trainer/sessions/{session_id}/present"))
    on_phone = text_of(phone.get(f"/s/{code}/room"))
    assert "Ward 7 story" in projected and "Ward 7 story" in on_phone
    assert "Question 1 of 5" in on_phone

"""The scenario quiz, driven like a person would: start, answer each question, see the score."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, update

from app.content import library
from app.db import get_db
from app.models import QuizAnswer, QuizAttempt
from app.quiz.queries import find_attempt, record_answer
from tests.factories import QUIZ_ID
from tests.helpers import form_fields, submit_form, text_of
from tests.journeys import (
    answer,
    asked,
    create_session,
    link_named,
    load_quiz,
    participant,
    session_row,
    signed_in_client,
    start_quiz,
    stored_answers,
    stored_attempts,
    take_quiz,
    wrong_option,
)

# --- Choosing and starting ------------------------------------------------------------


def test_quiz_list_shows_the_default_quiz_first_with_links_to_start(client):
    response = client.get("/quiz/")
    assert response.status_code == 200
    page = text_of(response)
    assert page.index("Is it co-production?") < page.index("Who holds the power?")
    assert "5 questions, about 5 minutes" in page
    html = response.get_data(as_text=True)
    assert 'href="/quiz/is-it-co-production/"' in html
    assert 'href="/quiz/who-holds-the-power/"' in html


def test_start_page_says_how_long_that_it_is_anonymous_and_untimed(client):
    page = text_of(client.get("/quiz/is-it-co-production/"))
    assert "Read each short story" in page  # the quiz's introduction
    assert "about 5 minutes" in page and "no timer" in page
    assert "anonymous" in page
    assert "Start the quiz" in page


def test_starting_stores_an_anonymous_attempt_pinned_to_the_content(app, client):
    quiz = load_quiz(app)
    attempt_url = start_quiz(client)
    [attempt] = stored_attempts(app)
    assert attempt_url == f"/quiz/a/{attempt.public_id}"
    assert (attempt.quiz_id, attempt.quiz_version, attempt.content_hash, attempt.total) == (
        quiz.id,
        quiz.version,
        quiz.content_hash,
        5,
    )
    assert attempt.training_session_id is None and attempt.score is None


def csrf_fields(client) -> dict[str, str]:
    """A real CSRF token (from any page with a form), for posts to addresses with no form."""
    return form_fields(client.get(f"/quiz/{QUIZ_ID}/").get_data(as_text=True))[1]


def test_unknown_quiz_is_404(app, client):
    assert client.get("/quiz/no-such-quiz/").status_code == 404
    assert client.post("/quiz/no-such-quiz/", data=csrf_fields(client)).status_code == 404
    assert stored_attempts(app) == []


# --- Question pages -------------------------------------------------------------------


def test_question_page_shows_the_story_and_each_rung_with_its_hint(app, client):
    quiz = load_quiz(app)
    attempt_url = start_quiz(client)
    response = client.get(f"{attempt_url}/1")
    html = response.get_data(as_text=True)
    assert "<title>Question 1 of 5 - Is it co-production? - Involvement Ladder</title>" in html
    page = text_of(response)
    assert "Question 1 of 5" in page
    assert " ".join(asked(app, attempt_url)[0].scenario.split()) in page
    for rung in quiz.ladder.rungs:
        assert f'type="radio" value="{rung.id}"' in html
        assert rung.hint in page
    assert "Continue" in page


def test_continuing_with_nothing_chosen_shows_the_error_and_stores_nothing(app, client):
    attempt_url = start_quiz(client)
    response = answer(client, attempt_url, 1, None)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Error: Question 1 of 5" in html
    page = text_of(response)
    assert "There is a problem" in page
    # Once in the summary and once beside the radios.
    assert page.count("Select the kind of involvement this shows") == 2
    assert stored_answers(app) == []


@pytest.mark.parametrize(
    "tamper",
    [
        {"answer": "not-a-rung"},
        {"answer": "co-production", "question_id": "foot-clinic-move-letter"},
        {"answer": "co-production", "question_id": ""},
    ],
    ids=["option value", "another question's id", "no question id"],
)
def test_a_tampered_form_gets_the_400_page_and_nothing_is_stored(app, client, tamper):
    attempt_url = start_quiz(client)
    if tamper.get("question_id"):  # a question of this quiz that is not the one on the page
        first = asked(app, attempt_url)[0].id
        tamper = {
            **tamper,
            "question_id": next(q.id for q in load_quiz(app).questions if q.id != first),
        }
    response = submit_form(client, f"{attempt_url}/1", tamper)
    assert response.status_code == 400
    assert "Nothing was saved" in text_of(response)
    assert stored_answers(app) == []


def test_questions_must_be_answered_in_order(app, client):
    attempt_url = start_quiz(client)
    assert client.get(f"{attempt_url}/3").location == f"{attempt_url}/1"
    assert client.get(f"{attempt_url}/1/feedback").location == f"{attempt_url}/1"
    assert client.get(f"{attempt_url}/result").location == f"{attempt_url}/1"
    answer(client, attempt_url, 1, "inform")
    assert client.get(f"{attempt_url}/result").location == f"{attempt_url}/2"
    # A post for a later question, made from a page fetched out of turn, is not stored.
    page = client.get(f"{attempt_url}/2")
    _, fields = form_fields(page.get_data(as_text=True))
    fields["question_id"] = asked(app, attempt_url)[2].id
    response = client.post(f"{attempt_url}/3", data={**fields, "answer": "inform"})
    assert response.location == f"{attempt_url}/2"
    assert len(stored_answers(app)) == 1


def test_the_back_button_and_a_resubmitted_form_never_change_or_double_count(app, client):
    attempt_url = start_quiz(client)
    first = asked(app, attempt_url)[0]
    old_page = client.get(f"{attempt_url}/1")  # the page the back button would show
    answer(client, attempt_url, 1, first.answer.id)

    # Going back to the question now shows its feedback instead.
    assert client.get(f"{attempt_url}/1").location == f"{attempt_url}/1/feedback"
    # Posting the old page again, even with another answer, changes nothing.
    _, fields = form_fields(old_page.get_data(as_text=True))
    response = client.post(f"{attempt_url}/1", data={**fields, "answer": wrong_option(first)})
    assert response.location == f"{attempt_url}/1/feedback"
    assert stored_answers(app) == [(first.id, first.answer.id)]
    assert "Correct" in text_of(client.get(f"{attempt_url}/1/feedback"))


def test_an_answer_that_arrives_twice_at_once_is_stored_once(app, client):
    # Two posts racing past the "already answered?" check: the database keeps the first.
    quiz = load_quiz(app)
    attempt_url = start_quiz(client)
    first = asked(app, attempt_url)[0]
    with app.app_context():
        attempt = find_attempt(get_db(), attempt_url.rsplit("/", 1)[1])
        record_answer(get_db(), attempt, quiz, 1, first.answer.id)
        record_answer(get_db(), attempt, quiz, 1, wrong_option(first))
        get_db().commit()
    assert stored_answers(app) == [(first.id, first.answer.id)]


# --- Feedback and result --------------------------------------------------------------


@pytest.mark.parametrize("quiz_id", ["is-it-co-production", "who-holds-the-power"])
def test_all_right_scores_five_out_of_five(app, client, quiz_id):
    attempt_url = start_quiz(client, quiz_id)
    page_url = attempt_url + "/1"
    for n, question in enumerate(asked(app, attempt_url), start=1):
        response = submit_form(client, page_url, {"answer": question.answer.id})
        feedback = client.get(response.location)
        page = text_of(feedback)
        assert "Correct" in page and "Not quite" not in page
        assert f"The answer is {question.answer.name}." in page
        assert " ".join(question.explanation.split()) in page
        if question.talk_about:
            assert f"Talk about it {' '.join(question.talk_about.split())}" in page
        page_url = link_named(feedback, "See your score" if n == 5 else "Next question")

    assert "You scored 5 out of 5" in text_of(client.get(page_url))
    [attempt] = stored_attempts(app)
    assert attempt.score == 5 and attempt.finished_at is not None


def test_all_wrong_scores_zero_and_explains_each_choice(app, client):
    attempt_url = start_quiz(client)
    for n, question in enumerate(asked(app, attempt_url), start=1):
        chosen = wrong_option(question)
        answer(client, attempt_url, n, chosen)
        page = text_of(client.get(f"{attempt_url}/{n}/feedback"))
        assert "Not quite" in page
        assert f"The answer is {question.answer.name}." in page
        if chosen in question.feedback:
            assert " ".join(question.feedback[chosen].split()) in page
        assert " ".join(question.explanation.split()) in page

    assert "You scored 0 out of 5" in text_of(client.get(f"{attempt_url}/result"))
    [attempt] = stored_attempts(app)
    assert attempt.score == 0
    with app.app_context():
        flags = get_db().scalars(select(QuizAnswer.is_correct)).all()
    assert flags == [False] * 5


def test_feedback_uses_no_red_fail_styling(app, client):
    attempt_url = start_quiz(client)
    answer(client, attempt_url, 1, wrong_option(asked(app, attempt_url)[0]))
    response = client.get(f"{attempt_url}/1/feedback")
    assert "Not quite" in text_of(response)
    html = response.get_data(as_text=True)
    assert "nhsuk-panel--interruption" in html  # the blue panel, not an error style
    assert "nhsuk-error" not in html and "--red" not in html


def test_result_page_marks_answers_that_were_not_quite_right_as_well(app, client):
    quiz = load_quiz(app)

    def another_rung(question):
        return next(option.id for option in question.options if option.id != question.answer.id)

    attempt_url = take_quiz(client, quiz.id, choose=another_rung)
    page = text_of(client.get(f"{attempt_url}/result"))
    assert page.count("(not quite)") == 5 and "(right)" not in page


def test_result_page_explains_every_question_and_links_to_learn_more(app, client):
    quiz = load_quiz(app)
    attempt_url = take_quiz(client, quiz.id, choose=lambda question: question.answer.id)
    response = client.get(f"{attempt_url}/result")
    assert response.status_code == 200
    page = text_of(response)
    for n, question in enumerate(asked(app, attempt_url), start=1):
        assert f"Question {n}" in page
        assert " ".join(question.explanation.split()) in page
    assert page.count("(right)") == 5 and "(not quite)" not in page
    html = response.get_data(as_text=True)
    assert 'class="app-ladder"' in html
    for rung in quiz.ladder.rungs:
        assert rung.description in page
    with app.app_context():
        sections = library().guide.sections
    assert 'href="/learn"' in html
    for section in sections:
        assert f'href="/learn#{section.id}"' in html


def test_try_again_starts_a_new_attempt_and_keeps_the_first_result(app, client):
    quiz = load_quiz(app)
    first_url = take_quiz(client, quiz.id, choose=lambda question: question.answer.id)
    response = submit_form(client, f"{first_url}/result", {}, form_index=0)
    assert response.status_code == 303
    second_url = response.location.removesuffix("/1")
    assert second_url != first_url

    answer(client, second_url, 1, wrong_option(asked(app, second_url)[0]))
    assert client.get(f"{second_url}/result").location == f"{second_url}/2"
    assert "You scored 5 out of 5" in text_of(client.get(f"{first_url}/result"))
    first, second = stored_attempts(app)
    assert (first.score, second.score) == (5, None)
    assert second.quiz_id == first.quiz_id


def test_an_attempt_left_unfinished_by_a_content_change_is_scored_not_looped(app, client):
    # If the quiz file starts asking fewer questions, an attempt can have every question
    # answered without having been finished: its result page finishes it.
    quiz = load_quiz(app)
    attempt_url = take_quiz(client, quiz.id, choose=lambda question: question.answer.id)
    with app.app_context():
        db = get_db()
        db.execute(update(QuizAttempt).values(finished_at=None, score=None))
        db.commit()
    response = client.get(f"{attempt_url}/result")
    assert response.status_code == 200
    assert "You scored 5 out of 5" in text_of(response)
    assert stored_attempts(app)[0].score == 5


# --- Addresses that lead nowhere ------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/quiz/a/{unknown}/1",
        "/quiz/a/{unknown}/1/feedback",
        "/quiz/a/{unknown}/result",
        "/quiz/a/not-a-token!/1",
        "/quiz/a/{attempt}/0",
        "/quiz/a/{attempt}/6",
        "/quiz/a/{attempt}/six",
        "/quiz/a/{attempt}/6/feedback",
    ],
)
def test_unknown_attempts_and_questions_are_404(client, path):
    attempt = start_quiz(client).rsplit("/", 1)[1]
    url = path.format(unknown="x" * 43, attempt=attempt)
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in text_of(response)


def test_try_again_for_an_unknown_attempt_is_404(app, client):
    assert client.post(f"/quiz/a/{'x' * 43}/again", data=csrf_fields(client)).status_code == 404
    assert stored_attempts(app) == []


# --- Draws ----------------------------------------------------------------------------


def test_ten_attempts_in_a_row_vary_their_questions_and_a_retake_avoids_the_last(app, client):
    bank = load_quiz(app)
    draws = []
    attempt_url = start_quiz(client)
    for _ in range(10):
        draws.append(asked(app, attempt_url))
        attempt_url = submit_form(client, f"/quiz/{QUIZ_ID}/").location.removesuffix("/1")
    ids = [tuple(question.id for question in draw) for draw in draws]
    assert len(set(ids)) >= 9
    for earlier, later in zip(ids, ids[1:], strict=False):
        assert not set(earlier) & set(later)  # 20 in the bank: a fresh five every time
    mixes = {tuple(sorted(q.answer.level for q in draw)) for draw in draws}
    assert len(mixes) > 1
    assert all(len({q.answer.id for q in draw}) >= bank.min_rungs for draw in draws)


def test_the_stored_draw_is_what_the_pages_ask_in_order(app, client):
    attempt_url = start_quiz(client)
    for n, question in enumerate(asked(app, attempt_url), start=1):
        page = text_of(client.get(f"{attempt_url}/{n}"))
        assert " ".join(question.scenario.split()) in page
        answer(client, attempt_url, n, question.answer.id)
    assert "You scored 5 out of 5" in text_of(client.get(f"{attempt_url}/result"))


def test_an_attempt_from_before_draws_still_shows_its_own_five_questions(app, client):
    attempt_url = start_quiz(client)
    with app.app_context():
        db = get_db()
        db.execute(update(QuizAttempt).values(question_ids=None))  # as the migration left it
        db.commit()
    quiz = load_quiz(app)
    for n, question in enumerate(quiz.questions[:5], start=1):
        assert " ".join(question.scenario.split()) in text_of(client.get(f"{attempt_url}/{n}"))
        answer(client, attempt_url, n, question.answer.id)
    assert "You scored 5 out of 5" in text_of(client.get(f"{attempt_url}/result"))


def test_everyone_in_a_training_session_gets_the_same_draw(app):
    trainer = signed_in_client(app)
    session_id = create_session(trainer, "Same questions")
    code = session_row(app, session_id).join_code
    for right in (5, 3, 1):
        participant(app, code, right=right)
    attempts = stored_attempts(app)
    assert len(attempts) == 3 and len({a.question_ids for a in attempts}) == 1
    assert attempts[0].question_ids == session_row(app, session_id).quiz_question_ids
    live = text_of(trainer.get(f"/trainer/sessions/{session_id}/live"))
    first = load_quiz(app).question(json.loads(attempts[0].question_ids)[0])
    assert " ".join(first.scenario.split()[:6]) in live  # per-question figures: that draw

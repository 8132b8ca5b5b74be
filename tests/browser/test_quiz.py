"""The quiz in a real browser: all five questions, feedback, the score and a retake, in
every way people use it (the keyboard run is the quiz's keyboard-only test)."""

import pytest

from app.domain.content import Quiz
from tests.browser.user import User

pytestmark = pytest.mark.browser

SERVICE = " - Involvement Ladder"
QUIZ_ID = "is-it-co-production"


@pytest.fixture
def quiz(live_server) -> Quiz:
    return live_server.app.extensions["content"].quiz(QUIZ_ID)


def test_take_the_quiz_see_why_after_each_answer_then_the_score_and_try_again(
    user: User, quiz: Quiz
):
    quiz_title = f" - {quiz.title}{SERVICE}"
    user.visit("/")
    user.follow("Take the quiz")
    user.follow(quiz.title)
    assert user.title == quiz.title + SERVICE
    user.press("Start the quiz")

    total = quiz.questions_per_attempt
    right = 0
    for n in range(1, total + 1):
        counter = f"Question {n} of {total}"
        assert user.title == counter + quiz_title
        question = user.question_shown(quiz)
        if n == 1:  # first, send nothing: the error summary leads to the options
            user.press("Continue")
            assert user.title == "Error: " + counter + quiz_title
            user.use_error_link("Select the kind of involvement this shows")
        # Every other question wrong, so both kinds of feedback show.
        correct = n % 2 == 1
        wrong = next(rung for rung in question.options if rung != question.answer)
        user.choose(question.answer.name if correct else wrong.name)
        user.press("Continue")

        verdict = "Correct" if correct else "Not quite"
        assert user.title == f"{verdict} - {counter}{quiz_title}"
        assert f"The answer is {question.answer.name}." in user.text()
        right += correct
        user.press("Next question" if n < total else "See your score")

    assert user.title == "Your score" + quiz_title
    assert f"You scored {right} out of {total}" in user.text()
    summary = user.download("Download a summary of your answers (PDF)")
    with open(summary.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    user.press("Try again")
    assert user.title == f"Question 1 of {total}" + quiz_title

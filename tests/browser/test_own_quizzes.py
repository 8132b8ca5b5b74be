"""A trainer's own quiz in a real browser, in every way people use it: write one in the
form (errors lead to their fields), see an upload's problems with their lines, preview the
quiz and read what deleting does. Every page goes through axe and the HTML checker."""

import itertools
from pathlib import Path

import pytest

from app.db import get_db
from app.models import Trainer
from tests.browser.user import User
from tests.factories import OwnQuizFactory, TrainerFactory

pytestmark = pytest.mark.browser

SERVICE = " - Involvement Ladder"
PASSWORD = "correct horse battery"
EXAMPLE = Path(__file__).parents[2] / "app/own_quizzes/example-quiz.yaml"
_trainers = itertools.count(1)


@pytest.fixture
def trainer_email(live_server) -> str:
    """A trainer with a ready quiz of their own (made with the factory)."""
    email = f"own-quizzes{next(_trainers)}@example.nhs.uk"
    with live_server.app.app_context():
        OwnQuizFactory(trainer=TrainerFactory(email=email, password=PASSWORD))
        assert get_db().query(Trainer).filter_by(email=email).one()
    return email


def test_a_trainer_writes_uploads_previews_and_deletes_a_quiz(
    user: User, trainer_email: str, tmp_path
):
    user.sign_in(trainer_email, PASSWORD)
    user.follow("Your quizzes")
    assert user.title == "Your quizzes" + SERVICE

    user.follow("Write a quiz")
    user.press("Save and add scenarios")
    assert user.title == "Error: Write a quiz" + SERVICE
    user.use_error_link("Enter a title for the quiz")
    user.fill("Title", "Ward 7 stories")
    user.fill("Introduction", "Stories from our ward.")
    user.press("Save and add scenarios")
    assert user.title == "Add a scenario - Ward 7 stories" + SERVICE
    user.press("Save scenario")
    user.use_error_link("Select the rung that fits this scenario")
    user.fill("Scenario", "Patients help write the new menu, then staff decide.")
    user.choose("Consult")
    user.fill("Why it is that rung", "People gave views, but staff chose alone.")
    user.press("Save scenario")
    assert user.title == "Ward 7 stories" + SERVICE
    assert "Add 4 more scenarios: a quiz needs at least 5" in user.text()

    broken = tmp_path / "our-quiz.yaml"
    broken.write_text(EXAMPLE.read_text().replace("answer: engage", "answer: engaged"))
    user.follow("Your quizzes")
    user.follow("Upload a quiz file")
    user.page.set_input_files("input[type=file]", broken)
    user.press("Upload and check")
    assert user.title == "Error: Upload a quiz file" + SERVICE
    assert "Line 37, questions[2].answer: 'engaged' is not a rung" in user.text()

    user.follow("Back to your quizzes")
    user.follow("Stories from ward 7")
    user.follow("Preview it")
    assert user.title.startswith("Preview: Question 1 of 5")
    user.choose("Co-production")
    user.press("Continue")
    assert "The answer is Inform" in user.text()
    user.follow("Back to the quiz")
    user.follow("Delete this quiz")
    assert "deletes every version of it: no session uses it" in user.text()
    user.press("Yes, delete the quiz")
    assert user.title == "Your quizzes" + SERVICE
    assert "has been deleted" in user.text()

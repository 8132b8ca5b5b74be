"""`flask --app wsgi trainers create EMAIL` and `trainers reset-password EMAIL`."""

from sqlalchemy import select

from app.db import get_db
from app.models import Trainer
from tests.factories import PASSWORD
from tests.journeys import make_trainer, sign_in


def _trainers(app) -> list[str]:
    with app.app_context():
        return list(get_db().scalars(select(Trainer.email)))


def test_create_asks_for_the_password_twice_and_the_trainer_can_sign_in(app, runner, client):
    result = runner.invoke(
        args=["trainers", "create", "New.Trainer@Example.NHS.uk"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created trainer new.trainer@example.nhs.uk" in result.output
    assert PASSWORD not in result.output  # never echoed
    assert _trainers(app) == ["new.trainer@example.nhs.uk"]
    assert sign_in(client, "new.trainer@example.nhs.uk").status_code == 302


def test_create_asks_again_for_a_short_or_mismatched_password(app, runner):
    result = runner.invoke(
        args=["trainers", "create", "t@example.nhs.uk"],
        input=f"short\nshort\n{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Your password must be 12 characters or more" in result.output
    assert "do not match" in result.output
    assert _trainers(app) == ["t@example.nhs.uk"]


def test_create_refuses_a_duplicate_or_invalid_email_before_asking_for_a_password(app, runner):
    make_trainer(app, "taken@example.nhs.uk")
    for email, message in [
        ("TAKEN@example.nhs.uk", "A trainer with the email address taken@example.nhs.uk already"),
        ("not-an-email", "not-an-email is not a valid email address"),
    ]:
        result = runner.invoke(args=["trainers", "create", email], input="")
        assert result.exit_code == 1
        assert message in result.output
        assert "Password" not in result.output
    assert _trainers(app) == ["taken@example.nhs.uk"]


def test_reset_password(app, runner, client):
    make_trainer(app)
    new = "another long passphrase"
    result = runner.invoke(
        args=["trainers", "reset-password", "trainer@example.nhs.uk"], input=f"{new}\n{new}\n"
    )
    assert result.exit_code == 0, result.output
    assert sign_in(client, password=PASSWORD).status_code == 200
    assert sign_in(client, password=new).status_code == 302
    result = runner.invoke(args=["trainers", "reset-password", "nobody@example.nhs.uk"])
    assert result.exit_code == 1
    assert "There is no trainer with the email address nobody@example.nhs.uk" in result.output

"""Password hashing and account rules (plain functions, no pages)."""

import pytest

from app.trainer.accounts import is_valid_email, normalise_email
from app.trainer.passwords import hash_password, password_problem, verify_password


@pytest.mark.real_password_hashing
def test_passwords_are_hashed_with_argon2id_at_the_recommended_cost():
    hashed = hash_password("correct horse battery")
    assert hashed.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert verify_password(hashed, "correct horse battery")
    assert not verify_password(hashed, "correct horse battery!")
    assert not verify_password("not a hash", "correct horse battery")


def test_password_rules():
    assert password_problem("x" * 11) == "Your password must be 12 characters or more"
    assert password_problem("correct horse battery") is None
    assert password_problem("x" * 201) == "Your password must be 200 characters or fewer"


@pytest.mark.parametrize(
    "weak",
    ["password1234", "aaaaaaaaaaaa", "qwertyuiop12", "123456789012", "involvementladder"],
)
def test_common_and_patterned_passwords_are_refused(weak):
    assert "too easy to guess" in password_problem(weak)


def test_the_trainers_own_email_address_is_refused_as_a_password():
    assert password_problem("sam.jones@trust.nhs.uk", "sam.jones@trust.nhs.uk") is not None
    assert password_problem("sam.jones@trust.nhs.uk", "someone@else.nhs.uk") is None


@pytest.mark.parametrize(
    "email, valid",
    [
        ("trainer@example.nhs.uk", True),
        ("a.b+c@nhs.net", True),
        ("no-at-sign.nhs.uk", False),
        ("two@@nhs.uk", False),
        ("space in@nhs.uk", False),
        ("nodot@localhost", False),
        ("", False),
        ("x@" + "a" * 250 + ".uk", False),
    ],
)
def test_email_rules(email, valid):
    assert is_valid_email(email) is valid


def test_emails_are_compared_in_lower_case_without_spaces():
    assert normalise_email("  Trainer@Example.NHS.uk ") == "trainer@example.nhs.uk"
    assert normalise_email(None) == ""

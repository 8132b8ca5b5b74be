"""Forms for starting an assessment, answering it and opening a new round."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.domain.content import Dimension
from app.domain.ladder import Ladder
from app.domain.results import NOT_SURE, NOT_YET, PERSPECTIVES, SKIP_NAMES

# What a member picks to describe themselves (one person's words for each group).
PERSPECTIVE_CHOICES = [
    ("staff", "Staff"),
    ("lived-experience", "Person with lived experience"),
    ("carer", "Carer or family member"),
    ("volunteer", "Volunteer"),
    ("community-partner", "Voluntary or community sector partner"),
    ("other", "Other"),
]
assert [key for key, _ in PERSPECTIVE_CHOICES] == list(PERSPECTIVES)
PERSPECTIVE_HINTS = {
    "staff": "You work for the organisation running the project.",
    "lived-experience": "You use, or have used, the service.",
    "carer": "You care for or support someone who uses the service.",
    "community-partner": "You work for a charity or community group.",
}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def has_unknown_choice(field: RadioField) -> bool:
    """A value was sent that the page never offered: the form was tampered with."""
    return field.data not in (None, "") and field.data not in {value for value, _ in field.choices}


class StartForm(FlaskForm):
    project_name = StringField(
        "Project name",
        filters=[_strip],
        validators=[
            DataRequired(message="Enter the name of the project"),
            Length(max=200, message="Project name must be 200 characters or fewer"),
        ],
    )
    team_name = StringField(
        "Team name",
        filters=[_strip],
        validators=[
            DataRequired(message="Enter the name of your team"),
            Length(max=200, message="Team name must be 200 characters or fewer"),
        ],
    )
    description = TextAreaField(
        "What is the project about? (optional)",
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=1000, message="Description must be 1000 characters or fewer"),
        ],
    )


class PerspectiveForm(FlaskForm):
    perspective = RadioField(
        "Which of these best describes you?",
        choices=PERSPECTIVE_CHOICES,
        validate_choice=False,  # unknown values are refused with a 400 page instead
        validators=[InputRequired(message="Select the option that best describes you")],
    )


class AnswerForm(FlaskForm):
    answer = RadioField(
        validate_choice=False,  # unknown values are refused with a 400 page instead
        validators=[InputRequired(message="Select an answer, or select Not sure")],
    )

    @classmethod
    def for_question(cls, dimension: Dimension, ladder: Ladder, **kwargs) -> AnswerForm:
        form = cls(**kwargs)
        form.answer.choices = [(rung.id, dimension.options[rung.id]) for rung in ladder.rungs] + [
            (NOT_SURE, SKIP_NAMES[NOT_SURE]),
            (NOT_YET, SKIP_NAMES[NOT_YET]),
        ]
        return form


class CloseRoundForm(FlaskForm):
    """Only the CSRF token: sending it is the lead's "yes, close the round"."""


class SubmitForm(FlaskForm):
    """Only the CSRF token: sending it is the member's "yes, send my answers"."""


class NewRoundForm(FlaskForm):
    label = StringField(
        "Name of the new round",
        filters=[_strip],
        validators=[
            DataRequired(message="Enter a name for the new round, like 6 months on"),
            Length(max=100, message="Name of the round must be 100 characters or fewer"),
        ],
    )

"""Forms for writing a quiz: its details, one scenario at a time, or a whole file."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.domain.ladder import Rung
from app.domain.own_quiz import FEEDBACK_LIMIT, LIMITS, TALK_ABOUT_LIMIT


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _at_most(limit: int, what: str) -> Length:
    return Length(max=limit, message=f"{what} must be {limit:,} characters or fewer")


class DetailsForm(FlaskForm):
    title = StringField(
        "Title",
        filters=[_strip],
        validators=[
            DataRequired(message="Enter a title for the quiz"),
            _at_most(LIMITS["title"], "The title"),
        ],
    )
    introduction = TextAreaField(
        "Introduction",
        filters=[_strip],
        validators=[
            DataRequired(message="Enter an introduction: what the quiz is about"),
            _at_most(LIMITS["introduction"], "The introduction"),
        ],
    )


class ScenarioForm(FlaskForm):
    """One scenario; its feedback fields (one per option) are added by for_rungs."""

    scenario = TextAreaField(
        "Scenario",
        filters=[_strip],
        validators=[
            DataRequired(message="Enter the scenario: what happened"),
            _at_most(LIMITS["scenario"], "The scenario"),
        ],
    )
    # Values never offered are refused with a 400 (reject_tampered_choices).
    answer = RadioField(
        "Which rung of the ladder is it?",
        validate_choice=False,
        validators=[DataRequired(message="Select the rung that fits this scenario")],
    )
    explanation = TextAreaField(
        "Why it is that rung",
        filters=[_strip],
        validators=[
            DataRequired(message="Enter the explanation: why it is that rung"),
            _at_most(LIMITS["explanation"], "The explanation"),
        ],
    )
    talk_about = StringField(
        "A question to talk about (optional)",
        filters=[_strip],
        validators=[_at_most(TALK_ABOUT_LIMIT, "The question to talk about")],
    )

    @classmethod
    def for_rungs(cls, rungs: tuple[Rung, ...], **kwargs) -> ScenarioForm:
        fields = {
            feedback_field(rung): TextAreaField(
                f"If someone chooses {rung.name} (optional)",
                filters=[_strip],
                validators=[_at_most(FEEDBACK_LIMIT, f"The feedback for {rung.name}")],
            )
            for rung in rungs
        }
        form = type("RungScenarioForm", (cls,), fields)(**kwargs)
        form.answer.choices = [(rung.id, rung.name) for rung in rungs]
        form.rungs = rungs
        return form

    def feedback_fields(self) -> list[tuple[Rung, TextAreaField]]:
        return [(rung, self[feedback_field(rung)]) for rung in self.rungs]

    def feedback(self) -> dict[str, str]:
        return {rung.id: self[feedback_field(rung)].data or "" for rung in self.rungs}


def feedback_field(rung: Rung) -> str:
    return "feedback_" + rung.id.replace("-", "_")


class UploadForm(FlaskForm):
    quiz_file = FileField(
        "Quiz file", validators=[FileRequired(message="Choose a quiz file to upload")]
    )


class ConfirmForm(FlaskForm):
    """Remove or delete: nothing to fill in, the form only carries the CSRF token."""

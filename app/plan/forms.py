"""Forms for agreeing rungs, setting a target, planning actions and reviewing them.

Every choice is checked against what the page offered: an unknown rung, question or
review answer gets an error message in the NHS error summary (never a 500).
"""

from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from app.domain.content import Assessment
from app.domain.ladder import Ladder
from app.domain.plan import (
    LEAD_MAX,
    LIVED_MAX,
    NOTE_MAX,
    REASON_MAX,
    REVIEW_NOTE_MAX,
    SUPPORT_MAX,
    WHAT_MAX,
    due_problem,
)
from app.domain.wording import COULD_NOT_AGREE, REVIEW_STATUSES
from app.trainer.forms import DateInputField

NO_AGREEMENT = "could-not-agree"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ChoiceField(RadioField):
    """Radios whose unknown values get a plain error message rather than WTForms' own."""

    def __init__(self, *args, unknown: str = "Select one of the options", **kwargs):
        super().__init__(*args, **kwargs)
        self.unknown = unknown

    def pre_validate(self, form):
        if self.data not in (None, "") and self.data not in {v for v, _ in self.choices}:
            raise ValidationError(self.unknown)


class VersionField(IntegerField):
    """The version the editor started from (hidden); a bad value counts as 'never saved'."""

    widget = HiddenInput()

    def process_formdata(self, valuelist):
        try:
            self.data = max(0, int(valuelist[0])) if valuelist else 0
        except ValueError:
            self.data = 0

    def pre_validate(self, form):
        pass


def _version_field():
    return VersionField(default=0, validators=[Optional()])


class AgreeForm(FlaskForm):
    outcome = ChoiceField(
        "What rung does the team agree on?",
        unknown="Select a rung from the list, or We could not agree",
        validators=[
            InputRequired(message="Select the rung the team agreed, or We could not agree")
        ],
    )
    range_low = SelectField("Lowest rung people chose", validate_choice=False)
    range_high = SelectField("Highest rung people chose", validate_choice=False)
    note = TextAreaField(
        "Why, and what did people with lived experience say? (optional)",
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=NOTE_MAX, message=f"The note must be {NOTE_MAX} characters or fewer"),
        ],
    )
    version = _version_field()

    @classmethod
    def for_ladder(cls, ladder: Ladder, **kwargs) -> AgreeForm:
        form = cls(**kwargs)
        form.outcome.choices = [(rung.id, rung.name) for rung in ladder.rungs] + [
            (NO_AGREEMENT, COULD_NOT_AGREE)
        ]
        levels = [("", "Choose a rung")] + [(rung.id, rung.name) for rung in ladder.rungs]
        form.range_low.choices = levels
        form.range_high.choices = levels
        form.ladder = ladder
        return form

    def validate_range_low(self, field):
        if field.data and field.data not in self.ladder.ids:
            raise ValidationError("Select a rung from the list for the lowest rung")

    def validate_range_high(self, field):
        if field.data and field.data not in self.ladder.ids:
            raise ValidationError("Select a rung from the list for the highest rung")
        low = self.range_low.data
        if (
            field.data
            and low in self.ladder.ids
            and self.ladder.rung(field.data).level < self.ladder.rung(low).level
        ):
            raise ValidationError("The highest rung must not be below the lowest rung")


class TargetForm(FlaskForm):
    target = ChoiceField(
        "What rung does this piece of work need?",
        unknown="Select a rung from the list",
        validators=[InputRequired(message="Select the rung this piece of work needs")],
    )
    reason = TextAreaField(
        "Why does this rung fit the work?",
        filters=[_strip],
        validators=[
            DataRequired(message="Say why this rung fits the work"),
            Length(max=REASON_MAX, message=f"The reason must be {REASON_MAX} characters or fewer"),
        ],
    )
    version = _version_field()

    @classmethod
    def for_ladder(cls, ladder: Ladder, **kwargs) -> TargetForm:
        form = cls(**kwargs)
        form.target.choices = [(rung.id, rung.name) for rung in ladder.rungs]
        return form


class ActionForm(FlaskForm):
    dimensions = SelectMultipleField(
        "Which questions does this action aim at?",
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=False,
    )
    what = TextAreaField(
        "What will you do?",
        filters=[_strip],
        validators=[
            DataRequired(message="Say what you will do"),
            Length(
                max=WHAT_MAX, message=f"What you will do must be {WHAT_MAX} characters or fewer"
            ),
        ],
    )
    lead = StringField(
        "Who will lead it?",
        filters=[_strip],
        validators=[
            DataRequired(message="Say who will lead it: a role, or a first name"),
            Length(
                max=LEAD_MAX, message=f"Who will lead it must be {LEAD_MAX} characters or fewer"
            ),
        ],
    )
    lived_experience = TextAreaField(
        "Which people with lived experience will take part?",
        filters=[_strip],
        validators=[
            DataRequired(message="Say which people with lived experience will take part"),
            Length(max=LIVED_MAX, message=f"This must be {LIVED_MAX} characters or fewer"),
        ],
    )
    support = TextAreaField(
        "What support or money does it need? (optional)",
        filters=[_strip],
        validators=[
            Optional(),
            Length(
                max=SUPPORT_MAX,
                message=f"Support or money must be {SUPPORT_MAX} characters or fewer",
            ),
        ],
    )
    due_on = DateInputField("By when?", what="date to finish by")
    version = _version_field()

    @classmethod
    def for_assessment(cls, assessment: Assessment, today: dt.date, **kwargs) -> ActionForm:
        form = cls(**kwargs)
        form.dimensions.choices = [(dim.id, dim.name) for dim in assessment.questions]
        form.today = today
        return form

    def validate_dimensions(self, field):
        if not field.data:
            raise ValidationError("Select at least one question the action aims at")
        offered = {value for value, _ in field.choices}
        if any(value not in offered for value in field.data):
            raise ValidationError("Select questions from the list")

    def validate_due_on(self, field):
        if isinstance(field.data, dt.date):
            problem = due_problem(field.data, self.today)
            if problem:
                field.parts_in_error = ("day", "month", "year")
                raise ValidationError(problem)


class ReviewForm(FlaskForm):
    status = ChoiceField(
        "How far did it get?",
        choices=list(REVIEW_STATUSES.items()),
        unknown="Select Done, Partly done or Not done",
        validators=[InputRequired(message="Select Done, Partly done or Not done")],
    )
    note = TextAreaField(
        "In a line, why?",
        filters=[_strip],
        validators=[
            DataRequired(message="Say in a line why"),
            Length(
                max=REVIEW_NOTE_MAX,
                message=f"The line must be {REVIEW_NOTE_MAX} characters or fewer",
            ),
        ],
    )
    version = _version_field()


class DeleteForm(FlaskForm):
    """Only the CSRF token: sending it is the lead's "yes, delete this action"."""

"""Forms of the trainer area."""

from __future__ import annotations

import datetime as dt

from flask import abort
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import Field, PasswordField, RadioField, StringField, TextAreaField
from wtforms.utils import unset_value
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from app.content import library
from app.domain.wording import PACE_CHOICES, PACE_SELF
from app.trainer.dates import PARTS, DateProblem, parse_date_parts
from app.trainer.passwords import password_problem
from app.trainer.teams import TeamNamesError, parse_project_names, parse_team_names

NO_QUIZ = "none"
YES_NO = [("yes", "Yes"), ("no", "No")]


def reject_tampered_choices(form: FlaskForm) -> None:
    """A posted radio value that was never offered is a tampered request: 400, nothing stored."""
    for field in form:
        if not isinstance(field, RadioField) or not field.raw_data:
            continue
        if field.raw_data[0] not in {str(value) for value, _ in field.choices}:
            abort(400)


class DateInputField(Field):
    """A date posted as NAME-day, NAME-month and NAME-year (see _date_input.html)."""

    def __init__(self, label=None, validators=None, what: str = "date", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.what = what
        self.parts = dict.fromkeys(PARTS, "")
        self.parts_in_error: tuple[str, ...] = ()

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(None, data, extra_filters)
        if formdata is not None:
            self.parts = {part: formdata.get(f"{self.name}-{part}", "") for part in PARTS}
            self.raw_data = list(self.parts.values())
            self.data = None
        elif isinstance(self.data, dt.date):
            self.parts = {part: str(getattr(self.data, part)) for part in PARTS}

    def pre_validate(self, form):
        parsed = parse_date_parts(**self.parts, what=self.what)
        if isinstance(parsed, DateProblem):
            self.parts_in_error = parsed.parts
            raise ValidationError(parsed.message)
        self.data = parsed


class SignInForm(FlaskForm):
    email = StringField(
        "Email address", validators=[DataRequired(message="Enter your email address")]
    )
    password = PasswordField("Password", validators=[DataRequired(message="Enter your password")])


def _new_password_check(form, field):
    problem = password_problem(field.data or "", current_user.email)
    if problem:
        raise ValidationError(problem)


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[DataRequired(message="Enter your current password")],
    )
    new_password = PasswordField(
        "New password",
        validators=[DataRequired(message="Enter a new password"), _new_password_check],
    )
    confirm_password = PasswordField(
        "New password again",
        validators=[
            DataRequired(message="Enter your new password again"),
            EqualTo("new_password", message="The new passwords do not match"),
        ],
    )


class SessionForm(FlaskForm):
    name = StringField(
        "Session name",
        validators=[
            DataRequired(message="Enter a name for the session"),
            Length(max=200, message="The session name must be 200 characters or fewer"),
        ],
    )
    # Today unless the trainer changes it (a GET shows today's date in the inputs).
    held_on = DateInputField(
        "Date of the session", what="date of the session", default=dt.date.today
    )
    # Values never offered are refused with a 400 (reject_tampered_choices), so WTForms'
    # own "Not a valid choice" check is off and only "nothing chosen" remains to say.
    quiz = RadioField(
        "Which quiz will people take?",
        validate_choice=False,
        validators=[DataRequired(message="Select a quiz, or No quiz")],
    )
    includes_assessment = RadioField(
        "Will teams do the self-assessment on one of their projects?",
        validate_choice=False,
        validators=[DataRequired(message="Select yes if teams will do the self-assessment")],
    )
    pace = RadioField("How will people take the quiz?", validate_choice=False, default=PACE_SELF)
    teams = TextAreaField("Team names (optional)")
    projects = TextAreaField("The project each team will assess (optional)")

    def __init__(self, *args, own_quizzes: list[tuple[str, str]] = (), **kwargs):
        """own_quizzes: (quiz id, title) of the trainer's own quizzes that are ready."""
        super().__init__(*args, **kwargs)
        self.quiz.choices = [(q.id, q.title) for q in library().quizzes.values()]
        self.quiz.choices += [(quiz_id, f"{title} (your quiz)") for quiz_id, title in own_quizzes]
        self.quiz.choices.append((NO_QUIZ, "No quiz"))
        # Set here, not in the field: WTForms 3.3 warns about tuples given to a field.
        self.includes_assessment.choices = YES_NO
        self.pace.choices = list(PACE_CHOICES)
        self.team_names: list[str] = []
        self.project_names: list[str] = []

    def validate_includes_assessment(self, field):
        if field.data == "yes" and library().default_assessment is None:
            raise ValidationError("There is no self-assessment to include: select No")

    def validate_teams(self, field):
        try:
            self.team_names = parse_team_names(field.data or "")
        except TeamNamesError as error:
            raise ValidationError(str(error)) from error

    def validate_projects(self, field):
        teams = self.team_names or parse_team_names_quietly(self.teams.data)
        try:
            self.project_names = parse_project_names(field.data or "", max(len(teams), 1))
        except TeamNamesError as error:
            raise ValidationError(str(error)) from error

    @property
    def paced(self) -> bool:
        return self.quiz_id is not None and self.pace.data != PACE_SELF

    @property
    def quiz_id(self) -> str | None:
        return None if self.quiz.data == NO_QUIZ else self.quiz.data


def parse_team_names_quietly(text: str | None) -> list[str]:
    try:
        return parse_team_names(text or "")
    except TeamNamesError:
        return []

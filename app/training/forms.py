from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import DataRequired

from app.domain.wording import NO_TEAM

NO_TEAM_CHOICE = "none"  # the form value of the answer NO_TEAM


class TeamForm(FlaskForm):
    # Values never offered are refused with a 400 (reject_tampered_choices).
    team = RadioField(
        "Which team are you in?",
        validate_choice=False,
        validators=[DataRequired(message=f"Select your team, or {NO_TEAM}")],
    )

    def __init__(self, teams, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.team.choices = [(str(team.id), team.name) for team in teams]
        self.team.choices.append((NO_TEAM_CHOICE, NO_TEAM))

    @property
    def team_id(self) -> int | None:
        return None if self.team.data == NO_TEAM_CHOICE else int(self.team.data)


class JoinSessionForm(FlaskForm):
    """Joining a session without teams: one button, so the GET that shows it changes nothing."""

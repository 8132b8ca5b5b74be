from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import DataRequired

NOT_IN_A_TEAM = "none"


class TeamForm(FlaskForm):
    # Values never offered are refused with a 400 (reject_tampered_choices).
    team = RadioField(
        "Which team are you in?",
        validate_choice=False,
        validators=[DataRequired(message="Select your team, or Not in a team")],
    )

    def __init__(self, teams, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.team.choices = [(str(team.id), team.name) for team in teams]
        self.team.choices.append((NOT_IN_A_TEAM, "Not in a team"))

    @property
    def team_id(self) -> int | None:
        return None if self.team.data == NOT_IN_A_TEAM else int(self.team.data)


class JoinSessionForm(FlaskForm):
    """Joining a session without teams: one button, so the GET that shows it changes nothing."""

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, ValidationError

from app.codes import CODE_LENGTH, is_valid_code, normalise_code


class JoinForm(FlaskForm):
    code = StringField(
        "Join code",
        description=(
            f"The {CODE_LENGTH} letters and numbers your trainer or team lead gave you, "
            "like HK7P-3QXM."
        ),
        validators=[DataRequired(message="Enter your join code")],
    )

    def validate_code(self, field):
        code = normalise_code(field.data)
        if not is_valid_code(code):
            raise ValidationError(
                f"Enter the join code exactly as shown: {CODE_LENGTH} letters and numbers"
            )
        field.data = code

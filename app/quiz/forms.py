"""Forms of the quiz journey. Choices come from the content, so they are set per question."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.validators import InputRequired

from app.domain.content import QuizQuestion

NOTHING_CHOSEN = "Select the kind of involvement this shows"


class StartForm(FlaskForm):
    """Start (or start again): nothing to fill in, the form only carries the CSRF token."""


class AnswerForm(FlaskForm):
    question_id = HiddenField()
    # Choices are checked in `tampered` (a 400 page), so WTForms' own check is off: it would
    # add a second, technical message beside "Select ..." when nothing is chosen.
    answer = RadioField(validators=[InputRequired(NOTHING_CHOSEN)], validate_choice=False)

    @classmethod
    def for_question(cls, question: QuizQuestion) -> AnswerForm:
        form = cls(question_id=question.id)
        form.answer.choices = [(rung.id, rung.name) for rung in question.options]
        return form

    def tampered(self, question: QuizQuestion) -> bool:
        """True when the post could not have come from this question's page."""
        chosen = self.answer.data
        offered = {rung.id for rung in question.options}
        return self.question_id.data != question.id or (bool(chosen) and chosen not in offered)

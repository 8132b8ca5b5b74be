"""The quiz summary: a certificate-style page of one finished attempt, with the reasons."""

from __future__ import annotations

import datetime as dt

from app.domain.content import Quiz
from app.domain.scoring import QuizScore
from reports.pdf import render_pdf


def quiz_summary_pdf(
    quiz: Quiz, score: QuizScore, finished_on: dt.date, made_on: dt.date | None = None
) -> bytes:
    return render_pdf(
        "quiz.html",
        quiz=quiz,
        score=score,
        finished_on=finished_on,
        made_on=made_on or dt.date.today(),
    )

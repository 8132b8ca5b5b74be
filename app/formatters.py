"""The one home of formatters: the wording helpers (app/domain/wording.py) as Jinja filters.

Pages use them as `{{ day|long_date }}` and `{{ count|plural("person has", "people have") }}`;
the PDFs' own Jinja environment (reports/pdf.py) registers the same functions.
"""

from __future__ import annotations

from flask import Flask

from app.codes import display_code
from app.domain import wording
from app.domain.own_quiz import field_words
from app.domain.wording import (
    NO_TEAM,
    WHOLE_ROOM,
    file_description,
    file_size,
    file_type,
    join_names,
    long_date,
    plural,
)

FILTERS = {
    "long_date": long_date,
    "plural": plural,
    "join_names": join_names,
    "display_code": display_code,
    "file_size": file_size,
    "file_type": file_type,
    "file_description": file_description,
    "field_words": field_words,
}


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(NO_TEAM=NO_TEAM, WHOLE_ROOM=WHOLE_ROOM)
    # The paced quiz's sentences (app/domain/wording.py), said the same on every page.
    app.jinja_env.globals.update(
        {
            name: getattr(wording, name)
            for name in (
                "ANSWERS_CLOSED",
                "WAITING_FOR_TRAINER",
                "ANSWER_IN",
                "CHECK_NEXT",
                "TOO_FEW_ANSWERS",
                "HIDDEN_COUNT",
            )
        }
    )

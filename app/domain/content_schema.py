"""JSON Schemas (Draft 2020-12) for each `kind` of content file.

The schemas check shape and types only. Rules that need the ladder or compare
values (counts, duplicates, an answer among its options) live in content.py.
"""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
TEXT_PATTERN = r"\S"  # at least one visible character

_ID: Schema = {"type": "string", "pattern": ID_PATTERN}
_TEXT: Schema = {"type": "string", "pattern": TEXT_PATTERN}
_WHOLE: Schema = {"type": "integer", "minimum": 1}
_FLAG: Schema = {"type": "boolean"}  # content.py also refuses yes/no/on/off written for it
# Rung references are only type-checked here; content.py lists the valid rungs.
_RUNG_REF: Schema = {"type": "string"}
_TEXT_PER_RUNG: Schema = {"type": "object", "additionalProperties": _TEXT}


def _record(required: dict[str, Schema], optional: dict[str, Schema] | None = None) -> Schema:
    """An object with exactly these fields: no others allowed, so typos are caught."""
    return {
        "type": "object",
        "required": list(required),
        "properties": {**required, **(optional or {})},
        "additionalProperties": False,
    }


def _list_of(item: Schema) -> Schema:
    return {"type": "array", "items": item}


def _document(
    kind: str, required: dict[str, Schema], optional: dict[str, Schema] | None = None
) -> Schema:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **_record({"kind": {"const": kind}, **required}, optional),
    }


LADDER_SCHEMA = _document(
    "ladder",
    {
        "id": _ID,
        "title": _TEXT,
        "source": _TEXT,
        "rungs": _list_of(
            _record(
                {"id": _ID, "name": _TEXT, "hint": _TEXT, "description": _TEXT},
                # When this rung is the right one for a piece of work (the target page).
                {"fits": _TEXT},
            )
        ),
    },
)

QUIZ_SCHEMA = _document(
    "quiz",
    {
        "id": _ID,
        "title": _TEXT,
        "version": _WHOLE,
        "minutes": _WHOLE,
        "introduction": _TEXT,
        "questions": _list_of(
            _record(
                {"id": _ID, "scenario": _TEXT, "answer": _RUNG_REF, "explanation": _TEXT},
                {
                    "options": _list_of(_RUNG_REF),
                    "feedback": _TEXT_PER_RUNG,
                    "talk_about": _TEXT,
                    "setting": _TEXT,
                },
            )
        ),
    },
    {
        "ladder": _ID,
        "questions_per_attempt": _WHOLE,
        "draw": _record({}, {"min_rungs": _WHOLE}),
        "prompt": _TEXT,
    },
)

ASSESSMENT_SCHEMA = _document(
    "assessment",
    {
        "id": _ID,
        "title": _TEXT,
        "version": _WHOLE,
        "minutes": _WHOLE,
        "introduction": _TEXT,
        "questions": _list_of(
            _record(
                {
                    "id": _ID,
                    "dimension": _TEXT,
                    "question": _TEXT,
                    "options": _TEXT_PER_RUNG,
                    "next_steps": _TEXT_PER_RUNG,
                },
                # discuss: the prompt question for the team's "discuss and agree" page.
                {"hint": _TEXT, "power": _FLAG, "discuss": _TEXT},
            )
        ),
    },
    {"ladder": _ID},
)

GUIDE_SCHEMA = _document(
    "guide",
    {
        "id": _ID,
        "title": _TEXT,
        "introduction": _TEXT,
        "sections": _list_of(_record({"id": _ID, "heading": _TEXT, "body": _TEXT})),
    },
)

SCHEMAS: dict[str, Schema] = {
    "ladder": LADDER_SCHEMA,
    "quiz": QUIZ_SCHEMA,
    "assessment": ASSESSMENT_SCHEMA,
    "guide": GUIDE_SCHEMA,
}

"""Every word of content in quizzes/ reads plainly: Flesch reading ease of 60 or more, and no
short forms in capitals that the same text does not explain.

The walk covers every text field of the loaded content (quizzes, their questions,
explanations and feedback; assessments, their options and next steps; ladders; the guide), so
a field added later is checked without being listed here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from app.domain.content import load_library
from app.domain.plain_language import MIN_READING_EASE, reading_ease, unexplained_short_forms

CONTENT_DIR = Path(__file__).resolve().parents[1] / "quizzes"
# Identifiers, a citation, and the raw data a quiz or assessment keeps for snapshots.
NOT_PROSE = {"id", "content_hash", "path", "source", "data", "ladder_data"}


def texts(value: object, where: str) -> Iterator[tuple[str, str]]:
    """(where, text) for every text field under a piece of loaded content."""
    if isinstance(value, str):
        yield where, value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            if field.name not in NOT_PROSE:
                yield from texts(getattr(value, field.name), f"{where}.{field.name}")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from texts(item, f"{where}[{key}]")
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            label = getattr(item, "id", index)
            yield from texts(item, f"{where}[{label}]")


def content_texts() -> list[tuple[str, str]]:
    library = load_library(CONTENT_DIR)
    seen: dict[str, str] = {}
    for where, text in texts(library, "library"):
        seen.setdefault(" ".join(text.split()), where)  # a ladder shows up in every quiz
    return [(where, text) for text, where in seen.items()]


TEXTS = content_texts()


def test_the_walk_reaches_every_kind_of_content():
    places = " ".join(where for where, _ in TEXTS)
    for field in (
        ".scenario",
        ".explanation",
        ".feedback[",
        ".introduction",
        ".options[",
        ".next_steps[",
        ".hint",
        ".description",
        ".sections[",
    ):
        assert field in places, f"no {field} text found: has the content model changed?"


@pytest.mark.parametrize(("where", "text"), TEXTS, ids=[where for where, _ in TEXTS])
def test_content_reads_plainly(where, text):
    score = reading_ease(text)
    if score is not None:
        assert score >= MIN_READING_EASE, (
            f"{where} scores {score:.0f} for reading ease (needs {MIN_READING_EASE}): use shorter "
            f"sentences and shorter words.\n{text}"
        )
    assert not unexplained_short_forms(text), (
        f"{where} uses {', '.join(unexplained_short_forms(text))} without writing it out in "
        f"brackets at first use, like 'GP (family doctor)'.\n{text}"
    )


@pytest.mark.parametrize(
    ("text", "unexplained"),
    [
        ("Ask your GP about it.", ["GP"]),
        ("Ask your GP (family doctor). The GP will know.", []),
        ("Go to accident and emergency (A&E) if it is urgent.", []),
        ("The ICB decides. An ICB (integrated care board) is local.", ["ICB"]),
        ("The NHS and the NHS trusts.", []),
        ("GPs (family doctors) run surgeries.", []),
        ("It is NOT optional.", ["NOT"]),
    ],
)
def test_short_forms_count_as_explained_only_in_brackets_at_first_use(text, unexplained):
    assert unexplained_short_forms(text) == unexplained

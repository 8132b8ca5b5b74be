"""Plain English checks: reading ease (Flesch, with textstat) and short forms in capitals
that the text does not explain. The shipped content must pass them (its tests); a
trainer's own quiz gets them as warnings, shown but not blocking."""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.content import Quiz

MIN_READING_EASE = 60
MIN_WORDS_TO_SCORE = 8  # shorter texts are labels: the formula means little for them
ALWAYS_KNOWN = {"NHS"}  # the one short form everyone in the service's audience knows
# Two or more capitals in a row (GP, A&E, ICBs), not counting a capital starting a word.
SHORT_FORM = re.compile(r"\b[A-Z](?:[A-Z]|&[A-Z])+s?\b")


@dataclass(frozen=True)
class LanguageWarning:
    field: str  # as the content checker names it, e.g. "questions[2].explanation"
    message: str


def reading_ease(text: str) -> float | None:
    """Flesch reading ease (higher is plainer); None for a text too short to score."""
    if len(text.split()) < MIN_WORDS_TO_SCORE:
        return None
    import textstat  # noqa: PLC0415  (slow to import: only pages that check text need it)

    return textstat.flesch_reading_ease(text)


def unexplained_short_forms(text: str) -> list[str]:
    """Short forms not written out in brackets next to their first use, e.g. "GP (family
    doctor)" or "accident and emergency (A&E)"."""
    problems = []
    for short in dict.fromkeys(match.group() for match in SHORT_FORM.finditer(text)):
        if short in ALWAYS_KNOWN or short.removesuffix("s") in ALWAYS_KNOWN:
            continue
        first = re.search(rf"\b{re.escape(short)}\b", text)
        after, before = text[first.end() :], text[: first.start()]
        explained_after = re.match(r"\s*\([^)]*[a-z][^)]*\)", after)
        explained_before = before.endswith("(") and after.startswith(")")
        if not (explained_after or explained_before):
            problems.append(short)
    return problems


def text_warnings(field: str, text: str) -> list[LanguageWarning]:
    warnings = []
    ease = reading_ease(text)
    if ease is not None and ease < MIN_READING_EASE:
        warnings.append(
            LanguageWarning(
                field,
                f"scores {ease:.0f} for reading ease (aim for {MIN_READING_EASE} or more): "
                "use shorter sentences and shorter words",
            )
        )
    shorts = unexplained_short_forms(text)
    if shorts:
        warnings.append(
            LanguageWarning(
                field,
                f"uses {', '.join(shorts)} without writing it out in brackets at first use, "
                "like \u201cGP (family doctor)\u201d",
            )
        )
    return warnings


def quiz_warnings(quiz: Quiz) -> list[LanguageWarning]:
    """Every plain-English warning for a quiz's own words, in file order."""
    texts = [("title", quiz.title), ("introduction", quiz.introduction)]
    for index, question in enumerate(quiz.questions):
        where = f"questions[{index}]"
        texts += [(f"{where}.scenario", question.scenario)]
        texts += [(f"{where}.explanation", question.explanation)]
        texts += [(f"{where}.feedback.{rung}", text) for rung, text in question.feedback.items()]
        if question.talk_about:
            texts.append((f"{where}.talk_about", question.talk_about))
    return [warning for field, text in texts for warning in text_warnings(field, text)]

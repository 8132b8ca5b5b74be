"""Drawing an attempt's questions from a quiz's bank.

Each attempt asks `questions_per_attempt` questions, in random order, with at least
`min_rungs` different right answers (a rung may come up more than once, so four right
answers never give away the fifth). Questions the person saw in their last attempt are
drawn only when the bank has too few others. The draw is stored with the attempt, so it
replays exactly; in a training session everyone shares the session's draw.
"""

from __future__ import annotations

import random
from collections.abc import Collection

from app.domain.content import Quiz


def draw_questions(
    quiz: Quiz, rng: random.Random, *, seen: Collection[str] = ()
) -> tuple[str, ...]:
    """The ids of one attempt's questions, in the order they are asked."""
    count = min(quiz.questions_per_attempt, len(quiz.questions))
    fresh = [question for question in quiz.questions if question.id not in seen]
    again = [question for question in quiz.questions if question.id in seen]
    rng.shuffle(fresh)
    rng.shuffle(again)
    preferred = fresh + again
    chosen = []
    rungs: set[str] = set()
    for question in preferred:  # first, one question for each of min_rungs rungs
        if len(rungs) >= quiz.min_rungs:
            break
        if question.answer.id not in rungs:
            chosen.append(question)
            rungs.add(question.answer.id)
    for question in preferred:  # then any others, unseen ones first
        if len(chosen) >= count:
            break
        if question not in chosen:
            chosen.append(question)
    rng.shuffle(chosen)
    return tuple(question.id for question in chosen)

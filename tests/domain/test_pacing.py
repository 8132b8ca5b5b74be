"""The paced room's rules: its stages, the trainer's moves, and what the room's answers show."""

from app.domain.pacing import (
    ASKING,
    CLOSED,
    NEXT,
    OVER,
    REVEALED,
    SHOW,
    START,
    WAITING,
    Room,
    TeamScore,
    room_answers,
)

OPTIONS = [("inform", "Inform", 1), ("consult", "Consult", 2), ("engage", "Engage", 3)]


def test_the_room_moves_through_each_question_then_ends():
    room = Room(0, False, 2)
    assert (room.stage, room.moves) == (WAITING, (START,))
    room = room.after(START)
    assert (room.stage, room.position, room.moves) == (ASKING, 1, (SHOW, NEXT))
    assert room.takes_answer(1) and not room.takes_answer(2)
    room = room.after(SHOW)
    assert (room.stage, room.moves) == (REVEALED, (NEXT,))
    assert not room.takes_answer(1)
    room = room.after(NEXT).after(NEXT)  # question 2 skipped without showing answers
    assert (room.stage, room.position, room.moves) == (OVER, 3, ())


def test_a_move_not_offered_changes_nothing_and_keys_differ_by_stage():
    room = Room(1, True, 5)
    assert room.after(SHOW) == room and room.after(START) == room
    keys = {Room(p, r, 5).key for p in range(7) for r in (False, True)}
    assert len(keys) >= 11  # each question asked and revealed, waiting, over
    assert Room(2, False, 5, is_open=False).stage == CLOSED


def test_the_rooms_answers_show_only_from_three_people_and_hide_small_counts():
    few = room_answers(OPTIONS, "consult", {"inform": 1, "consult": 1})
    assert not few.shown and {r.count for r in few.rungs} == {None}
    shown = room_answers(OPTIONS, "consult", {"inform": 4, "consult": 5})
    assert shown.shown and [r.count for r in shown.rungs] == [4, 5, 0]
    assert [r.correct for r in shown.rungs] == [False, True, False]
    # One person on a rung is hidden, with another count so it cannot be worked out.
    one = room_answers(OPTIONS, "engage", {"inform": 1, "consult": 4, "engage": 6})
    assert [r.count for r in one.rungs] == [None, None, 6]


def test_a_team_score_shows_from_three_people():
    assert TeamScore("Red", 2, 8, 10).average is None
    assert TeamScore("Red", 3, 9, 15).average == 3.0

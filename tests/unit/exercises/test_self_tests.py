"""Every exercise of the course tests itself: its example answer is correct, each
known mistake is incorrect with its own hint, and ``...`` reads as not attempted.

The cases come from ``all_exercises()``, so an exercise added to a YAML file is
covered here without writing a test.
"""

from __future__ import annotations

import pytest

from balancing_act import exercises

COURSE = exercises.course()
EXERCISES = COURSE.exercises
MISTAKES = [(ex_id, n) for ex_id, ex in EXERCISES.items() for n in range(len(ex.mistakes))]


def test_every_exercise_file_is_valid():
    assert not COURSE.problems, "\n".join(str(p) for p in COURSE.problems)


def test_the_course_has_exercises():
    assert EXERCISES, "no exercise loaded from lessons_data/exercises"


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_example_answer_is_correct(exercise_id):
    result = EXERCISES[exercise_id].check(EXERCISES[exercise_id].example_answer)
    assert result.status == "correct", result.message


@pytest.mark.parametrize("exercise_id, n", MISTAKES)
def test_known_mistake_is_incorrect_with_its_own_hint(exercise_id, n):
    ex = EXERCISES[exercise_id]
    mistake = ex.mistakes[n]
    result = ex.check(mistake.answer)
    assert result.status == "incorrect", result.message
    assert result.hint == mistake.hint


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_placeholder_is_not_attempted(exercise_id):
    assert EXERCISES[exercise_id].check(...).status == "not_attempted"


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_every_hint_level_and_the_solution_can_be_shown(exercise_id):
    ex = EXERCISES[exercise_id]
    for level, text in enumerate(ex.hints, 1):
        assert text in str(ex.hint(level))
    solution = str(ex.solution())
    assert ex.explanation in solution
    assert all(sid in solution for sid in ex.cites)

"""Auto-checked exercises: content in ``lessons_data/exercises/*.yml``, one module per type.

A lesson shows an exercise with ``exercise("02.1")``: its prompt and an answer
form (Check, Hint, Solution). The same engine takes code:
``exercise("02.1").check(answer)``, ``.hint()``, ``.hint(2)``, ``.solution()``.
Teachers edit the YAML, never this package: every file is validated on load
and a broken one is named with the exercise id and the field.

Layout: ``base`` (the :class:`Checker` base class, the registry, normalising),
``exercise`` (:class:`Exercise`), ``form`` (the answer form), ``loader`` (one
YAML file), ``course`` (every file, cached, ``exercise(id)``), and one module
per type. A new type is one more module whose :class:`Checker` subclass is
decorated with :func:`register`, imported below.
"""

from __future__ import annotations

from balancing_act.exercises.checker import (
    CHECKERS,
    AnswerKey,
    Checker,
    Invalid,
    SpecError,
    register,
    text_key,
)
from balancing_act.exercises.course import (
    Course,
    all_exercises,
    course,
    course_counts,  # noqa: F401  (exercises per lesson, for progress tables)
    exercise,
    load_course,
    validate_folder,
    warnings_for,
)
from balancing_act.exercises.exercise import Exercise, Mistake
from balancing_act.exercises.form import ExerciseForm
from balancing_act.exercises.result import Result
from balancing_act.exercises.types import (  # noqa: F401  (each registers its type)
    brief,
    classification,
    multiple_choice,
    numeric,
    ordering,
    plan,
    single_choice,
    table,
    text,
    two_tier,
    written,
)

__all__ = [
    "CHECKERS",
    "AnswerKey",
    "Checker",
    "Course",
    "Exercise",
    "ExerciseForm",
    "Invalid",
    "Mistake",
    "Result",
    "SpecError",
    "all_exercises",
    "course",
    "exercise",
    "load_course",
    "register",
    "text_key",
    "validate_folder",
    "warnings_for",
]

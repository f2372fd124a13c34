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

from .. import progress
from ..feedback import Result
from . import (  # noqa: F401
               brief,
               classification,
               multiple_choice,
               numeric,
               ordering,
               plan,
               single_choice,
               table,
               text,
)
from .base import CHECKERS, AnswerKey, Checker, Invalid, SpecError, register, text_key
from .course import (
               Course,
               all_exercises,
               course,
               course_counts,
               exercise,
               load_course,
               validate_folder,
)
from .exercise import Exercise, Mistake
from .form import ExerciseForm

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
]

# The progress table counts each lesson's exercises; progress never imports this package.
progress.course_counter = course_counts

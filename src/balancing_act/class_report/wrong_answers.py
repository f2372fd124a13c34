"""The wrong answers a class chose most, counted in learners, catalogued or not.

A choice item's record keeps the option letters of every check ("B", "A+C"), so a wrong
option nobody catalogued still shows. Other items name the catalogued mistake by its
number and its short value from the exercise file. Never a learner's own text: letters
and the course's own words only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import pandas as pd

from balancing_act.class_report.records import ExerciseRecord, LearnerRecord
from balancing_act.class_report.tables import short_value

__all__ = ["COLUMNS", "is_right", "top_wrong", "wrong_answers"]

COLUMNS = ["exercise", "wrong_answer", "learners"]
LABEL = 40  # characters of an option's text shown beside its letter


def _option(options: list[Any], letter: str) -> str:
    place = ord(letter[:1].upper()) - ord("A") if len(letter) == 1 else -1
    text = short_value(options[place], LABEL) if 0 <= place < len(options) else "?"
    return f"{letter}. {text}"


def _label(ex: Any, choice: str) -> str:
    """'B. Joint military ties …' for one option; letters alone for several ('A + C')."""
    options = list(getattr(ex.checker, "options", []) or [])
    if "/" in choice:  # a two-tier answer and its reason: letters, as the form shows them
        return f"answer {choice.replace('/', ', reason ')}"
    if "+" in choice:
        return "options " + " + ".join(choice.split("+"))
    return _option(options, choice)


def is_right(ex: Any, choice: str) -> bool:
    """Whether option letters are a right (or accepted) answer; unknown letters are wrong."""
    answer: Any = choice
    if ex.type == "multiple_choice":
        answer = choice.split("+")
    elif ex.type == "two_tier":
        answer = tuple(choice.split("/"))
    try:
        return bool(ex.evaluate(answer).correct)
    except Exception:  # noqa: BLE001 - a letter an older edition had: shown as wrong
        return False


def _learner_wrongs(ex: Any, item: ExerciseRecord, answers: tuple[str, ...]) -> set[str]:
    """What one learner answered wrongly, each counted once for them."""
    choices = set(item.choices) | ({item.first_choice} if item.first_choice else set())
    if choices:
        return {_label(ex, c) for c in choices if not is_right(ex, c)}
    return {f"mistake {n}: {answers[n - 1]}" if 0 < n <= len(answers) else f"mistake {n}"
            for n in item.mistakes}


def wrong_answers(records: list[LearnerRecord], course: Mapping[str, Any]) -> pd.DataFrame:
    """One row per exercise and wrong answer: how many learners gave it, most first."""
    rows = []
    for eid, ex in course.items():
        answers = tuple(short_value(m.answer) for m in ex.mistakes)
        counts: Counter[str] = Counter()
        for record in records:
            if eid in record.exercises:
                counts.update(_learner_wrongs(ex, record.exercises[eid], answers))
        rows += [{"exercise": eid, "wrong_answer": what, "learners": n}
                 for what, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return pd.DataFrame(rows, columns=COLUMNS).astype({"learners": "int64"})


def top_wrong(table: pd.DataFrame, per_exercise: int = 3, least: int = 1) -> pd.DataFrame:
    """The most chosen wrong answers of each exercise, those of at least ``least`` learners."""
    kept = table[table["learners"] >= least]
    return kept.groupby("exercise", sort=False).head(per_exercise).reset_index(drop=True)

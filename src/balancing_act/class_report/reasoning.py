"""What the class chose, not only whether it was right: option counts, right answers for
wrong reasons, and the spread of self-marks on written answers (issue 21).

Only option letters and the course's own option texts appear, never a learner's words:
the progress record keeps letters ("B", "A+C", "B/C") and self-marks, and the text of a
written answer never leaves the learner's machine unless they export it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import pandas as pd

from balancing_act.class_report.records import LearnerRecord
from balancing_act.record.format import MARKS

__all__ = ["COLUMNS", "choice_table", "most_chosen_wrong"]

COLUMNS = ["exercise", "what", "learners"]
LABEL = 40  # characters of an option's text shown beside its letter


def _label(options: list[Any], choice: str) -> str:
    """'B. Joint military ties with Russia; with…' for each letter of a choice."""
    names = []
    for part in choice.replace("/", "+").split("+"):
        place = ord(part[:1].upper()) - ord("A") if part else -1
        text = str(options[place]) if 0 <= place < len(options) else "?"
        names.append(f"{part}. {text[:LABEL]}{'…' if len(text) > LABEL else ''}")
    return " + ".join(names)


def _first_choices(records: list[LearnerRecord], eid: str) -> Counter[str]:
    return Counter(r.exercises[eid].first_choice for r in records
                   if eid in r.exercises and r.exercises[eid].first_choice)


def choice_table(records: list[LearnerRecord], exercises: Mapping[str, Any]) -> pd.DataFrame:
    """One row per option chosen first, per two-tier combination, per written mark."""
    rows: list[dict[str, Any]] = []
    for eid, ex in exercises.items():
        counts = _first_choices(records, eid)
        options = list(getattr(ex.checker, "options", []) or [])
        for choice, n in sorted(counts.items()):
            rows.append({"exercise": eid, "what": f"chose {_label(options, choice)}",
                         "learners": n})
        if ex.type == "two_tier" and counts:
            outcomes = Counter(ex.checker.outcome_of(c) for c in counts.elements())
            rows.append({"exercise": eid, "what": "right answer, wrong reason",
                         "learners": outcomes.get("right answer, wrong reason", 0)})
        if ex.type == "written":
            rows += _mark_rows(records, eid, len(ex.checker.rubric))
    return pd.DataFrame(rows, columns=COLUMNS)


def _mark_rows(records: list[LearnerRecord], eid: str, criteria: int) -> list[dict[str, Any]]:
    rows = []
    for n in range(1, criteria + 1):
        marks = Counter(r.exercises[eid].self_marks.get(str(n)) for r in records
                        if eid in r.exercises)
        total = sum(marks.get(m, 0) for m in MARKS)
        if total:  # no learner marked this criterion yet: nothing to report
            spread = ", ".join(f"{m} {marks.get(m, 0)}" for m in MARKS)
            rows.append({"exercise": eid, "what": f"criterion {n}: {spread}",
                         "learners": total})
    return rows


def most_chosen_wrong(table: pd.DataFrame, exercises: Mapping[str, Any]) -> dict[str, str]:
    """Per item, the wrong option chosen most often (for the chart and the text report)."""
    found: dict[str, str] = {}
    for eid, group in table[table["what"].str.startswith("chose ")].groupby("exercise"):
        ex = exercises[eid]
        wrong = [(row.learners, row.what) for row in group.itertuples()
                 if not _is_right(ex, row.what)]
        if wrong:
            found[str(eid)] = max(wrong)[1]
    return found


def _is_right(ex: Any, what: str) -> bool:
    letters = what.removeprefix("chose ").split(".")[0]
    answer: Any = letters
    if ex.type == "two_tier":
        return False  # a two-tier row is a combination; right ones are counted apart
    if ex.type == "multiple_choice":
        answer = [p.split(".")[0].strip() for p in what.removeprefix("chose ").split(" + ")]
    return ex.evaluate(answer).correct

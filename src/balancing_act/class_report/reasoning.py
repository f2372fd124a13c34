"""What the class chose, not only whether it was right: option counts, right answers for
wrong reasons, and the spread of self-marks on written answers (issue 21).

Only option letters and the course's own option texts appear, never a learner's words:
the progress record keeps letters ("B", "A+C", "B/C") and self-marks, and the text of a
written answer never leaves the learner's machine unless they export it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any, NamedTuple

import pandas as pd

from balancing_act.class_report.records import LearnerRecord
from balancing_act.class_report.tables import short_value
from balancing_act.class_report.wrong_answers import is_right
from balancing_act.exercises.types.two_tier import OUTCOMES
from balancing_act.record.format import MARKS

__all__ = ["COLUMNS", "Wrong", "choice_table", "most_chosen_wrong", "shown"]

COLUMNS = ["exercise", "what", "learners"]
WRONG_REASON = OUTCOMES[1]  # "right answer, wrong reason"
LABEL = 40  # characters of an option's text shown beside its letter


def _named(texts: list[Any], part: str) -> str:
    """'B. Joint military ties with Russia …': a letter and the course's own words, cut at
    a word (a learner's text is never here: the record holds letters only)."""
    place = ord(part[:1].upper()) - ord("A") if len(part) == 1 else -1
    return f"{part}. {short_value(texts[place], LABEL) if 0 <= place < len(texts) else '?'}"


def _label(ex: Any, choice: str) -> str:
    """A recorded choice named: one option, several ('A. … + C. …'), or a two-tier answer
    and its reason, each letter looked up in its own list."""
    options = list(getattr(ex.checker, "options", []) or [])
    if ex.type == "two_tier" and "/" in choice:
        answer, _, reason = choice.partition("/")
        reasons = list(getattr(ex.checker, "reasons", []) or [])
        return f"answer {_named(options, answer)}; reason {_named(reasons, reason)}"
    return " + ".join(_named(options, part) for part in choice.split("+"))


def _first_choices(records: list[LearnerRecord], eid: str) -> Counter[str]:
    return Counter(r.exercises[eid].first_choice for r in records
                   if eid in r.exercises and r.exercises[eid].first_choice)


def choice_table(records: list[LearnerRecord], exercises: Mapping[str, Any]) -> pd.DataFrame:
    """One row per option chosen first, per two-tier combination, per written mark.

    ``choice`` holds the recorded letters ("B", "A+C", "B/C") of an option row and is
    empty on the other rows; ``right`` says whether those letters are a right answer."""
    rows: list[dict[str, Any]] = []
    for eid, ex in exercises.items():
        counts = _first_choices(records, eid)
        for choice, n in sorted(counts.items()):
            rows.append({"exercise": eid, "what": f"chose {_label(ex, choice)}",
                         "learners": n, "choice": choice, "right": is_right(ex, choice)})
        if ex.type == "two_tier" and counts:
            outcomes = Counter(ex.checker.outcome_of(c) for c in counts.elements())
            rows.append({"exercise": eid, "what": WRONG_REASON, "choice": "", "right": False,
                         "learners": outcomes.get(WRONG_REASON, 0)})
        if ex.type == "written":
            rows += _mark_rows(records, eid, len(ex.checker.rubric))
    return pd.DataFrame(rows, columns=COLUMNS + ["choice", "right"]).astype(
        {"learners": "int64"})


def _mark_rows(records: list[LearnerRecord], eid: str, criteria: int) -> list[dict[str, Any]]:
    rows = []
    for n in range(1, criteria + 1):
        marks = Counter(r.exercises[eid].self_marks.get(str(n)) for r in records
                        if eid in r.exercises)
        total = sum(marks.get(m, 0) for m in MARKS)
        if total:  # no learner marked this criterion yet: nothing to report
            spread = ", ".join(f"{m} {marks.get(m, 0)}" for m in MARKS)
            rows.append({"exercise": eid, "what": f"criterion {n}: {spread}",
                         "learners": total, "choice": "", "right": False})
    return rows


def shown(table: pd.DataFrame) -> pd.DataFrame:
    """The table as a teacher reads it (terminal or page): the letters column off, and
    ``right`` said only on a choice that is a right answer (the key, or one accepted)."""
    return table[[*COLUMNS, "right"]].assign(right=table["right"].astype(bool))


class Wrong(NamedTuple):
    """An item's most chosen wrong option: its letters, its name, how many chose it."""

    choice: str  # "B", "A+C", "B/C"
    what: str  # "B. Joint military ties …", "answer D. …; reason B. …"
    learners: int

    @property
    def short(self) -> str:
        """One option by letter and words; several, or an answer and its reason, by
        letters alone (a chart's line has room for one option's words)."""
        if "/" in self.choice:
            answer, _, reason = self.choice.partition("/")
            return f"answer {answer} for reason {reason}"
        return "options " + " + ".join(self.choice.split("+")) if "+" in self.choice \
            else self.what


def most_chosen_wrong(table: pd.DataFrame, exercises: Mapping[str, Any]) -> dict[str, Wrong]:
    """Per item, the wrong option chosen first most often and by how many learners (ties:
    the earlier letters), for the chart and the text report."""
    found: dict[str, Wrong] = {}
    wrong = table[(table["choice"] != "") & ~table["right"].astype(bool)]
    for eid, group in wrong.groupby("exercise", sort=False):
        best = min(group.itertuples(), key=lambda row: (-row.learners, row.choice))
        found[str(eid)] = Wrong(str(best.choice), str(best.what).removeprefix("chose "),
                                int(best.learners))
    return {eid: found[eid] for eid in exercises if eid in found}

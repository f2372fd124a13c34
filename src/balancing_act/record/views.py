"""A progress record as tables: per lesson, per exercise, and the view a lesson shows.

Pure functions of a record (``record.store.state()``) and of the course's size,
which the caller passes in (``exercises.course_counts(folder)``): the record layer
never knows which course is installed, so a summary means the same whoever
imported what first.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from balancing_act.record.format import ATTEMPTED
from balancing_act.support import html_tables
from balancing_act.support.atomic_files import replace_text

if TYPE_CHECKING:  # pandas loads only when a table is asked for: a check stays light
    import pandas as pd

__all__ = ["COLUMNS", "DETAIL_COLUMNS", "LABELS", "ProgressView", "details", "export_csv",
           "first_try", "lesson_key", "marks_text", "mistakes_text", "progress_table", "summary"]

COLUMNS = ["lesson", "exercises", "attempted", "correct", "hints_used", "solutions_viewed"]
DETAIL_COLUMNS = ["exercise", "lesson", "checks", "last_status", "attempted", "ever_correct",
                  "first_try_correct", "hints_used", "solution_viewed",
                  "solution_before_solved", "mistakes", "first_choice", "choices",
                  "self_marks"]
LABELS = {"hints_used": "hints used", "solutions_viewed": "solutions viewed"}


def _lesson(exercise_id: str) -> str:
    return exercise_id.split(".")[0]


def details(state: Mapping[str, Any]) -> pd.DataFrame:
    """One row per exercise touched: checks, last status, hints used, solution viewed."""
    import pandas as pd

    entries = state["exercises"]
    rows = [{"exercise": key, "lesson": _lesson(key), "checks": e["checks"],
             "last_status": e["status"] or "",
             "attempted": any(e[s] for s in ATTEMPTED), "ever_correct": e["correct"] > 0,
             "first_try_correct": first_try(e),
             "hints_used": len(e["hints"]), "solution_viewed": e["solutions"] > 0,
             "solution_before_solved": bool(e.get("solution_before_solved")),
             "mistakes": mistakes_text(e.get("mistakes", {})),
             "first_choice": e.get("first_choice") or "",
             "choices": " ".join(sorted(e.get("choices", {}))),
             "self_marks": marks_text(e.get("self_marks") or {})}
            for key, e in sorted(entries.items())]
    return pd.DataFrame(rows, columns=DETAIL_COLUMNS)


def marks_text(marks: Mapping[str, str]) -> str:
    """A written item's self-marks as the export keeps them ("1:yes 2:partly 3:no"): the
    class report counts them per criterion; the learner's text is never in the export."""
    return " ".join(f"{k}:{marks[k]}" for k in sorted(marks, key=lambda k: (len(k), k)))


def first_try(entry: Mapping[str, Any]) -> bool:
    """Correct at the first check, with no solution viewed before it (issue 25): a learner
    who read the Solution first did not solve it at the first try."""
    return entry.get("first") == "correct" and not entry.get("first_after_solution")


def mistakes_text(counts: Mapping[str, int]) -> str:
    """Catalogued mistakes as ``"number:count"`` pairs, e.g. ``"1:2 3:1"`` (no answer text)."""
    return " ".join(f"{k}:{counts[k]}" for k in sorted(counts, key=int))


def summary(state: Mapping[str, Any], counts: Mapping[str, int], *,
            every_lesson: bool = True) -> pd.DataFrame:
    """One row per lesson: exercises, attempted, correct, hints used, solutions viewed.

    ``counts`` is the course's exercises per lesson; with ``every_lesson`` each of its
    lessons gets a row, touched or not (else only the lessons the record touches).
    """
    import pandas as pd

    entries = state["exercises"]
    lessons = {_lesson(k) for k in entries} | (set(counts) if every_lesson else set())
    rows = []
    for lesson in sorted(lessons):
        mine = [e for k, e in entries.items() if _lesson(k) == lesson]
        rows.append({
            "lesson": lesson,
            "exercises": counts.get(lesson, len(mine)),
            "attempted": sum(any(e[s] for s in ATTEMPTED) for e in mine),
            "correct": sum(e["correct"] > 0 for e in mine),
            "hints_used": sum(len(e["hints"]) for e in mine),
            "solutions_viewed": sum(e["solutions"] > 0 for e in mine),
        })
    return pd.DataFrame(rows, columns=COLUMNS).astype({c: "int64" for c in COLUMNS[1:]})


def export_csv(table: pd.DataFrame, path: Path | str) -> Path:
    """Write a progress table as CSV to hand in, atomically (a reader never meets half)."""
    target = Path(path)
    replace_text(target, table.to_csv(index=False), prefix=".progress-export-")
    return target


class ProgressView:
    """A progress table for a notebook: HTML in JupyterLab, plain text elsewhere.

    It holds counts only (no times, no ids), so its output is the same on every
    run of the same cells.
    """

    def __init__(self, table: pd.DataFrame, scope: str):
        self.table = table
        self.scope = scope

    @property
    def caption(self) -> str:
        if self.scope == "session":
            return "Your progress in this session (your full record: show_progress('all'))"
        return "Your progress, all sessions"

    def _shown(self) -> pd.DataFrame:
        return self.table.rename(columns=LABELS)

    def __str__(self) -> str:
        if self.table.empty:
            return f"{self.caption}\nNo checks, hints or solutions yet."
        return f"{self.caption}\n{self._shown().to_string(index=False)}"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        if self.table.empty:
            caption = f"<strong>{html.escape(self.caption)}</strong>"
            return f"<div role='note'>{caption}<p>No checks, hints or solutions yet.</p></div>"
        return f"<div role='note'>{html_tables.frame_table(self._shown(), self.caption)}</div>"


def lesson_key(lesson: object, known: list[str]) -> str:
    """'03' for 3, '3' or '03'; ValueError naming the lessons for anything else."""
    text = str(lesson).strip()
    number = not isinstance(lesson, bool) and text.isascii() and text.isdigit() and len(text) < 4
    if not number or (known and f"{int(text):02d}" not in known):
        listed = f"one of: {', '.join(known)}" if known else "a lesson number such as '02'"
        raise ValueError(f"lesson {lesson!r} is not a lesson of the course; expected {listed}")
    return f"{int(text):02d}"


def progress_table(state: Mapping[str, Any], counts: Mapping[str, int], scope: str,
                   lesson: object = None) -> ProgressView:
    """The view a lesson shows: the record's summary, for one lesson if asked."""
    table = summary(state, counts, every_lesson=scope == "all")
    if lesson is not None:
        table = table[table["lesson"] == lesson_key(lesson, sorted(counts))]
        table = table.reset_index(drop=True)
    return ProgressView(table, scope)

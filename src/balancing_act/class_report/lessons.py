"""One row per lesson: how far the class got, how much help it took, where it stuck most.

Built from the per-exercise table (``tables.exercise_table``) and the records, so its
figures agree with the other tables of the report.
"""

from __future__ import annotations

import pandas as pd

from balancing_act.class_report.records import LearnerRecord
from balancing_act.class_report.tables import CourseOutline, struggles

__all__ = ["COLUMNS", "lesson_table"]

COLUMNS = ["lesson", "exercises", "learners_started", "learners_finished", "solved",
           "solved_first_try", "not_solved", "hints", "solution_first", "most_missed"]


def _learner_counts(records: list[LearnerRecord], ids: list[str]) -> tuple[int, int]:
    """Learners who touched the lesson, and those who solved every exercise of it."""
    started = finished = 0
    for record in records:
        mine = [record.exercises.get(k) for k in ids]
        started += any(e is not None and (e.attempted or e.hints or e.solution) for e in mine)
        finished += bool(ids) and all(e is not None and e.solved for e in mine)
    return started, finished


def lesson_table(exercises: pd.DataFrame, records: list[LearnerRecord],
                 outline: CourseOutline) -> pd.DataFrame:
    """Per lesson of the course: its exercises, learners started and finished, and sums."""
    rows = []
    for lesson, ids in outline.lesson_ids().items():
        mine = exercises[exercises["exercise"].isin(ids)]
        started, finished = _learner_counts(records, ids)
        worst = struggles(mine)
        missed = (f"{worst.iloc[0]['exercise']} ({worst.iloc[0]['not_solved']} not solved)"
                  if len(worst) and worst.iloc[0]["not_solved"] else "")
        rows.append({"lesson": lesson, "exercises": len(ids), "learners_started": started,
                     "learners_finished": finished, "solved": int(mine["solved"].sum()),
                     "solved_first_try": int(mine["solved_first_try"].sum()),
                     "not_solved": int(mine["not_solved"].sum()),
                     "hints": int(mine["hints"].sum()),
                     "solution_first": int(mine["solution_first"].sum()),
                     "most_missed": missed})
    return pd.DataFrame(rows, columns=COLUMNS)

"""The class report counts first choices by letter, right answers for wrong reasons, and
self-marks per criterion, and keeps no learner's text (issue 21)."""

from __future__ import annotations

from pathlib import Path

from balancing_act.class_report import reasoning
from balancing_act.class_report.records import ExerciseRecord, LearnerRecord
from balancing_act.exercises import all_exercises


def _learner(name: str, **entries: ExerciseRecord) -> LearnerRecord:
    return LearnerRecord(name, Path(name), {k.replace("_", "."): v for k, v in entries.items()})


def _done(choice: str | None = None, marks: dict | None = None) -> ExerciseRecord:
    return ExerciseRecord(attempted=True, solved=False, first_try=False, hints=0,
                          solution=False, first_choice=choice, self_marks=marks or {})


def test_options_two_tier_and_marks_are_counted():
    course = all_exercises()
    key = course["01.2"].checker.choice_of(course["01.2"].checker.parse(
        course["01.2"].example_answer))
    wrong_reason = key.split("/")[0] + "/B"
    records = [_learner("a", **{"01_1": _done("A"), "01_2": _done(wrong_reason),
                                "01_3": _done(marks={"1": "yes", "2": "no", "3": "partly"})}),
               _learner("b", **{"01_1": _done("A"), "01_2": _done(key)})]
    table = reasoning.choice_table(records, course)
    rows = {(r.exercise, r.what): r.learners for r in table.itertuples()}
    first = [n for (eid, what), n in rows.items() if eid == "01.1" and what.startswith("chose A.")]
    assert first == [2]
    assert rows[("01.2", "right answer, wrong reason")] == 1
    assert rows[("01.3", "criterion 1: yes 1, partly 0, no 0")] == 1
    worst = reasoning.most_chosen_wrong(table, course)
    assert worst["01.1"].startswith("chose A.")

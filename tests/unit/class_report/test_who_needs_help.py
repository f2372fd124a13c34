"""The class report over a simulated class of thirty finds who needs help (issue 25).

The class (tests/support/class_of_thirty.py) works through the course's own exercises
with ``Exercise.check``; every expected value here follows from its plan.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from balancing_act.class_report import handins, lessons, tables, wrong_answers
from balancing_act.class_report import records as class_records
from balancing_act.cli import commands as cli
from balancing_act.exercises import all_exercises, exercise
from tests.support import class_of_thirty as klass


@pytest.fixture(scope="module")
def classroom(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("class-of-thirty")
    klass.make_class(root)
    return root


@pytest.fixture(scope="module")
def learners(classroom) -> tuple[list, object]:
    records, skipped = class_records.read_all([classroom / "handed_in"])
    assert skipped == []
    kept, _ = handins.one_per_learner(records)
    outline = tables.course_outline()
    return kept, outline


def _row(table, learner: str) -> dict:
    return table[table["learner"] == learner].iloc[0].to_dict()


def test_learners_are_named_by_the_id_inside_their_file(learners):
    records, _ = learners
    names = sorted(r.learner for r in records)
    expected = sorted([klass.exported_id(i) for i in range(klass.SIZE) if i != klass.ABSENT]
                      + [klass.VISITOR])
    assert names == expected  # the files are called 1000_progress.csv, upload_77.csv, ...
    assert all(r.id_in_file for r in records)


def test_a_learner_who_read_every_solution_first_did_not_solve_at_the_first_try(learners):
    records, outline = learners
    table = tables.learner_table(records, outline)
    peeker = _row(table, klass.exported_id(klass.PEEKER))
    done = len(klass.Plan(klass.PEEKER).done)
    assert (peeker["solved"], peeker["first_try"]) == (done, 0)
    assert (peeker["solutions"], peeker["solution_first"]) == (done, done)
    right = klass.exported_id(2)  # style "right": correct at every first check
    assert _row(table, right)["first_try"] == len(klass.Plan(2).done)


def test_learners_are_sorted_by_need_and_show_the_exercise_they_are_stuck_on(learners):
    records, outline = learners
    table = tables.learner_table(records, outline)
    assert table.iloc[0]["learner"] == klass.exported_id(klass.IDLE)  # opened a hint only
    assert bool(table.iloc[0]["not_started"]) and table.iloc[0]["hints"] == 1
    stuck = {klass.exported_id(i): klass.Plan(i).stuck for i in range(klass.SIZE)
             if klass.Plan(i).stuck and i != klass.ABSENT}
    assert stuck  # the class has learners who stopped stuck
    shown = dict(zip(table["learner"], table["stuck_on"], strict=True))
    assert {k: shown[k] for k in stuck} == stuck
    assert set(table["learner"][1:1 + len(stuck)]) == set(stuck)  # right after the idle one
    rest = table.iloc[1 + len(stuck):]
    assert rest["not_solved"].max() == 0
    assert list(rest["solution_first"]) == sorted(rest["solution_first"], reverse=True)


def test_wrong_answers_are_counted_in_learners_and_include_uncatalogued_options(learners):
    records, _ = learners
    course = all_exercises()
    table = wrong_answers.wrong_answers(records, course)
    eid = "01.4"  # multiple choice: one wrong option alone is in no catalogued mistake
    ex = exercise(eid)
    option = klass._wrong_option(eid)
    letter = "ABCDEFGH"[list(ex.checker.options).index(option[0])]
    chose = [i for i in range(klass.SIZE) if i not in (klass.ABSENT, klass.IDLE)
             and eid in klass.Plan(i).done and klass.Plan(i).style == "wrong-option"]
    row = table[(table["exercise"] == eid) & table["wrong_answer"].str.startswith(f"{letter}. ")]
    assert row["learners"].tolist() == [len(chose)]
    assert ex.evaluate(option).mistake is None  # not in the catalogue, still counted
    shown = " ".join(table["wrong_answer"])
    assert "\n" not in shown and max(len(w) for w in table["wrong_answer"]) < 60


def test_catalogued_mistakes_are_shown_by_their_wrong_answer_counted_in_learners(learners):
    records, outline = learners
    table = tables.exercise_table(records, outline).set_index("exercise")
    made = [i for i in range(klass.SIZE) if i not in (klass.ABSENT, klass.IDLE)
            and klass.Plan(i).style == "catalogued"]
    answer = tables.short_value(exercise("00.1").mistakes[0].answer)
    assert table.loc["00.1", "top_mistake"] == f"mistake 1: {answer}"
    assert table.loc["00.1", "top_mistake_count"] == len(made)


def test_the_per_lesson_summary_agrees_with_the_plans(learners):
    records, outline = learners
    exercises = tables.exercise_table(records, outline)
    table = lessons.lesson_table(exercises, records, outline).set_index("lesson")
    worked = [i for i in range(klass.SIZE) if i not in (klass.ABSENT, klass.IDLE)]
    in_03 = [i for i in worked if any(e.startswith("03.") for e in klass.Plan(i).done)]
    assert table.loc["03", "learners_started"] == len(in_03)
    assert table.loc["00", "learners_started"] == len(worked) + 2  # the idle one, the visitor
    assert table.loc["04", "learners_started"] == 0
    assert table.loc["00", "solution_first"] == 3  # the peeker's three lesson-00 exercises


def test_the_report_lists_who_handed_in_nothing_and_the_repeat(classroom, capsys, tmp_path):
    page = tmp_path / "class.html"
    code = cli.main(["class-report", str(classroom / "handed_in"), "--roster",
                     str(classroom / "canvas.csv"), "--html", str(page)])
    out, err = capsys.readouterr()
    assert code == 0, err
    first, last = klass.NAMES[klass.ABSENT]
    assert f"Handed in nothing (1): {last}, {first}" in out
    twice = klass.exported_id(klass.TWICE)
    assert re.search(rf"Note: {twice} handed in 2 files: the later export, "
                     rf"{1000 + klass.TWICE}_progress-2.csv .* is used", out)
    assert f"no roster row for {klass.VISITOR}" in out
    assert err.count("WARNING: the class's files come from different course versions") == 1
    assert klass.OLD in err
    html = page.read_text(encoding="utf-8")
    assert f"Handed in nothing (1): {last}, {first}." in html
    assert f"Attempted nothing yet: {klass.exported_id(klass.IDLE)}." in html
    assert "Every learner" not in html
    assert "self-reported practice records" in html
    assert "@media print" in html


def test_a_record_from_before_the_flags_is_judged_by_its_events(tmp_path):
    """A progress.json written before issue 25 has no flags: its events say the order."""
    import json

    from balancing_act.record import format as progress_record

    content = progress_record.empty_record()
    content["exercises"] = {"00.1": {"checks": 1, "correct": 1, "solutions": 1,
                                     "status": "correct", "first": "correct"}}
    content["events"] = [{"exercise": "00.1", "event": "solution"},
                         {"exercise": "00.1", "event": "check", "status": "correct"}]
    path = tmp_path / "ada" / "progress.json"
    path.parent.mkdir()
    path.write_text(json.dumps(content), encoding="utf-8")
    item = class_records.read_record(path, "ada").exercises["00.1"]
    assert (item.solved, item.first_try, item.solution_before) == (True, False, True)

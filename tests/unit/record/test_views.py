"""A progress record as tables: the course's size reaches them as an argument, so a summary
means the same whoever imported what first (issue 20, the first hidden-state defect)."""

from __future__ import annotations

import subprocess
import sys

from balancing_act import progress
from balancing_act.exercises import course_counts
from balancing_act.record import format as record_format
from balancing_act.record import views

SUMMARY_ROWS = "from balancing_act import progress; print(len(progress.summary()))"


def run(code: str, home) -> str:
    env_code = f"import os; os.environ['BALANCING_ACT_HOME'] = {str(home)!r}; {code}"
    done = subprocess.run([sys.executable, "-c", env_code], capture_output=True, text=True,
                          check=True, timeout=120)
    return done.stdout.strip()


def test_the_summary_has_a_row_per_lesson_whatever_was_imported_first(home):
    """Does progress.summary() list every lesson, with or without exercises imported first?"""
    lessons = str(len(course_counts()))
    assert run(SUMMARY_ROWS, home) == lessons
    assert run("import balancing_act.exercises; " + SUMMARY_ROWS, home) == lessons


def test_the_views_count_only_what_they_are_given():
    """With no course size given, does the summary show only the lessons the record touches?"""
    record = record_format.empty_record()
    assert views.summary(record, {}).empty
    record["exercises"]["02.1"] = {"checks": 1, "correct": 1, "incorrect": 0, "invalid": 0,
                                   "not_attempted": 0, "solutions": 0, "hints": [],
                                   "status": "correct"}
    table = views.summary(record, {"01": 5, "02": 5})
    assert table["lesson"].tolist() == ["01", "02"]
    assert table.set_index("lesson").loc["02", "correct"] == 1
    touched = views.summary(record, {"01": 5, "02": 5}, every_lesson=False)
    assert touched["lesson"].tolist() == ["02"]


def test_a_lesson_table_names_the_lessons_it_was_given(home):
    """Is a lesson outside the course refused with the course's own lesson numbers?"""
    view = views.progress_table(record_format.empty_record(), {"00": 3, "01": 5}, "all", "1")
    assert view.table["lesson"].tolist() == ["01"]
    try:
        views.progress_table(record_format.empty_record(), {"00": 3}, "all", "7")
    except ValueError as exc:
        assert "expected one of: 00" in str(exc)
    else:
        raise AssertionError("lesson 7 was accepted")
    assert str(progress.show_progress()).startswith("Your progress in this session")

"""Issue 14, defect 7: a call made the wrong way gets one sentence saying what to write,
never an internal AttributeError, a silent wrong answer or an empty list."""

from __future__ import annotations

import math
import shutil

import pytest

from balancing_act import exercises, progress
from balancing_act import widgets as w
from balancing_act.data import loaders as data
from balancing_act.data.loaders import LessonDataError


def test_classification_grid_for_an_id_says_to_pass_the_exercise():
    with pytest.raises(TypeError, match=r'write classification_grid_for\(exercise\("02.1"\)\)'):
        w.classification_grid_for("02.1")
    with pytest.raises(TypeError, match="takes an exercise"):
        w.classification_grid_for(3)


def test_show_table_names_what_it_takes():
    with pytest.raises(TypeError, match="takes a DataFrame and a caption text; got str and int"):
        w.show_table("x", 3)


@pytest.mark.parametrize("value, error, said", [
    ("x", TypeError, "the weight of 'P1' is 'x'; expected a number"),
    (math.nan, ValueError, "the weight of 'P1' is nan; expected a number from 0 up"),
    (-1, ValueError, "the weight of 'P1' is -1; expected a number from 0 up"),
    (True, TypeError, "expected a number"),
])
def test_set_weights_refuses_what_is_not_a_weight(value, error, said):
    panel = w.weights_panel()
    before = {label: s.value for label, s in panel.sliders.items()}
    with pytest.raises(error, match=said):
        panel.set_weights({"P1": value})
    assert {label: s.value for label, s in panel.sliders.items()} == before  # untouched


@pytest.mark.parametrize("value", [-1, math.nan, "5"])
def test_weights_panel_refuses_a_bad_starting_weight_instead_of_hiding_it(value):
    label = w.weights_panel().params.criteria[0].label
    with pytest.raises((TypeError, ValueError), match=f"the weight of '{label}'"):
        w.weights_panel({label: value})


def test_a_number_as_exercise_id_is_refused_not_read_as_another_exercise():
    with pytest.raises(TypeError, match=r'write the id as text in quotes, e.g. exercise\("02.10"'):
        exercises.exercise(2.10)
    assert exercises.exercise("02.1").id == "02.1"


def test_a_missing_exercises_folder_is_named_not_an_empty_list(tmp_path):
    with pytest.raises(LessonDataError, match="is missing; expected one <NN>_<name>.yml") as err:
        exercises.exercise("02.2", tmp_path / "exercises")
    assert "expected one of: " not in str(err.value)


def test_an_empty_exercises_folder_is_named_too(tmp_path):
    copy = tmp_path / "lessons_data"
    shutil.copytree(data.data_dir(), copy, ignore=shutil.ignore_patterns("exercises"))
    (copy / "exercises").mkdir()
    with pytest.raises(LessonDataError, match="no exercise files found"):
        exercises.exercise("02.2", copy / "exercises")


@pytest.mark.parametrize("lesson", ["abc", "99", "", True])
def test_progress_table_for_an_unknown_lesson_says_so(lesson):
    with pytest.raises(ValueError, match="is not a lesson of the course; expected one of: 00, 01"):
        progress.progress_table(lesson=lesson)


def test_progress_table_for_a_lesson_still_accepts_3_and_03():
    progress.record("03.1", "check", "correct")
    for lesson in (3, "3", "03"):
        table = progress.progress_table(lesson=lesson).table
        assert table["lesson"].tolist() == ["03"] and table["correct"].tolist() == [1]

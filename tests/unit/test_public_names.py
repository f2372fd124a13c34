"""Every name a released lesson or a teacher's script imports keeps working: a learner's copy
in my_work/ is never overwritten, so its import lines must outlive any restructuring."""

from __future__ import annotations

import subprocess
import sys

import pytest

#: Every import line the lessons have held (from the notebooks' git history), and the
#: capstone's, which the issue that moved the files named.
RELEASED_IMPORTS = [
    "from balancing_act import data, model, widgets as w",
    "from balancing_act import data, widgets as w",
    "from balancing_act import lesson",
    "from balancing_act.data import load_sentences",
    "from balancing_act.exercises import exercise",
    "from balancing_act.model_editors import ratings_editor",
    "from balancing_act.progress import show_progress",
    "from balancing_act.capstone import brief_builder",
]

#: The public API docs/architecture.md lists for teachers' own scripts.
PUBLIC = {
    "balancing_act.exercises": ["exercise", "all_exercises", "course", "course_counts",
                                "validate_folder", "Exercise", "Result", "ExerciseForm",
                                "Checker", "register", "CHECKERS", "AnswerKey"],
    "balancing_act.data": ["load_sentences", "sentence_text", "sentence_texts", "load_sections",
                           "load_lessons", "load_table", "list_tables", "load_glossary",
                           "load_actors", "load_model_table", "list_model_tables", "split_ids",
                           "validate_folder", "LessonDataError", "Problem", "data_dir"],
    "balancing_act.model": ["filter_rows", "sort_rows", "filter_partners", "pivot_partners",
                            "filter_sentences", "params_from_tables", "ratings_table",
                            "normalise_weights", "scorecard", "ranking", "sensitivity",
                            "check_plan", "simulate_plan", "first_breach", "constraint_message"],
    "balancing_act.progress": ["show_progress", "progress_table", "summary", "details",
                               "export_csv", "record", "progress_path", "reset_session"],
    "balancing_act.widgets": ["article", "sourcing_form", "table_explorer", "glossary_table",
                              "weights_panel", "deal_planner",
                              "sentence_explorer", "classification_grid",
                              "classification_grid_for", "what_if_table", "show_table"],
}


@pytest.mark.parametrize("line", RELEASED_IMPORTS)
def test_a_released_lessons_import_line_still_works(line):
    """Does the line run in a fresh interpreter, as a learner's old copy would run it?"""
    done = subprocess.run([sys.executable, "-c", line], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_the_public_api_is_there(module):
    """Does each module named in docs/architecture.md still offer its public names?"""
    loaded = __import__(module, fromlist=["_"])
    assert [n for n in PUBLIC[module] if not hasattr(loaded, n)] == []


def test_an_exercise_still_answers_the_documented_calls():
    """Do check, evaluate, hint, solution, example_answer and form still work on an exercise?"""
    from balancing_act.exercises import exercise

    ex = exercise("00.1")
    assert ex.evaluate(ex.example_answer).correct
    assert ex.check(...).status == "not_attempted"
    assert str(ex.hint()) and str(ex.solution())
    assert ex.form().exercise is ex

"""Every checker judges against the data folder its exercise file came from (issue 20, the
second hidden-state defect): a teacher editing a copy is never told a correct file is wrong."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from balancing_act.cli import commands as cli
from balancing_act.exercises import course
from balancing_act.support import paths

OLD, NEW = "safeguards", "safeguard_clauses"


@pytest.fixture()
def renamed(tmp_path: Path) -> Path:
    """A copy of lessons_data whose step 'safeguards' is 'safeguard_clauses' everywhere a step
    id appears: steps.csv, plans.csv and the plans in the exercise files."""
    copy = tmp_path / "lessons_data"
    shutil.copytree(paths.data_dir(), copy)
    steps = copy / "model" / "steps.csv"
    steps.write_text(re.sub(rf"^{OLD},", f"{NEW},", steps.read_text(), flags=re.M))
    plans = copy / "model" / "plans.csv"
    plans.write_text(re.sub(rf"(?<=[+,| ]){OLD}(?=[+ |,])", NEW, plans.read_text()))
    for path in (copy / "exercises").glob("*.yml"):  # step ids inside YAML flow lists
        text = path.read_text()
        path.write_text(re.sub(r"\[[^\]\n]*\]",
                               lambda m: re.sub(rf"\b{OLD}\b", NEW, m.group(0)), text))
    return copy


def test_check_data_passes_a_consistently_renamed_copy(renamed, capsys):
    """Does check-data FOLDER judge 04.4 and 06.3 by the copy's model, not the installed one?"""
    assert NEW in (renamed / "exercises" / "04_expert_recommendations.yml").read_text()
    code = cli.main(["check-data", str(renamed)])
    out, err = capsys.readouterr()
    errors = [line for line in err.splitlines() if not line.startswith("WARNING: ")]
    assert (code, errors) == (0, []), err  # a teacher's own item may warn, never fail


def test_the_copys_plan_exercise_takes_the_copys_step_names(renamed):
    """Is a plan with the renamed step right in the copy and refused by the installed course?"""
    copy_course = course(renamed / "exercises")
    example = copy_course.exercises["04.4"].example_answer
    assert any(NEW in phase for phase in example)
    assert copy_course.exercises["04.4"].evaluate(example).correct
    installed = course().exercises["04.4"]
    assert installed.evaluate(example).status == "invalid"

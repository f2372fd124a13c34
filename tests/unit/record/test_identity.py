"""An export says whose it is and which course version wrote it (issue 24)."""

from __future__ import annotations

import csv
import io

import pytest

import balancing_act
from balancing_act import progress
from balancing_act.cli import commands as cli
from balancing_act.record import identity


@pytest.mark.parametrize("explicit, env, login, expected", [
    ("ada", {"BALANCING_ACT_LEARNER": "ben", "JUPYTERHUB_USER": "cy"}, "dee", "ada"),
    (None, {"BALANCING_ACT_LEARNER": "ben", "JUPYTERHUB_USER": "cy"}, "dee", "ben"),
    ("  ", {"BALANCING_ACT_LEARNER": "", "JUPYTERHUB_USER": "cy"}, "dee", "cy"),
    (None, {}, "dee", "dee"),
    (None, {}, None, ""),
])
def test_the_learner_id_is_the_first_one_given(explicit, env, login, expected):
    assert identity.learner_id(explicit, env, login) == expected


def test_an_id_is_one_short_printable_line():
    assert identity.clean_id("Zoë\n  Ó Briain\x1b[31m") == "Zoë Ó Briain[31m"
    assert len(identity.clean_id("x" * 500)) == identity.MAX_ID


def _rows(path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_the_export_function_writes_the_id_from_the_environment(tmp_path, monkeypatch):
    """The function the lesson's "Save my progress" button calls says whose it is too."""
    progress.record("00.1", "check", "correct")
    monkeypatch.setenv("JUPYTERHUB_USER", "zoe.obriain")
    monkeypatch.delenv("BALANCING_ACT_LEARNER", raising=False)
    rows = _rows(progress.export_csv(tmp_path / "my_progress.csv"))
    assert {(r["learner_id"], r["course_version"]) for r in rows} == {
        ("zoe.obriain", balancing_act.__version__)}
    lessons = _rows(progress.export_csv(tmp_path / "l.csv", per="lesson", learner="ada"))
    assert {r["learner_id"] for r in lessons} == {"ada"}


def test_progress_export_takes_learner(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BALANCING_ACT_LEARNER", "from-env")
    progress.record("00.1", "check", "correct")
    assert cli.main(["progress", "--export", str(tmp_path / "p.csv"), "--learner",
                     "Zoë Ó Briain"]) == 0
    assert {r["learner_id"] for r in _rows(tmp_path / "p.csv")} == {"Zoë Ó Briain"}
    assert cli.main(["progress", "--export", str(tmp_path / "q.csv")]) == 0
    assert {r["learner_id"] for r in _rows(tmp_path / "q.csv")} == {"from-env"}
    capsys.readouterr()


def test_a_solution_viewed_before_the_first_check_is_no_first_try(tmp_path):
    progress.record("00.1", "solution")
    progress.record("00.1", "check", "correct")
    progress.record("00.2", "check", "correct")
    progress.record("00.2", "solution")  # after solving: still a first try
    rows = {r["exercise"]: r for r in _rows(progress.export_csv(tmp_path / "p.csv"))}
    assert (rows["00.1"]["first_try_correct"], rows["00.1"]["solution_before_solved"]) == (
        "False", "True")
    assert (rows["00.2"]["first_try_correct"], rows["00.2"]["solution_before_solved"]) == (
        "True", "False")

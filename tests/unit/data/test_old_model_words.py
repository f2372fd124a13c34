"""A teacher's lessons_data from before the neutral words still loads (upgrade on read).

Until issue 23 the model said "mistrust in Moscow" and "trust in Washington". A copy of
the course with those files must load, check clean and give the same results as today's:
concern in Washington is 1 - the old trust, so every verdict stays the same.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from balancing_act import model
from balancing_act.data import loaders as data
from balancing_act.data import model_inputs as params
from balancing_act.model import scenarios

#: The three model files as the course shipped them before the rename, word for word.
OLD_FILES = {path.name: path.read_text(encoding="utf-8")
             for path in sorted((Path(__file__).parent / "old_model_words").glob("*.csv"))}

PLANS = {
    "phased": [["safeguards", "statements"], ["invest", "transparency"], ["multilateral"],
               ["invest", "statements"], ["invest"]],
    "invest only": [["invest"]] * 6,
    "all at once": [["big_upfront"]],
}


@pytest.fixture
def old_copy(tmp_path):
    """A copy of lessons_data whose model files use the old words."""
    folder = tmp_path / "lessons_data"
    shutil.copytree(data.data_dir(), folder, ignore=shutil.ignore_patterns("exercises"))
    for name, text in OLD_FILES.items():
        (folder / "model" / name).write_text(text, encoding="utf-8")
    yield folder
    params.clear()


def test_an_old_copy_checks_clean_and_its_files_are_not_rewritten(old_copy):
    assert sorted(OLD_FILES) == ["parameters.csv", "scenarios.csv", "steps.csv"]
    assert data.validate_folder(old_copy) == []
    params.load_params(str(old_copy))
    for name, text in OLD_FILES.items():
        assert (old_copy / "model" / name).read_text(encoding="utf-8") == text


def test_old_columns_read_as_concern_with_washington_turned_round(old_copy):
    steps = data.load_model_table("steps", old_copy).set_index("id")
    assert "mistrust" not in steps.columns and "trust" not in steps.columns
    assert steps.loc["invest", "concern_moscow"] == pytest.approx(0.06)
    assert steps.loc["invest", "concern_washington"] == pytest.approx(-0.05)  # was trust +0.05
    rows = data.load_model_table("parameters", old_copy).set_index("name")
    assert rows.loc["baseline_concern_washington", "value"] == pytest.approx(0.80)
    assert rows.loc["concern_washington_ceiling", "value"] == pytest.approx(0.85)
    assert "trust_floor 0.15" in rows.loc["concern_washington_ceiling", "description"]
    table = data.load_model_table("scenarios", old_copy)
    assert {"moscow_scale", "washington_scale", "reassurance_washington_cost"} <= set(table)


def test_an_old_copy_gives_the_same_numbers_as_today(old_copy):
    upgraded, today = params.load_params(str(old_copy)), params.load_params()
    assert dict(upgraded.baseline) == pytest.approx(dict(today.baseline))
    assert upgraded.threshold == today.threshold
    assert dict(upgraded.ceilings) == pytest.approx(dict(today.ceilings))
    assert dict(upgraded.floors) == pytest.approx(dict(today.floors))
    for sid, step in today.steps.items():
        assert dict(upgraded.steps[sid].effects) == pytest.approx(dict(step.effects))
    for plan in PLANS.values():
        for key in model.constraints(today):
            mine = model.simulate_plan(plan, upgraded, key)
            theirs = model.simulate_plan(plan, today, key)
            pd.testing.assert_frame_equal(mine, theirs, check_exact=False)


def test_an_old_copy_keeps_every_what_if_verdict(old_copy):
    old_table = data.load_model_table("scenarios", old_copy)
    new_table = params.load_scenarios()
    for plan in PLANS.values():
        for key in ("mistrust", "trust", "autonomy"):  # the old keys still choose a limit
            mine = scenarios.what_if(plan, params.load_params(str(old_copy)), old_table, key)
            theirs = scenarios.what_if(plan, params.load_params(), new_table, key)
            assert mine["constraint"].tolist() == theirs["constraint"].tolist()


def test_a_damaged_cell_in_an_old_file_is_still_named(old_copy):
    path = old_copy / "model" / "steps.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("0.10,0.06,0.05", "0.10,0.06,lots"),
                    encoding="utf-8")
    problems = data.validate_folder(old_copy)
    assert [(p.file, p.row, p.column) for p in problems] == [
        ("model/steps.csv", 1, "concern_washington")]
    assert "'lots' is not a number" in problems[0].message

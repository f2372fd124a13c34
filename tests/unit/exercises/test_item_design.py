"""The cue rules catch what they name (issue 21): a key by position, by length, a
front-loaded multiple-choice list, the only numeric option, a lesson that stops reasoning;
and a teacher hears of it from check-data as a warning naming the item, never an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from balancing_act.cli import commands as cli
from balancing_act.exercises import all_exercises, item_design, warnings_for
from balancing_act.support import paths
from tests.support import shipped_course


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "lessons_data"
    shutil.copytree(paths.data_dir(), copy)
    return copy


def _add(copy: Path, item: dict) -> None:
    path = copy / "exercises" / "02_two_partners.yml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    content["exercises"].append(item)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")


def _single(eid: str, options: list[str], answer: str, skill: str = "reasoning") -> dict:
    return {"id": eid, "type": "single_choice", "skill": skill, "prompt": "Which?",
            "options": options, "answer": answer, "hints": ["Read S13."],
            "explanation": "Because S13 says so.", "cites": ["S13"]}


def test_the_shipped_course_gives_no_warning():
    assert item_design.design_warnings(shipped_course.split(all_exercises())[0]) == []


def test_a_far_longer_key_is_named(tmp_path):
    copy = _copy(tmp_path)
    _add(copy, _single("02.9", ["short one", "a much, much longer option that gives it away",
                                "short two"], "a much, much longer option that gives it away"))
    found = warnings_for(copy / "exercises")
    assert any("02.9" in w and "far longer" in w for w in found)


def test_the_only_numeric_option_is_named(tmp_path):
    copy = _copy(tmp_path)
    _add(copy, _single("02.9", ["none of them", "mistrust stays below 0.5", "all of them"],
                       "mistrust stays below 0.5"))
    assert any("02.9" in w and "number" in w for w in warnings_for(copy / "exercises"))


def test_a_front_loaded_multiple_choice_is_named(tmp_path):
    copy = _copy(tmp_path)
    item = _single("02.9", ["one", "two", "three", "four"], "one")
    item |= {"type": "multiple_choice", "answer": ["one", "two"]}
    _add(copy, item)
    assert any("02.9" in w and "start the list" in w
               for w in warnings_for(copy / "exercises"))


def test_keys_piling_up_at_one_position_are_named(tmp_path):
    copy = _copy(tmp_path)
    for n in range(9, 13):
        _add(copy, _single(f"02.{n}", ["alpha option", "beta option", "gamma option"],
                           "alpha option"))
    found = [w for w in warnings_for(copy / "exercises") if "keys are option A" in w]
    assert found and "02.9" in found[0]


def test_reason_keys_piling_up_at_one_position_are_named(tmp_path):
    """A learner meets a two-tier item's list 2 as a list of its own: reasons whose key
    always sits at B are answered by position even when every list 1 is spread."""
    copy = _copy(tmp_path)
    for n, place in zip(range(9, 12), range(3), strict=True):
        options = ["first answer", "second answer", "third answer"]
        _add(copy, _single(f"02.{n}", options, options[place]) | {
            "type": "two_tier", "reasons": ["reason one", "reason two", "reason three"],
            "answer": {"answer": options[place], "reason": "reason two"},
            "right_answer_wrong_reason": "Check the reason.",
            "wrong_answer_right_reason": "Check the answer."})
    found = [w for w in warnings_for(copy / "exercises") if "list 2 keys are option B" in w]
    assert found and all(f"02.{n}" in found[0] for n in range(9, 12))
    assert not [w for w in warnings_for(copy / "exercises") if "list 1 keys" in w]


def test_a_lesson_that_stops_reasoning_gets_a_warning_not_a_failure(tmp_path, capsys):
    copy = _copy(tmp_path)
    for n in range(9, 13):  # four honest look-ups: lesson 02 drops below the share
        _add(copy, _single(f"02.{n}", [f"{n} a", f"{n} b", f"{n} c"], f"{n} b", "finding"))
    assert cli.main(["check-data", str(copy)]) == 0
    err = capsys.readouterr().err
    assert "WARNING" in err and "lesson 02" in err and "reasoning" in err


def test_check_data_names_the_item_with_a_cue(tmp_path, capsys):
    copy = _copy(tmp_path)
    _add(copy, _single("02.9", ["short one", "a much, much longer option that gives it away",
                                "short two"], "a much, much longer option that gives it away"))
    assert cli.main(["check-data", str(copy)]) == 0
    out, err = capsys.readouterr()
    assert "all data files are valid" in out
    assert "WARNING: exercises: exercise 02.9" in err


@pytest.mark.parametrize("strategy", ["always the first", "always the last",
                                      "always the middle", "always the longest"])
def test_never_reads_scores_reports_each_strategy(strategy):
    scores = item_design.never_reads_scores(all_exercises())
    assert 0 <= scores[strategy] <= 1


def test_a_grid_whose_key_runs_down_its_diagonal_is_named(tmp_path):
    """02.1 and 03.1 were solved by picking category 1, 2, 3 down the rows (issue 21)."""
    copy = _copy(tmp_path)
    _add(copy, {"id": "02.9", "type": "classification", "skill": "reasoning",
                "prompt": "Match each aspect (S09 to S11).",
                "categories": ["Russia", "United States", "Belarus itself"],
                "answer": {"S09's aspect": "Russia", "S10's aspect": "United States",
                           "S11's aspect": "Belarus itself"},
                "hints": ["Read S09 to S11."], "explanation": "S09 names Moscow.",
                "cites": ["S09", "S10", "S11"]})
    found = [w for w in warnings_for(copy / "exercises") if "02.9" in w]
    assert found and "runs down the grid" in found[0]
    reordered = copy / "exercises" / "02_two_partners.yml"
    content = yaml.safe_load(reordered.read_text(encoding="utf-8"))
    content["exercises"][-1]["items"] = ["S10's aspect", "S09's aspect", "S11's aspect"]
    reordered.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False),
                         encoding="utf-8")
    assert not [w for w in warnings_for(copy / "exercises") if "02.9" in w]

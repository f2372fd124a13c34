"""Issue 14, defect 1: a teacher's YAML file can never make the course hang.

A "billion laughs" file (nested aliases) used to make ``check-data`` and the
first ``exercise()`` call run for minutes; now it is refused at once, naming the
file and saying what to do. Every command runs with a timeout, so a regression
fails instead of hanging.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from balancing_act import exercises
from balancing_act.data import loaders as data
from balancing_act.support import bounded_yaml as yaml_bounded

DATA = data.data_dir()


def alias_bomb(levels: int = 10, width: int = 9) -> str:
    """10 levels x 9 aliases: 9**10 (3.4 billion) values once expanded, 1 kB of text."""
    lines = ['lesson: "98"', "title: Bomb", "exercises:", '  - id: "98.1"',
             '    type: text', '    prompt: p', '    answer: a', '    hints: [h]',
             '    explanation: e', '    cites: []',
             '    a0: &a0 [' + ", ".join(['"lol"'] * width) + "]"]
    for n in range(1, levels):
        lines.append(f"    a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def data_copy(root: Path, files: dict[str, str]) -> Path:
    target = root / "lessons_data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("exercises"))
    (target / "exercises").mkdir()
    for name, text in files.items():
        (target / "exercises" / name).write_text(text, encoding="utf-8")
    return target


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "balancing_act.cli", *args],
                          capture_output=True, text=True, timeout=timeout)


def test_check_data_refuses_an_alias_bomb_quickly_naming_the_file(tmp_path):
    folder = data_copy(tmp_path, {"98_bomb.yml": alias_bomb()})
    done = run_cli("check-data", str(folder), timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert ("exercises/98_bomb.yml: its aliases (*name) expand to more than 50,000 values"
            in done.stderr)


def test_exercise_on_an_alias_bomb_raises_a_named_error_not_a_hang(tmp_path):
    folder = data_copy(tmp_path, {"98_bomb.yml": alias_bomb()}) / "exercises"
    with pytest.raises(data.LessonDataError, match=r"98_bomb.yml: its aliases"):
        exercises.exercise("98.1", folder)


def test_a_recursive_alias_is_refused():
    read = yaml_bounded.read_text("a: &a [1, *a]\n")
    assert read.content is None
    assert read.problems and "aliases" in read.problems[0]


def test_a_few_plain_aliases_still_work():
    read = yaml_bounded.read_text("base: &b [1, 2]\nsame: *b\nalso: *b\n")
    assert read.problems == []
    assert read.content == {"base": [1, 2], "same": [1, 2], "also": [1, 2]}


@pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000, "- " * 100_000 + "x"])
def test_deep_nesting_is_one_problem_not_a_crash(text):
    read = yaml_bounded.read_text(text)
    assert read.content is None
    assert len(read.problems) == 1
    assert "deep" in read.problems[0] or "nesting depth" in read.problems[0]


def test_an_oversized_file_is_refused_by_size(tmp_path):
    path = tmp_path / "big.yml"
    path.write_text("k: " + "x" * (yaml_bounded.MAX_BYTES + 10) + "\n", encoding="utf-8")
    read = yaml_bounded.read_yaml(path)
    assert read.content is None
    assert read.problems[0].startswith(f"is larger than {yaml_bounded.MAX_BYTES:,} bytes")


def test_duplicate_keys_are_found_once_even_behind_an_alias():
    text = "a: &m {x: 1, x: 2}\nb: *m\nc: *m\nd: 1\nd: 2\n"
    read = yaml_bounded.read_text(text)
    assert read.problems == ["line 1: 'x' is written twice; keep one",
                             "line 5: 'd' is written twice; keep one"]


def test_the_course_files_fit_well_inside_the_bounds():
    for path in sorted((DATA / "exercises").glob("*.yml")):
        read = yaml_bounded.read_yaml(path)
        assert read.problems == [], path.name
        assert yaml_bounded.expanded_size(read.root) < yaml_bounded.MAX_NODES // 10

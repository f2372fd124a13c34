"""Each lesson's time is told once: the notebook's own breakdown, lessons.csv and the
teacher guide's minute-by-minute plan agree, so a teacher planning a period from any of
them plans the same lesson."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from balancing_act.data import loaders as data
from balancing_act.support import paths

LESSONS = data.load_lessons()
GUIDE = (Path(__file__).resolve().parents[2] / "docs" / "teacher_guide.md").read_text("utf-8")
ESTIMATE = re.compile(r"\*\*Estimated time:\*\* (\d+) minutes(?:, [^(.]*)?(?: \(([^)]*)\))?\.")
ROW = re.compile(r"^\| (\d+)-(\d+) \| ([^|]+?) \| [^|]+ \|$", re.MULTILINE)


def notebook_time(notebook: str) -> tuple[int, dict[str, int]]:
    """The notebook's 'Estimated time' line: the total, and minutes per part if it gives them."""
    nb = nbformat.read(paths.notebooks_dir() / notebook, as_version=4)
    found = ESTIMATE.search(nb.cells[0].source)
    assert found, f"{notebook}: no '**Estimated time:** N minutes (...)' line in its first cell"
    parts = {}
    for piece in (found.group(2) or "").split(", ") if found.group(2) else []:
        minutes, name = piece.split(" ", 1)
        parts[name] = int(minutes)
    return int(found.group(1)), parts


def guide_plan(lesson: str) -> tuple[int, list[tuple[int, int, str]]]:
    """The guide's heading minutes for a lesson and its plan's rows (start, end, part)."""
    heading = re.search(rf"^## {lesson} · .*?\((\d+) min[^)]*\)$", GUIDE, re.MULTILINE)
    assert heading, f"teacher guide: no '## {lesson} · ... (N min)' heading"
    section = GUIDE[heading.end():].split("\n## ", 1)[0]
    rows = [(int(a), int(b), part.strip()) for a, b, part in ROW.findall(section)]
    return int(heading.group(1)), rows


@pytest.mark.parametrize("row", list(LESSONS.itertuples()), ids=lambda r: r.lesson)
def test_notebook_lessons_csv_and_guide_give_the_same_minutes(row):
    total, parts = notebook_time(row.notebook)
    heading, rows = guide_plan(row.lesson)
    assert total == row.minutes == heading, (
        f"lesson {row.lesson}: notebook {total}, lessons.csv {row.minutes}, guide {heading}")
    assert not parts or sum(parts.values()) == total, f"{row.notebook}: parts do not add up"


@pytest.mark.parametrize("row", list(LESSONS.itertuples()), ids=lambda r: r.lesson)
def test_the_guides_plan_runs_without_gaps_and_matches_the_notebooks_parts(row):
    total, parts = notebook_time(row.notebook)
    _, rows = guide_plan(row.lesson)
    assert rows, f"lesson {row.lesson}: the guide has no minute-by-minute plan"
    ends = [0] + [end for _, end, _ in rows]
    assert [start for start, _, _ in rows] == ends[:-1] and ends[-1] == total, (
        f"lesson {row.lesson}: the plan's rows {[(a, b) for a, b, _ in rows]} do not run "
        f"from 0 to {total} without gaps")
    if parts:
        planned: dict[str, int] = {}
        for start, end, part in rows:
            planned[part] = planned.get(part, 0) + end - start
        assert planned == parts, f"lesson {row.lesson}: guide {planned}, notebook {parts}"


def test_the_capstone_is_planned_over_two_periods():
    _, rows = guide_plan("06")
    total, parts = notebook_time("06_capstone.ipynb")
    assert total >= 80 and parts.get("writing", 0) >= 45
    assert sum("Period 2" in line for line in GUIDE.split("## 06 ·")[1].split("\n## ")[0]
               .splitlines() if line.startswith("| ")) == 1

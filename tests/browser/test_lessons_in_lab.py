"""Every lesson in real JupyterLab: Run All shows no error, and its widgets answer a person.

Each lesson is opened once (a module-scoped fixture, grouped by lesson) in a tab
of the session's JupyterLab, run with Run -> Run All Cells, and photographed
into build/screenshots/. The tests then read the page as a learner would.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import labdriver
import nbformat
import pytest

from balancing_act import paths

LESSONS = [p.name for p in paths.lesson_notebooks()]
SCREENSHOTS = paths.BUILD_DIR / "screenshots"
NO_LESSONS = pytest.param(None, marks=pytest.mark.skip(reason="no lesson notebooks yet"))


@dataclass
class RanLesson:
    """A lesson open in a tab after Run All."""

    name: str
    page: Any
    screenshot: Path
    notebook: nbformat.NotebookNode


@pytest.fixture(scope="module", params=LESSONS or [NO_LESSONS], ids=lambda n: str(n)[:2])
def ran_lesson(request, lab, lab_page, lab_root) -> RanLesson:
    """Open the lesson with a fresh kernel, Run All, wait until done, take a screenshot."""
    name = request.param
    notebook = nbformat.read(lab_root / name, as_version=4)
    with labdriver.notebook_open(lab, lab_page, name) as page:
        labdriver.run_all(page)
        shot = labdriver.screenshot(page, SCREENSHOTS / f"{Path(name).stem}.png")
        yield RanLesson(name, page, shot, notebook)


def test_run_all_shows_no_error_and_runs_every_cell(ran_lesson):
    errors = labdriver.error_outputs(ran_lesson.page)
    assert not errors, "error output after Run All:\n" + "\n\n".join(
        f"cell {i}: {text}" for i, text in errors)
    assert labdriver.unrun_cells(ran_lesson.page) == [], "Run All stopped before these cells"
    assert ran_lesson.screenshot.stat().st_size > 10_000  # a real picture, not a blank page


def test_every_widget_changes_what_it_shows(ran_lesson):
    cells = labdriver.widget_cells(ran_lesson.page)
    if not cells:
        pytest.skip(f"{ran_lesson.name} has no slider, dropdown or button")
    silent = {}
    for index in cells:
        tried = labdriver.try_controls(ran_lesson.page, index)
        if not any(t.changed for t in tried):
            silent[index] = [t.action for t in tried]
    assert not silent, ("these widget cells showed no change after a person changed a control "
                        f"(cell: actions tried): {silent}")


CHECK_CALL = re.compile(r"([A-Za-z_][\w.]*(?:\([^()]*\))?)\.check\(")
EXERCISE_ID = re.compile(r"""exercise\(\s*["'](\d\d\.\d+)["']""")
ASSIGNED = re.compile(r"""(\w+)\s*=\s*exercise\(\s*["'](\d\d\.\d+)["']""")


def _answer_cells(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """(index, exercise id) of each answer cell, tagged `solution`, that calls `.check(`."""
    found, named, last = [], {}, None
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        named |= dict(ASSIGNED.findall(cell.source))
        ids = EXERCISE_ID.findall(cell.source)
        last = ids[-1] if ids else last
        call = CHECK_CALL.search(cell.source)
        if "solution" in cell.metadata.get("tags", []) and call:
            direct = EXERCISE_ID.search(call[1])
            found.append((i, direct[1] if direct else named.get(call[1], last)))
    return found


def _literal(source: str, value: Any) -> str | None:
    """The source text of the first literal in `source` equal to `value` (e.g. the answer)."""
    if not isinstance(value, (str, int, float, list, tuple, dict, set, frozenset)):
        return None  # a DataFrame answer is built by code, not written as a literal
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, (ast.Constant, ast.List, ast.Tuple, ast.Dict, ast.Set)):
            try:
                if ast.literal_eval(node) == value:
                    return ast.get_source_segment(source, node)
            except (ValueError, TypeError):
                continue
    return None


def _typed_case(nb: nbformat.NotebookNode) -> tuple[int, str, str, Any] | None:
    """An answer cell whose answer a learner could replace with a known mistake.

    Returns (cell index, right source, wrong source, the mistake), the shortest to
    type in the lesson: the right source is the cell as written; the wrong one has
    the answer literal replaced by the mistake's code.
    """
    from balancing_act.exercises import exercise

    cases = []
    for index, ex_id in _answer_cells(nb):
        ex = exercise(ex_id)
        source = nb.cells[index].source
        literal = _literal(source, ex.example_answer)
        for mistake in ex.mistakes if literal else ():
            wrong = source.replace(literal, ex.checker.as_code(mistake.answer), 1)
            cases.append((index, source, wrong, mistake))
    return min(cases, key=lambda c: len(c[1]) + len(c[2]), default=None)


def _words(text: str) -> str:
    return " ".join(text.replace("`", "").split())


def test_a_typed_answer_gets_its_targeted_hint_then_correct(ran_lesson):
    case = _typed_case(ran_lesson.notebook)
    if case is None:
        pytest.skip(f"{ran_lesson.name} has no `solution` answer cell whose answer has a "
                    "known mistake")
    index, right, wrong, mistake = case
    page = ran_lesson.page
    assert labdriver.type_into_cell(page, index, wrong) == wrong
    shown = labdriver.run_cell(page, index)
    assert "Not yet" in shown and _words(mistake.hint) in _words(shown), shown
    assert labdriver.type_into_cell(page, index, right) == right
    shown = labdriver.run_cell(page, index)
    assert "Correct" in shown and "Not yet" not in shown, shown

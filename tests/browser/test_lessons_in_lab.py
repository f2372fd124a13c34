"""Every lesson in real JupyterLab: Run All shows no error, and its widgets answer a person.

Each lesson is opened once (a module-scoped fixture, grouped by lesson) in a tab
of the session's JupyterLab, run with Run -> Run All Cells, and photographed
into build/screenshots/. The tests then read the page as a learner would.
"""

from __future__ import annotations

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
        if tried and not any(t.changed for t in tried):  # number boxes only: nothing to try
            silent[index] = [t.action for t in tried]
    assert not silent, ("these widget cells showed no change after a person changed a control "
                        f"(cell: actions tried): {silent}")

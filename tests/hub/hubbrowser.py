"""A learner on the hub in headless Chromium: log in, click the link, run the lesson, type.

Uses tests/browser/labdriver.py (Run All, error outputs, the Chromium launch) so the
hub's learners are driven like the browser tests' JupyterLab.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))

import labdriver  # noqa: E402
from classwork import LESSON, REPO_NAME, LessonRun, Step  # noqa: E402
from hubclass import Learner  # noqa: E402

CHROMIUM = labdriver.CHROMIUM
#: The learners who work in Chromium; the others drive their kernels over the API.
IN_BROWSER = ["learner01", "learner02"]
NOTEBOOK = f"{REPO_NAME}/{LESSON}"
#: Spawner arguments the browser needs on top of the shipped ones (test only): the page
#: exposes `window.jupyterapp`, which labdriver reads to know when cells have run.
EXTRA_ARGS = ["--LabApp.expose_app_in_browser=True"]

_CELL_DONE_JS = """(i) => { const c = window.__baCodeCells().find(c => c[0] === i);
  return !!c && c[2] !== null && !c[3]; }"""
_OUTPUT_JS = """(i) => { const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
  return [...cell.node.querySelectorAll('.jp-OutputArea-output')]
    .map(el => el.textContent).join('\\n'); }"""
_SELECT_LAST_JS = """() => { const nb = window.jupyterapp.shell.currentWidget.content;
  nb.activeCellIndex = nb.widgets.length - 1; nb.mode = 'command';
  nb.activeCell.node.scrollIntoView(); nb.node.focus(); return nb.widgets.length; }"""
_SAVED_JS = "() => !window.jupyterapp.shell.currentWidget.context.model.dirty"


def log_in_and_follow(page: Any, base: str, learner: Learner, link: str) -> None:
    """Open the link; the hub asks for a login first, then nbgitpuller pulls and opens Lab."""
    page.goto(f"{base}/hub/login?next={quote(link)}")
    page.fill("input[name=username]", learner.name)
    page.fill("input[name=password]", "any password")
    page.click("[type=submit]")
    wait_for_lesson(page)


def wait_for_lesson(page: Any, timeout: float = 120) -> None:
    """Until JupyterLab shows lesson 00 of the pulled copy with an idle kernel."""
    page.wait_for_function(labdriver._READY_JS, arg=NOTEBOOK, polling=200,
                           timeout=timeout * 1000)
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")
    page.evaluate(f"() => {{ window.__baCodeCells = {labdriver._CODE_CELLS_JS}; }}")


def type_and_run(page: Any, code: str, markdown: bool = False) -> str:
    """Add a cell at the end, type `code` into it, run it; returns what its output shows."""
    index = page.evaluate(_SELECT_LAST_JS)
    page.keyboard.press("b")                      # insert a cell below (command mode)
    if markdown:
        page.keyboard.press("m")
    page.keyboard.press("Enter")                  # edit it
    page.keyboard.insert_text(code)
    page.keyboard.press("Shift+Enter")
    if markdown:
        return ""
    page.wait_for_function(_CELL_DONE_JS, arg=index, polling=100, timeout=60_000)
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.sessionContext"
                           ".kernelDisplayStatus === 'idle'", polling=100, timeout=60_000)
    return page.evaluate(_OUTPUT_JS, index)


def save(page: Any) -> None:
    page.keyboard.press("Control+s")
    page.wait_for_function(_SAVED_JS, polling=100, timeout=30_000)


def run_lesson_in_browser(page: Any, learner: Learner, steps: list[Step]) -> LessonRun:
    """Run All on the learner's lesson 00, then type each step into a cell of its own."""
    run = LessonRun(learner.name, steps)
    labdriver.run_all(page)
    run.cell_errors += [f"cell {i}: {text[:300]}" for i, text in labdriver.error_outputs(page)]
    run.before = learner.progress()
    for step in steps:
        shown = type_and_run(page, step.code())
        run.feedback.append((step, shown))
        if "Traceback" in shown:
            run.cell_errors.append(f"{step.code()!r}: {shown[:300]}")
    run.after = learner.progress()
    return run

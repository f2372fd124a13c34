"""A learner on the hub in headless Chromium: log in, click the link, run the lesson, type.

Uses tests/browser/labdriver.py (Run All, error outputs, the Chromium launch) so the
hub's learners are driven like the browser tests' JupyterLab.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from tests.support import labdriver
from tests.support.classwork import LESSON, REPO_NAME, LessonRun, Step
from tests.support.hubclass import Learner

CHROMIUM = labdriver.CHROMIUM
#: The learners who work in Chromium; the others drive their kernels over the API.
IN_BROWSER = ["learner01", "learner02"]
NOTEBOOK = f"{REPO_NAME}/{LESSON}"
#: Spawner arguments the browser needs on top of the shipped ones (test only): the page
#: exposes `window.jupyterapp`, which labdriver reads to know when cells have run.
EXTRA_ARGS = ["--LabApp.expose_app_in_browser=True"]

class BrowserThread:
    """Headless Chromium driven from a thread of its own.

    Playwright's sync API allows one instance per thread, and the browser tests keep a
    session-wide one open in pytest's main thread; every call on this browser, its
    contexts and pages goes through `run`, which executes it in the browser's thread.
    """

    def __init__(self) -> None:
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="chromium")
        self._playwright: Any = None
        self.browser = self.run(self._launch)

    def _launch(self) -> Any:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        return labdriver.launch_browser(self._playwright)

    def run(self, action: Callable[..., Any], *args: Any) -> Any:
        return self._pool.submit(action, *args).result()

    def close(self) -> None:
        def stop() -> None:
            try:
                self.browser.close()
            finally:
                self._playwright.stop()

        try:
            self.run(stop)
        finally:
            self._pool.shutdown()


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


def wait_for_lesson(page: Any, timeout: float = 300) -> None:
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


def learner_in_browser(browser: Any, base: str, learner: Learner, link: str,
                       steps: list[Step], note: str) -> tuple[Any, str, LessonRun]:
    """One learner's whole browser session (run it in the browser's thread): log in, follow
    the link, run lesson 00 and their own checks, add a note and save. Returns the page,
    the address the link led to, and what the lesson did."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    log_in_and_follow(page, base, learner, link)
    landed = page.url
    run = run_lesson_in_browser(page, learner, steps)
    type_and_run(page, note, markdown=True)
    save(page)
    return page, landed, run


def follow_again(page: Any, url: str) -> None:
    """Click the same link again in the learner's tab (run it in the browser's thread);
    returns once JupyterLab shows the updated lesson 00 with an idle kernel."""
    page.goto(url)
    wait_for_lesson(page)

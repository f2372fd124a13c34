"""In JupyterLab in headless Chromium: a slider key press to the updated table, and a
press on an answer form's Check button to its feedback (on the student build).

Uses tests/browser/labdriver.py, the browser tests' own driver: the same
server start, the same Run All, and an in-page clock (performance.now() at
keydown, a MutationObserver on the cell's result widgets).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.common import RUN, Figure, env_int, median, not_available, p95

TARGET_MS = 300.0
COMMAND = f"{RUN} --only browser"
TITLE = "slider key press -> updated table in JupyterLab"
CHECK_TITLE = "Check pressed -> feedback drawn in JupyterLab (answer form, student build)"
CHECK_LESSON, CHECK_EXERCISE, CHECK_ANSWERS = "00_start_here.ipynb", "00.1", ["42", "43"]
SLIDER_HINTS = ("weights_panel(", "Slider(")


def _candidates() -> list[str]:
    """Lessons whose source mentions a slider first, then the rest."""
    from balancing_act.support import paths

    names = [p.name for p in paths.lesson_notebooks()]
    likely = [n for n in names
              if any(h in (paths.NOTEBOOKS_DIR / n).read_text("utf-8") for h in SLIDER_HINTS)]
    return likely + [n for n in names if n not in likely]


def _measure_in_lab(presses: int) -> tuple[tuple[str, int, list[float]] | str, list[float]]:
    """Slider samples (or why there are none) and Check-button samples, one server."""
    from playwright.sync_api import sync_playwright

    from balancing_act.delivery import student_build
    from balancing_act.support import paths
    from tests.support import labdriver

    work = Path(tempfile.mkdtemp(prefix="bench-lab-"))
    try:
        root = labdriver.copy_notebooks(paths.NOTEBOOKS_DIR, work / "nb")
        student_build.build_student(paths.NOTEBOOKS_DIR, root / "student")
        env = labdriver.isolated_env(work / "home")
        with labdriver.running_lab(root, env) as server, sync_playwright() as pw:
            browser = labdriver.launch_browser(pw)
            try:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = labdriver.open_lab(context, server)
                return (_first_slider(server, page, presses),
                        _check_presses(server, page, presses))
            finally:
                browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _check_presses(server: Any, page: Any, presses: int) -> list[float]:
    """Check-button samples on the student build's first numeric form."""
    from tests.support import labdriver

    with labdriver.notebook_open(server, page, f"student/{CHECK_LESSON}"):
        labdriver.run_all(page)
        cell = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").filter(
            has=page.locator(f'section[aria-label^="Exercise {CHECK_EXERCISE} "]')).first
        cell.scroll_into_view_if_needed()
        return labdriver.check_latency(page, cell, CHECK_ANSWERS, presses=presses)


def _first_slider(server: Any, page: Any, presses: int) -> tuple[str, int, list[float]] | str:
    """Latency samples from the first lesson whose slider changes what its cell shows."""
    from tests.support import labdriver

    for name in _candidates():
        with labdriver.notebook_open(server, page, name):
            labdriver.run_all(page)
            cell = labdriver.latency_cell(page)
            if cell is not None:
                return name, cell, labdriver.slider_latency(page, cell, presses=presses)
    return "no lesson has a slider that changes a visible result"


def measure(presses: int | None = None) -> list[Figure]:
    from tests.support import labdriver

    presses = presses or env_int("BENCH_BROWSER_PRESSES", 30)
    if not labdriver.CHROMIUM.exists():
        return [not_available("browser", TITLE, "ms", TARGET_MS, COMMAND,
                              f"{labdriver.CHROMIUM} not found (apt-get install chromium)")]
    try:
        found, checks = _measure_in_lab(presses)
    except Exception as exc:
        why = f"{type(exc).__name__}: {exc}"
        return [not_available("browser", TITLE, "ms", TARGET_MS, COMMAND, why),
                not_available("browser_check", CHECK_TITLE, "ms", TARGET_MS, COMMAND, why)]
    check_detail = (f"p95 {p95(checks):.0f} ms (n={len(checks)}), {CHECK_LESSON} exercise "
                    f"{CHECK_EXERCISE}; click to the feedback region's first change, answers "
                    f"alternating {' / '.join(CHECK_ANSWERS)}")
    check_figure = Figure("browser_check", CHECK_TITLE, median(checks), "ms", TARGET_MS,
                          check_detail, COMMAND, extra={"p95_ms": p95(checks),
                                                        "samples_ms": checks})
    if isinstance(found, str):
        return [not_available("browser", TITLE, "ms", TARGET_MS, COMMAND, found), check_figure]
    name, cell, samples = found
    detail = (f"p95 {p95(samples):.0f} ms (n={len(samples)}), {name} cell {cell}; "
              "keydown to last mutation of the cell's table/HTML/Output widgets")
    return [Figure("browser", TITLE, median(samples), "ms", TARGET_MS, detail, COMMAND,
                   extra={"lesson": name, "cell": cell, "samples_ms": samples}),
            check_figure]

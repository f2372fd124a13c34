"""One lesson of the student build in JupyterLab Dark, as a learner who prefers it sees it.

Lesson 04 shows every kind of thing the course draws: answer forms, the deal planner's
controls, its table, its chart and its verdict in words. The lab runs with the course's
own settings plus the dark theme; after Run All, a form's Hint, Check (an empty answer:
"Not attempted") and another form's Solution put each kind of feedback box on screen.
Then: screenshots at 1366x768 into ``build/screenshots/dark/`` (look at them beside the
light ones in ``build/screenshots/student/``), and axe-core over what the course draws:
no critical or serious violation, colour contrast included.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from balancing_act.delivery import lab_settings, student_build
from balancing_act.support import paths
from tests.support import axecheck, labdriver

LESSON = "04_expert_recommendations.ipynb"
DARK = {"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}
GALLERY = paths.BUILD_DIR / "screenshots" / "dark"
WIDTH, HEIGHT = 1366, 768
CONTENT = [".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownOutput",
           ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea"]
FORMS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell"
WAIT_MS = 30_000
#: How many of each kind of thing the course draws were on screen for the audit.
_SHOWN_JS = """() => Object.fromEntries(Object.entries({
    tables: 'table.ba-table', headers: 'table.ba-table th[scope=col]',
    verdicts: 'p[role=status]', forms: 'section.balancing-act-exercise',
    feedback: '.balancing-act-result', hints: 'section.balancing-act-hint',
    solutions: 'section.balancing-act-solution', charts: '.widget-html-content img[alt]',
  }).map(([name, sel]) => [name, [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) ' + sel)].filter(el => {
      const r = el.getBoundingClientRect();
      return r.height > 0 && r.bottom > 0 && r.top < window.innerHeight; }).length]))"""


@pytest.fixture(scope="module")
def dark_lab(tmp_path_factory) -> Iterator[labdriver.LabServer]:
    """A JupyterLab of its own whose settings add JupyterLab Dark to the course's."""
    env = labdriver.isolated_env(tmp_path_factory.mktemp("dark-home"))
    lab_settings.write_overrides(Path(env["JUPYTER_CONFIG_DIR"]),
                                 {**labdriver.LAB_OVERRIDES, **DARK})
    root = tmp_path_factory.mktemp("dark-lab")
    student_build.build_student(paths.NOTEBOOKS_DIR, root / "student")
    with labdriver.running_lab(root, env) as server:
        yield server


def _press(cell: Any, button: str, shows: str) -> None:
    """Press a form's button (its label starts with ``button``: "Hint (1 of 2)") and wait
    until the cell shows the box it brings."""
    cell.get_by_role("button", name=re.compile(f"^{button}\\b")).first.click()
    cell.locator(shows).first.wait_for(state="visible", timeout=WAIT_MS)


def _frames(page: Any, stem: str) -> list[Path]:
    """Screens from the top of the notebook to its end, each 1366x768."""
    scroller = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"
    shots, top = [], 0
    while len(shots) < 25:
        page.evaluate(f"(y) => {{ document.querySelector('{scroller}').scrollTop = y; }}", top)
        page.wait_for_timeout(400)
        shots.append(GALLERY / f"{stem}_{len(shots) + 1:02d}.png")
        page.screenshot(path=str(shots[-1]))
        now, height, view = page.evaluate(
            f"() => {{ const el = document.querySelector('{scroller}');"
            " return [el.scrollTop, el.scrollHeight, el.clientHeight]; }")
        if now + view >= height - 1:
            break
        top = now + view - 150
    return shots


@pytest.fixture(scope="module")
def seen(dark_lab, browser) -> Iterator[dict[str, Any]]:
    """Lesson 04 run once in the dark: its theme, frames, axe findings and errors."""
    GALLERY.mkdir(parents=True, exist_ok=True)
    for old in GALLERY.glob("*.png"):
        old.unlink()
    axecheck.axe_script()
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    page = labdriver.open_lab(context, dark_lab, workspace="dark")
    try:
        with labdriver.notebook_open(dark_lab, page, f"student/{LESSON}") as page:
            labdriver.run_all(page)
            theme = page.evaluate("() => [document.body.dataset.jpThemeName,"
                                  " document.body.dataset.jpThemeLight]")
            forms = page.locator(FORMS).filter(has=page.locator("section.balancing-act-exercise"))
            first, second = forms.nth(0), forms.nth(1)
            first.scroll_into_view_if_needed()
            _press(first, "Hint", "section.balancing-act-hint")
            _press(first, "Check", ".balancing-act-result")
            second.scroll_into_view_if_needed()
            _press(second, "Solution", "section.balancing-act-solution")
            page.wait_for_timeout(500)  # the page's accessibility fixes run on the next frame
            frames = _frames(page, Path(LESSON).stem)
            with labdriver.whole_notebook_in_view(page):
                found = axecheck.run_axe(page, CONTENT)
                shown = page.evaluate(_SHOWN_JS)
            errors = labdriver.error_outputs(page)
            yield {"theme": theme, "frames": frames, "axe": found, "errors": errors,
                   "shown": shown}
    finally:
        context.close()


def test_the_lesson_runs_in_jupyterlab_dark_and_is_photographed(seen):
    assert seen["theme"] == ["JupyterLab Dark", "false"], seen["theme"]
    assert seen["errors"] == [], seen["errors"]
    assert seen["frames"] and all(f.stat().st_size > 5_000 for f in seen["frames"])


def test_everything_the_course_draws_reads_in_the_dark(seen):
    """axe over the lesson's text and outputs (forms, feedback, table, verdict) in the dark."""
    assert all(seen["shown"].values()), f"not all on screen for the audit: {seen['shown']}"
    print("\n" + axecheck.report(f"JupyterLab Dark student {LESSON}", seen["axe"]))
    serious = axecheck.blocking(seen["axe"])
    assert serious == [], "\n".join(map(str, serious))

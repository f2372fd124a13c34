"""Every lesson of the student build, as a learner sees it on a 1366x768 classroom laptop.

Uses the session's JupyterLab and Chromium (conftest): the student build is
written into a folder of the lab's throw-away root. Each lesson is opened with
a fresh kernel and run (Run All), then:

* photographed in 1366x768 frames into ``build/screenshots/student/`` with an
  ``index.html`` to page through them;
* checked for clipped text: no button, label, table cell or code whose content
  is wider than its box (wrapping is fine, cutting off is not);
* audited with axe-core: no critical or serious violation; the moderate and
  minor ones are printed (run with ``-s`` to read them);
* operated as a person would, last: in every widget cell a slider moves, a dropdown
  takes another option or a button is clicked until what the cell shows changes.

One Run All per lesson serves every check: the instructor notebooks are executed by
nbval, and what a learner meets in the browser is this build.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest

from balancing_act.delivery import student_build
from balancing_act.support import paths
from tests.support import axecheck, labdriver

pytestmark = [pytest.mark.student_view]

LESSONS = [p.name for p in paths.lesson_notebooks()]
GALLERY = paths.BUILD_DIR / "screenshots" / "student"
WIDTH, HEIGHT = 1366, 768
MAX_FRAMES = 20  # per lesson; the longest lesson is about fifteen screens

#: Elements whose text a learner must be able to read whole, inside notebook cells.
CLIPPABLE = ("button, .widget-label, label, .widget-readout, td, th, caption, code, pre, "
             ".jp-RenderedText pre, .cm-line")

#: What the course puts on the page: rendered Markdown and cell outputs (widgets included).
#: JupyterLab's own editor and toolbar are its project's business, not the lesson's.
CONTENT = [".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownOutput",
           ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea"]

#: [selector path, text, scrollWidth, clientWidth] of each element whose text is cut off.
_CLIPPED_JS = """(selector) => {
  const root = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  const found = [];
  for (const el of root.querySelectorAll(selector)) {
    if (!el.offsetParent || el.clientWidth === 0) continue;      // not shown
    const style = getComputedStyle(el);
    if (['auto', 'scroll'].includes(style.overflowX) && !el.matches('button, td, th')) continue;
    const ellipsis = style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth;
    if (el.scrollWidth > el.clientWidth + 1 || ellipsis) {
      let scroller = el.parentElement, scrolls = false;
      while (scroller && scroller !== root) {      // inside a box that scrolls sideways?
        const o = getComputedStyle(scroller).overflowX;
        if ((o === 'auto' || o === 'scroll') && !scroller.matches('.jp-Cell, .jp-Notebook'))
          { scrolls = scroller.scrollWidth > scroller.clientWidth + 1; break; }
        scroller = scroller.parentElement;
      }
      if (scrolls && !el.matches('button, .widget-label, label')) {
        found.push(['scroll box: ' + scroller.className.slice(0, 60),
                    el.textContent.trim().slice(0, 80), scroller.scrollWidth,
                    scroller.clientWidth]);
        continue;
      }
      if (style.overflowX === 'visible' && !ellipsis) continue;  // spills over, not cut off
      found.push([el.tagName.toLowerCase() + '.' + (el.className || '').toString().slice(0, 40),
                  el.textContent.trim().slice(0, 80), el.scrollWidth, el.clientWidth]);
    }
  }
  for (const editor of root.querySelectorAll('.cm-scroller')) {   // code past the cell's edge
    if (editor.offsetParent && editor.scrollWidth > editor.clientWidth + 1)
      found.push(['code cell', editor.textContent.trim().slice(0, 80), editor.scrollWidth,
                  editor.clientWidth]);
  }
  return found;
}"""


#: Cells of the course's tables holding long text (three words or more) set right-aligned.
_RIGHT_ALIGNED_TEXT_JS = """() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) table.ba-table td')]
  .filter(td => td.textContent.trim().split(/\\s+/).length >= 3
                && getComputedStyle(td).textAlign === 'right')
  .map(td => td.textContent.trim().slice(0, 60))"""


#: Cells of the course's tables holding a number whose computed alignment is not right.
_NUMBERS_NOT_RIGHT_JS = """() => [...document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) table.ba-table td')]
  .filter(td => /^[-+\u2212]?(0|[1-9]\\d{0,2}(,\\d{3})+|[1-9]\\d*)(\\.\\d+)?%?$/
                  .test(td.textContent.trim())
                && getComputedStyle(td).textAlign !== 'right')
  .map(td => td.textContent.trim())"""

#: Tables that sit in a box scrolling on its own (a scroll bar inside the notebook's).
_SCROLLED_TABLES_JS = """() => {
  const found = [];
  for (const table of document.querySelectorAll(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea table')) {
    let box = table.parentElement;
    while (box && !box.matches('.jp-WindowedPanel-outer, .jp-Notebook')) {
      const style = getComputedStyle(box);
      const tall = ['auto', 'scroll'].includes(style.overflowY)
                   && box.scrollHeight > box.clientHeight + 1;
      const wide = ['auto', 'scroll'].includes(style.overflowX)
                   && box.scrollWidth > box.clientWidth + 1;
      if (tall || wide) {
        found.push([(table.caption ? table.caption.textContent : '').trim().slice(0, 60),
                    box.className.slice(0, 60), box.clientHeight, box.scrollHeight]);
        break;
      }
      box = box.parentElement;
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def student_dir(lab_root) -> Path:
    """The student build, written inside the lab's root so the session's server serves it."""
    out = lab_root / "student"
    student_build.build_student(paths.NOTEBOOKS_DIR, out)
    return out


@pytest.fixture(scope="module")
def laptop_page(lab_page) -> Any:
    """The session's lab tab at the classroom laptop's size (restored afterwards)."""
    size = lab_page.viewport_size
    lab_page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    yield lab_page
    lab_page.set_viewport_size(size)


#: [scrollTop, scrollHeight, clientHeight, cells drawn inside the view] of the notebook.
_VIEW_JS = """(sel) => {
  const el = document.querySelector(sel), box = el.getBoundingClientRect();
  const drawn = [...el.querySelectorAll('.jp-Cell')].filter(c => {
    const r = c.getBoundingClientRect();
    return r.height > 0 && r.bottom > box.top && r.top < box.bottom; }).length;
  return [el.scrollTop, el.scrollHeight, el.clientHeight, drawn];
}"""


def _frames(page: Any, stem: str) -> tuple[list[Path], list[str]]:
    """1366x768 screenshots from the top of the notebook to its end, each showing cells.

    JupyterLab draws a long notebook's cells only near the view and estimates the
    height of the rest, so the end is read again after each scroll, a frame waits
    until cells are drawn in it, and a scroll that no longer moves, or that shows only
    the space JupyterLab leaves below the last cell, ends the series.
    Returns the frames and the names of any that show no cell.
    """
    scroller = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"
    step = max(HEIGHT - 200, 300)
    shots: list[Path] = []
    blank: list[str] = []
    top, last = 0, -1
    while len(shots) < MAX_FRAMES:
        page.evaluate(f"(y) => {{ document.querySelector('{scroller}').scrollTop = y; }}", top)
        for _ in range(20):                    # up to 2 s for the cells to be drawn
            page.wait_for_timeout(100)
            now, height, view, drawn = page.evaluate(_VIEW_JS, scroller)
            if drawn:
                break
        if now <= last:                        # clamped at the end: already photographed
            break
        if not drawn and shots:                # past the last cell: Lab's scroll-past-end space
            break
        shots.append(GALLERY / f"{stem}_{len(shots) + 1:02d}.png")
        page.screenshot(path=str(shots[-1]))
        if not drawn:
            blank.append(shots[-1].name)
        if now + view >= height - 1:
            break
        last, top = now, now + step
    return shots, blank


def _write_gallery(shots: dict[str, list[Path]]) -> Path:
    """An index page listing every frame by lesson, to page through in a browser."""
    parts = [f"<h2>{html.escape(name)}</h2>" + "".join(
        f'<figure><img src="{p.name}" alt="{html.escape(name)}, screen {i}" width="683">'
        f"<figcaption>screen {i}</figcaption></figure>" for i, p in enumerate(frames, 1))
        for name, frames in shots.items()]
    page = GALLERY / "index.html"
    page.write_text("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
                    "<title>Student build at 1366x768</title></head><body><main>"
                    "<h1>Every lesson, student build, 1366x768</h1>" + "".join(parts)
                    + "</main></body></html>\n", encoding="utf-8")
    return page


@pytest.fixture(scope="module")
def gallery() -> Path:
    """The screenshot folder, emptied once per run; its index is rewritten after each lesson."""
    GALLERY.mkdir(parents=True, exist_ok=True)
    for old in GALLERY.glob("*.png"):
        old.unlink()
    axecheck.axe_script()
    return GALLERY


_SHOTS: dict[str, list[Path]] = {}


@pytest.fixture(scope="module", params=LESSONS, ids=lambda n: n[:2])
def seen(request, lab, laptop_page, student_dir, gallery) -> dict[str, Any]:
    """One lesson run once: its frames, its clipped elements, its axe findings, its errors."""
    name = request.param
    with labdriver.notebook_open(lab, laptop_page, f"{student_dir.name}/{name}") as page:
        labdriver.run_all(page)
        page.wait_for_timeout(500)  # the page's accessibility fixes run on the next frame
        frames, blank = _frames(page, Path(name).stem)
        # Clipping and axe see every cell laid out (a tall viewport), at the same width.
        page.set_viewport_size({"width": WIDTH, "height": 6000})
        page.wait_for_timeout(300)
        clipped = page.evaluate(_CLIPPED_JS, CLIPPABLE)
        right = page.evaluate(_RIGHT_ALIGNED_TEXT_JS)
        numbers = page.evaluate(_NUMBERS_NOT_RIGHT_JS)
        scrolled = page.evaluate(_SCROLLED_TABLES_JS)
        ragged = page.evaluate(_RAGGED_GRIDS_JS)
        with labdriver.whole_notebook_in_view(page):  # axe skips what is scrolled away
            found = axecheck.run_axe(page, CONTENT)
        page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
        errors = labdriver.error_outputs(page)
        unrun = labdriver.unrun_cells(page)
        silent = _silent_widget_cells(page)
    _SHOTS[name] = frames
    _write_gallery(dict(sorted(_SHOTS.items())))
    return {"name": name, "frames": frames, "blank": blank, "clipped": clipped, "axe": found,
            "errors": errors, "right_aligned": right, "numbers_not_right": numbers,
            "scrolled_tables": scrolled, "ragged_grids": ragged, "unrun": unrun, "silent": silent}


#: Widgets whose labelled controls should start in one column (classification grids, the
#: table explorer's settings) but do not, within 3 px: (widget, left edge of each control).
_RAGGED_GRIDS_JS = """() => [...document.querySelectorAll('.ba-aligned')].map((box, n) => {
  const lefts = [...box.querySelectorAll(':scope > .widget-inline-hbox > .widget-label, '
                                         + ':scope > .widget-toggle-buttons > .widget-label')]
    .filter(label => label.getBoundingClientRect().width > 0)  // hidden: HTML outputs' labels
    .map(label => Math.round(label.nextElementSibling.getBoundingClientRect().left));
  return [n, lefts];
}).filter(([n, lefts]) => lefts.length < 2 || Math.max(...lefts) - Math.min(...lefts) > 3)"""


def _silent_widget_cells(page: Any) -> dict[int, list[str]] | None:
    """Widget cells whose controls changed nothing they show (None: the lesson has none)."""
    cells = labdriver.widget_cells(page)
    if not cells:
        return None
    silent = {}
    for index in cells:
        tried = labdriver.try_controls(page, index)
        if tried and not any(t.changed for t in tried):  # number boxes only: nothing to try
            silent[index] = [t.action for t in tried]
    return silent


def test_student_lesson_runs_and_is_photographed_at_laptop_size(seen):
    assert seen["errors"] == [], seen["errors"]
    assert seen["unrun"] == [], "Run All stopped before these cells"
    assert seen["frames"], f"no screenshot of {seen['name']}"
    for frame in seen["frames"]:
        assert frame.stat().st_size > 5_000, f"{frame} looks blank"
    assert seen["blank"] == [], "frames showing no cell of the lesson"
    assert (GALLERY / "index.html").is_file()


def test_no_text_is_cut_off_at_1366x768(seen):
    clipped = seen["clipped"]
    assert clipped == [], f"{seen['name']}: text wider than its box at {WIDTH}px (what, " \
                          "text, scroll width, box width):\n" + "\n".join(map(str, clipped))


def test_long_text_in_tables_is_left_aligned(seen):
    assert seen["right_aligned"] == [], f"{seen['name']}: right-aligned text cells"


def test_numbers_in_tables_are_right_aligned(seen):
    assert seen["numbers_not_right"] == [], f"{seen['name']}: numbers not right-aligned"


def test_no_table_scrolls_in_a_box_of_its_own(seen):
    assert seen["scrolled_tables"] == [], (
        f"{seen['name']}: tables in a nested scroll box (caption, box, height, content height)")


def test_labelled_controls_line_up_in_one_column(seen):
    assert seen["ragged_grids"] == [], (
        f"{seen['name']}: grids or explorers whose controls start at different x, or "
        "that the check cannot measure (widget, left edge of each control)")


def test_student_lesson_has_no_serious_accessibility_violation(seen):
    found = seen["axe"]
    print("\n" + axecheck.report(f"JupyterLab student {seen['name']}", found))
    serious = axecheck.blocking(found)
    assert serious == [], "\n".join(map(str, serious))


def test_every_widget_changes_what_it_shows(seen):
    if seen["silent"] is None:
        pytest.skip(f"{seen['name']} has no slider, dropdown or button")
    assert seen["silent"] == {}, ("these widget cells showed no change after a person changed "
                                  f"a control (cell: actions tried): {seen['silent']}")

"""The Voilà presentation of lesson 03 (student version) and the answer key, in Chromium.

* the presentation as `make present` shows it: widgets live, no worked answer, no
  code and no code-only instruction, sliders with names, no serious axe violation;
* the answer key page: no serious axe violation.

Kept apart from test_delivery_a11y.py (the offline site) so that the two run on
different workers. Moderate and minor findings are printed (``-s``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from balancing_act.delivery import answer_key, present
from balancing_act.support import paths
from tests.support import axecheck
from tests.support.presenting import hidden_code_lines, open_offline, voila

pytestmark = [pytest.mark.delivery_a11y]


@pytest.fixture(scope="module")
def presentation(tmp_path_factory, isolated_home) -> Path:
    """The presentation copy of lesson 03, as `balancing-act present 03` writes it."""
    lesson = paths.find_lesson("03")
    return present.write_presentation(lesson, tmp_path_factory.mktemp("present"))


def test_presentation_shows_the_student_version_accessibly(browser, isolated_home,
                                                          presentation):
    """One Voilà run of lesson 03 as `make present` shows it: widgets live, code and worked
    answers hidden, sliders named, no serious axe violation."""
    with voila(presentation, isolated_home) as url:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        try:
            page.goto(url, timeout=120_000, wait_until="domcontentloaded")
            page.wait_for_selector(".widget-slider", timeout=120_000)
            page.wait_for_selector(".widget-slider .noUi-handle[aria-label]", timeout=60_000)
            text = page.inner_text("body")
            tables = page.locator("table").count()
            code_areas = page.locator(".jp-InputArea-editor, .jp-InputPrompt").count()
            knobs = page.locator(".widget-slider .noUi-handle")
            names = [knobs.nth(i).get_attribute("aria-label") for i in range(knobs.count())]
            readouts = page.locator(".widget-slider .widget-readout[tabindex='-1']").count()
            found = axecheck.run_axe(page)
        finally:
            page.close()
    assert "Correct" not in text, "the presentation shows a checked answer"
    assert tables >= 1 and code_areas == 0
    code = hidden_code_lines(nbformat.read(presentation, as_version=4))
    assert code and [ln for ln in code if ln in text] == [], "code shown"
    assert ".check(" not in text and ".hint(" not in text, "code-only instructions shown"
    assert names and all(names), f"slider knobs without a name: {names}"
    assert readouts == len(names), "a slider's readout is still a Tab stop"
    print("\n" + axecheck.report("Voila presentation 03 (student)", found))
    assert axecheck.blocking(found) == [], "\n".join(map(str, axecheck.blocking(found)))


def test_answer_key_page_is_accessible(browser, tmp_path):
    _, page_file = answer_key.build_answer_key(tmp_path)
    context, page, problems = open_offline(browser, page_file.as_uri())
    try:
        page.wait_for_load_state("load")
        found = axecheck.run_axe(page)
    finally:
        context.close()
    print("\n" + axecheck.report("answer key", found))
    assert problems == [], "\n".join(problems)
    assert axecheck.blocking(found) == [], "\n".join(map(str, axecheck.blocking(found)))


#: Every element that shows text of its own: its size, whether it is cut, and whether it
#: leaves the screen sideways.
_MEASURE = r"""() => {
  const out = {small: [], cut: [], off: []}, W = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !r.width || !r.height || cs.visibility === 'hidden') continue;
    if (el.closest('.MathJax, mjx-container, svg, .ba-code-only, script, style')) continue;
    const what = `${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 40)}"`;
    if (parseFloat(cs.fontSize) < 20) out.small.push(`${what} ${cs.fontSize}`);
    if (['hidden', 'clip', 'auto', 'scroll'].includes(cs.overflowX)
        && el.scrollWidth > el.clientWidth + 1) out.cut.push(what);
    if (r.right > W + 1 || r.left < -1) out.off.push(what);
  }
  for (const el of document.querySelectorAll('table, .widget-slider, .ba-form')) {
    let box = el.parentElement;
    for (; box; box = box.parentElement) {
      const cs = getComputedStyle(box);
      if (['hidden', 'auto', 'scroll'].includes(cs.overflowX)
          && box.scrollWidth > box.clientWidth + 1) {
        out.cut.push(`${el.tagName} in a scroller`);
        break;
      }
    }
  }
  return out;
}"""


def test_the_projector_at_1280x720_is_readable_safe_and_offline(browser, isolated_home,
                                                                presentation):
    """What thirty learners see: 20 px text, nothing cut or off screen, no request beyond
    the server (icons included), Solution asking first, no link to a 403, no code words in
    feedback, and the teacher's demonstration check in no one's progress record."""
    record = Path(isolated_home["BALANCING_ACT_HOME"])
    before = sorted(p.name for p in record.glob("*")) if record.exists() else []
    with voila(presentation, isolated_home) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        outside: list[str] = []
        page.on("request", lambda r: outside.append(r.url)
                if not r.url.startswith((url, "data:", "blob:")) else None)
        try:
            page.goto(url, timeout=120_000, wait_until="domcontentloaded")
            page.wait_for_selector(".widget-slider .noUi-handle[aria-label]", timeout=120_000)
            page.wait_for_load_state("networkidle")
            measured = page.evaluate(_MEASURE)
            icon_font = page.evaluate(
                "document.fonts.check('900 20px \"Font Awesome 5 Free\"')")
            links = page.locator("a[href$='.ipynb'], a[href*='.ipynb#']").count()
            summary_open = page.locator("details.ba-summary").evaluate("d => d.open")
            form = page.locator(".ba-form").filter(has_text="Exercise 03.2")
            # a catalogued mistake of 03.2
            form.locator("label", has_text="balancing against the stronger power").click()
            form.locator("button", has_text="Check").click()
            form.locator(".balancing-act-result").wait_for(timeout=30_000)
            feedback = form.locator(".balancing-act-result").inner_text()
            form.locator(".ba-solution").click()
            page.wait_for_timeout(1500)
            after_one = form.inner_text()
            asked = page.locator(".ba-confirm").inner_text()
            form.locator(".ba-solution").click()
            form.locator(".balancing-act-solution").wait_for(timeout=30_000)
            page.screenshot(path=str(presentation.parent / "projector-03.png"))
        finally:
            page.close()
    assert measured["small"] == [], measured["small"][:10]
    assert measured["cut"] == [] and measured["off"] == [], measured
    assert outside == [] and icon_font, outside
    assert links == 0 and summary_open is False
    assert "Not yet" in feedback and ".hint(" not in feedback and "`" not in feedback
    assert "Solution (exercise 03.2)" not in after_one and "Press Solution again" in asked
    after = sorted(p.name for p in record.glob("*")) if record.exists() else []
    assert after == before, "the presenter's checks reached a progress record"


def _pdf_pages(data: bytes) -> int:
    """Pages of a PDF as Chromium writes it (one ``/Type /Page`` object per page)."""
    return len(re.findall(rb"/Type\s*/Page\b", data))


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_answer_key_prints_one_crib_page_per_lesson_then_the_full_key(browser, tmp_path,
                                                                      paper):
    """Printed through Chromium's PDF output: the cribs alone take one page per lesson, and
    with the full key after them each lesson of the full key starts a new page."""
    _, page_file = answer_key.build_answer_key(tmp_path / "key")
    lessons = len(answer_key.lesson_titles())
    context, page, problems = open_offline(browser, page_file.as_uri())
    try:
        page.wait_for_load_state("load")
        whole = page.pdf(format=paper, print_background=True)
        page.add_style_tag(content="@media print { .lesson { display: none; } }")
        cribs = page.pdf(format=paper, print_background=True)
    finally:
        context.close()
    assert problems == []
    assert _pdf_pages(cribs) == lessons, "a lesson's crib does not fit on one page"
    assert _pdf_pages(whole) > 2 * lessons
    pdftotext = shutil.which("pdftotext")
    if pdftotext:  # each crib page, then the full key, start where they should
        (tmp_path / "key.pdf").write_bytes(whole)
        for n in range(lessons + 1):
            text = subprocess.run([pdftotext, "-f", str(n + 1), "-l", str(n + 1),
                                   str(tmp_path / "key.pdf"), "-"], capture_output=True,
                                  text=True, check=True).stdout
            want = f"Crib: Lesson {n:02d}" if n < lessons else "Lesson 00:"
            assert any(want in line for line in text.splitlines()[:2]), (n, text[:80])

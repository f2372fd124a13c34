"""The Voilà presentation of lesson 03 (student version) and the answer key, in Chromium.

* the presentation as `make present` shows it: widgets live, no worked answer, no
  code and no code-only instruction, sliders with names, no serious axe violation;
* the answer key page: no serious axe violation.

Kept apart from test_delivery_a11y.py (the offline site) so that the two run on
different workers. Moderate and minor findings are printed (``-s``).
"""

from __future__ import annotations

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

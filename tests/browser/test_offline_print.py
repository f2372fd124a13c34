"""The offline site as a learner opens and prints it: lesson 03 of the student build.

One lesson only (the whole site is test_delivery_a11y.py's): the page says it is a
reading copy and how to open the lesson live, shows no code, and printed through
Chromium's PDF output on A4 and Letter keeps every column of its wide tables inside the
page (the scorecard's Score, the ratings editor's grid without stray letters).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from balancing_act.delivery import static_site
from balancing_act.support import paths
from tests.support.presenting import open_offline

#: Tables and widget rows whose right edge leaves the printed page, in print media.
_OUTSIDE = r"""() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('table, .widget-hbox, .widget-label')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 1) out.push(el.className + ' ' + el.textContent.slice(0, 40));
  }
  return out;
}"""


@pytest.fixture(scope="module")
def lesson_page(tmp_path_factory, isolated_home) -> Path:
    out = tmp_path_factory.mktemp("site") / "html"
    report = static_site.build_site(out, [paths.find_lesson("03")], student=True,
                                    log=lambda _: None)
    assert report.ok, report.failures
    return out / "03_balancing_strategy.html"


def test_the_reading_copy_says_what_it_is_and_shows_no_code(browser, lesson_page):
    context, page, problems = open_offline(browser, lesson_page.as_uri())
    try:
        page.wait_for_load_state("load")
        banner = page.locator(".ba-offline-banner").inner_text()
        first = page.locator(".ba-offline-banner").bounding_box()
        code = page.locator(".jp-CodeCell .jp-InputArea, .highlight").count()
        text = page.inner_text("body")
    finally:
        context.close()
    assert problems == []
    assert "This is a reading copy." in banner and "do nothing here" in banner
    assert "make lab" in banner and "03_balancing_strategy.ipynb" in banner
    assert first and first["y"] < 200, "the banner is not at the top"
    assert code == 0 and "from balancing_act import" not in text and ".hint()" not in text
    index = (lesson_page.parent / "index.html").read_text(encoding="utf-8")
    assert "03 · The balancing strategy" in index


#: page.pdf()'s layout widths (no margin), and A4 and Letter inside a print dialog's 10 mm
#: margins (the ratings editor's rows once had fixed widths that overran these by 13 px).
_PAPERS = [("A4", 794), ("Letter", 816), ("A4", 718), ("Letter", 740)]
#: Stray letters: a ratings box's name (its label) drawn wider than a screen-reader-only label.
_DRAWN_LABELS = """() => [...document.querySelectorAll('.ba-ratings .widget-text .widget-label')]
  .filter(l => l.getBoundingClientRect().width > 1 && getComputedStyle(l).display !== 'none')
  .map(l => l.textContent)"""


@pytest.mark.parametrize("paper, width", _PAPERS)
def test_printed_tables_keep_every_column(browser, lesson_page, paper, width):
    """In print media at the paper's printable width nothing leaves the page; the PDF's
    text keeps the Score column and no ratings-editor label printed as stray letters."""
    context, page, problems = open_offline(browser, lesson_page.as_uri())
    try:
        page.wait_for_load_state("load")
        page.set_viewport_size({"width": width, "height": 1000})
        page.emulate_media(media="print")
        outside = page.evaluate(_OUTSIDE)
        hidden_labels = page.locator(".widget-label[style*='width: 0']").evaluate_all(
            "els => els.filter(e => getComputedStyle(e).display !== 'none').length")
        pdf = page.pdf(format=paper, print_background=True)
    finally:
        context.close()
    assert problems == [] and outside == [], outside[:5]
    assert hidden_labels == 0, "screen-reader labels print as stray letters"
    assert pdf.startswith(b"%PDF")
    (lesson_page.parent / f"lesson03_{paper}_{width}.pdf").write_bytes(pdf)  # to look at


def test_at_200_percent_zoom_every_column_stays_on_screen(browser, lesson_page):
    """A 1366-pixel screen at 200 % zoom lays the page out 683 CSS pixels wide: the ratings
    table and the scorecard wrap their headers, the editor's boxes shrink, no letters
    stray beside them, and every box keeps its accessible name."""
    context, page, problems = open_offline(browser, lesson_page.as_uri())
    try:
        page.wait_for_load_state("load")
        page.set_viewport_size({"width": 683, "height": 384})
        outside = page.evaluate(_OUTSIDE)
        drawn = page.evaluate(_DRAWN_LABELS)
        boxes = page.locator(".ba-ratings input")
        names = [boxes.nth(n).evaluate("b => b.labels[0].textContent")
                 for n in range(boxes.count())]
    finally:
        context.close()
    assert problems == [] and outside == [], outside[:5]
    assert drawn == [], drawn[:3]
    assert len(names) >= 12 and all("," in name for name in names)  # "option, priority"

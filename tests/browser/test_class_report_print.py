"""The class report of a class of thirty, printed through Chromium on A4 and Letter.

At each paper's printable width (the page's 12 mm margins) no table, chart or cell
leaves the page and no cell's text is clipped; the PDF is made, and its pages are kept
beside the test's files for a person to look at (`--basetemp` to find them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from balancing_act.cli import commands as cli
from tests.support import class_of_thirty as klass
from tests.support.presenting import open_offline

#: Elements whose right edge leaves the page, and cells whose text is wider than the cell.
_CUT = r"""() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('table, svg, figure, p, li, h1, h2')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 1) out.push('outside: ' + el.tagName + ' '
        + el.textContent.slice(0, 40));
  }
  for (const cell of document.querySelectorAll('td, th')) {
    if (cell.scrollWidth > cell.clientWidth + 1) out.push('clipped: ' + cell.textContent);
  }
  return out;
}"""
#: CSS pixels inside 12 mm margins: A4 is 210 mm wide, Letter 8.5 in (96 px per inch).
_PAPERS = [("A4", round((210 - 24) / 25.4 * 96)), ("Letter", round(8.5 * 96 - 24 / 25.4 * 96))]


@pytest.fixture(scope="module")
def report(tmp_path_factory, isolated_home) -> Path:
    root = tmp_path_factory.mktemp("class-of-thirty")
    klass.make_class(root, reasoning=True)  # the per-item choices' long labels print too
    page = root / "class_report.html"
    assert cli.main(["class-report", str(root / "handed_in"), "--roster",
                     str(root / "canvas.csv"), "--html", str(page)]) == 0
    return page


@pytest.mark.parametrize("paper, width", _PAPERS)
def test_the_printed_report_cuts_nothing(browser, report, paper, width):
    context, page, problems = open_offline(browser, report.as_uri())
    try:
        page.wait_for_load_state("load")
        page.set_viewport_size({"width": width, "height": 1000})
        page.emulate_media(media="print")
        cut = page.evaluate(_CUT)
        narrowest = page.evaluate(
            "() => Math.min(...[...document.querySelectorAll('td')]"
            ".filter(c => c.textContent.trim().length > 3)"
            ".map(c => c.getBoundingClientRect().width))")
        pdf = page.pdf(format=paper, margin={k: "12mm" for k in
                                             ("top", "right", "bottom", "left")})
    finally:
        context.close()
    assert problems == [] and cut == [], cut[:5]
    assert narrowest >= 30  # no column squeezed to a letter or two wide
    assert pdf.startswith(b"%PDF")
    (report.parent / f"class_report_{paper}.pdf").write_bytes(pdf)

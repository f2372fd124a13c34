"""Presentation mode (Voilà) and the offline static site, seen in a real browser.

Each test uses a small demo notebook (a table, a slider, an HTML widget and a
code cell that must stay hidden) so that it tests the delivery whatever lessons
exist, plus real lessons when there are some (lesson 03's presentation, as
`make present` shows it, is in test_delivery_a11y.py: one Voilà run serves both).
The site is built once per session, from the demo and the first two lessons,
because building executes every notebook it exports.
"""

from __future__ import annotations

import html.parser
import shutil
import time
from pathlib import Path

import nbformat
import pytest

from balancing_act.delivery import site_assets, static_site
from balancing_act.support import paths
from tests.support import builds
from tests.support.presenting import voila

HIDDEN_CODE = "# this comment is code and must not be presented"
DEMO_HTML = "rendered by the widget manager"
SITE_LESSONS = 2  # real lessons in the test site, besides the demo (all seven take minutes)


def _demo_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Demo lesson\n\nA table, two widgets and a formula:\n\n"
                                      "$$w_1 \\cdot r_1 + w_2 \\cdot r_2$$"),
        nbformat.v4.new_code_cell(f"{HIDDEN_CODE}\nimport ipywidgets as w\nimport pandas as pd"),
        nbformat.v4.new_code_cell('pd.DataFrame({"partner": ["Russia", "United States"], '
                                  '"status": ["established", "prospective"]})'),
        nbformat.v4.new_code_cell('w.IntSlider(value=3, min=0, max=5, description="weight")'),
        nbformat.v4.new_code_cell(f'w.HTML("<b>{DEMO_HTML}</b>")'),
    ]
    path = folder / "00_demo.ipynb"
    nbformat.write(nb, path)
    return path


# ---------------------------------------------------------------- presentation (Voilà)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    _demo_notebook(folder)
    return folder


def _open_presentation(browser, url: str):
    page = browser.new_page()
    page.goto(url, timeout=120_000, wait_until="domcontentloaded")  # not web fonts
    page.wait_for_selector(".jupyter-widgets, .jp-OutputArea-output", timeout=120_000)
    return page


def test_presentation_shows_widgets_and_tables_and_no_code(browser, isolated_home, demo_dir):
    with voila(demo_dir / "00_demo.ipynb", isolated_home) as url:
        page = _open_presentation(browser, url)
        page.wait_for_selector(".widget-slider", timeout=60_000)
        assert page.locator(".widget-html-content", has_text=DEMO_HTML).count() == 1
        assert page.locator("table", has_text="prospective").count() >= 1
        assert page.locator(".jp-InputArea-editor, .jp-InputPrompt").count() == 0
        assert HIDDEN_CODE not in page.content()
        page.close()


# ---------------------------------------------------------------- offline static site


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> static_site.SiteReport:
    """The site, built once: the demo notebook and the first lessons (timed, see -s)."""
    if shutil.which("npm") is None and not (site_assets.ASSET_CACHE / "MANIFEST.txt").is_file():
        pytest.skip("npm not found and no cached widget renderer: install Node.js (npm) so that "
                    f"the build can run `npm pack {' '.join(site_assets.SITE_PACKAGES)}` once")
    src = tmp_path_factory.mktemp("site-src")
    notebooks = [_demo_notebook(src), *paths.lesson_notebooks()[:SITE_LESSONS]]
    start = time.perf_counter()
    # the lessons as committed (nbval holds them equal to a fresh run); the demo is executed
    report = static_site.build_site(tmp_path_factory.mktemp("site"), notebooks,
                                  execute=builds.committed_or_executed)
    print(f"site build: {len(notebooks)} notebook(s) in {time.perf_counter() - start:.1f} s")
    assert report.ok, report.failures
    return report


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def _tags(path: Path) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.found


def test_site_pages_load_scripts_and_styles_only_from_the_site(site):
    for page in [*site.pages.values(), site.out_dir / "index.html"]:
        for tag, attrs in _tags(page):
            url = attrs.get("src") or (attrs.get("href") if tag == "link" else None)
            if tag in ("script", "link", "img") and url:
                assert "://" not in url and not url.startswith("//"), (page.name, tag, url)
                assert (site.out_dir / url).is_file(), (page.name, url)


def test_site_scripts_are_fetched_once_and_reused(site, monkeypatch):
    monkeypatch.setenv("PATH", "")  # a second build must not need npm
    cache = site_assets.site_assets()
    assert set(site_assets.REQUIRED_ASSETS) <= {p.name for p in cache.iterdir()}


def test_site_index_lists_the_lessons_in_order(site):
    links = [a["href"] for tag, a in _tags(site.out_dir / "index.html") if tag == "a"]
    assert links == [p.name for p in site.pages.values()]


def _offline_page(browser):
    """A page that can read file:// URLs and nothing else; returns it and what went wrong
    (blocked or failed requests, uncaught errors, console errors)."""
    context = browser.new_context(offline=True)
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("requestfailed", lambda request: blocked.append(request.url))
    # Uncaught errors and console errors count too: a page must run cleanly offline.
    page.on("pageerror", lambda error: blocked.append(f"uncaught: {error}"))
    page.on("console", lambda m: blocked.append(f"console: {m.text}") if m.type == "error"
            else None)
    return context, page, blocked


def test_site_shows_a_table_and_live_widgets_offline(browser, site):
    context, page, blocked = _offline_page(browser)
    page.goto((site.out_dir / "00_demo.html").as_uri())
    page.wait_for_selector(".widget-slider", timeout=30_000)
    assert page.locator(".widget-html-content", has_text=DEMO_HTML).count() == 1
    assert page.locator("table.dataframe", has_text="prospective").count() == 1
    assert page.locator(".widget-readout", has_text="3").count() == 1
    page.wait_for_selector("mjx-container svg", timeout=30_000)  # MathJax, from the site too
    assert blocked == []
    context.close()


@pytest.mark.parametrize("position", range(SITE_LESSONS))
def test_each_lesson_page_renders_its_widgets_offline(browser, site, position):
    lessons = [name for name in site.pages if name != "00_demo.ipynb"]
    if position >= len(lessons):
        pytest.skip(f"only {len(lessons)} lesson notebook(s) exist so far")
    page_file = site.pages[lessons[position]]
    context, page, blocked = _offline_page(browser)
    page.goto(page_file.as_uri())
    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if views:
        page.wait_for_selector(".jupyter-widgets", timeout=30_000)
    page.wait_for_load_state("load")
    assert "Error displaying widget" not in page.inner_text("body")
    assert blocked == []
    context.close()


def test_site_index_opens_a_lesson_offline(browser, site):
    context, page, blocked = _offline_page(browser)
    page.goto((site.out_dir / "index.html").as_uri())
    page.click("a >> nth=0")
    page.wait_for_selector(".widget-slider", timeout=30_000)
    page.click("nav >> text=All lessons")
    page.wait_for_selector("h1:has-text('Balancing Act: lessons')")
    assert blocked == []
    context.close()

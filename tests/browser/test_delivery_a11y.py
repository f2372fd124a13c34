"""What the class and the teacher see outside JupyterLab, measured in Chromium.

* every page of the offline student site, opened from disk with the network off:
  zero console errors, zero uncaught errors, zero missing resources, and no
  critical or serious axe violation;
* (the Voilà presentation and the answer key: test_presentation_a11y.py, so that
  they run beside the site build rather than after it).

Moderate and minor findings are printed (``-s``). One Chromium (the session's).
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from balancing_act.delivery import site_assets, static_site
from balancing_act.support import paths
from tests.support import axecheck, builds
from tests.support.presenting import open_offline

pytestmark = [pytest.mark.delivery_a11y]


@pytest.fixture(scope="module")
def student_site(tmp_path_factory) -> static_site.SiteReport:
    """The whole student site (`balancing-act html --student`), built once."""
    if shutil.which("npm") is None and not (site_assets.ASSET_CACHE / "MANIFEST.txt").is_file():
        pytest.skip("npm not found and no cached widget renderer: install Node.js (npm)")
    # each student lesson's one run in this test session, exported (tests.support.builds)
    report = static_site.build_site(tmp_path_factory.mktemp("student-site"), student=True,
                                  log=lambda line: None,
                                  execute=builds.student_site_execute(tmp_path_factory))
    assert report.ok, report.failures
    return report


def _settle(page: Any) -> None:
    """Wait for the widgets a page embeds to draw, and for fonts and late scripts."""
    page.wait_for_load_state("load")
    if page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count():
        page.wait_for_selector(".jupyter-widgets", timeout=30_000)
    page.evaluate("() => document.fonts.ready.then(() => true)")
    page.wait_for_timeout(800)


def _site_pages() -> list[str]:
    return ["index.html", *(f"{p.stem}.html" for p in paths.lesson_notebooks())]


@pytest.mark.parametrize("name", _site_pages(), ids=lambda n: n[:2] if n[0].isdigit() else n)
def test_offline_student_site_page_is_clean_and_accessible(browser, student_site, name):
    context, page, problems = open_offline(browser, (student_site.out_dir / name).as_uri())
    try:
        _settle(page)
        if page.locator(".fa, .fas").count():  # a button icon: its font must have loaded
            faces = page.evaluate("() => [...document.fonts].filter(f => f.family.includes("
                                  "'Font Awesome')).map(f => f.status)")
            assert "loaded" in faces and "error" not in faces, f"icon font faces: {faces}"
        found = axecheck.run_axe(page)
    finally:
        context.close()
    print("\n" + axecheck.report(f"offline student site {name}", found))
    assert problems == [], "\n".join(problems)
    assert axecheck.blocking(found) == [], "\n".join(map(str, axecheck.blocking(found)))

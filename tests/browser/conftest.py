"""Shared fixtures for real-browser tests: Debian's Chromium driven by Playwright.

The tests skip, with the reason, when /usr/bin/chromium is missing; `.ci/run`
installs it so CI always runs them. Browser downloads (`playwright install`)
never happen: the system Chromium is launched directly.

One JupyterLab server and one Chromium serve the whole session (each costs
seconds to start); every lesson gets its own tab and a fresh kernel.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from balancing_act.support import paths
from tests.support import labdriver

CHROMIUM = labdriver.CHROMIUM
CHROMIUM_ARGS = labdriver.CHROMIUM_ARGS


def pytest_collection_modifyitems(config, items):
    """Mark every test here as a browser test, and skip them all without Chromium."""
    here = Path(__file__).parent
    missing = not CHROMIUM.exists()
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if missing:
                item.add_marker(pytest.mark.skip(
                    reason=f"{CHROMIUM} not found: install Debian's chromium (apt-get install "
                           "chromium) to run the browser tests; .ci/run does this"))


@pytest.fixture(scope="session")
def isolated_home(tmp_path_factory) -> dict[str, str]:
    """Environment variables that keep Jupyter, IPython and Chromium state out of $HOME.

    Also holds the JupyterLab settings override that silences the news toast, and
    BALANCING_ACT_HOME, so a test's progress records never reach the real one.
    """
    return labdriver.isolated_env(tmp_path_factory.mktemp("browser-home"))


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A headless Chromium shared by the session (one launch costs about a second)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = labdriver.launch_browser(pw)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory) -> Path:
    """A throw-away copy of notebooks/: tests run and edit it, never the committed files."""
    return labdriver.copy_notebooks(paths.NOTEBOOKS_DIR, tmp_path_factory.mktemp("lab") / "nb")


@pytest.fixture(scope="session")
def lab(lab_root, isolated_home) -> Iterator[labdriver.LabServer]:
    """JupyterLab on a free loopback port with a random token, stopped by PID at the end."""
    with labdriver.running_lab(lab_root, isolated_home) as server:
        yield server


@pytest.fixture(scope="session")
def lab_context(browser) -> Iterator[Any]:
    """One browser context for the session, so JupyterLab's scripts are cached after tab one."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture(scope="session")
def lab_page(lab, lab_context) -> Iterator[Any]:
    """One tab with JupyterLab loaded; each lesson opens and closes inside it."""
    page = labdriver.open_lab(lab_context, lab)
    yield page
    page.close()

"""Shared fixtures for real-browser tests: Debian's Chromium driven by Playwright.

The tests skip, with the reason, when /usr/bin/chromium is missing; `.ci/run`
installs it so CI always runs them. Browser downloads (`playwright install`)
never happen: the system Chromium is launched directly.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("BALANCING_ACT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


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
    """Environment variables that keep Jupyter, IPython and Chromium state out of $HOME."""
    home = tmp_path_factory.mktemp("browser-home")
    env = dict(os.environ)
    for var, sub in [("JUPYTER_CONFIG_DIR", "jupyter-config"), ("JUPYTER_DATA_DIR", "jupyter-data"),
                     ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"), ("IPYTHONDIR", "ipython"),
                     ("XDG_CONFIG_HOME", "xdg-config"), ("XDG_CACHE_HOME", "xdg-cache"),
                     ("BALANCING_ACT_HOME", "progress")]:
        (home / sub).mkdir()
        env[var] = str(home / sub)
    env["HOME"] = str(home)
    return env


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A headless Chromium shared by the session (one launch costs about a second)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()

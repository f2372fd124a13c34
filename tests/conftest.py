"""Every test writes progress to its own temporary folder, never to the user's own record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def progress_home(tmp_path_factory, monkeypatch) -> Iterator[Path]:
    """A fresh, not yet created BALANCING_ACT_HOME and a fresh session, for every test."""
    from balancing_act import progress

    folder = tmp_path_factory.mktemp("progress-home") / "home"
    monkeypatch.setenv("BALANCING_ACT_HOME", str(folder))
    progress.reset_session()
    yield folder
    progress.reset_session()


@pytest.fixture()
def home(progress_home: Path) -> Path:
    """The test's progress folder, by its short name."""
    return progress_home

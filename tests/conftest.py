"""Every test writes progress to its own temporary folder, never to the user's own record."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_progress_home(tmp_path_factory, monkeypatch):
    from balancing_act import progress

    monkeypatch.setenv("BALANCING_ACT_HOME", str(tmp_path_factory.mktemp("progress-home")))
    progress.reset_session()
    yield
    progress.reset_session()

"""Throw-away copies of the course for tests that damage a file of it (``--course COPY``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from balancing_act.support import paths


def course_copy(dest: Path, *, notebooks: bool = True) -> Path:
    """``dest`` holding a copy of the course's lessons_data/ (and notebooks/); returns it."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(paths.data_dir(), dest / "lessons_data")
    if notebooks:
        shutil.copytree(paths.notebooks_dir(), dest / "notebooks",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return dest


@pytest.fixture(autouse=True)
def no_course_left_named(monkeypatch):
    """``--course`` sets $BALANCING_ACT_COURSE in the process; put it back after each test."""
    monkeypatch.setenv(paths.COURSE_ENV, os.environ.get(paths.COURSE_ENV, ""))

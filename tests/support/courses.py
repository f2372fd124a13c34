"""Throw-away copies of the course for tests that damage a file of it (``--course COPY``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from balancing_act.support import paths


def course_copy(dest: Path, *, notebooks: bool = True) -> Path:
    """``dest`` holding a copy of the course's lessons_data/ (and notebooks/); returns it."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(paths.data_dir(), dest / "lessons_data")
    if notebooks:
        shutil.copytree(paths.notebooks_dir(), dest / "notebooks",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return dest

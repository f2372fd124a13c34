"""Throw-away copies of the course for tests that damage a file of it (``--course COPY``)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from balancing_act.support import paths

#: The course's ranking item became a two-tier judgement (issue 21); the ordering list and a
#: form bound to the weights panel are tested on a teacher's item in a copy of the course.
RANKING_ITEM = """\
lesson: "98"
title: A teacher's ranking item
exercises:
  - id: "98.1"
    type: ordering
    skill: practice
    prompt: Set the sliders to 6, 2 and 2 and check the ranking the panel shows.
    answer:
      - Rapid comprehensive deal with Washington
      - Phased deal with safeguards
      - Multilateral track first
      - "Status quo: prioritise ties with Moscow"
    hints: [Move the sliders.]
    mistakes:
      - answer:
          - Phased deal with safeguards
          - Rapid comprehensive deal with Washington
          - Multilateral track first
          - "Status quo: prioritise ties with Moscow"
        hint: The first two are swapped; read the scores the panel shows for them.
    explanation: The weights drive the ranking (S21).
    cites: [S21]
"""


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

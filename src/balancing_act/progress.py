"""Progress as the lessons call it: ``from balancing_act.progress import show_progress``.

A thin entry kept for released lessons (a learner's copy in ``my_work/`` is never
overwritten, so its import lines must keep working). The record itself is kept by
``record.store`` and tabled by ``record.views``; this module adds the one thing they
must not know: the size of the course, read here from the exercise files of the
data folder given (default: the installed course) and passed on as an argument.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from balancing_act.data.schemas import LessonDataError
from balancing_act.exercises.course import course_counts
from balancing_act.record import identity, views
from balancing_act.record.store import (
    ProgressWarning,
    home,
    pending,
    progress_path,
    record,
    reset_session,
    state,
)
from balancing_act.record.views import ProgressView, mistakes_text
from balancing_act.support.paths import CourseNotFound, version

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ProgressView", "ProgressWarning", "details", "export_csv", "home", "mistakes_text",
           "pending", "progress_path", "progress_table", "record", "reset_session",
           "show_progress", "summary"]


def counts_for(folder: Path | str | None = None) -> dict[str, int]:
    """Exercises per lesson of the course in ``folder``; {} when its files do not load
    (a progress table still shows what was recorded)."""
    try:
        return course_counts(folder)
    except (LessonDataError, CourseNotFound, OSError):
        return {}


def summary(scope: str = "all", counts: Mapping[str, int] | None = None) -> pd.DataFrame:
    """One row per lesson; ``scope="all"`` lists every lesson of the course."""
    counts = counts_for() if counts is None else counts
    return views.summary(state(scope), counts, every_lesson=scope == "all")


def details(scope: str = "all") -> pd.DataFrame:
    """One row per exercise touched: checks, last status, hints, solution viewed."""
    return views.details(state(scope))


def export_csv(path: Path | str, scope: str = "all", *, per: str = "exercise",
               counts: Mapping[str, int] | None = None, learner: str | None = None) -> Path:
    """Write the progress table as CSV to hand in: one row per exercise (what the
    teacher's class report reads best) or, with ``per="lesson"``, one per lesson.

    Every row says whose it is and which course version wrote it (``record.identity``):
    ``learner``, else ``$BALANCING_ACT_LEARNER``, else ``$JUPYTERHUB_USER``, else the
    login name, since a learning platform renames the files it is handed."""
    who = identity.learner_id(learner, os.environ, identity.login_name())
    return identity.export(state(scope), path, per=per,
                           counts=counts_for() if counts is None else counts,
                           learner=who, version=version(), every_lesson=scope == "all")


def progress_table(scope: str = "session", lesson: str | None = None) -> ProgressView:
    """Progress for display in a notebook; ``scope="session"`` by default, so a lesson's
    stored output does not depend on what a learner did before; ``"all"`` shows the
    whole record that survives restarts."""
    if scope not in ("session", "all"):
        raise ValueError(f"scope {scope!r} is not known; expected 'all' or 'session'")
    return views.progress_table(state(scope), counts_for(), scope, lesson)


show_progress = progress_table

"""Each build of the course executed once per test run, and shared by every check that reads it.

``make test`` runs pytest in several worker processes; a build made here lands in a folder
they all see (the run's shared temporary folder), under a file lock, so the first worker
that needs it makes it and the others read it:

* the student lessons, each executed once with its widget state (the student-build
  check reads them, and so does the student site, which exports them instead of
  executing them again);
* the instructor lessons need no run of their own: nbval executes every committed lesson
  and fails when a fresh run differs from what is stored, so a site of the instructor
  lessons exports the committed notebooks as they are.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import nbformat
import pytest
from filelock import FileLock

from balancing_act.delivery import static_site, student_build
from balancing_act.support import paths
from balancing_act.support.atomic_files import replace_text


def shared_folder(factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder every worker of this run sees (xdist gives each worker its own basetemp,
    side by side in one folder of the run)."""
    base = factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = root / f"shared-{name}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def student_lessons(factory: pytest.TempPathFactory) -> Path:
    """The student build of every lesson (`balancing-act student`), made once per run."""
    folder = shared_folder(factory, "student")
    with FileLock(str(folder / ".lock")):
        done = folder / ".built"
        if not done.exists():
            student_build.build_student(paths.NOTEBOOKS_DIR, folder / "lessons", force=True)
            done.touch()
    return folder / "lessons"


def executed_student_lesson(factory: pytest.TempPathFactory, name: str) -> nbformat.NotebookNode:
    """One student lesson run top to bottom in a fresh kernel (its own progress folder), once
    per run; every caller gets its own copy of the executed notebook."""
    source = student_lessons(factory) / name
    target = shared_folder(factory, "student-executed") / name
    with FileLock(str(target) + ".lock"):
        if not target.exists():
            with tempfile.TemporaryDirectory() as home:
                env = {**os.environ, "BALANCING_ACT_HOME": str(Path(home) / "progress")}
                executed = static_site.execute_notebook(source, env)
            replace_text(target, nbformat.writes(executed), prefix=f".{name}-")
    return nbformat.read(target, as_version=4)


def student_site_execute(factory: pytest.TempPathFactory):
    """``build_site(..., execute=)`` for the student site: each lesson's shared run."""
    def execute(path: Path, env: Mapping[str, str]) -> nbformat.NotebookNode:
        return executed_student_lesson(factory, path.name)
    return execute


def committed_or_executed(path: Path, env: Mapping[str, str]) -> nbformat.NotebookNode:
    """``build_site(..., execute=)`` for instructor lessons: the committed, executed notebook
    (nbval holds it equal to a fresh run); anything else is executed as a build would."""
    if path.resolve().parent == paths.NOTEBOOKS_DIR.resolve():
        return nbformat.read(path, as_version=4)
    return static_site.execute_notebook(path, env)

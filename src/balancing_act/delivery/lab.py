"""The ``lab`` command's work: the learner's own copy of the lessons, and JupyterLab on
loopback with a token (the CLI only wires the arguments)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from balancing_act.support import paths

__all__ = ["as_root_now", "copy_missing", "lab_command"]


def as_root_now() -> bool:
    """Whether this process runs as root (containers, lab images): JupyterLab needs a flag."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_command(root: Path, extra: list[str] | None = None, *,
                as_root: bool | None = None) -> list[str]:
    """JupyterLab on loopback only, opening the first lesson in ``root``.

    The token is left to JupyterLab: it makes a fresh random one each start and
    prints the full URL with it (one we set ourselves would be masked in its log).
    No news feed and no update check: nothing leaves the machine.
    """
    first = paths.lesson_notebooks()[0].name
    root_flag = ["--allow-root"] if (as_root_now() if as_root is None else as_root) else []
    return [sys.executable, "-m", "jupyterlab", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.root_dir={root}", f"--LabApp.default_url=/lab/tree/{first}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            *root_flag, *(extra or [])]


def copy_missing(src: Path, dest: Path, student: bool) -> tuple[list[Path], int]:
    """Lessons added to ``dest`` (student or worked version) and how many were already there."""
    from balancing_act.delivery.student_build import add_missing_copies

    lessons = paths.lesson_notebooks()
    added = add_missing_copies(src, dest, student=student)
    return added, len(lessons) - len(added)

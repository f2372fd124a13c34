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
            *terminal_flag(), *root_flag, *(extra or [])]


def terminal_flag() -> list[str]:
    """A lab terminal runs the learner's shell as it is, not as a login shell.

    Started without a terminal of its own (a desktop launcher, a test), JupyterLab opens
    login shells, and a login profile (Debian's /etc/profile) resets ``PATH``: the
    course's command, which ``lab_settings.lab_env`` puts first on it, would be lost.
    """
    if os.name == "nt":
        return []
    shell = os.environ.get("SHELL") or "/bin/sh"
    return [f"--ServerApp.terminado_settings=shell_command={shell}"]


def copy_missing(src: Path, dest: Path, student: bool) -> tuple[list[Path], int]:
    """Lessons added to ``dest`` (student or worked version) and how many were already there."""
    from balancing_act.delivery.student_build import add_missing_copies

    lessons = paths.lesson_notebooks()
    added = add_missing_copies(src, dest, student=student)
    return added, len(lessons) - len(added)

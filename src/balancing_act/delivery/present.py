"""Presentation mode: a lesson on the projector with Voilà, code hidden, widgets live.

The class sees the student version by default: every exercise's form empty and
live, no "Correct" under an exercise, widgets at their starting values, so the
teacher can answer with the class. Cells that only make sense with code visible
go (any cell tagged ``code-only``); the code-only lines inside exercise cards (``.check(...)``,
``.hint()``) are hidden by class. The worked instructor notebook is shown only
with ``--instructor``, for the teacher's own screen.
"""

from __future__ import annotations

import argparse
import importlib.util
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from balancing_act.delivery.student_build import (
    notebook_text,
    placeholders,
    read_notebook,
    student_notebook,
)
from balancing_act.support import a11y, paths
from balancing_act.support.atomic_files import replace_text
from balancing_act.support.errors import CourseError

#: A cell with this tag is left out of the presentation (e.g. "run the cell below").
CODE_ONLY_TAG = "code-only"
#: Elements of this class (exercise cards' code instructions) are hidden when presenting.
CODE_ONLY_CLASS = "ba-code-only"

#: What is hidden: the class above, and the small print closing an exercise or hint card
#: ("Check with `.check(answer)`; hints with `.hint()` ..."), which is about code.
_HIDDEN = (f".{CODE_ONLY_CLASS}, :is(.balancing-act-exercise, .balancing-act-hint)"
           " > p:last-child:has(> small:only-child)")

_PAGE_CELL = f"""from IPython.display import HTML, Javascript, display
display(HTML('<style>{_HIDDEN} {{ display: none !important; }}</style>'))
display(HTML({a11y.FOCUS_CSS!r}))
display(Javascript({a11y.FIX_JS!r}))
"""


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def presentation_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student version of ``nb`` without code-only cells, led by a page-setup cell."""
    student = student_notebook(nb, placeholders(None))
    # A solution cell is an exercise's form in the instructor copy; its student version is the
    # empty form, which the class fills in with the teacher.
    kept = [new for old, new in zip(nb.cells, student.cells, strict=True)
            if CODE_ONLY_TAG not in _tags(old)]
    student.cells = [nbformat.v4.new_code_cell(_PAGE_CELL, id="present-page-setup"), *kept]
    return student


def write_presentation(notebook: Path, folder: Path) -> Path:
    """Write the presentation copy of ``notebook`` into ``folder``; return its path."""
    target = Path(folder) / notebook.name
    nb = presentation_notebook(read_notebook(notebook))
    replace_text(target, notebook_text(nb))
    return target


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something listens on ``host:port`` already (another ``present``, say)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def _free_port(start: int) -> int | None:
    return next((p for p in range(start + 1, min(start + 50, 65536)) if not port_in_use(p)),
                None)


def voila_command(notebook: Path, port: int, open_browser: bool = True) -> list[str]:
    """The Voilà command line: loopback only, code cells stripped, widgets live."""
    cmd = [sys.executable, "-m", "voila", str(notebook), f"--port={port}",
           "--Voila.port_retries=0",  # never another port than the one announced
           "--Voila.ip=127.0.0.1", "--strip_sources=True", "--theme=light"]
    return cmd if open_browser else [*cmd, "--no-browser"]


def present_command(args: argparse.Namespace) -> int:
    """``balancing-act present LESSON [--port N] [--instructor]``: Voilà until Ctrl+C."""
    if importlib.util.find_spec("voila") is None:
        raise CourseError("Voilà is not installed",
                          "install it with: pip install 'balancing-act[present]'")
    if not 0 < args.port < 65536:
        raise CourseError(f"--port {args.port} is not a port", "give a number from 1 to 65535")
    if port_in_use(args.port):
        other = _free_port(args.port)
        raise CourseError(f"port {args.port} on 127.0.0.1 is in use (another `present`?)",
                          f"stop it, or pass --port {other}" if other else
                          "stop it, or pass --port with a free port")
    lesson = paths.find_lesson(args.lesson)
    with tempfile.TemporaryDirectory(prefix="balancing-act-present-") as tmp:
        if getattr(args, "instructor", False):
            notebook, what = lesson, "the INSTRUCTOR version (worked answers shown)"
        else:
            notebook, what = write_presentation(lesson, Path(tmp)), "the student version"
        print(f"Presenting {lesson.name}, {what}, at http://127.0.0.1:{args.port}/ "
              "(code hidden); press Ctrl+C to stop.")
        try:
            return subprocess.call(voila_command(notebook, args.port), cwd=notebook.parent)
        except KeyboardInterrupt:
            return 0

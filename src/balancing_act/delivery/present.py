"""Presentation mode: a lesson on the projector with Voilà, code hidden, widgets live.

The class sees the student version by default: every exercise's form empty and
live, no "Correct" under an exercise, widgets at their starting values, so the
teacher can answer with the class. Cells that only make sense with code visible
go (any cell tagged ``code-only``); the code-only lines inside exercise cards (``.check(...)``,
``.hint()``) and the code asides of feedback (" (or `.hint()`)") are hidden by class. The
worked instructor notebook is shown only with ``--instructor``, for the teacher's own screen.

What makes it safe in front of a class: text readable from the back of a room (20 px body
text at 1280x720, widgets wrapping instead of cutting), Solution asking once more before it
shows thirty learners the answer, links to other notebooks (which Voilà refuses with "403")
turned into plain text, the announced address the one Voilà listens on, icons from Voilà's
own files rather than a CDN, and the teacher's demonstration checks recorded in a
throw-away folder instead of anyone's progress record.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib.util
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

import nbformat

from balancing_act.delivery.student_build import (
    notebook_text,
    placeholders,
    read_notebook,
    student_notebook,
)
from balancing_act.exercises.form import SOLUTION_CLASS
from balancing_act.exercises.result import CODE_ONLY_CLASS
from balancing_act.support import a11y, paths
from balancing_act.support.atomic_files import replace_text
from balancing_act.support.errors import CourseError

__all__ = ["CODE_ONLY_CLASS", "CODE_ONLY_TAG", "HIDDEN_SELECTOR", "PROJECTOR_CSS",
           "TEMPLATE", "choose_port", "presentation_notebook", "presenter_env",
           "voila_command", "write_presentation"]

#: A cell with this tag is left out of the presentation (e.g. "run the cell below").
CODE_ONLY_TAG = "code-only"

#: What is hidden: code asides (the class above), and the small print closing an exercise or
#: hint card ("Check with `.check(answer)`; hints with `.hint()` ..."), which is about code.
HIDDEN_SELECTOR = (f".{CODE_ONLY_CLASS}, :is(.balancing-act-exercise, .balancing-act-hint)"
                   " > p:last-child:has(> small:only-child)")

#: Sizes for the back of a room: 20 px body text at 1280x720 (JupyterLab's own 14 px is
#: unreadable there), widgets as tall as their text, labels and tables wrapping, not cut.
PROJECTOR_CSS = """
:root { --jp-content-font-size1: 20px; --jp-content-font-size0: 20px;
  --jp-ui-font-size0: 20px; --jp-ui-font-size1: 20px; --jp-ui-font-size2: 22px;
  --jp-code-font-size: 18px; --jp-widgets-font-size: 20px;
  --jp-widgets-inline-height: 40px; --jp-widgets-inline-label-width: 12em;
  --jp-widgets-inline-width: 100%; --jp-widgets-inline-width-short: 12em;
  --jp-widgets-inline-width-tiny: 5em; --jp-content-heading-line-height: 1.3; }
body, .jp-RenderedHTMLCommon, .jp-RenderedHTMLCommon p, .jp-RenderedHTMLCommon li,
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th, .jp-RenderedHTMLCommon caption,
.jupyter-widgets, .widget-label, .widget-html-content, .widget-html-content p,
.widget-html-content td, .widget-html-content th, .widget-html-content caption,
.jp-OutputArea-output caption, .jp-OutputArea-output td, .jupyter-widgets input,
.jupyter-widgets select, .jupyter-widgets option, .jupyter-button, .jp-OutputArea-output pre,
.ba-form .widget-select select { font-size: 20px !important; line-height: 1.4; }
#rendered_cells, .jp-Notebook { padding-left: 16px !important; padding-right: 16px !important; }
.jp-Cell, .jp-OutputArea-output, .jp-RenderedHTMLCommon, .widget-html-content {
  max-width: 100%; overflow-x: visible !important; }
.jp-RenderedHTMLCommon table, .widget-html-content table { table-layout: auto;
  max-width: 100%; white-space: normal; }
.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th, .widget-html-content td,
.widget-html-content th { white-space: normal !important; overflow-wrap: anywhere; }
.widget-label, .widget-label-basic, .widget-label-basic span, .jupyter-button,
.widget-radio-box label, .widget-inline-hbox .widget-label { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; height: auto !important;
  min-height: var(--jp-widgets-inline-height); line-height: 1.3 !important; }
.widget-inline-hbox, .widget-hbox, .ba-buttons { flex-wrap: wrap; height: auto !important; }
.jupyter-button { width: auto !important; padding: 4px 14px; }
.widget-dropdown select, .widget-text input, .widget-select select { height: auto !important;
  min-height: var(--jp-widgets-inline-height); }
.widget-slider { width: 100% !important; max-width: 40em; flex-wrap: nowrap; }
.widget-slider .widget-label { width: 12em !important; min-width: 12em; }
.widget-radio-box input, .widget-checkbox input { width: 1.1em; height: 1.1em; }
details.ba-summary > summary { cursor: pointer; font-size: 22px; padding: 0.3em 0; }
.ba-confirm { border: 3px solid #b26a00; padding: 0.3em 0.6em; margin: 0.3em 0; }
"""

#: Solution asks once more on the projector: the first press says what it will do, the
#: second within 10 seconds shows it. The click stops before the widget hears it.
CONFIRM_JS = """
(function () {
  if (window.baConfirmSolution) { return; }
  window.baConfirmSolution = true;
  window.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('.SOLUTION');
    if (!button) { return; }
    if (button.dataset.baArmed === '1') { return; }
    event.stopImmediatePropagation();
    event.preventDefault();
    button.dataset.baArmed = '1';
    var row = button.parentNode, note = document.createElement('p');
    note.className = 'ba-confirm';
    note.setAttribute('role', 'status');
    note.textContent = 'Solution shows the answer to the whole class. Press Solution again ' +
      'within 10 seconds to show it.';
    row.parentNode.insertBefore(note, row.nextSibling);
    setTimeout(function () { delete button.dataset.baArmed; note.remove(); }, 10000);
  }, true);
})();
""".replace("SOLUTION", SOLUTION_CLASS)

_PAGE_CELL = f"""from IPython.display import HTML, Javascript, display
display(HTML('<style>{HIDDEN_SELECTOR} {{ display: none !important; }}</style>'))
display(HTML({("<style>" + PROJECTOR_CSS + "</style>")!r}))
display(HTML({a11y.FOCUS_CSS!r}))
display(Javascript({a11y.FIX_JS!r}))
display(Javascript({CONFIRM_JS!r}))
"""

#: A Markdown link to another notebook: Voilà serves one notebook and answers "403" to it.
_NOTEBOOK_LINK = re.compile(r"\[([^\]]+)\]\((?:\./)?[^)\s]+\.ipynb(?:#[^)\s]*)?\)")

#: The Voilà template: its lab template without the two Font Awesome links to a CDN (the icons
#: come from Voilà's own bundle, served by the same server, so they show offline too).
TEMPLATE = "balancing-act"
_CDN_LINKS = ('<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/'
              'fontawesome-free@^5/css/all.min.css" type="text/css" />',
              '<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/'
              'fontawesome-free@^5/css/v4-shims.min.css" type="text/css" />')
_TEMPLATE_J2 = ("{%- extends 'lab/index.html.j2' -%}\n{%- block notebook_css -%}\n{{ super()"
                + "".join(f" | replace({link!r}, '')" for link in _CDN_LINKS)
                + " }}\n{%- endblock notebook_css -%}\n")


#: A lesson's closing summary ("## Key points"): it restates answers, so the projector folds it.
_SUMMARY = re.compile(r"^#{2,3}[ \t]+(Key points|Summary)[ \t]*$", re.MULTILINE | re.IGNORECASE)
_NEXT_HEADING = re.compile(r"^#{1,3}[ \t]", re.MULTILINE)


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _unlink_notebooks(cell: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A Markdown cell's links to other notebooks as plain text ("Next: 04 · ...")."""
    if cell.cell_type == "markdown":
        cell.source = _NOTEBOOK_LINK.sub(r"\1", cell.source)
    return cell


def _fold_summary(cell: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A "Key points" section folded shut until the teacher opens it after the exercises.

    A summary states what the exercises ask ("Reuters is the only named source"), and the
    whole lesson is on the screen at once: folded, it cannot give an answer away first.
    """
    found = _SUMMARY.search(cell.source) if cell.cell_type == "markdown" else None
    if found is None:
        return cell
    rest = cell.source[found.end():]
    end = _NEXT_HEADING.search(rest)
    body, tail = (rest[:end.start()], rest[end.start():]) if end else (rest, "")
    cell.source = (f"{cell.source[:found.start()]}<details class=\"ba-summary\">\n<summary>"
                   f"<strong>{found.group(1)}</strong>: open once the class has answered the "
                   f"exercises</summary>\n\n{body.strip()}\n\n</details>\n\n{tail}")
    return cell


def presentation_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student version of ``nb`` without code-only cells, led by a page-setup cell."""
    student = student_notebook(nb, placeholders(None))
    # A solution cell is an exercise's form in the instructor copy; its student version is the
    # empty form, which the class fills in with the teacher.
    kept = [_fold_summary(_unlink_notebooks(new))
            for old, new in zip(nb.cells, student.cells, strict=True)
            if CODE_ONLY_TAG not in _tags(old)]
    student.cells = [nbformat.v4.new_code_cell(_PAGE_CELL, id="present-page-setup"), *kept]
    return student


def write_presentation(notebook: Path, folder: Path) -> Path:
    """Write the presentation copy of ``notebook`` into ``folder``; return its path."""
    target = Path(folder) / notebook.name
    nb = presentation_notebook(read_notebook(notebook))
    replace_text(target, notebook_text(nb))
    return target


def presenter_env(folder: Path, env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The Voilà process's environment, with its template and progress record in ``folder``.

    ``BALANCING_ACT_HOME`` points at a throw-away folder: the checks the teacher shows
    the class never enter the teacher's (or a learner's) progress record.
    """
    root = Path(folder) / "jupyter"
    template = root / "voila" / "templates" / TEMPLATE
    template.mkdir(parents=True, exist_ok=True)
    replace_text(template / "conf.json", json.dumps({"base_template": "lab"}),
                              prefix=".conf-")
    replace_text(template / "index.html.j2", _TEMPLATE_J2, prefix=".index-")
    base = dict(os.environ if env is None else env)
    jupyter_path = os.pathsep.join(p for p in (str(root), base.get("JUPYTER_PATH", "")) if p)
    return {**base, "JUPYTER_PATH": jupyter_path,
            "BALANCING_ACT_HOME": str(Path(folder) / "progress")}


def voila_command(notebook: Path, port: int, open_browser: bool = True) -> list[str]:
    """The Voilà command line: loopback only, on ``port`` or not at all, code stripped.

    ``port_retries=0``: Voilà would otherwise move to another port silently and the
    address announced would be wrong. Run it with ``presenter_env``'s environment.
    """
    cmd = [sys.executable, "-m", "voila", str(notebook), f"--port={port}",
           "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--strip_sources=True",
           "--theme=light", f"--template={TEMPLATE}"]
    return cmd if open_browser else [*cmd, "--no-browser"]


def port_is_free(port: int) -> bool:
    """True when nothing listens on ``port`` of the loopback address."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Voilà's server binds
        try:
            sock.bind(("127.0.0.1", port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def choose_port(wanted: int, tries: int = 20) -> int:
    """``wanted`` when free, else the next free port after it (one line says why)."""
    for port in range(wanted, min(wanted + tries, 65536)):
        if port_is_free(port):
            return port
    raise CourseError(f"ports {wanted} to {wanted + tries - 1} are all in use",
                      "stop an earlier presentation (Ctrl+C in its terminal) or pass --port N")


def present_command(args: argparse.Namespace) -> int:
    """``balancing-act present LESSON [--port N] [--instructor]``: Voilà until Ctrl+C."""
    if importlib.util.find_spec("voila") is None:
        raise CourseError("Voilà is not installed",
                          "install it with: pip install 'balancing-act[present]'")
    if not 0 < args.port < 65536:
        raise CourseError(f"--port {args.port} is not a port", "give a number from 1 to 65535")
    lesson = paths.find_lesson(args.lesson)
    port = choose_port(args.port)
    if port != args.port:
        print(f"Port {args.port} is in use (an earlier presentation still running? close its "
              f"tab and stop it with Ctrl+C in its terminal); using port {port}.")
    with tempfile.TemporaryDirectory(prefix="balancing-act-present-") as tmp:
        if getattr(args, "instructor", False):
            notebook, what = lesson, "the INSTRUCTOR version (worked answers shown)"
        else:
            notebook, what = write_presentation(lesson, Path(tmp)), "the student version"
        print(f"Presenting {lesson.name}, {what}, at http://127.0.0.1:{port}/ "
              "(code hidden); press Ctrl+C to stop.", flush=True)
        code = 0
        with contextlib.suppress(KeyboardInterrupt):
            code = subprocess.call(voila_command(notebook, port), cwd=notebook.parent,
                                   env=presenter_env(Path(tmp)))
        if code:
            print(f"Voilà stopped with exit code {code}: nothing is served at "
                  f"http://127.0.0.1:{port}/ now.", file=sys.stderr)
        return code

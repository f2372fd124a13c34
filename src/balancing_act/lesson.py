"""A lesson's setup: one line saying the course is ready, and plain-language help when a
learner's code cell has a beginner's slip.

Each lesson's setup cell calls :func:`setup` explicitly (importing the package
changes nothing); as the cell's last line it shows one line saying the course is
ready, and how to bring a lesson reopened later back to life. From then on the
common slips in a code cell get one plain sentence saying what to write instead,
and no traceback:

- text without quotes (``answer = Reuters``): a ``NameError`` -> write ``answer = "Reuters"``;
- a misspelt name (``exercse("00.2")``): a ``NameError`` -> did you mean ``exercise``?
- a bracket or a quote left open, curly quotes (“Reuters”), or words with spaces
  outside quotes (``ex.check(big deal)``): a ``SyntaxError``.

Any other error, and any error raised inside library code, keeps IPython's usual
report. Every error shown in a cell ends with one more line: Run All stopped there,
so the cells below have not run. The messages come from pure functions
(``support.beginner_errors``) so they are tested without a kernel.

:func:`save_my_work` is the panel that says where a learner's work is kept and saves
it as files beside the lesson (progress, written answers), so no terminal is needed.
"""

from __future__ import annotations

import builtins
import traceback
from typing import Any

from balancing_act.support.beginner_errors import (
    MISSING_NAME,
    RUN_ALL_STOPPED,
    name_error_message,
    syntax_error_message,
)

__all__ = ["READY", "Ready", "name_error_message", "save_my_work", "setup",
           "syntax_error_message"]

READY = ("✓ The course is ready. Coming back to this lesson later? If a form or a "
         "button does nothing, choose Run > Run All Cells to bring the lesson back to life.")


class Ready:
    """What ``setup()`` returns: shown as a cell's last line, the one line above."""

    def __repr__(self) -> str:
        return READY

    def _repr_html_(self) -> str:
        return f"<p class='ba-ready' role='status' style='margin:0.2em 0'>{READY}</p>"


def _in_a_cell(tb: Any) -> tuple[bool, str]:
    """Whether the error was raised by the learner's own cell, and that line's source."""
    frames = traceback.extract_tb(tb)
    if not frames:
        return False, ""
    last = frames[-1]
    own = "ipykernel_" in last.filename or last.filename.startswith("<ipython-input")
    return own, last.line or ""


def _name_error_handler(shell: Any, etype: type, value: BaseException, tb: Any,
                        tb_offset: int | None = None) -> None:
    """IPython's custom-exception hook: it must display the report itself."""
    match = MISSING_NAME.search(str(value))
    own, line = _in_a_cell(tb)
    if not (own and match):
        shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return
    known = [*shell.user_ns, *dir(builtins)]
    shell._showtraceback(etype, value, [name_error_message(match.group(1), line, known)])


def _syntax_error_display(shell: Any, original: Any) -> Any:
    def show(filename: str | None = None, running_compiled_code: bool = False) -> None:
        etype, value, _ = shell._get_exc_info()
        sentence = (syntax_error_message(value)
                    if isinstance(value, SyntaxError) and not running_compiled_code else None)
        if sentence is None:
            original(filename, running_compiled_code)
        else:
            shell._showtraceback(etype, value, [sentence])
    show.balancing_act = True  # type: ignore[attr-defined]
    return show


def _ends_with_run_all_line(original: Any) -> Any:
    """Every error report a cell shows ends with the Run All line (an interrupt's does not)."""
    def show(etype: type, evalue: BaseException, stb: list[str]) -> Any:
        if not issubclass(etype, KeyboardInterrupt):
            stb = [*stb, RUN_ALL_STOPPED]
        return original(etype, evalue, stb)
    show.balancing_act = True  # type: ignore[attr-defined]
    return show


def setup() -> Ready | None:
    """Turn on the plain-language messages in this notebook's kernel (safe to call twice);
    returns the "course is ready" line (None outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to set up
        return None
    shell = get_ipython()
    if shell is None:
        return None
    shell.set_custom_exc((NameError,), _name_error_handler)
    if not getattr(shell.showsyntaxerror, "balancing_act", False):
        shell.showsyntaxerror = _syntax_error_display(shell, shell.showsyntaxerror)
    if not getattr(shell._showtraceback, "balancing_act", False):
        shell._showtraceback = _ends_with_run_all_line(shell._showtraceback)
    return Ready()


def save_my_work(brief: Any = None) -> Any:
    """The panel "Where your work is kept": its folder in plain words, and buttons that save
    your progress, your written answers and (given the capstone's builder) your brief as
    files in this lesson's folder. Each button calls the course's own export."""
    from pathlib import Path

    from balancing_act import progress
    from balancing_act.exercises import all_exercises
    from balancing_act.exercises.types.written import export_file
    from balancing_act.widgets.save_files import free_path, save_panel

    def save_progress(folder: Path) -> Path:
        return progress.export_csv(free_path(folder, "my_progress", ".csv"))

    def save_written(folder: Path) -> Path:
        prompts = {i: e.prompt for i, e in all_exercises().items() if e.type == "written"}
        return export_file(folder, prompts)

    actions = [("Save my progress as a file", "Write my_progress.csv here, to hand in",
                save_progress),
               ("Save my written answers as a file",
                "Write my_written_answers.md here, to hand in if you choose", save_written)]
    if brief is not None:
        actions.append(("Save my brief as a file", "Write the brief here as Markdown and as "
                        "a page to read (HTML)", brief.export))
    return save_panel(progress.home(), actions)

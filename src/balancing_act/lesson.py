"""A lesson's setup: plain-language help when a learner's code cell has a beginner's slip.

Each lesson's setup cell calls :func:`setup` explicitly (importing the package
changes nothing). From then on three common slips in a code cell get one plain
sentence saying what to write instead, and no traceback:

- text without quotes (``answer = Reuters``): a ``NameError`` -> write ``answer = "Reuters"``;
- a misspelt name (``exercse("00.2")``): a ``NameError`` -> did you mean ``exercise``?
- a bracket or a quote left open, or words with spaces outside quotes: a ``SyntaxError``.

Any other error, and any error raised inside library code, keeps IPython's usual
report. The messages come from pure functions (:func:`name_error_message`,
:func:`syntax_error_message`, in ``support.beginner_errors``) so they are tested
without a kernel.
"""

from __future__ import annotations

import builtins
import traceback
from typing import Any

from balancing_act.support.beginner_errors import (
    MISSING_NAME,
    name_error_message,
    syntax_error_message,
)

__all__ = ["name_error_message", "setup", "syntax_error_message"]


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


def setup() -> None:
    """Turn on the plain-language messages in this notebook's kernel (safe to call twice)."""
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing to set up
        return
    shell = get_ipython()
    if shell is None:
        return
    shell.set_custom_exc((NameError,), _name_error_handler)
    if not getattr(shell.showsyntaxerror, "balancing_act", False):
        shell.showsyntaxerror = _syntax_error_display(shell, shell.showsyntaxerror)

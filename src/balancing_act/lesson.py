"""A lesson's setup: plain-language help when a learner's code cell has a beginner's slip.

Each lesson's setup cell calls :func:`setup` explicitly (importing the package
changes nothing). From then on three common slips in a code cell get one plain
sentence saying what to write instead, and no traceback:

- text without quotes (``answer = Reuters``): a ``NameError`` -> write ``answer = "Reuters"``;
- a misspelt name (``exercse("00.2")``): a ``NameError`` -> did you mean ``exercise``?
- a bracket or a quote left open, or words with spaces outside quotes: a ``SyntaxError``.

Any other error, and any error raised inside library code, keeps IPython's usual
report. The messages come from pure functions (:func:`name_error_message`,
:func:`syntax_error_message`) so they are tested without a kernel.
"""

from __future__ import annotations

import builtins
import difflib
import re
import traceback
from collections.abc import Iterable
from typing import Any

__all__ = ["name_error_message", "setup", "syntax_error_message"]

_ASSIGNMENT = re.compile(r"\s*([A-Za-z_]\w*)\s*=\s*([^=].*?)\s*$")
_CLOSING = {"(": ")", "[": "]", "{": "}"}
_MISSING_NAME = re.compile(r"name '([^']+)' is not defined")


def name_error_message(name: str, line: str, known: Iterable[str]) -> str:
    """One sentence for ``NameError``: a near-miss of a known name, or text that needs quotes."""
    close = difflib.get_close_matches(name, [k for k in known if not k.startswith("_")],
                                      n=1, cutoff=0.75)
    if close and close[0] != name:
        return (f"Python knows no name {name}: did you mean {close[0]}? Fix the spelling "
                "(and run the cells above first if you have not).")
    match = _ASSIGNMENT.fullmatch(line.rstrip())
    if match and name in match.group(2) and not re.search(r"[\"'(\[{]", match.group(2)):
        return (f"Python knows no name {name}: text goes in quotes, so write "
                f'{match.group(1)} = "{match.group(2)}" instead.')
    return (f'Python knows no name {name}: if it is text, put it in quotes ("{name}"); if it '
            "is a name from the lesson, run the cells above first.")


def syntax_error_message(error: SyntaxError) -> str | None:
    """One sentence for a beginner's ``SyntaxError``, or None to keep Python's own report."""
    message, line = str(error.msg or ""), (error.text or "").rstrip("\n")
    where = f"line {error.lineno}" if error.lineno else "this cell"
    opened = re.fullmatch(r"'([(\[{])' was never closed", message)
    if opened:
        bracket = opened.group(1)
        return (f"A bracket is left open on {where}: add the closing {_CLOSING[bracket]} "
                f"that matches its {bracket}.")
    if message.startswith(("unexpected EOF", "incomplete input")):
        bracket = _open_bracket(line)
        if bracket:
            return (f"A bracket is left open on {where}: add the closing {_CLOSING[bracket]} "
                    f"that matches its {bracket}.")
        return f"Something is left open at the end of {where}: close every bracket and quote."
    if message.startswith("unterminated"):
        return (f"A quote is left open on {where}: text starts and ends with the same quote "
                'mark, e.g. "Reuters".')
    unmatched = re.fullmatch(r"unmatched '([)\]}])'", message)
    if unmatched:
        return (f"There is a closing {unmatched.group(1)} on {where} with no opening bracket "
                "before it: remove it, or add the opening bracket.")
    if isinstance(error, IndentationError) and message.startswith("unexpected indent"):
        return f"{where.capitalize()} starts with spaces: remove the spaces at its start."
    match = _ASSIGNMENT.fullmatch(line)
    if message.startswith("invalid syntax") and match and " " in match.group(2) \
            and not re.search(r"[\"'()\[\]{}]", match.group(2)):
        return (f"Text with spaces goes in quotes: write {match.group(1)} = "
                f'"{match.group(2)}" instead.')
    return None


def _open_bracket(line: str) -> str | None:
    """The last bracket a line opens and never closes (text in quotes is skipped)."""
    stack: list[str] = []
    quote = ""
    for ch in line:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in _CLOSING:
            stack.append(ch)
        elif ch in _CLOSING.values() and stack:
            stack.pop()
    return stack[-1] if stack else None


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
    match = _MISSING_NAME.search(str(value))
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

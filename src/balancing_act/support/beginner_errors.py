"""Plain one-sentence messages for a beginner's slip in a code cell, as pure functions.

``lesson.setup()`` shows them in place of a traceback; being pure, they are
tested without a kernel.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

__all__ = ["MISSING_NAME", "RUN_ALL_STOPPED", "name_error_message", "syntax_error_message"]

#: Added to every error in a learner's cell: Run All stops there, and nothing else says so.
RUN_ALL_STOPPED = ("Run All stops at the first cell with an error, so the cells below this one "
                   "have not run: fix this cell (or delete it, if you added it), then choose "
                   "Run > Run All Cells again.")
_STRAIGHT = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"',
                           "\u00bb": '"', "\u2018": "'", "\u2019": "'"})
_CALL = re.compile(r"(.*\()\s*([^()\"'\[\]{},]+?)\s*(\).*)")

_ASSIGNMENT = re.compile(r"\s*([A-Za-z_]\w*)\s*=\s*([^=].*?)\s*$")
_CLOSING = {"(": ")", "[": "]", "{": "}"}
MISSING_NAME = re.compile(r"name '([^']+)' is not defined")


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
    bad = re.fullmatch(r"invalid character '(.)' \(U\+[0-9A-F]+\)", message)
    if bad:
        return _odd_character(bad.group(1), where, line)
    if message.startswith("invalid syntax"):
        return _unquoted_words(line)
    return None


def _odd_character(char: str, where: str, line: str) -> str:
    if char.translate(_STRAIGHT) != char:
        straight = line.strip().translate(_STRAIGHT)
        fix = f"write {straight} instead" if _compiles(straight) else \
            'type them again with the " key, e.g. "Reuters"'
        return (f"The quotation marks on {where} are curly ({char}), as a phone or a word "
                f"processor types them: Python reads only straight ones, so {fix}.")
    return (f"{where.capitalize()} has a character Python does not read in code ({char}): "
            "type it again on the keyboard, or put it inside quotes if it is part of your text.")


def _compiles(source: str) -> bool:
    try:
        compile(source, "<cell>", "exec")
    except (SyntaxError, ValueError):
        return False
    return True


def _unquoted_words(line: str) -> str | None:
    """Words with spaces outside quotes, after ``=`` or between brackets: say to quote them."""
    match = _ASSIGNMENT.fullmatch(line)
    if match and " " in match.group(2) and not re.search(r"[\"'()\[\]{}]", match.group(2)):
        return (f"Text with spaces goes in quotes: write {match.group(1)} = "
                f'"{match.group(2)}" instead.')
    call = _CALL.fullmatch(line.strip())
    if call and " " in call.group(2).strip():
        return ("Text with spaces goes in quotes: write "
                f'{call.group(1)}"{call.group(2).strip()}"{call.group(3)} instead.')
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

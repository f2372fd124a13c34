"""The one error type for a mistake the user can fix, and its one-line form.

Every ``balancing-act`` command raises ``CourseError(what, todo)`` for a wrong
path, a refused overwrite or bad input; ``cli.main`` prints it as
``balancing-act: <what>; <what to do>`` on stderr and exits non-zero, so a
user never reads a traceback. Library code may raise it too (a notebook shows
the same sentence).
"""

from __future__ import annotations

import re

__all__ = ["PREFIX", "CourseError", "one_line", "printable"]

PREFIX = "balancing-act"


class CourseError(Exception):
    """Something the user can fix: what went wrong, and what to do about it."""

    exit_code = 1

    def __init__(self, what: str, todo: str = ""):
        self.what, self.todo = what.strip().rstrip("."), todo.strip().rstrip(".")
        super().__init__(f"{self.what}; {self.todo}" if self.todo else self.what)


#: Control characters (C0, DEL, C1): a terminal obeys them (ESC starts a sequence that can
#: clear the screen or retitle the window) and a tab or newline breaks a line of output.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def printable(text: object) -> str:
    """``text`` safe to print on one line of a terminal: every control character (ESC, tab,
    newline, NUL) shown as its escape (``\\x1b``, ``\\t``, ``\\n``), never obeyed."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], str(text))


def one_line(text: str) -> str:
    """``balancing-act: <text>``, folded onto one line (a message may quote a multi-line value)
    with any other control character (a terminal escape in a file name) shown, not obeyed."""
    return f"{PREFIX}: {printable(' '.join(str(text).split()))}"

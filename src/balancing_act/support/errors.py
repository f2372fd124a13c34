"""The one error type for a mistake the user can fix, and its one-line form.

Every ``balancing-act`` command raises ``CourseError(what, todo)`` for a wrong
path, a refused overwrite or bad input; ``cli.main`` prints it as
``balancing-act: <what>; <what to do>`` on stderr and exits non-zero, so a
user never reads a traceback. Library code may raise it too (a notebook shows
the same sentence).
"""

from __future__ import annotations

__all__ = ["PREFIX", "CourseError", "one_line"]

PREFIX = "balancing-act"


class CourseError(Exception):
    """Something the user can fix: what went wrong, and what to do about it."""

    exit_code = 1

    def __init__(self, what: str, todo: str = ""):
        self.what, self.todo = what.strip().rstrip("."), todo.strip().rstrip(".")
        super().__init__(f"{self.what}; {self.todo}" if self.todo else self.what)


def one_line(text: str) -> str:
    """``balancing-act: <text>``, folded onto one line (a message may quote a multi-line value)."""
    return f"{PREFIX}: {' '.join(str(text).split())}"

"""A bound on the size of a learner's answer, checked before any checker walks it.

A learner may paste anything into ``check``: a 10 MB string, a million-key dict,
a list nested 100,000 deep, ``10**100000``, a 200,000-row Series. Every real
answer of the course is tiny (a few dozen values), so anything past these
bounds is answered at once with one sentence, instead of being normalised,
compared or printed at a cost that grows with its size.

The walk itself is bounded: it visits at most ``MAX_VALUES`` values, never
iterates an object it does not know (a generator, a range), and reads sizes
with ``len`` / ``shape`` only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sized
from typing import Any

__all__ = ["MAX_DEPTH", "MAX_DIGITS", "MAX_TEXT", "MAX_VALUES", "problem"]

MAX_TEXT = 100_000  # characters in one text (a capstone brief is a few thousand)
MAX_VALUES = 10_000  # values in the whole answer, items and keys included
MAX_DEPTH = 50  # nesting of lists and mappings
MAX_DIGITS = 1_000  # digits of a whole number

_WALKED = (list, tuple, set, frozenset)


def _size(value: Any) -> int | None:
    """How many values ``value`` holds, read without iterating it (None: not a collection)."""
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and all(isinstance(n, int) for n in shape):
        total = 1
        for n in shape:
            total *= n
        return total
    if isinstance(value, Sized) and not isinstance(value, str | bytes | bytearray):
        try:
            return len(value)
        except Exception:  # a hostile __len__: leave it to the checker's own guard
            return None
    return None


def _scalar_problem(value: Any) -> str | None:
    if isinstance(value, str | bytes | bytearray) and len(value) > MAX_TEXT:
        return (f"This answer is a text of {len(value):,} characters, too long to check "
                f"(at most {MAX_TEXT:,}).")
    if isinstance(value, int) and not isinstance(value, bool) and \
            value.bit_length() > MAX_DIGITS * 3.33:
        return f"This answer is a number with more than {MAX_DIGITS:,} digits, too large to check."
    return None


def problem(answer: Any) -> str | None:
    """One sentence when ``answer`` is too large or too deep to check, else None."""
    budget = MAX_VALUES
    stack: list[tuple[Any, int]] = [(answer, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"This answer is nested more than {MAX_DEPTH} levels deep, too deep to check."
        if (said := _scalar_problem(value)) is not None:
            return said
        size = _size(value)
        if size is None:
            continue
        budget -= size
        if budget < 0:
            return (f"This answer holds more than {MAX_VALUES:,} values, too many to check; "
                    "the answers of this course are short.")
        if isinstance(value, Mapping) and type(value).__module__ == "builtins":
            stack.extend((v, depth + 1) for pair in value.items() for v in pair)
        elif isinstance(value, _WALKED):
            stack.extend((v, depth + 1) for v in value)
    return None

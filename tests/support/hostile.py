"""Hostile answers a careless or malicious learner could give: shared by the tests and
``make bench`` (each made fresh per call, since a generator is used up by one check)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any


def _nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def oversized_answers() -> list[tuple[str, Callable[[], Any]]]:
    """Hostile answers, each made fresh per call (a generator is used up by one check)."""
    import pandas as pd

    big_frame = pd.DataFrame({"a": range(200_000), "b": ["x"] * 200_000})
    return [
        ("10 MB text", lambda: "x" * 10_000_000),
        ("10 MB text of spaces and punctuation", lambda: " .,;" * 2_500_000),
        ("a million-item list", lambda: ["x"] * 1_000_000),
        ("range(10**9)", lambda: range(10**9)),
        ("an endless generator", lambda: (str(n) for n in itertools.count())),
        ("itertools.count()", itertools.count),
        ("10**100000", lambda: 10**100_000),
        ("a list nested 100,000 deep", lambda: _nested(100_000)),
        ("a million-key dict", lambda: {str(n): "x" for n in range(1_000_000)}),
        ("a 200,000-row DataFrame", lambda: big_frame),
        ("a 200,000-row Series", lambda: big_frame["a"]),
        ("a plan of a million phases", lambda: [["invest"]] * 1_000_000),
        ("a plan with an endless phase", lambda: [itertools.count()]),
    ]

"""Each exercise judged by its own file, as ``make unit`` judges it, for ``check-data``.

A file can load and still not work in class: an answer the loader accepts that the
checker then marks wrong (the Solution would show a "wrong" answer), a known mistake
whose hint never shows, an accepted reading judged wrong, an empty form that does not
read as "not attempted". These are
errors, since a learner would meet them. Nothing here is recorded in any progress
record: it uses ``evaluate``, never ``check``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from balancing_act.data.loaders import Problem

__all__ = ["behaviour_problems"]


def _one(eid: str, ex: Any, label: str) -> list[Problem]:
    found = []
    result = ex.evaluate(ex.example_answer)
    if result.status != "correct":
        said = result.message if len(result.message) <= 160 else result.message[:159] + "…"
        found.append(Problem(label, f"exercise '{eid}', field 'answer': the checker marks the "
                             f"answer itself {result.status} ({said}); expected it to be "
                             "correct"))
    for n, mistake in enumerate(ex.mistakes):
        got = ex.evaluate(mistake.answer)
        if got.status != "incorrect" or got.hint != mistake.hint:
            why = (f"it is judged {got.status}" if got.status != "incorrect" else
                   "another mistake's hint shows instead" if got.hint else "no hint shows")
            found.append(Problem(label, f"exercise '{eid}', field 'mistakes[{n}]': {why}; "
                                 "expected it to be incorrect with its own hint"))
    for n, reading in enumerate(ex.spec.get("accepted") or []):
        if ex.evaluate(reading["answer"]).status != "correct":
            found.append(Problem(label, f"exercise '{eid}', field 'accepted[{n}]': the reading "
                                 "is not judged correct; expected it to be accepted"))
    if ex.evaluate(...).status != "not_attempted":
        found.append(Problem(label, f"exercise '{eid}': an empty answer does not read as "
                             "not attempted"))
    return found


def behaviour_problems(exercises: Mapping[str, Any], files: Mapping[str, str]) -> list[Problem]:
    """Per exercise that loaded (``files``: its id -> 'exercises/<file>.yml'), what does
    not behave as its file says."""
    return [p for eid, ex in exercises.items()
            for p in _one(eid, ex, files.get(eid, "exercises"))]

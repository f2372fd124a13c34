"""Which exercises the course ships, so the suite can hold those strictly and a teacher's own.

The design rules (no cue in a choice item, a skill on every item, at least 60 % reasoning
in lessons 01 to 05, no answer on screen above its item) are the course's promise about
its own items: for these ids `tests/course/test_item_design.py` fails. An item a teacher
adds to their copy is not in this list, so the same rules give a warning in the test run
(and in `balancing-act check-data`), never a failure: an honest `skill: finding` never
has to be falsified to pass `make unit`.

An engineer who adds an item to the course adds its id here in the same commit; until
then the suite names it in a warning ("not one of the shipped items").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SHIPPED_IDS = frozenset({
    "00.1", "00.2", "00.3",
    "01.1", "01.2", "01.3", "01.4", "01.5",
    "02.1", "02.2", "02.3", "02.4", "02.5",
    "03.1", "03.2", "03.3", "03.4", "03.5",
    "04.1", "04.2", "04.3", "04.4", "04.5",
    "05.1", "05.2", "05.3", "05.4", "05.5",
    "06.1", "06.2", "06.3",
})


def split(exercises: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the shipped items, the teacher's own) of a course, each in course order."""
    shipped = {eid: ex for eid, ex in exercises.items() if eid in SHIPPED_IDS}
    own = {eid: ex for eid, ex in exercises.items() if eid not in SHIPPED_IDS}
    return shipped, own

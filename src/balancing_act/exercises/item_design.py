"""Design rules of an item: cues that let a learner answer without reading, wrong options
without their own hint, the lessons' skill share and a missing skill.

An exercise is a measurement (ASSESSMENT.md): if the key always sits at A, is the
longest option, or fills the first boxes of a multiple-choice list, a learner scores
by position, not by understanding. These are warnings, never errors: a teacher's
edit still loads, and ``balancing-act check-data`` names the item to look at again.
The course's own suite holds the shipped files to zero warnings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from balancing_act.exercises.checker import _scalar_key, letter

__all__ = ["MAX_LONGEST_SHARE", "MAX_POSITION_SHARE", "REASONING_SHARE", "choice_items",
           "design_warnings", "key_places", "never_reads_scores", "skill_share_warnings"]

#: No option position may hold more than this share of the single-choice keys.
MAX_POSITION_SHARE = 1 / 3
#: The key may be the longest option "now and then": at most this share of the items.
MAX_LONGEST_SHARE = 0.25
#: A key this much longer than every other option is a give-away on its own.
LONG_KEY_RATIO = 1.5
#: In lessons 01 to 05 at least this share of the items should ask for reasoning.
REASONING_SHARE = 0.6
LESSONS_THAT_REASON = ("01", "02", "03", "04", "05")
_DIGIT = re.compile(r"\d")


def choice_items(exercises: Mapping[str, Any]) -> dict[str, tuple[list[str], list[int]]]:
    """Per choice item (single, multiple, two-tier first tier): its options and key places."""
    found: dict[str, tuple[list[str], list[int]]] = {}
    for eid, ex in exercises.items():
        places = key_places(ex)
        if places is not None:
            found[eid] = ([str(o) for o in ex.checker.options], places)
    return found


def key_places(ex: Any) -> list[int] | None:
    """The 0-based positions of the key among the options, or None for a non-choice item."""
    options = getattr(ex.checker, "options", None)
    if not options or ex.type not in ("single_choice", "multiple_choice", "two_tier"):
        return None
    answer = ex.spec["answer"]
    if ex.type == "two_tier":
        answer = answer.get("answer") if isinstance(answer, Mapping) else None
    wanted = {_scalar_key(a) for a in (answer if isinstance(answer, list) else [answer])}
    return [n for n, o in enumerate(options) if _scalar_key(o) in wanted]


def _is_single(ex: Any) -> bool:
    return ex.type in ("single_choice", "two_tier")


def _longest(options: list[str], place: int) -> bool:
    """The key is strictly longer than every other option."""
    return all(len(options[place]) > len(o) for n, o in enumerate(options) if n != place)


def _item_cues(eid: str, ex: Any, options: list[str], places: list[int]) -> list[str]:
    cues = []
    if _is_single(ex) and places:
        key = options[places[0]]
        others = [len(o) for n, o in enumerate(options) if n != places[0]]
        if others and len(key) >= LONG_KEY_RATIO * max(others):
            cues.append(f"exercise {eid}: the key ({letter(places[0])}) is far longer than "
                        "every other option; make the options alike in length and detail")
        digits = [n for n, o in enumerate(options) if _DIGIT.search(o)]
        if digits == places and len(options) > 2:
            cues.append(f"exercise {eid}: the key is the only option with a number in it")
    if ex.type == "multiple_choice" and 1 < len(places) < len(options) and places[:2] == [0, 1]:
        cues.append(f"exercise {eid}: the right options start the list (A and B are both "
                    "keys); spread them over it")
    return cues


def _grid_cues(eid: str, ex: Any) -> list[str]:
    """A grid whose key runs 1, 2, 3 ... down its rows is answered by position, not reading."""
    if ex.type != "classification" or len(ex.checker.items) < 3:
        return []
    column = {_scalar_key(c): n for n, c in enumerate(ex.checker.categories)}
    answer = {_scalar_key(k): _scalar_key(v) for k, v in ex.spec["answer"].items()}
    down = [column.get(answer.get(_scalar_key(i)), -1) for i in ex.checker.items]
    if down != list(range(len(down))):
        return []
    return [f"exercise {eid}: the key runs down the grid in the categories' order (row 1 is "
            "the first category, row 2 the second ...); reorder the rows (items:) or the "
            "categories"]


def _key_lists(items: dict[str, tuple[list[str], list[int]]],
               exercises: Mapping[str, Any]) -> dict[str, list[tuple[str, list[str], int]]]:
    """Every one-key list a learner meets, grouped as they meet them: single-choice
    options, a two-tier item's list 1 and its list 2, and all of these together."""
    groups: dict[str, list[tuple[str, list[str], int]]] = {
        "single-choice": [], "two-tier list 1": [], "two-tier list 2": []}
    for eid, (options, places) in items.items():
        ex = exercises[eid]
        if not (_is_single(ex) and places):
            continue
        if ex.type == "single_choice":
            groups["single-choice"].append((eid, options, places[0]))
            continue
        groups["two-tier list 1"].append((eid, options, places[0]))
        reasons = [str(r) for r in ex.checker.reasons]
        wanted = _scalar_key(ex.spec["answer"].get("reason"))
        place = next((n for n, r in enumerate(reasons) if _scalar_key(r) == wanted), None)
        if place is not None:
            groups["two-tier list 2"].append((eid, reasons, place))
    groups["one-answer list"] = [k for group in list(groups.values()) for k in group]
    return groups


def _position_cues(label: str, keys: list[tuple[str, list[str], int]]) -> list[str]:
    """A position holding more than a third of a group's keys: a learner who always picks
    it scores without reading."""
    if len(keys) < 3:  # too few lists for a share to mean anything
        return []
    places = Counter(place for _, _, place in keys)
    cues = []
    for place, count in sorted(places.items()):
        if count > MAX_POSITION_SHARE * len(keys):
            named = ", ".join(dict.fromkeys(e for e, _, p in keys if p == place))
            cues.append(f"{count} of {len(keys)} {label} keys are option {letter(place)} "
                        f"(more than a third): move one of {named}")
    return cues


def _course_cues(items: dict[str, tuple[list[str], list[int]]],
                 exercises: Mapping[str, Any]) -> list[str]:
    """Position cues in every group a learner meets, and a key that is too often longest."""
    groups = _key_lists(items, exercises)
    cues = [c for label, keys in groups.items() for c in _position_cues(label, keys)]
    every = groups["one-answer list"]
    longest = [eid for eid, options, place in every if _longest(options, place)]
    if len(every) >= 3 and len(longest) > MAX_LONGEST_SHARE * len(every):
        cues.append(f"the key is the longest option in {len(longest)} of {len(every)} "
                    f"one-answer lists (at most a quarter): {', '.join(longest)}")
    return cues


def skill_share_warnings(exercises: Mapping[str, Any]) -> list[str]:
    """Lessons 01 to 05 whose items are less than 60 % reasoning, each named once."""
    counts: dict[str, Counter[str]] = {}
    for eid, ex in exercises.items():
        counts.setdefault(eid[:2], Counter())[ex.skill or "unset"] += 1
    cues = []
    for lesson in LESSONS_THAT_REASON:
        tally = counts.get(lesson)
        if tally and tally["reasoning"] < REASONING_SHARE * sum(tally.values()):
            cues.append(f"lesson {lesson}: {tally['reasoning']} of {sum(tally.values())} "
                        f"items are tagged reasoning (the course keeps at least "
                        f"{REASONING_SHARE:.0%})")
    return cues


#: Shorter keys ("EAEU", "Minsk") are words any hint may use without giving the key away.
MIN_KEY_CHARS = 12


def _missing_skill(exercises: Mapping[str, Any]) -> list[str]:
    return [f"exercise {eid}: no 'skill'; add skill: reasoning, finding or practice (what "
            "the item asks of a learner; an honest 'finding' is fine)"
            for eid, ex in exercises.items() if not ex.skill]


def _unhinted_options(eid: str, ex: Any) -> list[str]:
    """A wrong option with no catalogued mistake gets only the generic "try a hint"."""
    if ex.type != "single_choice":
        return []
    parse = ex.checker.parse
    right = {parse(ex.example_answer)} | {parse(a["answer"])
                                          for a in ex.spec.get("accepted") or []}
    caught = {parse(m.answer) for m in ex.mistakes}
    missing = [o for o in ex.checker.options if parse(o) not in right | caught]
    return [f"exercise {eid}: option {o!r} is wrong but has no mistake with its own hint; "
            "add it under mistakes: with the misconception it shows" for o in missing]


def _hint_restates_key(eid: str, ex: Any) -> list[str]:
    if ex.type not in ("single_choice", "multiple_choice"):
        return []
    keys = ex.example_answer if isinstance(ex.example_answer, list) else [ex.example_answer]
    long_keys = [k for k in keys if isinstance(k, str) and len(k) >= MIN_KEY_CHARS]
    return [f"exercise {eid}: the hint of mistake {n} states the key {k!r}; send the learner "
            "back to the evidence instead" for n, m in enumerate(ex.mistakes, 1)
            for k in long_keys if k in m.hint]


def design_warnings(exercises: Mapping[str, Any]) -> list[str]:
    """Every cue in a course's items, each naming the item (or items) to look at again."""
    items = choice_items(exercises)
    cues = [c for eid, (o, p) in items.items() for c in _item_cues(eid, exercises[eid], o, p)]
    cues += [c for eid, ex in exercises.items()
             for c in [*_unhinted_options(eid, ex), *_hint_restates_key(eid, ex),
                       *_grid_cues(eid, ex)]]
    return (cues + _course_cues(items, exercises) + skill_share_warnings(exercises)
            + _missing_skill(exercises))


def never_reads_scores(exercises: Mapping[str, Any]) -> dict[str, float]:
    """The share of single-choice items a learner who never reads gets right, per strategy."""
    singles = [(o, p) for eid, (o, p) in choice_items(exercises).items()
               if _is_single(exercises[eid]) and p]
    if not singles:
        return {}

    def share(pick: Any) -> float:
        return sum(pick(o) == p[0] for o, p in singles) / len(singles)

    return {"always the first": share(lambda o: 0),
            "always the last": share(lambda o: len(o) - 1),
            "always the middle": share(lambda o: (len(o) - 1) // 2),
            "always the longest": share(lambda o: max(range(len(o)), key=lambda n: len(o[n])))}

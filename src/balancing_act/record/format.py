"""A progress record as data: its shape, how one event changes it, and what makes it unusable.

No file, lock or clock here: ``progress`` reads and writes the file, the class report
reads other learners' files, and both judge a record by these same rules.
"""

from __future__ import annotations

from typing import Any

FORMAT = "balancing-act progress"
VERSION = 2
#: Exercise ids a course update renumbered, keyed by the last record version that used
#: the old ids: a record written before the update keeps pointing at the same questions.
#: (Version 2: lessons 03 and 05 number their exercises in the order they appear.)
RENUMBERED: dict[int, dict[str, str]] = {
    1: {"03.4": "03.5", "03.5": "03.4", "05.4": "05.5", "05.5": "05.4"},
}
EVENTS = ("check", "hint", "solution", "self_mark")
#: A written item's self-marks, one per rubric criterion (version 2 records may hold them).
MARKS = ("yes", "partly", "no")
MAX_CHOICE = 40  # characters in a choice label ("B", "A+C", "B/C"): letters, never free text
STATUSES = ("correct", "incorrect", "invalid", "not_attempted")
ATTEMPTED = ("correct", "incorrect", "invalid")
COUNTERS = ("checks", *STATUSES, "solutions")
#: Flags an entry may carry (issue 25): the first check came after the solution was shown,
#: and the solution was shown before the exercise was solved.
FLAGS = ("first_after_solution", "solution_before_solved")
#: No learner checks an exercise a billion times: a bigger number is a damaged or forged
#: file (10**300 would overflow every table the class report builds).
MAX_COUNT = 10**9


class NewerFile(Exception):
    """The file was written by a newer version of the package: leave it alone."""


def empty_record() -> dict[str, Any]:
    """A record with nothing in it yet."""
    return {"format": FORMAT, "version": VERSION, "exercises": {}, "events": []}


def _entry(state: dict[str, Any], exercise_id: str) -> dict[str, Any]:
    blank = {name: 0 for name in COUNTERS} | {"hints": [], "status": None}
    return state["exercises"].setdefault(exercise_id, blank)


def apply_event(state: dict[str, Any], event: dict[str, Any], keep: int) -> None:
    """Fold one event into the per-exercise counters and the newest `keep` events."""
    entry = _entry(state, event["exercise"])
    if event["event"] == "check":
        entry["checks"] += 1
        entry[event["status"]] += 1
        entry["status"] = event["status"]
        if event["status"] in ATTEMPTED and "first" not in entry:
            entry["first"] = event["status"]
            if entry["solutions"]:  # the answer was on screen: not a first try of their own
                entry["first_after_solution"] = True
        if is_count(event.get("mistake")):
            mistakes = entry.setdefault("mistakes", {})
            key = str(event["mistake"])
            mistakes[key] = mistakes.get(key, 0) + 1
        if is_choice(event.get("choice")):
            _count_choice(entry, event["choice"])
    elif event["event"] == "hint":
        entry["hints"] = sorted({*entry["hints"], event["level"]})
    elif event["event"] == "self_mark":
        if is_marks(event.get("marks")):
            entry["self_marks"] = dict(event["marks"])
    else:
        entry["solutions"] += 1
        if not entry["correct"]:  # the class report counts who looked before solving
            entry["solution_before_solved"] = True
    state["events"].append(event)
    del state["events"][:-keep]


def _count_choice(entry: dict[str, Any], choice: str) -> None:
    """Which option (by letter) a check chose: counted, and the first one kept, so the class
    report can say what a learner thought before any hint or retry."""
    choices = entry.setdefault("choices", {})
    choices[choice] = choices.get(choice, 0) + 1
    entry.setdefault("first_choice", choice)


def is_choice(value: Any) -> bool:
    """A short label of letters ("B", "A+C", "B/C"), never a learner's own text."""
    return (isinstance(value, str) and 0 < len(value) <= MAX_CHOICE
            and all(ch.isalnum() or ch in "+/" for ch in value))


def is_marks(value: Any) -> bool:
    """Self-marks: criterion number -> yes / partly / no."""
    return isinstance(value, dict) and 0 < len(value) <= 10 and all(
        isinstance(k, str) and k.isdigit() and v in MARKS for k, v in value.items())


def is_count(value: Any) -> bool:
    """A whole number from 0 to ``MAX_COUNT`` (True and False are not counts)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT


def count_from_text(text: str) -> int | None:
    """The count a text spells in ASCII digits ('12'), else None: ``str.isdigit`` also
    passes '²' and other digits ``int`` rejects, and a count has at most 10 digits."""
    text = text.strip()
    if not (0 < len(text) <= 10 and text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if value <= MAX_COUNT else None


def event_problem(event: Any) -> str | None:
    """What stops one stored event from being folded into a record, or None."""
    if not isinstance(event, dict) or not isinstance(event.get("exercise"), str):
        return "an event is not an object naming its exercise"
    if event.get("event") not in EVENTS:
        return f"an event of {event['exercise']!r} is not one of {EVENTS}"
    if event["event"] == "check" and event.get("status") not in STATUSES:
        return f"a check of {event['exercise']!r} has no known status"
    if event["event"] == "hint" and not (is_count(event.get("level")) and event["level"] > 0):
        return f"a hint of {event['exercise']!r} has no level"
    return None


def _entry_problem(key: Any, entry: Any) -> str | None:
    if not isinstance(entry, dict):
        return f"the entry for {key!r} is not an object"
    for name in COUNTERS:
        if not is_count(entry.get(name, 0)):
            return f"'{name}' of {key!r} is not a whole number"
    hints = entry.get("hints", [])
    if not isinstance(hints, list) or not all(is_count(h) and h > 0 for h in hints):
        return f"'hints' of {key!r} is not a list of hint levels"
    if entry.get("status") not in (None, *STATUSES):
        return f"'status' of {key!r} is not a known status"
    if entry.get("first") not in (None, *ATTEMPTED):
        return f"'first' of {key!r} is not a known status"
    mistakes = entry.get("mistakes", {})
    if not isinstance(mistakes, dict) or not all(
            count_from_text(k) is not None and is_count(v) for k, v in mistakes.items()):
        return f"'mistakes' of {key!r} is not a count per mistake number"
    return _choice_problem(key, entry)


def _choice_problem(key: Any, entry: dict[str, Any]) -> str | None:
    """The fields issue 21 added (optional: a record written before them stays readable)."""
    choices = entry.get("choices", {})
    if not isinstance(choices, dict) or not all(
            is_choice(k) and is_count(v) for k, v in choices.items()):
        return f"'choices' of {key!r} is not a count per option letter"
    if entry.get("first_choice") is not None and not is_choice(entry["first_choice"]):
        return f"'first_choice' of {key!r} is not an option letter"
    for flag in FLAGS:
        if not isinstance(entry.get(flag, False), bool):
            return f"'{flag}' of {key!r} is not true or false"
    if entry.get("self_marks") is not None and not is_marks(entry["self_marks"]):
        return f"'self_marks' of {key!r} is not a mark (yes, partly, no) per criterion"
    return None


def shape_problem(content: Any) -> str | None:
    """What is wrong with a parsed progress file, or None when it can be used."""
    if not isinstance(content, dict) or content.get("format") != FORMAT:
        return "it is not a balancing-act progress file"
    if not is_count(content.get("version")):
        return "'version' is missing"
    if content["version"] > VERSION:
        raise NewerFile
    if not isinstance(content.get("exercises"), dict):
        return "'exercises' is not an object"
    if not isinstance(content.get("events"), list) or not all(
            isinstance(e, dict) and isinstance(e.get("exercise"), str) and e.get("event") in EVENTS
            for e in content["events"]):
        return "'events' is not a list of events"
    for key, entry in content["exercises"].items():
        if problem := _entry_problem(key, entry):
            return problem
    return None


def record_problem(content: Any) -> str | None:
    """What stops parsed JSON from being read as a progress record, or None (for readers
    of other learners' files, such as the class report)."""
    try:
        return shape_problem(content)
    except NewerFile:
        return "it was written by a newer version of balancing-act"
    except RecursionError:
        return "it is nested too deeply to be a progress record"


def upgrade(content: dict[str, Any]) -> dict[str, Any]:
    """Bring a usable record of an older version up to this one (renumbered exercises)."""
    for version in range(content["version"], VERSION):
        moves = RENUMBERED.get(version, {})
        content["exercises"] = {moves.get(k, k): v for k, v in content["exercises"].items()}
        for event in content["events"]:
            event["exercise"] = moves.get(event["exercise"], event["exercise"])
    content["version"] = VERSION
    return content


def normalise(content: dict[str, Any]) -> dict[str, Any]:
    """Upgrade an older file and fill the counters it lacks, so readers need no defaults."""
    upgrade(content)
    for entry in content["exercises"].values():
        for name in COUNTERS:
            entry.setdefault(name, 0)
        entry.setdefault("hints", [])
        entry.setdefault("status", None)
    return content

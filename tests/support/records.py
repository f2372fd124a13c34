"""Progress records as earlier editions of the course wrote them, for upgrade tests."""

from __future__ import annotations

from balancing_act.record import format as progress_record


def version_1_record() -> dict:
    """A record written before lessons 03 and 05 numbered their exercises in page order:
    then 03.4 was the ordering list (solved) and 03.5 the single choice (missed once)."""
    return {"format": progress_record.FORMAT, "version": 1,
            "exercises": {"03.4": {"checks": 1, "correct": 1, "status": "correct",
                                   "first": "correct"},
                          "03.5": {"checks": 1, "incorrect": 1, "status": "incorrect",
                                   "first": "incorrect", "mistakes": {"1": 1}},
                          "01.1": {"checks": 1, "correct": 1, "status": "correct"}},
            "events": [{"exercise": "03.4", "event": "check", "status": "correct"},
                       {"exercise": "05.5", "event": "hint", "level": 1}]}

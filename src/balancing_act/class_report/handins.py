"""One record per learner, and a word on the class's course versions.

A learner who hands in twice (a re-upload the platform renamed ``-2``) is one learner:
the later export wins, and the report says which file it used. A class whose files
come from different editions of the course is warned, because an update may renumber
exercises.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from balancing_act.class_report.records import LearnerRecord

__all__ = ["one_per_learner", "version_warning"]

NAMES_SHOWN = 5  # learners named per version in the warning; the rest are counted


def _when(record: LearnerRecord) -> tuple[int, str, float, str]:
    """Order of hand-ins: a real file after none, then the export's own time, then mtime."""
    try:
        mtime = record.source.stat().st_mtime if record.source.is_file() else 0.0
    except OSError:
        mtime = 0.0
    return (record.source.is_file(), record.exported_at, mtime, str(record.source))


def one_per_learner(records: list[LearnerRecord]) -> tuple[list[LearnerRecord], list[str]]:
    """The latest record of each learner, in first-seen order, and one line per repeat."""
    groups: dict[str, list[LearnerRecord]] = {}
    for record in records:
        groups.setdefault(record.learner, []).append(record)
    kept, notes = [], []
    for learner, mine in groups.items():
        latest = max(mine, key=_when)
        kept.append(latest)
        files = [r for r in mine if r.source.is_file()]
        if len(files) > 1:
            others = ", ".join(_name(r.source) for r in files if r is not latest)
            when = f" (exported {latest.exported_at})" if latest.exported_at else ""
            notes.append(f"{learner} handed in {len(files)} files: the later export, "
                         f"{_name(latest.source)}{when}, is used; {others} left out")
    return kept, notes


def _name(path: Path) -> str:
    return path.name


def version_warning(records: list[LearnerRecord]) -> str | None:
    """One sentence when the files come from more than one course version, else None."""
    by_version: dict[str, list[str]] = {}
    for record in records:
        if record.course_version:
            by_version.setdefault(record.course_version, []).append(record.learner)
    if len(by_version) < 2:
        return None
    counts = Counter({v: len(names) for v, names in by_version.items()})
    parts = []
    for version, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        names = sorted(by_version[version])
        shown = ", ".join(names[:NAMES_SHOWN]) + (
            f" and {n - NAMES_SHOWN} more" if n > NAMES_SHOWN else "")
        parts.append(f"{version} ({n}: {shown})")
    return ("the class's files come from different course versions: " + "; ".join(parts)
            + ". An update may renumber exercises; ask learners on an older version to "
            "update and export again")

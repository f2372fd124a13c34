"""The roster handed back with the course's scores, in the form its platform imports.

Every roster row is kept as it was; one column per lesson and one for the capstone's
brief are added, and with the teacher's rubric file (``check-brief --rubric``) one for
the brief's rubric total beside them (or, where an earlier import made them, filled again under the
platform's own name for them, so the platform updates its item instead of adding a
second). A learner without a file is left blank. The score rule is the teacher's:
``completion`` counts an exercise solved, ``mastery`` only one solved without viewing
its solution first. These are self-reported practice scores from the learner's own
record, not a test.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass

from balancing_act.class_report.briefs import name_key, stem_name
from balancing_act.class_report.records import ExerciseRecord, LearnerRecord
from balancing_act.class_report.roster import BOM, Roster
from balancing_act.class_report.rubric import CRITERIA, MAX_MARK, Marks, rubric_rows

__all__ = ["CAPSTONE", "RUBRIC", "RULES", "Gradebook", "build", "column_names", "counts",
           "rubric_scores", "to_csv"]

RULES = ("completion", "mastery")
PREFIX = "Balancing Act"
CAPSTONE = "06.3"  # the capstone's brief: its checks passed is its own column
RUBRIC = "rubric"  # the teacher's rubric marks of the brief (check-brief --rubric), with --rubric
POINTS = 100  # every column is a percentage, the default maximum of a new Moodle item
SUFFIX = re.compile(r"\s*\((\d+|Real|Letter|Percentage|Scale)\)\s*$")


def column_names(lessons: list[str], *, rubric: bool = False) -> dict[str, str]:
    """Item -> its column header: one per lesson, then the capstone's checks (and, with
    the teacher's rubric file, the rubric total beside them)."""
    names = {lesson: f"{PREFIX} {lesson}" for lesson in lessons}
    names[CAPSTONE] = f"{PREFIX} capstone brief checks"
    if rubric:
        names[RUBRIC] = f"{PREFIX} capstone brief rubric"
    return names


def counts(item: ExerciseRecord | None, rule: str) -> bool:
    """Whether one exercise earns its point under ``rule``."""
    if item is None or not item.solved:
        return False
    return rule == "completion" or not item.solution_before


def _lesson_scores(record: LearnerRecord, lessons: Mapping[str, list[str]],
                   rule: str) -> dict[str, str]:
    """Each lesson's percentage and the capstone's, as text ("" where the file cannot say)."""
    scores: dict[str, str] = {}
    for lesson, ids in lessons.items():
        if record.lessons:  # an old per-lesson export: completion only, from its counts
            n, _, ok = record.lessons.get(lesson, (len(ids), 0, 0))
            scores[lesson] = _percent(ok, n or len(ids)) if rule == "completion" else ""
        else:
            scores[lesson] = _percent(sum(counts(record.exercises.get(k), rule) for k in ids),
                                      len(ids))
    brief = None if record.lessons else record.exercises.get(CAPSTONE)
    scores[CAPSTONE] = "" if record.lessons else _percent(int(counts(brief, rule)), 1)
    return scores


def _percent(part: int, whole: int) -> str:
    value = round(100 * part / whole, 1) if whole else 0.0
    return f"{value:g}"


@dataclass
class Gradebook:
    """The roster with the course's columns, and one line per thing a teacher must know."""

    header: list[str]
    rows: list[list[str]]
    notes: list[str]


def _existing(header: list[str], wanted: str) -> int | None:
    """The place of a column an earlier import made ("Balancing Act 03 (4521)"), if any."""
    for place, name in enumerate(header):
        if SUFFIX.sub("", name).strip() == wanted:
            return place
    return None


def build(roster: Roster, matched: Mapping[int, LearnerRecord],
          lessons: Mapping[str, list[str]], rule: str,
          rubric: Mapping[int, str] | None = None) -> Gradebook:
    """The platform's import file as rows: every roster row, plus the course's columns.
    ``rubric``: roster row -> the brief's rubric total as a percentage (``rubric_scores``);
    given, it adds the rubric column (blank for a row it does not name)."""
    if rule not in RULES:
        raise ValueError(f"score rule {rule!r}; expected one of {RULES}")
    header = list(roster.header)
    places = {}
    for item, name in column_names(list(lessons), rubric=rubric is not None).items():
        place = _existing(header, name)
        if place is None:
            header.append(name)
            place = len(header) - 1
        places[item] = place
    rows = []
    for index, original in enumerate(roster.rows):
        row = original + [""] * (len(header) - len(original))
        if index in roster.meta_rows:
            _fill_meta(row, places)
        elif index in matched:
            for item, score in _lesson_scores(matched[index], lessons, rule).items():
                row[places[item]] = score
        else:
            for place in places.values():
                row[place] = ""  # no file: blank, so the platform leaves the grade alone
        if rubric is not None and index not in roster.meta_rows:
            row[places[RUBRIC]] = rubric.get(index, "")  # a brief marked without a record too
        rows.append(row)
    return Gradebook(header, rows, _notes(matched, rule))


def rubric_scores(marks: Mapping[str, Marks], roster: Roster,
                  found: Mapping[int, str]) -> tuple[dict[int, str], list[str]]:
    """Each rubric row's total (a percentage of the four marks' maximum) on the roster row
    of its brief's learner, and one note per row that names no learner or several.

    A row is matched by its brief's Author line and its file's name, compared (letters and
    digits only, case ignored) with each roster row's learner id, the id in its matched
    progress file and its name in either order ("Lovelace, Ada" is "Ada Lovelace")."""
    names = _roster_names(roster, found)
    scores: dict[int, str] = {}
    notes: list[str] = []
    for source, author, mark in rubric_rows(marks):
        keys = {name_key(author), name_key(stem_name(source))} - {""}
        rows = sorted({row for key in keys for row in names.get(key, ())})
        if len(rows) != 1:
            notes.append(f"rubric row {source or author!r}: "
                         + ("no roster learner has this name or id" if not rows else
                            f"{len(rows)} roster learners match it; give its file the "
                            "learner's id") + ", so it is not in the gradebook")
        elif mark.total is None:
            notes.append(f"rubric row {source or author!r}: not every mark is given yet, so "
                         "its rubric column is left blank")
        else:
            scores[rows[0]] = _percent(mark.total, MAX_MARK * len(CRITERIA))
    return scores, notes


def _roster_names(roster: Roster, found: Mapping[int, str]) -> dict[str, set[int]]:
    """Every name and id a roster row is known by, as ``name_key`` makes them."""
    names: dict[str, set[int]] = {}
    for row in roster.learner_rows():
        shown = roster.display_name(row)
        last, comma, first = shown.partition(",")
        known = [shown, f"{first} {last}" if comma else shown, found.get(row, ""),
                 roster.cell(row, roster.platform.match).partition("@")[0]]
        for key in {name_key(k) for k in known} - {""}:
            names.setdefault(key, set()).add(row)
    return names


def _fill_meta(row: list[str], places: Mapping[str, int]) -> None:
    """Canvas's "Points Possible" row gets each course column's maximum."""
    if row and row[0].strip() == "Points Possible":
        for place in places.values():
            row[place] = str(POINTS)


def _notes(matched: Mapping[int, LearnerRecord], rule: str) -> list[str]:
    old = sorted(r.learner for r in matched.values() if r.lessons)
    if old and rule == "mastery":
        return [f"{', '.join(old)}: a per-lesson export cannot tell whether a solution was "
                "viewed first, so their mastery columns are left blank; ask for the default "
                "export (per exercise)"]
    return []


def to_csv(book: Gradebook, roster: Roster) -> str:
    """The file's text: the roster's own delimiter and byte-order mark, every cell quoted
    only where it must be (a name with a comma or a quote stays one cell)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=roster.delimiter, lineterminator="\r\n")
    writer.writerow(book.header)
    writer.writerows(book.rows)
    return (BOM if roster.bom else "") + out.getvalue()

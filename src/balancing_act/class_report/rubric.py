"""The rubric file: where the teacher writes the marks the checks cannot give.

``balancing-act check-brief FILES --rubric rubric.csv`` writes this CSV the first time
(one row per brief, the marks blank) and reads it back on every later run, so the
marks travel into ``--csv`` and the feedback files beside the checks. Its format, for a
teacher's spreadsheet and for the gradebook alike (UTF-8, a byte-order mark accepted,
comma-separated, one header row):

``file``            the brief's file as check-brief names it (the key a row is matched by)
``author``          the brief's Author line (matched when ``file`` matches no brief)
``A_evidence`` ...  one column per criterion of the teacher guide's rubric: blank, or a
                    whole number from 1 (beginning) to 4 (excellent)
``comment``         free text for the learner, copied into their feedback file

Columns may be in any order and extra columns are kept out of the way (ignored).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from balancing_act.support import safe_io
from balancing_act.support.errors import CourseError

__all__ = ["CRITERIA", "KEY_COLUMNS", "MAX_MARK", "Marks", "RubricProblem", "columns",
           "marks_for", "parse", "read", "rubric_rows", "spreadsheet_safe", "template",
           "unmatched"]

#: Column -> criterion of the rubric in docs/teacher_guide.md ("Rubric (four criteria ...)").
CRITERIA = {"A_evidence": "A. Evidence and citation",
            "B_plan": "B. Plan and justification",
            "C_perspectives": "C. Three perspectives",
            "D_source": "D. Questioning the source and the model"}
KEY_COLUMNS = ("file", "author")
MAX_MARK = 4
MAX_BYTES = 1_000_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class RubricProblem(CourseError):
    """The rubric file cannot be used as it is; the message names the line and column."""


@dataclass(frozen=True)
class Marks:
    """One brief's rubric marks (None where the teacher left a blank) and comment."""

    marks: Mapping[str, int | None] = field(default_factory=dict)
    comment: str = ""

    @property
    def total(self) -> int | None:
        """The sum of the four marks, once all four are given."""
        values = [self.marks.get(c) for c in CRITERIA]
        return sum(values) if all(v is not None for v in values) else None  # type: ignore[misc]

    def labelled(self) -> list[tuple[str, str]]:
        """(criterion's name, mark as text) for the feedback file; blank marks as ''."""
        return [(name, "" if self.marks.get(c) is None else str(self.marks[c]))
                for c, name in CRITERIA.items()]


def spreadsheet_safe(value: str) -> str:
    """A learner's text that a spreadsheet would run as a formula, shown as text instead."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def columns() -> list[str]:
    return [*KEY_COLUMNS, *CRITERIA, "comment"]


def template(briefs: Iterable[tuple[str, str]]) -> str:
    """The file to fill in: one row per (file, author), every mark and comment blank."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns())
    for source, author in briefs:
        writer.writerow([spreadsheet_safe(source), spreadsheet_safe(author),
                         *([""] * (len(CRITERIA) + 1))])
    return out.getvalue()


def _mark(value: str, line: int, column: str, path: object) -> int | None:
    text = value.strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= MAX_MARK:
        raise RubricProblem(f"{path}, line {line}, column '{column}': {text[:20]!r} is not a "
                            f"mark", f"write a whole number from 1 to {MAX_MARK}, or leave it "
                            "blank")
    return int(text)


def parse(text: str, path: object = "rubric file") -> dict[str, Marks]:
    """Marks by ``file`` (and by ``author:<name>``, for rows whose file matches nothing)."""
    rows = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    missing = [c for c in ("file", *CRITERIA) if c not in (rows.fieldnames or [])]
    if missing:
        raise RubricProblem(f"{path} has no column {', '.join(missing)}",
                            f"keep the header row check-brief wrote: {','.join(columns())}")
    found: dict[str, Marks] = {}
    for line, row in enumerate(rows, 2):
        marks = Marks({c: _mark(row.get(c) or "", line, c, path) for c in CRITERIA},
                      (row.get("comment") or "").strip())
        found[_unescaped(row.get("file"))] = marks
        if author := _unescaped(row.get("author")):
            found.setdefault(f"author:{author}", marks)
    return found


def _unescaped(cell: str | None) -> str:
    text = (cell or "").strip()
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def read(path: Path) -> dict[str, Marks]:
    """The rubric file read back (bounded, regular files only), or one ``RubricProblem``."""
    try:
        raw = safe_io.read_bytes(path, MAX_BYTES)
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RubricProblem(f"{path} is not UTF-8 text", "save it from your spreadsheet as "
                            "CSV UTF-8") from None
    if len(raw) > MAX_BYTES:
        raise RubricProblem(f"{path} is larger than 1 MB, far more than a class's marks",
                            "give the rubric file check-brief wrote")
    try:
        return parse(text, path)
    except csv.Error as exc:
        raise RubricProblem(f"{path} is not a readable CSV ({exc})", "save it as CSV") from None


def rubric_rows(rubric: Mapping[str, Marks]) -> list[tuple[str, str, Marks]]:
    """(file, author, marks) of each row of the file, as ``parse`` read it."""
    authors = {id(m): key.removeprefix("author:") for key, m in rubric.items()
               if key.startswith("author:")}
    rows = [(key, authors.get(id(m), ""), m) for key, m in rubric.items()
            if not key.startswith("author:")]
    files = {id(m) for _, _, m in rows}
    return rows + [("", name, m) for key, m in rubric.items()
                   if key.startswith("author:") and id(m) not in files
                   for name in [key.removeprefix("author:")]]


def marks_for(rubric: Mapping[str, Marks], source: str, author: str) -> Marks | None:
    """The row for a brief: by its file, else by its author."""
    return rubric.get(source) or rubric.get(f"author:{author}")


def unmatched(rubric: Mapping[str, Marks], briefs: Iterable[tuple[str, str]]) -> list[str]:
    """Rows of the rubric file whose file and author match none of the briefs given."""
    briefs = list(briefs)
    used = {id(m) for m in (marks_for(rubric, s, a) for s, a in briefs) if m is not None}
    return [key for key, m in rubric.items()
            if key and not key.startswith("author:") and id(m) not in used]

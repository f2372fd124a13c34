"""The class list, read from the learning platform's own gradebook export.

Canvas exports ``Student, ID, SIS User ID, SIS Login ID, Section`` then one column per
assignment, and a "Points Possible" row under the header; Moodle exports ``First name,
Last name, ID number, ..., Email address`` then its grade items. Both are read as they
are (a byte-order mark, names with commas, quotes and accents), every cell kept as
written, so the gradebook can hand the same rows back. Learners are matched to rows by
one roster column (``--match``), compared without case or spacing differences.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from balancing_act.support import safe_io
from balancing_act.support.errors import CourseError

__all__ = ["PLATFORMS", "Match", "Roster", "detect", "key", "match", "parse", "read"]

MAX_BYTES = 5_000_000  # a school's whole gradebook is far smaller
BOM = "\ufeff"


@dataclass(frozen=True)
class Platform:
    """What one platform's export holds: the columns that name a learner, the default match."""

    name: str
    label: str
    required: tuple[str, ...]
    identity: tuple[str, ...]  # the columns before the grade items
    match: str
    where: str  # where a teacher finds the export
    back: str  # where the teacher imports the file written back


PLATFORMS = {
    "canvas": Platform("canvas", "Canvas", ("Student", "ID"),
                       ("Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID",
                        "Section"), "SIS Login ID", "Grades > Export > Export Entire Gradebook",
                       "Grades > Import"),
    "moodle": Platform("moodle", "Moodle", ("First name", "Last name"),
                       ("First name", "Last name", "ID number", "Institution", "Department",
                        "Email address"), "Email address",
                       "Grades > Export > Plain text file", "Grades > Import > CSV file"),
}


@dataclass
class Roster:
    """The export as read: header, every row as written, and which rows are learners."""

    platform: Platform
    source: Path
    header: list[str]
    rows: list[list[str]]
    meta_rows: set[int] = field(default_factory=set)  # Canvas "Points Possible" and the like
    bom: bool = False
    delimiter: str = ","

    def learner_rows(self) -> list[int]:
        return [i for i in range(len(self.rows)) if i not in self.meta_rows]

    def cell(self, row: int, column: str) -> str:
        place = self.header.index(column)
        values = self.rows[row]
        return values[place] if place < len(values) else ""

    def display_name(self, row: int) -> str:
        """The learner's name as the platform shows it ("Lovelace, Ada" / "Ada Lovelace")."""
        if self.platform.name == "canvas":
            return self.cell(row, "Student").strip()
        return f"{self.cell(row, 'First name').strip()} {self.cell(row, 'Last name').strip()}"


def key(value: str) -> str:
    """How ids are compared: Unicode-normalised, case-folded, inner spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


def detect(header: Iterable[str]) -> Platform | None:
    """The platform whose identity columns the header holds, or None."""
    names = set(header)
    for platform in PLATFORMS.values():
        if set(platform.required) <= names:
            return platform
    return None


def _text(raw: bytes, source: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CourseError(f"roster {source} is not UTF-8 text", "export it again from the "
                          "platform, or save it from a spreadsheet as \"CSV UTF-8\"") from None


def _delimiter(text: str) -> str:
    first = text.splitlines()[0] if text else ""
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def parse(text: str, source: Path, platform_name: str | None = None) -> Roster:
    """A roster from the export's text; ``platform_name`` None means detect it."""
    bom = text.startswith(BOM)
    text = text.removeprefix(BOM)
    delimiter = _delimiter(text)
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise CourseError(f"roster {source} is not a readable CSV ({exc})",
                          "export it again from the platform's gradebook") from None
    table = [row for row in table if any(cell.strip() for cell in row)]
    header = [name.strip() for name in table[0]] if table else []
    platform = _platform(header, source, platform_name)
    rows = table[1:]
    meta = {i for i, row in enumerate(rows) if platform.name == "canvas" and _canvas_meta(row)}
    return Roster(platform, source, header, rows, meta, bom, delimiter)


def _canvas_meta(row: list[str]) -> bool:
    """Canvas's rows under the header that are not learners ("Points Possible")."""
    first = row[0].strip() if row else ""
    return first in ("Points Possible", "Manual Posting") or (
        first == "" and any("read only" in cell for cell in row))


def _platform(header: list[str], source: Path, wanted: str | None) -> Platform:
    found = detect(header)
    if wanted is None:
        if found is None:
            raise CourseError(f"roster {source} is neither a Canvas nor a Moodle gradebook "
                              f"export (its columns: {_shown(header)})", _where_all())
        return found
    platform = PLATFORMS[wanted]
    missing = [c for c in platform.required if c not in header]
    if missing:
        looks = f"; it looks like a {found.label} export" if found else ""
        raise CourseError(f"roster {source} is not a {platform.label} gradebook export: it has "
                          f"no column {', '.join(repr(m) for m in missing)} (its columns: "
                          f"{_shown(header)}){looks}",
                          f"export it from {platform.label}: {platform.where}")
    return platform


def _shown(header: list[str]) -> str:
    return ", ".join(header[:6]) + (" ..." if len(header) > 6 else "") if header else "none"


def _where_all() -> str:
    return "; ".join(f"{p.label}: {p.where}" for p in PLATFORMS.values())


def read(path: Path, platform_name: str | None = None) -> Roster:
    """The roster file (bounded, never through a link to elsewhere), parsed."""
    try:
        raw = safe_io.read_bytes(path, MAX_BYTES + 1, follow_links=True)
    except OSError as exc:
        raise CourseError(f"cannot read roster {path} ({exc.strerror or exc})",
                          "give the CSV file exported from the platform's gradebook") from None
    if len(raw) > MAX_BYTES:
        raise CourseError(f"roster {path} is larger than {MAX_BYTES // 1_000_000} MB",
                          "give the gradebook export of one course")
    return parse(_text(raw, path), path, platform_name)


@dataclass
class Match:
    """Roster rows to learner ids: who matched, who handed in nothing, whose file has no row."""

    column: str
    rows: dict[int, str]  # roster row -> learner id
    no_file: list[int]  # roster rows with no learner file
    no_row: list[str]  # learner ids with no roster row
    ambiguous: list[str]  # one line per learner id that several roster rows hold


def match(roster: Roster, learners: Iterable[str], column: str | None = None) -> Match:
    """Match learner ids to roster rows by ``column`` (default: the platform's).

    An id matches a row whose value is the same apart from case and spacing; where the
    column holds e-mail addresses and the id does not, the part before the ``@`` does.
    """
    column = column or roster.platform.match
    if column not in roster.header:
        raise CourseError(f"roster {roster.source} has no column {column!r} to match learners "
                          f"by (its columns: {_shown(roster.header)})",
                          f"name one with --match COLUMN, e.g. --match {roster.header[0]!r}"
                          if roster.header else "export the roster again")
    index, shared = _index(roster, column)
    rows: dict[int, str] = {}
    no_row, ambiguous = [], []
    for learner in learners:
        row = index.get(key(learner))
        if key(learner) in shared:
            lines = ", ".join(str(r + 2) for r in shared[key(learner)])
            ambiguous.append(f"{learner}: roster rows {lines} all hold {learner!r} in "
                             f"{column!r}, so none of them is filled")
        elif row is None or row in rows:
            no_row.append(learner)
        else:
            rows[row] = learner
    no_file = [r for r in roster.learner_rows() if r not in rows]
    return Match(column, rows, no_file, no_row, ambiguous)


def _index(roster: Roster, column: str) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Each comparable value of ``column`` -> its one row, and the values several rows hold."""
    seen: dict[str, list[int]] = {}
    for row in roster.learner_rows():
        value = roster.cell(row, column).strip()
        names = {key(value)} if value else set()
        if "@" in value:
            names.add(key(value.split("@", 1)[0]))
        for name in names:
            seen.setdefault(name, []).append(row)
    index = {name: rows[0] for name, rows in seen.items() if len(set(rows)) == 1}
    shared = {name: sorted(set(rows)) for name, rows in seen.items() if len(set(rows)) > 1}
    return index, shared

"""Read the progress files a class hands in, one learner per file, for the class report.

Three shapes are read: a learner's own ``progress.json``, the per-exercise CSV
written by ``balancing-act progress --export`` (the default) and the older
per-lesson CSV. Anything else is skipped with one line saying why, so one odd
file never stops a teacher's report. No answer text exists in any of them.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from balancing_act.record import format as progress_record
from balancing_act.record import identity, views
from balancing_act.record import store as progress
from balancing_act.support import safe_io

MAX_FILE_BYTES = 2_000_000  # a real record is a few kB; a bigger file is not one
MAX_FILES = 5_000  # a class, not a file system
PROGRESS_GLOBS = ("*.csv", progress.FILE_NAME)
SKIP_PARTS = {".ipynb_checkpoints", ".git", "node_modules", ".venv"}
EXERCISE_COLUMNS = {"exercise", "checks", "last_status", "ever_correct", "hints_used",
                    "solution_viewed"}
LESSON_COLUMNS = set(views.COLUMNS)


@dataclass(frozen=True)
class ExerciseRecord:
    """What one learner did with one exercise: counts and flags only."""

    attempted: bool
    solved: bool
    first_try: bool | None  # None: the file does not say
    hints: int
    solution: bool
    mistakes: dict[int, int] = field(default_factory=dict)
    first_choice: str | None = None  # option letters of the first check ("B", "B/C")
    self_marks: dict[str, str] = field(default_factory=dict)  # written: criterion -> mark
    solution_before: bool = False  # the solution was viewed before it was solved
    choices: frozenset[str] = frozenset()  # every option label checked ("B", "A+C")


@dataclass(frozen=True)
class LearnerRecord:
    """One learner's file, reduced to per-exercise (or, for old exports, per-lesson) facts."""

    learner: str
    source: Path
    exercises: dict[str, ExerciseRecord] = field(default_factory=dict)
    lessons: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # exercises, att, ok
    course_version: str = ""  # the edition that wrote the file, when it says
    exported_at: str = ""  # ISO time of the export, when the file says (later wins)
    id_in_file: bool = False  # named by the id written inside, not by the file's name


@dataclass(frozen=True)
class Skipped:
    """A file that is not a progress record, and the one line that says why."""

    source: Path
    reason: str

    def __str__(self) -> str:
        return f"skipped {self.source}: {self.reason}"


class NotARecord(Exception):
    """The file cannot be read as a progress record; the message says why."""


# --------------------------------------------------------------------------- finding files


def find_files(paths: Iterable[Path | str]) -> tuple[list[tuple[Path, str]], list[Skipped]]:
    """Each record file under ``paths`` with its learner's name; missing paths are skipped.

    A file named directly is named by its stem; a file found in a folder is named
    by its first sub-folder there (a hub's ``/home/<learner>/...``) or, when it
    lies in the folder itself, by its stem (``exports/alice.csv``).
    """
    found: list[tuple[Path, str]] = []
    skipped: list[Skipped] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(_one_record_each((f, _learner_name(f, path)) for f in _walk(path)))
        elif os.path.lexists(path):
            found.append((path, _stem_name(path)))  # read_record says if it is not a file
        else:
            skipped.append(Skipped(path, "no such file or folder"))
    return found[:MAX_FILES], skipped


def _one_record_each(files: Iterable[tuple[Path, str]]) -> list[tuple[Path, str]]:
    """A learner whose folder holds their progress.json and an export of it (a hub's home
    after a hand-in) is one learner: the progress.json, the fuller record, is kept."""
    files = list(files)
    with_record = {name for path, name in files if path.name == progress.FILE_NAME}
    return [(path, name) for path, name in files
            if path.name == progress.FILE_NAME or name not in with_record]


def _walk(folder: Path) -> Iterator[Path]:
    """``progress.json`` and ``progress*.csv`` at any depth, any CSV at the top (a hand-in
    folder): a course copy's own data CSVs deeper down (``lessons_data/``) are not records."""
    for pattern in PROGRESS_GLOBS:
        for path in sorted(folder.rglob(pattern)):
            parts = path.relative_to(folder).parts
            wanted = len(parts) == 1 or path.name.startswith(("progress", progress.FILE_NAME))
            kept = path.is_symlink() or not path.is_dir()  # a link or a FIFO: said why below
            if wanted and kept and not SKIP_PARTS & set(parts):
                yield path


def _stem_name(path: Path) -> str:
    if path.name == progress.FILE_NAME:
        return path.parent.name or "learner"
    return path.stem.removeprefix("progress_").removeprefix("progress-") or path.stem


def _learner_name(path: Path, folder: Path) -> str:
    parts = path.relative_to(folder).parts
    return parts[0] if len(parts) > 1 else _stem_name(path)


# --------------------------------------------------------------------------- reading


def read_record(path: Path, learner: str, *, follow_links: bool = True) -> LearnerRecord:
    """One file as a record, or ``NotARecord`` saying what it is instead.

    ``follow_links=False`` for files found inside a folder: a learner's home may hold a
    link to a file of someone else's (as root: ``/etc/shadow``), which is never read.
    """
    try:
        raw = safe_io.read_bytes(path, MAX_FILE_BYTES, follow_links=follow_links)
    except OSError as exc:
        raise NotARecord(f"cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise NotARecord(f"it is larger than {MAX_FILE_BYTES // 1_000_000} MB, "
                         "far more than a progress record")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotARecord("it is not UTF-8 text (expected a progress .json or .csv)") from None
    if path.suffix.lower() == ".json":
        return _from_json(text, path, learner)
    return _from_csv(text, path, learner)


def _from_json(text: str, path: Path, learner: str) -> LearnerRecord:
    try:
        content = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        raise NotARecord(f"not valid JSON ({reason}); expected a progress.json") from None
    except ValueError:  # a number of more than 4,300 digits
        raise NotARecord("it holds a number far too long to be a count; expected a "
                         "progress.json") from None
    if problem := progress_record.record_problem(content):
        raise NotARecord(problem)
    progress_record.upgrade(content)
    events = content["events"]
    exercises = {key: _json_exercise(entry, _event_flags(key, events))
                 for key, entry in content["exercises"].items()}
    versions = [e["course"] for e in events if isinstance(e.get("course"), str)]
    return LearnerRecord(learner, path, exercises,
                         course_version=identity.clean_id(versions[-1] if versions else ""))


def _event_flags(key: str, events: list[dict[str, Any]]) -> dict[str, bool]:
    """For a record written before the flags existed: the same facts from its events
    (the newest events only are kept, so an old record may under-count them)."""
    seen_solution = solved = checked = False
    flags = {"first_after_solution": False, "solution_before_solved": False}
    for event in (e for e in events if e["exercise"] == key):
        if event["event"] == "solution":
            seen_solution = True
            flags["solution_before_solved"] |= not solved
        elif event["event"] == "check" and event.get("status") in progress_record.ATTEMPTED:
            flags["first_after_solution"] |= seen_solution and not checked
            checked = True
            solved |= event["status"] == "correct"
    return flags


def _json_exercise(entry: dict[str, Any], from_events: dict[str, bool]) -> ExerciseRecord:
    attempted = any(entry.get(s, 0) for s in progress_record.ATTEMPTED)
    flags = {flag: entry.get(flag, from_events[flag]) for flag in progress_record.FLAGS}
    first = entry.get("first")
    return ExerciseRecord(
        attempted=attempted, solved=entry.get("correct", 0) > 0,
        first_try=(views.first_try(entry | flags) if first
                   else (False if attempted else None)),
        hints=len(entry.get("hints", [])), solution=entry.get("solutions", 0) > 0,
        mistakes={int(k): v for k, v in entry.get("mistakes", {}).items()},
        first_choice=entry.get("first_choice"), self_marks=dict(entry.get("self_marks") or {}),
        solution_before=flags["solution_before_solved"],
        choices=frozenset(entry.get("choices", {})))


def _from_csv(text: str, path: Path, learner: str) -> LearnerRecord:
    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:
        raise NotARecord(f"not a readable CSV ({exc})") from None
    columns = set(rows[0]) if rows else set(_header(text))
    said = _identity(rows, learner)
    if columns >= EXERCISE_COLUMNS:
        return LearnerRecord(said[0], path, dict(_csv_exercise(row, n)
                                                 for n, row in enumerate(rows, 2)), **said[1])
    if columns >= LESSON_COLUMNS:
        return LearnerRecord(said[0], path, lessons=dict(_csv_lesson(row, n)
                                                         for n, row in enumerate(rows, 2)),
                             **said[1])
    shown = ", ".join(sorted(c for c in columns if c)[:6]) or "none"
    raise NotARecord(f"its columns ({shown}) are not those of a progress export; expected "
                     "the file written by `balancing-act progress --export`")


def _identity(rows: list[dict[str, str]], learner: str) -> tuple[str, dict[str, Any]]:
    """Whose the export says it is (else the file's name), its course version, its time."""
    first = rows[0] if rows else {}
    said = identity.clean_id(first.get("learner_id"))
    return said or learner, {"course_version": identity.clean_id(first.get("course_version")),
                             "exported_at": identity.clean_id(first.get("exported_at")),
                             "id_in_file": bool(said)}


def _header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)), [])


def _flag(row: dict[str, str], name: str, line: int) -> bool:
    value = (row.get(name) or "").strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("false", "0", "no", ""):
        return False
    raise NotARecord(f"line {line}, column '{name}': {value[:20]!r} is not True or False")


def _whole(row: dict[str, str], name: str, line: int) -> int:
    value = (row.get(name) or "0").strip()
    count = progress_record.count_from_text(value)
    if count is None:
        raise NotARecord(f"line {line}, column '{name}': {value[:20]!r} is not a whole number "
                         f"from 0 to {progress_record.MAX_COUNT:,}")
    return count


def _csv_mistakes(text: str, line: int) -> dict[int, int]:
    counts: dict[int, int] = {}
    for pair in (text or "").split():
        number_text, _, count_text = pair.partition(":")
        number = progress_record.count_from_text(number_text)
        count = progress_record.count_from_text(count_text)
        if number is None or count is None:
            raise NotARecord(f"line {line}, column 'mistakes': {pair[:20]!r} is not number:count")
        counts[number] = count
    return counts


def _csv_exercise(row: dict[str, str], line: int) -> tuple[str, ExerciseRecord]:
    exercise_id = (row.get("exercise") or "").strip()
    if not exercise_id:
        raise NotARecord(f"line {line}: the 'exercise' column is empty")
    status = (row.get("last_status") or "").strip()
    solved = _flag(row, "ever_correct", line)
    attempted = (_flag(row, "attempted", line) if "attempted" in row  # older exports lack it
                 else solved or status in progress_record.ATTEMPTED)
    first = _flag(row, "first_try_correct", line) if "first_try_correct" in row else None
    return exercise_id, ExerciseRecord(
        attempted=attempted, solved=solved, first_try=first,
        hints=_whole(row, "hints_used", line), solution=_flag(row, "solution_viewed", line),
        mistakes=_csv_mistakes(row.get("mistakes") or "", line),
        first_choice=_csv_choice(row.get("first_choice")),
        solution_before=_flag(row, "solution_before_solved", line),
        choices=frozenset(c for c in (row.get("choices") or "").split()
                          if progress_record.is_choice(c)),
        self_marks=_csv_marks(row.get("self_marks") or "", line))


def _csv_marks(text: str, line: int) -> dict[str, str]:
    """A written item's self-marks ("1:yes 2:partly"), as ``views.marks_text`` wrote them."""
    marks = dict(pair.partition(":")[::2] for pair in text.split())
    if marks and not progress_record.is_marks(marks):
        raise NotARecord(f"line {line}, column 'self_marks': {text[:30]!r} is not "
                         "criterion:mark (yes, partly or no)")
    return marks


def _csv_choice(text: str | None) -> str | None:
    """An option label ("B", "A+C"); anything else (free text) is dropped, never shown."""
    value = (text or "").strip()
    return value if progress_record.is_choice(value) else None


def _csv_lesson(row: dict[str, str], line: int) -> tuple[str, tuple[int, int, int]]:
    lesson = (row.get("lesson") or "").strip().zfill(2)
    counts = tuple(_whole(row, name, line) for name in ("exercises", "attempted", "correct"))
    return lesson, counts  # type: ignore[return-value]


def homes_without_records(paths: Iterable[Path | str], named: set[str]) -> list[LearnerRecord]:
    """A learner folder (a hub's ``/home/<learner>``) with no record: a learner not started."""
    empty = []
    for raw in paths:
        folder = Path(raw)
        if folder.is_dir():
            empty.extend(LearnerRecord(sub.name, sub) for sub in sorted(folder.iterdir())
                         if sub.is_dir() and not sub.name.startswith(".")
                         and sub.name not in SKIP_PARTS and sub.name not in named)
    return empty


def read_all(paths: Iterable[Path | str]) -> tuple[list[LearnerRecord], list[Skipped]]:
    """Every readable record under ``paths`` (and every learner folder without one); every
    other file as a ``Skipped`` line."""
    paths = list(paths)
    files, skipped = find_files(paths)
    named = {Path(p) for p in paths}
    records: list[LearnerRecord] = []
    for path, learner in files:
        try:
            records.append(read_record(path, learner, follow_links=path in named))
        except NotARecord as exc:
            skipped.append(Skipped(path, str(exc)))
        except Exception as exc:  # noqa: BLE001 - one odd hand-in never stops the report
            skipped.append(Skipped(path, f"it could not be read as a progress record "
                                   f"({type(exc).__name__}: {str(exc)[:80]})"))
    learners = {learner for _, learner in files}
    return records + homes_without_records(paths, learners), skipped

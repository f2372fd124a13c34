"""Reading one CSV file of lessons_data against its schema, with every problem named.

Bounded in size, strict about the header, each cell checked by its column's kind,
so a damaged file gives one message naming the file, row and column instead of a
KeyError inside a lesson.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from balancing_act.data.schemas import ID_SEP, Column, LessonDataError, Problem, Schema
from balancing_act.support.safe_io import read_bytes

MAX_FILE_BYTES = 5_000_000
#: Control characters no cell holds (NUL, escape...); tab and line breaks are allowed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def split_ids(value: object) -> list[str]:
    """Split a ``S01;S02`` cell into ids; an empty or missing cell gives []."""
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split(ID_SEP) if part.strip()]


def _read_text(path: Path, label: str) -> str:
    try:
        raw = read_bytes(path, MAX_FILE_BYTES)  # a FIFO or a device in its place: refused
    except FileNotFoundError:
        problem = Problem(label, "file is missing; expected a UTF-8 CSV file")
        raise LessonDataError([problem]) from None
    except OSError as exc:
        raise LessonDataError([Problem(label, f"cannot be read ({exc.strerror})")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise LessonDataError([Problem(label, f"file is larger than {MAX_FILE_BYTES:,} bytes; "
                                       "expected a small table (a few kilobytes)")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LessonDataError(
            [Problem(label, f"line {line}: byte 0x{raw[exc.start]:02x} is not valid UTF-8; "
                     "expected the file saved as UTF-8")]
        ) from None
    if not text.strip():
        raise LessonDataError([Problem(label, "file is empty; expected a header row and rows")])
    return text


def _parse_rows(text: str, label: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise LessonDataError([Problem(
                label, f"line {reader.line_num}: a cell is longer than "
                f"{csv.field_size_limit():,} "
                "characters; expected short cells (if the text is not meant to be that long, "
                'a closing " may be missing)')]) from None
        raise LessonDataError(
            [Problem(label, f"line {reader.line_num}: broken CSV quoting ({exc}); expected "
                     'fields that contain commas or quotes to be wrapped in "double quotes"')]
        ) from None
    return [r for r in rows if any(cell.strip() for cell in r)]


def _check_header(header: list[str], schema: Schema, label: str) -> list[Problem]:
    problems = []
    missing = [c.name for c in schema.columns if c.name not in header and not c.added]
    for name in missing:
        problems.append(Problem(label, f"required column is missing; expected the header to "
                                f"have: {', '.join(schema.names)}", column=name))
    dupes = sorted({h for h in header if header.count(h) > 1})
    for name in dupes:
        problems.append(Problem(label, "column appears more than once in the header", column=name))
    for name in dict.fromkeys(h for h in header if h not in schema.names):
        problems.append(Problem(label, f"column is not part of this file; expected only: "
                                f"{', '.join(schema.names)} (remove it, or fix its spelling)",
                                column=name or "(empty name)"))
    return problems


def _check_cell(value: str, col: Column) -> str | None:
    """Return what is wrong with one cell, or None when it is fine."""
    if not value.strip():
        return "is empty; expected a value" if col.required else None
    if bad := _CONTROL.search(value):
        return (f"holds the control character {bad.group()!r} (at character {bad.start() + 1}); "
                "expected plain text (a NUL or an escape is a damaged or pasted file)")
    if col.kind == "int" and not re.fullmatch(r"-?\d+", value.strip()):
        return f"'{value}' is not a whole number"
    if col.kind == "float":
        try:
            float(value)
        except ValueError:
            return f"'{value}' is not a number"
    if col.choices and value not in col.choices:
        return f"'{value}' is not allowed; expected one of: {', '.join(col.choices)}"
    if col.pattern and not re.fullmatch(col.pattern, value):
        return f"'{value}' does not look right; expected the form {col.pattern}"
    return None


def _check_rows(header: list[str], body: list[list[str]], schema: Schema, label: str):
    problems: list[Problem] = []
    records: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for n, row in enumerate(body, start=1):
        if len(row) != len(header):
            problems.append(Problem(label, f"has {len(row)} fields; expected {len(header)} like "
                                    "the header (a stray comma or a missing quote?)", row=n))
            continue
        record = dict(zip(header, row, strict=True))
        for col in schema.columns:
            if col.name in record and (msg := _check_cell(record[col.name], col)):
                problems.append(Problem(label, msg, row=n, column=col.name))
        key = record.get(schema.key or "", "")
        if schema.key and key:
            if key in seen:
                problems.append(Problem(label, f"duplicate id '{key}' (first on row {seen[key]}); "
                                        "expected each id once", row=n, column=schema.key))
            seen.setdefault(key, n)
        records.append(record)
    return records, problems


def _column(values: list[str], col: Column) -> object:
    """One column's values with its dtype (built once: these tables load on every start)."""
    if col.kind == "int":
        return pd.array([int(v) for v in values], dtype="int64")
    if col.kind == "float":
        return pd.array([float(v) for v in values], dtype="float64")
    if col.kind == "category":
        return pd.Categorical(values, categories=list(col.choices) or list(dict.fromkeys(values)))
    return pd.array(values, dtype="str")


def _frame(records: list[dict[str, str]], schema: Schema) -> pd.DataFrame:
    return pd.DataFrame({col.name: _column([r.get(col.name, "") for r in records], col)
                         for col in schema.columns})


Upgrade = Callable[[list[str], list[list[str]]], tuple[list[str], list[list[str]]]]


def read_csv(path: Path, schema: Schema, label: str | None = None,
             upgrade: Upgrade | None = None) -> pd.DataFrame:
    """Read one CSV against its schema; raise LessonDataError listing every problem.

    ``upgrade`` turns an older copy's header and cells into today's before the checks
    (``data.upgrades``), so a teacher's file from before a rename still loads.
    """
    label = label or schema.file
    rows = _parse_rows(_read_text(path, label), label)
    if not rows:
        raise LessonDataError([Problem(label, "has no rows; expected a header row and data rows")])
    header, body = [h.strip() for h in rows[0]], rows[1:]
    if upgrade is not None:
        header, body = upgrade(header, body)
    problems = _check_header(header, schema, label)
    if problems:
        raise LessonDataError(problems)
    if not body:
        raise LessonDataError([Problem(label, "has a header but no data rows")])
    records, problems = _check_rows(header, body, schema, label)
    if problems:
        raise LessonDataError(problems)
    return _frame(records, schema)

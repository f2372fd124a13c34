"""The ``table`` type: a DataFrame compared by content (answered with a table explorer).

Column order, column-name case and the index are ignored; rows match in any
order unless ``order_matters``; numbers within ``tolerance``. The form is bound
to a widget (``exercise("02.3").form(explorer)``) and checks the expected
columns of the table it shows now.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from balancing_act.exercises.checker import (
    MAX_TEXT,
    AnswerKey,
    Checker,
    Invalid,
    SpecError,
    _is_missing,
    _is_real,
    _kind,
    _listing,
    _number_text,
    _plain,
    register,
)
from balancing_act.exercises.result import short_repr

__all__ = ["Table"]

MAX_ROWS = 10_000  # rows in a table answer
MAX_COLUMNS = 200


def _name_key(name: Any) -> str:
    return " ".join(str(name).split()).casefold()


@register
class Table(Checker):
    """A DataFrame compared by content: column names, rows (in any order unless
    ``order_matters``), numbers within ``tolerance``; the index is ignored."""

    name = "table"
    label = "table"
    fields = ("order_matters", "tolerance")

    def __init__(self, spec: Mapping[str, Any], data_folder: Path):
        super().__init__(spec, data_folder)
        self.order_matters = spec.get("order_matters", False)
        if not isinstance(self.order_matters, bool):
            raise SpecError("expected true or false", "order_matters")
        tolerance = spec.get("tolerance", 1e-6)
        if not _is_real(tolerance) or not 0 <= float(tolerance) < math.inf:
            raise SpecError("expected a number zero or above, e.g. 0.01", "tolerance")
        self.tolerance = float(tolerance)
        frame = self.learner_form(spec.get("answer"), field="answer")
        self.columns = [str(c) for c in frame.columns]
        self.numeric = {c: all(_is_real(v) for v in frame[c] if not _is_missing(v))
                        and not all(_is_missing(v) for v in frame[c]) for c in self.columns}

    def learner_form(self, raw: Any, field: str | None = None) -> pd.DataFrame:
        if not isinstance(raw, dict) or set(raw) != {"columns", "rows"}:
            raise SpecError("expected a mapping with 'columns' (a list of names) and 'rows' "
                            "(a list of rows, each a list of cells)", field)
        columns, rows = raw["columns"], raw["rows"]
        if (not isinstance(columns, list) or not columns
                or len(set(map(str, columns))) < len(columns)):
            raise SpecError("'columns' must be a list of distinct names", field)
        if not isinstance(rows, list) or not rows:
            raise SpecError("'rows' must be a list of rows", field)
        for n, row in enumerate(rows, 1):
            if not isinstance(row, list) or len(row) != len(columns):
                raise SpecError(f"row {n} must be a list of {len(columns)} cells, like 'columns'",
                                field)
            if not all(v is None or isinstance(v, str | int | float) for v in row):
                raise SpecError(f"row {n} holds a cell that is not text, a number or null", field)
        return pd.DataFrame([list(r) for r in rows], columns=[str(c) for c in columns])

    def _columns_of(self, frame: pd.DataFrame) -> dict[str, int]:
        if isinstance(frame.columns, pd.MultiIndex):
            raise Invalid("the table has multi-level column names; flatten them first.")
        if frame.shape[1] > MAX_COLUMNS:
            raise Invalid(f"the table has {frame.shape[1]:,} columns.")
        positions: dict[str, int] = {}
        for pos, name in enumerate(frame.columns):
            key = _name_key(name)
            if key in positions:
                raise Invalid(f"column {short_repr(name)} appears more than once.")
            positions[key] = pos
        return positions

    def _fit_columns(self, frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
        positions = self._columns_of(frame)
        wanted = [_name_key(c) for c in self.columns]
        index_names = {_name_key(n) for n in frame.index.names if n is not None}
        if any(w not in positions and w in index_names for w in wanted):
            frame = frame.reset_index()  # e.g. a groupby result whose key went to the index
            positions = self._columns_of(frame)
        missing = [c for c, w in zip(self.columns, wanted, strict=True) if w not in positions]
        if missing:
            raise Invalid(f"column(s) missing: {_listing(missing)}.")
        extra = [str(n) for n in frame.columns if _name_key(n) not in wanted]
        if extra:
            raise Invalid(f"unexpected column(s): {_listing(extra)}; keep only the expected ones.")
        return frame, positions

    def _cell(self, value: Any, column: str, row: int) -> Any:
        if _is_missing(value):
            return None
        if not self.numeric[column]:
            if isinstance(value, str):
                return " ".join(value[:MAX_TEXT].split()).casefold()
            return _number_text(float(value)) if _is_real(value) else short_repr(value)
        if isinstance(value, str):
            try:
                return float(value.strip())
            except ValueError:
                pass
        elif _is_real(value):
            return float(value)
        raise Invalid(f"column '{column}', row {row} holds {short_repr(value, 30)}; "
                      "that column holds numbers.")

    def parse(self, value: Any) -> list[tuple[Any, ...]]:
        if not isinstance(value, pd.DataFrame):
            raise Invalid(f"{_kind(value)} is not a pandas DataFrame.")
        if len(value) > MAX_ROWS:
            raise Invalid(f"the table has {len(value):,} rows, far more than expected.")
        frame, positions = self._fit_columns(value)
        cells = []
        for column in self.columns:
            series = frame.iloc[:, positions[_name_key(column)]].tolist()
            cells.append([self._cell(v, column, n) for n, v in enumerate(series, 1)])
        return list(zip(*cells, strict=True)) if cells else []

    def _equal(self, a: Any, b: Any) -> bool:
        if a is None or b is None:
            return a is b
        if isinstance(a, float) and isinstance(b, float):
            return a == b or abs(a - b) <= self.tolerance
        return bool(a == b)

    def _column_matches(self, got: list[Any], want: list[Any]) -> bool:
        def order(v: Any) -> tuple[int, Any]:
            return (0, 0) if v is None else (1, v)
        return all(self._equal(g, w) for g, w in zip(sorted(got, key=order),
                                                      sorted(want, key=order), strict=True))

    def _rows_pair_up(self, got: list[tuple], want: list[tuple]) -> bool:
        left = list(got)
        for row in want:
            match = next((i for i, g in enumerate(left)
                          if all(self._equal(a, b) for a, b in zip(g, row, strict=True))), None)
            if match is None:
                return False
            left.pop(match)
        return True

    def difference(self, got: list[tuple], want: list[tuple]) -> str | None:
        """Where the tables differ (a row and column, or a column), or None if they agree."""
        if len(got) != len(want):
            return f"Your table has {len(got)} rows; the expected table has {len(want)}."
        if self.order_matters:
            for n, (g, w) in enumerate(zip(got, want, strict=True), 1):
                for column, a, b in zip(self.columns, g, w, strict=True):
                    if not self._equal(a, b):
                        return f"Row {n}, column '{column}' differs (row order matters here)."
            return None
        for j, column in enumerate(self.columns):
            if not self._column_matches([r[j] for r in got], [r[j] for r in want]):
                return f"Column '{column}' does not hold the expected values."
        if not self._rows_pair_up(got, want):
            return "Every column holds the right values, but some rows pair them up differently."
        return None

    def same(self, got: Any, want: Any) -> bool:
        return self.difference(got, want) is None

    def diagnose(self, got: Any, want: Any) -> str:
        return self.difference(got, want) or "That is not the expected table."

    def expects(self) -> str:
        order = "in the expected order" if self.order_matters else "in any order"
        return f"a pandas DataFrame with the columns {_listing(self.columns)} (rows {order})"

    def as_code(self, value: Any) -> str:
        lines = [f"    {str(c)!r}: {_plain(value[c].tolist())!r}," for c in value.columns]
        return "pd.DataFrame({\n" + "\n".join(lines) + "\n})"


    default_placeholder = "a pandas DataFrame"

    def answer_from(self, widget: Any) -> Any:
        """The widget's ``.table``, cut to the expected columns when it has them all."""
        table = widget.table
        if isinstance(table, pd.DataFrame):
            names = {_name_key(c): c for c in table.columns}
            wanted = [names.get(_name_key(c)) for c in self.columns]
            if all(w is not None for w in wanted):
                return table[wanted]
        return table

    def answer_key(self, answer: Any) -> AnswerKey:
        return AnswerKey(header=tuple(str(c) for c in answer["columns"]),
                         rows=tuple(tuple(str(v) for v in r) for r in answer["rows"]),
                         note="row order matters" if self.order_matters else "any row order")

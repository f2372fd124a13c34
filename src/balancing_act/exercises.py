"""Auto-checked exercises: content in ``lessons_data/exercises/*.yml``, checks here.

A learner writes ``ex = exercise("02.1")`` then ``ex.check(answer)``,
``ex.hint()``, ``ex.hint(2)`` and ``ex.solution()``. Teachers edit the YAML,
never this module: every file is validated on load and a broken one is named
with the exercise id and the field. ``check`` never raises on a learner's
answer; ``...`` reads as "not attempted", which differs from wrong.

Each exercise type is a :class:`Checker` in :data:`CHECKERS`; a new type is one
subclass decorated with :func:`register`.
"""

from __future__ import annotations

import copy
import importlib
import math
import numbers
import operator
import pprint
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd
import yaml

from . import answer_bounds, data, progress, yaml_bounded
from .data import LessonDataError, Problem
from .feedback import Note, Result, short_repr

__all__ = [
    "CHECKERS",
    "Checker",
    "Exercise",
    "Invalid",
    "Mistake",
    "Result",
    "SpecError",
    "all_exercises",
    "course",
    "exercise",
    "register",
    "text_key",
    "validate_folder",
]

MAX_TEXT = 2_000  # characters in a text answer; longer is surely a mistake
MAX_ITEMS = 1_000  # items in a list or dict answer
MAX_ROWS = 10_000  # rows in a table answer
MAX_COLUMNS = 200
FILE_NAME = re.compile(r"(\d{2})_[A-Za-z0-9_-]+\.ya?ml")
EXERCISE_ID = re.compile(r"(\d{2})\.(\d+)")
TOP_FIELDS = ("lesson", "title", "exercises")
COMMON_FIELDS = ("id", "type", "title", "prompt", "answer", "hints", "mistakes",
                 "explanation", "cites", "placeholder")
REQUIRED_FIELDS = ("id", "type", "prompt", "answer", "hints", "explanation", "cites")
CORRECT_MESSAGE = "Well done. `.solution()` shows the explanation and its sources."
#: Modules that register extra checker types (e.g. one that checks a deal plan
#: against the model); imported before any exercise file is read.
EXTENSION_MODULES: list[str] = ["balancing_act.model_exercises"]


class Invalid(Exception):  # noqa: N818 - reads as "the answer is invalid"
    """A learner's answer has the wrong form; the message says what is wrong with it."""


class SpecError(Exception):
    """An exercise definition is broken; ``field`` names where, the message says how."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# --------------------------------------------------------------------------- normalising


def text_key(text: str) -> str:
    """Compare text the way a reader would: ignore case, spaces and punctuation.

    "U.S.", "u s" and "US" agree, and so do "Belarus’s" and "Belarus's".
    Short texts (options, answers) recur on every load, so they are cached.
    """
    return _short_text_key(text) if len(text) <= 500 else _text_key(text)


@lru_cache(maxsize=4096)
def _short_text_key(text: str) -> str:
    return _text_key(text)


def _text_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded
                    if not ch.isspace() and not unicodedata.category(ch).startswith("P"))


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _is_real(value: Any) -> bool:
    """A plain number: int, float, numpy number, Fraction or Decimal, but not True/False."""
    if isinstance(value, bool | np.bool_):
        return False
    return isinstance(value, numbers.Real | Decimal)


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _scalar_key(value: Any) -> str:
    """The comparison key of one option, item or category a learner names."""
    if value is Ellipsis:
        raise Invalid("still holds the placeholder `...`.")
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise Invalid(f"a text of {len(value):,} characters is far too long.")
        return text_key(value)
    if isinstance(value, bool | np.bool_):
        return text_key(str(bool(value)))
    if _is_real(value):
        number = float(value)
        if not math.isfinite(number):
            raise Invalid(f"the value {short_repr(value)} is not a finite number.")
        return text_key(_number_text(number))
    raise Invalid(f"{_kind(value)} is not text or a number.")


def _item_key(value: Any, where: int | str) -> str:
    """_scalar_key, with the item's place (a number or a key) named in the message."""
    try:
        return _scalar_key(value)
    except Invalid as exc:
        label = f"item {where}" if isinstance(where, int) else f"the category for {where}"
        raise Invalid(f"{label}: {exc}") from None


def _kind(value: Any) -> str:
    """A learner-friendly name for what was passed: "a list", "None", "True/False"."""
    if value is None:
        return "None"
    if isinstance(value, bool | np.bool_):
        return "True/False"
    names = {str: "a text", list: "a list", tuple: "a tuple", dict: "a dict", set: "a set",
             frozenset: "a set", pd.DataFrame: "a DataFrame", pd.Series: "a Series"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    if _is_real(value):
        return "a number"
    name = type(value).__name__
    return f"an object of type {name}"


def _listing(values: list[Any], limit: int = 8) -> str:
    shown = ", ".join(short_repr(v, 40) for v in values[:limit])
    return shown + (f", … ({len(values) - limit} more)" if len(values) > limit else "")


def _as_list(value: Any, *, ordered: bool) -> list[Any]:
    """Accept a list-like answer; say clearly what else was passed."""
    if isinstance(value, str | bytes):
        raise Invalid("this is one piece of text, not a list; put the items in [ ].")
    if isinstance(value, Mapping | pd.DataFrame):
        raise Invalid(f"{_kind(value)} is not a list.")
    if isinstance(value, set | frozenset):
        if ordered:
            raise Invalid("a set has no order; use a list in [ ] instead of { }.")
        items = list(value)
    elif isinstance(value, list | tuple):
        items = list(value)
    elif isinstance(value, np.ndarray | pd.Series | pd.Index) and np.ndim(value) == 1:
        items = list(value.tolist())
    else:
        raise Invalid(f"{_kind(value)} is not a list.")
    if len(items) > MAX_ITEMS:
        raise Invalid(f"a list of {len(items):,} items is far too long.")
    return items


def _is_placeholder(answer: Any) -> bool:
    """``...`` alone, or a template whose every slot is still ``...``."""
    if answer is Ellipsis:
        return True
    if type(answer) in (list, tuple) and 0 < len(answer) <= MAX_ITEMS:
        return all(item is Ellipsis for item in answer)
    if type(answer) is dict and 0 < len(answer) <= MAX_ITEMS:
        return all(item is Ellipsis for item in answer.values())
    return False


def _plain(value: Any) -> Any:
    """YAML-ish Python values for code shown in a solution (numpy scalars become plain)."""
    if isinstance(value, np.generic):
        value = value.item()
    if _is_missing(value):
        return None
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# --------------------------------------------------------------------------- checkers


class Checker:
    """How one exercise type reads, compares and explains answers.

    ``learner_form`` turns the YAML answer into what a learner passes;
    ``parse`` turns a learner's value into a canonical form or raises Invalid;
    ``same`` compares canonical forms; ``diagnose`` says what differs without
    giving the answer away.
    """

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, spec: Mapping[str, Any]):
        self.spec = spec

    def learner_form(self, raw: Any) -> Any:
        return copy.deepcopy(raw)

    def parse(self, value: Any) -> Any:
        raise NotImplementedError

    def same(self, got: Any, want: Any) -> bool:
        return bool(got == want)

    def diagnose(self, got: Any, want: Any) -> str:
        return "That is not the expected answer."

    def expects(self) -> str:
        raise NotImplementedError

    def choices(self) -> tuple[str, tuple[str, ...]]:
        """A caption and the items to show under the prompt (options, categories, ...)."""
        return "", ()

    def mistake_form(self, raw: Any, answer: Any) -> Any:
        """A known mistake as a learner would pass it."""
        return self.learner_form(raw)

    def mistake_key(self, raw: Any, answer: Any) -> Any:
        return self.parse(self.mistake_form(raw, answer))

    def mistake_matches(self, got: Any, key: Any) -> bool:
        return self.same(got, key)

    def as_code(self, value: Any) -> str:
        return pprint.pformat(_plain(value), width=88, sort_dicts=False)


#: Exercise type name (the YAML ``type`` field) -> checker class.
CHECKERS: dict[str, type[Checker]] = {}


def register(cls: type[Checker]) -> type[Checker]:
    """Add a checker class to :data:`CHECKERS` under its ``name``."""
    CHECKERS[cls.name] = cls
    return cls


def _scalars(spec: Mapping[str, Any], name: str, *, minimum: int = 1) -> list[Any]:
    """A YAML list of distinct options/items/categories (text or numbers)."""
    values = spec.get(name)
    if not isinstance(values, list) or len(values) < minimum:
        raise SpecError(f"expected a list of at least {minimum} entries", name)
    seen: dict[str, Any] = {}
    for value in values:
        if isinstance(value, dict) and len(value) == 1:
            raise SpecError(f"{short_repr(value)} was read as a mapping: text with ': ' in it "
                            "needs quotes, e.g. - \"nothing: the citation holds\"", name)
        if not isinstance(value, str | int | float) or value == "":
            raise SpecError(f"{short_repr(value)} is not text or a number", name)
        key = _scalar_key(value)
        if key in seen:
            raise SpecError(f"{value!r} and {seen[key]!r} read the same "
                            "(case, spaces and punctuation are ignored)", name)
        seen[key] = value
    return values


@register
class SingleChoice(Checker):
    """Pick one option; case, spaces and punctuation do not matter."""

    name = "single_choice"
    label = "single choice"
    fields = ("options",)

    def __init__(self, spec: Mapping[str, Any]):
        super().__init__(spec)
        self.options = _scalars(spec, "options", minimum=2)
        self.keys = {_scalar_key(o) for o in self.options}

    def parse(self, value: Any) -> str:
        if isinstance(value, list | tuple | set | frozenset | dict):
            raise Invalid(f"{_kind(value)} holds several values; pass one option.")
        key = _scalar_key(value)
        if key not in self.keys:
            raise Invalid(f"{short_repr(value)} is not one of the options.")
        return key

    def diagnose(self, got: Any, want: Any) -> str:
        return "That option is not the best answer."

    def expects(self) -> str:
        return f"one of the options, as text: {_listing(self.options)}"

    def choices(self) -> tuple[str, tuple[str, ...]]:
        return "Options:", tuple(str(o) for o in self.options)


@register
class MultipleChoice(SingleChoice):
    """Pick every right option, in any order."""

    name = "multiple_choice"
    label = "multiple choice"

    def learner_form(self, raw: Any) -> Any:
        if not isinstance(raw, list):
            raise SpecError("expected a list of options")
        return list(raw)

    def parse(self, value: Any) -> frozenset[str]:
        keys = set()
        for n, item in enumerate(_as_list(value, ordered=False), 1):
            key = _item_key(item, n)
            if key not in self.keys:
                raise Invalid(f"{short_repr(item)} is not one of the options.")
            keys.add(key)
        return frozenset(keys)

    def diagnose(self, got: frozenset[str], want: frozenset[str]) -> str:
        if not got:
            return f"You chose no options; the answer has {len(want)}."
        right = len(got & want)
        verb = "is" if right == 1 else "are"
        return (f"{right} of your {len(got)} choices {verb} right, and the answer has "
                f"{len(want)} options.")

    def expects(self) -> str:
        return f"a list of the options you choose, in [ ], from: {_listing(self.options)}"


@register
class Numeric(Checker):
    """A number within a tolerance; messages name the unit."""

    name = "numeric"
    label = "number"
    fields = ("tolerance", "unit")

    def __init__(self, spec: Mapping[str, Any]):
        super().__init__(spec)
        tolerance = spec.get("tolerance", 1e-6)
        if not _is_real(tolerance) or not 0 <= float(tolerance) < math.inf:
            raise SpecError("expected a number zero or above, e.g. 0.5", "tolerance")
        self.tolerance = float(tolerance)
        unit = spec.get("unit", "")
        if not isinstance(unit, str):
            raise SpecError("expected text such as 'sentences' or 'points'", "unit")
        self.unit = unit.strip()

    def learner_form(self, raw: Any) -> Any:
        if not _is_real(raw):
            raise SpecError(f"{short_repr(raw)} is not a number")
        return raw

    def parse(self, value: Any) -> float:
        if isinstance(value, bool | np.bool_):
            raise Invalid("True/False is not a number.")
        if isinstance(value, str):
            if len(value) > 100:
                raise Invalid(f"a text of {len(value):,} characters is not a number.")
            try:
                value = float(value.strip())
            except ValueError:
                raise Invalid(f"the text {short_repr(value)} is not a number.") from None
        if isinstance(value, np.ndarray) and value.ndim == 0:
            value = value.item()
        if not _is_real(value):
            raise Invalid(f"{_kind(value)} is not a number.")
        number = float(value)
        if not math.isfinite(number):
            raise Invalid(f"the value {short_repr(value)} is not a finite number.")
        return number

    def same(self, got: float, want: float) -> bool:
        return abs(got - want) <= self.tolerance

    def _with_unit(self, number: float) -> str:
        return f"{number:g} {self.unit}".strip()

    def diagnose(self, got: float, want: float) -> str:
        within = f" (answers within ±{self._with_unit(self.tolerance)} count)" \
            if self.tolerance >= 1e-3 else ""
        return f"Your answer, {self._with_unit(got)}, is not the expected value{within}."

    def expects(self) -> str:
        return f"a number of {self.unit}" if self.unit else "a number"


@register
class Text(Checker):
    """A short text; case, spaces and punctuation are ignored, listed synonyms accepted."""

    name = "text"
    label = "short text"
    fields = ("synonyms",)

    def __init__(self, spec: Mapping[str, Any]):
        super().__init__(spec)
        synonyms = spec.get("synonyms", [])
        if not isinstance(synonyms, list) or not all(isinstance(s, str) and s.strip()
                                                     for s in synonyms):
            raise SpecError("expected a list of texts", "synonyms")
        answer = spec.get("answer")
        self.aliases = {text_key(s): text_key(answer) for s in synonyms if isinstance(answer, str)}

    def learner_form(self, raw: Any) -> Any:
        if not isinstance(raw, str) or not text_key(raw):
            raise SpecError(f"{short_repr(raw)} is not a text with letters or digits")
        return raw

    def parse(self, value: Any) -> str:
        if not isinstance(value, str):
            raise Invalid(f"{_kind(value)} is not text.")
        if len(value) > MAX_TEXT:
            raise Invalid(f"a text of {len(value):,} characters is far too long.")
        key = text_key(value)
        if not key:
            raise Invalid("the text is empty.")
        return self.aliases.get(key, key)

    def diagnose(self, got: str, want: str) -> str:
        return "That is not the expected answer (case, spaces and punctuation are ignored)."

    def expects(self) -> str:
        return "a short text in quotes, e.g. 'your answer'"


@register
class Ordering(Checker):
    """Put every item in the right order."""

    name = "ordering"
    label = "ordering"
    fields = ("items",)

    def __init__(self, spec: Mapping[str, Any]):
        super().__init__(spec)
        answer = _scalars(spec, "answer", minimum=2)
        self.keys = [_scalar_key(a) for a in answer]
        if "items" in spec:
            items = _scalars(spec, "items", minimum=2)
            if sorted(_scalar_key(i) for i in items) != sorted(self.keys):
                raise SpecError("expected the same items as the answer", "items")
            self.items = items
        else:  # alphabetical, so that showing the items never gives the order away
            self.items = sorted(answer, key=lambda a: _scalar_key(a))

    def parse(self, value: Any) -> tuple[str, ...]:
        keys = []
        for n, item in enumerate(_as_list(value, ordered=True), 1):
            key = _item_key(item, n)
            if key not in self.keys:
                raise Invalid(f"{short_repr(item)} is not one of the items to order.")
            if key in keys:
                raise Invalid(f"{short_repr(item)} appears more than once.")
            keys.append(key)
        missing = [i for i in self.items if _scalar_key(i) not in keys]
        if missing:
            raise Invalid(f"missing: {_listing(missing)}.")
        return tuple(keys)

    def diagnose(self, got: tuple[str, ...], want: tuple[str, ...]) -> str:
        placed = sum(g == w for g, w in zip(got, want, strict=True))
        return f"{placed} of {len(want)} items are in the right place."

    def expects(self) -> str:
        return f"a list of all {len(self.items)} items, in order: {_listing(self.items)}"

    def choices(self) -> tuple[str, tuple[str, ...]]:
        return "Items to order:", tuple(str(i) for i in self.items)


@register
class Classification(Checker):
    """Assign each item to a category; progress is reported as a count, never per item.

    A known mistake may list only the items it is about; the others are taken
    from the answer, and the mistake matches whenever a learner's answer agrees
    with it on the items it lists.
    """

    name = "classification"
    label = "classification"
    fields = ("categories", "items")

    def __init__(self, spec: Mapping[str, Any]):
        super().__init__(spec)
        self.categories = _scalars(spec, "categories", minimum=2)
        self.category_keys = {_scalar_key(c) for c in self.categories}
        answer = spec.get("answer")
        if not isinstance(answer, dict) or not answer:
            raise SpecError("expected a mapping of item: category", "answer")
        self.items = _scalars({"answer": list(answer)}, "answer")
        if "items" in spec:
            items = _scalars(spec, "items")
            if sorted(map(_scalar_key, items)) != sorted(map(_scalar_key, self.items)):
                raise SpecError("expected the same items as the answer's keys", "items")
            self.items = items
        self.item_keys = {_scalar_key(i) for i in self.items}

    def learner_form(self, raw: Any) -> Any:
        if not isinstance(raw, dict):
            raise SpecError("expected a mapping of item: category")
        return dict(raw)

    def _pairs(self, value: Any) -> dict[str, str]:
        if isinstance(value, pd.Series):
            value = value.to_dict()
        if not isinstance(value, Mapping):
            raise Invalid(f"{_kind(value)} is not a dict of item: category.")
        if len(value) > MAX_ITEMS:
            raise Invalid(f"a dict of {len(value):,} entries is far too long.")
        pairs: dict[str, str] = {}
        for item, category in list(value.items()):
            key = _scalar_key(item)
            if key not in self.item_keys:
                raise Invalid(f"{short_repr(item)} is not one of the items to classify.")
            if key in pairs:
                raise Invalid(f"{short_repr(item)} appears more than once.")
            if category is Ellipsis:
                raise Invalid(f"{short_repr(item)} still holds the placeholder `...`.")
            pairs[key] = _item_key(category, short_repr(item))
            if pairs[key] not in self.category_keys:
                raise Invalid(f"{short_repr(category)} is not one of the categories.")
        return pairs

    def parse(self, value: Any) -> dict[str, str]:
        pairs = self._pairs(value)
        missing = [i for i in self.items if _scalar_key(i) not in pairs]
        if missing:
            raise Invalid(f"these items have no category yet: {_listing(missing)}.")
        return pairs

    def diagnose(self, got: dict[str, str], want: dict[str, str]) -> str:
        right = sum(got.get(k) == v for k, v in want.items())
        return f"{right} of {len(want)} right."

    def expects(self) -> str:
        return (f"a dict that maps each of the {len(self.items)} items to one of the "
                f"categories: {_listing(self.categories)}")

    def choices(self) -> tuple[str, tuple[str, ...]]:
        cats = ", ".join(str(c) for c in self.categories)
        return f"Sort each item into one of: {cats}.", tuple(str(i) for i in self.items)

    def mistake_form(self, raw: Any, answer: Any) -> Any:
        if not isinstance(raw, dict) or not raw:
            raise SpecError("expected a mapping of item: category (only the items it is about)")
        merged = dict(answer)
        names = {_scalar_key(k): k for k in answer}
        for item, category in raw.items():
            merged[names.get(_scalar_key(item), item)] = category
        return merged

    def mistake_key(self, raw: Any, answer: Any) -> Any:
        return self._pairs(self.mistake_form(raw, {}))

    def mistake_matches(self, got: dict[str, str], key: dict[str, str]) -> bool:
        return all(got.get(item) == category for item, category in key.items())


def _name_key(name: Any) -> str:
    return " ".join(str(name).split()).casefold()


@register
class Table(Checker):
    """A DataFrame compared by content: column names, rows (in any order unless
    ``order_matters``), numbers within ``tolerance``; the index is ignored."""

    name = "table"
    label = "table"
    fields = ("order_matters", "tolerance")

    def __init__(self, spec: Mapping[str, Any]):
        super().__init__(spec)
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


# --------------------------------------------------------------------------- exercises


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer (as a learner would pass it) and its targeted hint."""

    answer: Any
    hint: str


class Exercise:
    """One exercise: ``check(answer)``, ``hint(level)``, ``solution()``; displays its prompt."""

    def __init__(self, spec: Mapping[str, Any], checker: Checker, lesson: str, data_folder: Path):
        self.id: str = spec["id"]
        self.lesson = lesson
        self.type: str = spec["type"]
        self.title: str = spec.get("title") or ""
        self.prompt: str = spec["prompt"]
        self.hints: tuple[str, ...] = tuple(spec["hints"])
        self.explanation: str = spec["explanation"]
        self.cites: tuple[str, ...] = tuple(spec["cites"])
        self.placeholder: str = spec.get("placeholder") or ""
        self._checker = checker
        self._answer_raw = spec["answer"]
        self._canon = checker.parse(checker.learner_form(self._answer_raw))
        self._mistakes_raw = [(m["answer"], m["hint"]) for m in spec.get("mistakes") or []]
        self._mistake_keys = [checker.mistake_key(a, self._answer_raw)
                              for a, _ in self._mistakes_raw]
        self._data_folder = data_folder

    # ---- maintainer API

    @property
    def example_answer(self) -> Any:
        """A correct answer in the form a learner passes (a fresh copy each time)."""
        return self._checker.learner_form(self._answer_raw)

    @property
    def mistakes(self) -> tuple[Mistake, ...]:
        return tuple(Mistake(self._checker.mistake_form(a, self._answer_raw), h)
                     for a, h in self._mistakes_raw)

    @property
    def checker(self) -> Checker:
        return self._checker

    @property
    def spec(self) -> Mapping[str, Any]:
        """The exercise's fields as written in its YAML file."""
        return self._checker.spec

    # ---- learner API

    def check(self, answer: Any = ...) -> Result:
        """Check an answer, record the attempt in your progress, and say how it went."""
        result = self.evaluate(answer)
        progress.record(self.id, "check", result.status)
        return result

    def evaluate(self, answer: Any = ...) -> Result:
        """Like ``check`` but not recorded; never raises, whatever ``answer`` is."""
        try:
            status, message, hint = self._judge(answer)
        except Exception:  # a hostile object: __eq__, __hash__ or __str__ that raises
            status, hint = "invalid", None
            message = f"This answer could not be read. Expected {self._checker.expects()}."
        return Result(status, message, hint, self.id)

    def _judge(self, answer: Any) -> tuple[str, str, str | None]:
        if _is_placeholder(answer):
            return "not_attempted", "Replace `...` with your answer, then run the cell again.", None
        if (too_big := answer_bounds.problem(answer)) is not None:  # before any checker walks it
            return "invalid", f"{too_big} Expected {self._checker.expects()}.", None
        try:
            got = self._checker.parse(answer)
        except Invalid as exc:
            return "invalid", f"{_capital(str(exc))} Expected {self._checker.expects()}.", None
        except Exception:  # RecursionError, MemoryError and friends included
            return "invalid", (f"{short_repr(answer)} could not be read as an answer. "
                               f"Expected {self._checker.expects()}."), None
        if self._checker.same(got, self._canon):
            return "correct", CORRECT_MESSAGE, None
        message = self._checker.diagnose(got, self._canon)
        for key, (_, hint) in zip(self._mistake_keys, self._mistakes_raw, strict=True):
            if self._checker.mistake_matches(got, key):
                return "incorrect", message, hint
        return "incorrect", f"{message} Try `.hint()` for a nudge.", None

    def hint(self, level: Any = 1) -> Note:
        """Hint number ``level`` (1 first); beyond the last, the last one again."""
        total = len(self.hints)
        try:
            wanted = operator.index(level) if not isinstance(level, bool) else 0
        except TypeError:
            wanted = 0
        if wanted < 1:
            return Note(f"Hints for exercise {self.id}",
                        (f"Ask for a hint by its number, 1 to {total}, e.g. `.hint(2)`.",))
        shown = min(wanted, total)
        progress.record(self.id, "hint", level=shown)
        lead = (f"There are {total} hints; here is the last one.",) if wanted > total else ()
        footer = (f"Stuck still? `.hint({shown + 1})` gives the next hint." if shown < total
                  else "That was the last hint. `.solution()` shows the answer and why.")
        return Note(f"Hint {shown} of {total} (exercise {self.id})",
                    (*lead, self.hints[shown - 1]), footer=footer)

    def solution(self) -> Note:
        """The answer, its explanation, and the article sentences it rests on."""
        progress.record(self.id, "solution")
        return Note(f"Solution (exercise {self.id})", (self.explanation,),
                    items=self._citations(), items_title="Sentences cited:" if self.cites else "",
                    code=self._checker.as_code(self.example_answer), code_title="Answer:",
                    kind="solution")

    def _citations(self) -> tuple[str, ...]:
        try:
            sentences = data.load_sentences(self._data_folder)
            texts = dict(zip(sentences["id"], sentences["text"], strict=True))
        except (LessonDataError, OSError):
            texts = {}
        return tuple(f"{sid}: {texts[sid]}" if sid in texts else sid for sid in self.cites)

    # ---- display

    def note(self) -> Note:
        """The prompt as a displayable card: type, prompt, choices and the controls."""
        caption, items = self._checker.choices()
        title = f"Exercise {self.id} ({self._checker.label})"
        paragraphs = [self.prompt, f"Your answer: {self.placeholder or self._checker.expects()}."]
        return Note(f"{title}: {self.title}" if self.title else title, tuple(paragraphs),
                    items=items, items_title=caption, kind="exercise",
                    footer=f"Check with `.check(answer)`; hints with `.hint()` up to "
                           f"`.hint({len(self.hints)})`; the answer with `.solution()`.")

    def __str__(self) -> str:
        return str(self.note())

    def __repr__(self) -> str:
        return f"<Exercise {self.id} ({self.type})>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        return self.note()._repr_html_()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- loading files


def _key_lines(node: yaml.MappingNode, prefix: str = "") -> dict[str, int]:
    return {f"{prefix}{k.value}": k.start_mark.line + 1 for k, _ in node.value}


def _field_lines(root: yaml.Node | None) -> list[dict[str, int]]:
    """For each exercise, the line (1-based) of each field and of each known mistake."""
    lines: list[dict[str, int]] = []
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key, value in root.value:
        if key.value != "exercises" or not isinstance(value, yaml.SequenceNode):
            continue
        for item in value.value:
            here = {"": item.start_mark.line + 1}
            if isinstance(item, yaml.MappingNode):
                here |= _key_lines(item)
                mistakes = next((v for k, v in item.value if k.value == "mistakes"), None)
                for n, entry in enumerate(getattr(mistakes, "value", None) or []):
                    here[f"mistakes[{n}]"] = entry.start_mark.line + 1
                    if isinstance(entry, yaml.MappingNode):
                        here |= _key_lines(entry, f"mistakes[{n}].")
            lines.append(here)
    return lines


def _duplicate_keys(node: yaml.Node | None) -> list[tuple[str, int]]:
    """Keys written twice in one mapping (each node visited once: aliases are not re-walked)."""
    return yaml_bounded.duplicate_keys(node)


def _read_yaml(path: Path, label: str) -> tuple[Any, list[dict[str, int]], list[Problem]]:
    """The file's data, field lines and problems; bounded in size and alias expansion."""
    read = yaml_bounded.read_yaml(path)
    return read.content, _field_lines(read.root), [Problem(label, p) for p in read.problems]


class _Reporter:
    """Collects problems for one exercise, each naming the file, the id and the field."""

    def __init__(self, label: str, name: str, lines: dict[str, int]):
        self.label, self.name, self.lines = label, name, lines
        self.problems: list[Problem] = []

    def __call__(self, field: str, message: str) -> None:
        base = field.split("[")[0].split(".")[0]
        line = self.lines.get(field) or self.lines.get(base) or self.lines.get("")
        where = f" (line {line})" if line else ""
        self.problems.append(Problem(self.label, f"{self.name}, field '{field}'{where}: {message}"))


def _check_id(value: Any, lesson: str, report: _Reporter) -> None:
    if isinstance(value, float | int):
        report("id", f"YAML read {value!r} as a number; write the id in quotes, e.g. "
               f'"{lesson}.1"')
    elif not isinstance(value, str) or not EXERCISE_ID.fullmatch(value):
        report("id", f'{short_repr(value)} is not an id like "{lesson}.1"')
    elif value.split(".")[0] != lesson:
        report("id", f"'{value}' does not belong to lesson {lesson}; expected \"{lesson}.<n>\"")


def _check_texts(spec: Mapping[str, Any], report: _Reporter) -> None:
    for name in ("prompt", "explanation"):
        if name in spec and not (isinstance(spec[name], str) and spec[name].strip()):
            report(name, "expected a non-empty text")
    for name in ("title", "placeholder"):
        if spec.get(name) is not None and not isinstance(spec[name], str):
            report(name, "expected a text")
    hints = spec.get("hints")
    if "hints" in spec and (not isinstance(hints, list) or not hints
                            or not all(isinstance(h, str) and h.strip() for h in hints)):
        report("hints", "expected a list of one or more texts, one per level (- first hint)")


def _check_sentence_ids(spec: Mapping[str, Any], known: set[str] | None,
                        report: _Reporter) -> None:
    cites = spec.get("cites")
    if "cites" in spec and (not isinstance(cites, list)
                            or not all(isinstance(c, str) for c in cites)):
        report("cites", "expected a list of sentence ids such as [S02, S13], or [] for an "
               "exercise about the course itself")
        return
    if known is None:
        return
    for sid in cites or []:
        if sid not in known:
            report("cites", f"'{sid}' is not a sentence id in sentences.csv")


def _check_mistakes(spec: Mapping[str, Any], checker: Checker, report: _Reporter) -> None:
    mistakes = spec.get("mistakes") or []
    if not isinstance(mistakes, list):
        report("mistakes", "expected a list of '- answer: ... / hint: ...' entries")
        return
    answer = spec["answer"]
    want = checker.parse(checker.learner_form(answer))
    keys: list[Any] = []
    for n, mistake in enumerate(mistakes):
        if not isinstance(mistake, dict) or set(mistake) != {"answer", "hint"}:
            report(f"mistakes[{n}]", "expected exactly two fields, 'answer' and 'hint'")
            return
        if not isinstance(mistake["hint"], str) or not mistake["hint"].strip():
            report(f"mistakes[{n}].hint", "expected a non-empty text")
        try:
            key = checker.mistake_key(mistake["answer"], answer)
            got = checker.parse(checker.mistake_form(mistake["answer"], answer))
        except (SpecError, Invalid) as exc:
            report(f"mistakes[{n}].answer", f"{str(exc).rstrip('.')}; a mistake has the "
                   f"shape of 'answer' ({checker.expects()})")
            return
        if checker.mistake_matches(want, key):
            report(f"mistakes[{n}].answer", "is the correct answer; a mistake must differ from it")
        earlier = [i for i, k in enumerate(keys) if checker.mistake_matches(got, k)]
        if earlier:
            report(f"mistakes[{n}].answer", f"is already matched by mistakes[{earlier[0]}], so "
                   "its hint would never show; make them differ")
        keys.append(key)


def _build(spec: Any, lesson: str, report: _Reporter, known: set[str] | None,
           data_folder: Path) -> Exercise | None:
    """Validate one exercise entry; return it, or None after reporting what is wrong."""
    if not isinstance(spec, dict):
        report("", "expected a mapping of fields (id, type, prompt, ...)")
        return None
    _check_id(spec.get("id"), lesson, report)
    for field in REQUIRED_FIELDS:
        if field not in spec:
            report(field, "is missing; every exercise needs " + ", ".join(REQUIRED_FIELDS))
    kind = spec.get("type")
    if kind not in CHECKERS:
        report("type", f"{short_repr(kind)} is not a type; expected one of: {', '.join(CHECKERS)}")
        return None
    allowed = COMMON_FIELDS + CHECKERS[kind].fields
    for field in spec:
        if field not in allowed:
            report(str(field), f"is not a field of a {kind} exercise; expected: "
                   f"{', '.join(allowed)}")
    _check_texts(spec, report)
    _check_sentence_ids(spec, known, report)
    if report.problems:
        return None
    return _build_checked(spec, lesson, report, data_folder)


def _build_checked(spec: dict, lesson: str, report: _Reporter,
                   data_folder: Path) -> Exercise | None:
    checker: Checker | None = None
    try:
        checker = CHECKERS[spec["type"]](spec)
        checker.parse(checker.learner_form(spec["answer"]))
        _check_mistakes(spec, checker, report)
        if report.problems:
            return None
        return _exercise_class(type(checker))(spec, checker, lesson, data_folder)
    except SpecError as exc:
        report(exc.field or "answer", str(exc))
    except Invalid as exc:
        expects = checker.expects() if checker else "the type's answer"
        report("answer", f"{exc} Expected {expects}.")
    except Exception as exc:  # a checker with a bug must not stop check-data
        report("type", f"the {spec['type']} checker failed on this exercise "
               f"({type(exc).__name__}: {short_repr(exc, 80)})")
    return None


@cache
def _exercise_class(checker: type[Checker]) -> type[Exercise]:
    """A subclass per type (e.g. ``SingleChoiceExercise``) so ``type(ex)`` tells the kind."""
    return type(f"{checker.__name__}Exercise", (Exercise,), {"__doc__": checker.__doc__})


def _lesson_of(path: Path, content: dict, label: str) -> tuple[str | None, list[Problem]]:
    match = FILE_NAME.fullmatch(path.name)
    if not match:
        return None, [Problem(label, "file name should look like '02_two_partners.yml' "
                              "(two-digit lesson number, underscore, a short name)")]
    lesson = content.get("lesson")
    lesson = f"{lesson:02d}" if isinstance(lesson, int) and not isinstance(lesson, bool) else lesson
    if lesson != match.group(1):
        return None, [Problem(label, f"field 'lesson' is {short_repr(content.get('lesson'))}; "
                              f"expected \"{match.group(1)}\" to match the file name")]
    return lesson, []


def _load_file(path: Path, known: set[str] | None,
               data_folder: Path) -> tuple[list[Exercise], list[Problem]]:
    label = f"exercises/{path.name}"
    content, lines, problems = _read_yaml(path, label)
    if problems or content is None:
        return [], problems or [Problem(label, "file is empty; expected lesson, title, exercises")]
    if not isinstance(content, dict):
        return [], [Problem(label, "expected a mapping with lesson, title and exercises")]
    lesson, problems = _lesson_of(path, content, label)
    problems += [Problem(label, f"field '{k}' is not known; expected: {', '.join(TOP_FIELDS)}")
                 for k in content if k not in TOP_FIELDS]
    items = content.get("exercises")
    if not isinstance(items, list) or not items:
        problems.append(Problem(label, "field 'exercises' should be a list of exercises"))
    if lesson is None or problems:
        return [], problems
    built = []
    for n, spec in enumerate(items):
        here = lines[n] if n < len(lines) else {}
        ident = spec.get("id") if isinstance(spec, dict) else None
        name = f"exercise '{ident}'" if isinstance(ident, str) else f"exercise #{n + 1}"
        report = _Reporter(label, name, here)
        made = _build(spec, lesson, report, known, data_folder)
        problems += report.problems
        if made is not None:
            built.append(made)
    return built, problems


@dataclass(frozen=True)
class Course:
    """Every exercise that loaded, and every problem found on the way."""

    exercises: dict[str, Exercise]
    problems: list[Problem]


def _load_extensions() -> list[Problem]:
    problems = []
    for name in EXTENSION_MODULES:
        try:
            importlib.import_module(name)
        except Exception as exc:
            problems.append(Problem("exercises", f"checker module {name} did not load ({exc})"))
    return problems


def _sort_key(exercise_id: str) -> tuple[int, int]:
    lesson, number = exercise_id.split(".")
    return int(lesson), int(number)


def load_course(folder: Path | str) -> Course:
    """Read and validate every exercise file in ``folder`` (uncached)."""
    root = Path(folder)
    problems: list[Problem] = _load_extensions()
    if not root.is_dir():
        return Course({}, [Problem("exercises", f"folder {root} is missing; expected one "
                                   "<NN>_<name>.yml file per lesson")])
    try:
        known: set[str] | None = set(data.load_sentences(root.parent)["id"])
    except LessonDataError as exc:
        known = None
        problems.append(Problem("exercises", f"cannot check 'cites': sentences.csv did not load "
                                f"({exc.problems[0] if exc.problems else exc})"))
    found: dict[str, Exercise] = {}
    where: dict[str, str] = {}
    for path in sorted([*root.glob("*.yml"), *root.glob("*.yaml")]):
        built, file_problems = _load_file(path, known, root.parent)
        problems += file_problems
        for ex in built:
            if ex.id in found:
                problems.append(Problem(
                    f"exercises/{path.name}", f"exercise '{ex.id}', field 'id': the id is "
                    f"already used in {where[ex.id]}; ids must be unique across the course"))
                continue
            found[ex.id], where[ex.id] = ex, f"exercises/{path.name}"
    return Course(dict(sorted(found.items(), key=lambda kv: _sort_key(kv[0]))), problems)


def _stamp(root: Path) -> tuple:
    """File names, sizes and times: a teacher's edit is picked up without a restart."""
    files = [*root.glob("*.y*ml"), root.parent / "sentences.csv"]
    stats = []
    for path in sorted(files):
        try:
            info = path.stat()
            stats.append((path.name, info.st_mtime_ns, info.st_size))
        except OSError:
            stats.append((path.name, None, None))
    return tuple(stats)


@lru_cache(maxsize=8)
def _cached_course(folder: str, stamp: tuple) -> Course:
    return load_course(folder)


def _course(folder: Path | str | None) -> Course:
    root = Path(folder) if folder is not None else data.data_dir() / "exercises"
    root = root.resolve()
    return _cached_course(str(root), _stamp(root))


def course(folder: Path | str | None = None) -> Course:
    """The course's exercises and problems, cached until a file changes."""
    return _course(folder)


def validate_folder(folder: Path | str) -> list[Problem]:
    """Every problem in an exercises folder (used by ``balancing-act check-data``)."""
    return load_course(folder).problems


def all_exercises(folder: Path | str | None = None) -> dict[str, Exercise]:
    """Every exercise of the course by id, in course order; raises if any file is broken."""
    course = _course(folder)
    if course.problems:
        raise LessonDataError(course.problems)
    return dict(course.exercises)


def _normal_id(exercise_id: Any) -> str:
    text = str(exercise_id).strip()
    match = re.fullmatch(r"(\d{1,2})\.(\d+)", text)
    return f"{int(match.group(1)):02d}.{match.group(2)}" if match else text


def exercise(exercise_id: str, folder: Path | str | None = None) -> Exercise:
    """The exercise with this id, e.g. ``exercise("02.1")``."""
    if isinstance(exercise_id, float):  # 2.10 is the number 2.1: the id must be text
        raise TypeError(f"exercise id {exercise_id!r} is a number, and 2.10 would read as 2.1; "
                        f'write the id as text in quotes, e.g. exercise("02.10")')
    course = _course(folder)
    wanted = _normal_id(exercise_id)
    if wanted in course.exercises:
        return course.exercises[wanted]
    related = [p for p in course.problems if f"'{wanted}'" in p.message
               or p.file.startswith(f"exercises/{wanted[:2]}_")]
    if related:
        raise LessonDataError(related)
    same_lesson = [i for i in course.exercises if i.startswith(wanted[:3])]
    choices = same_lesson or list(course.exercises)
    if not choices:  # no exercise loaded at all: say why, not "expected one of: "
        raise LessonDataError(course.problems or [Problem(
            "exercises", "no exercise files found; expected <NN>_<name>.yml files")])
    raise LookupError(f"no exercise {wanted!r}; expected one of: {', '.join(choices[:20])}")

"""What every exercise type shares: the Checker base class, the registry and answer normalising.

A type module (``single_choice``, ``numeric``, ...) subclasses :class:`Checker`
and decorates it with :func:`register`; importing the module is all it takes.
The helpers here turn a learner's value into a comparison key and say, in a
learner's words, what was passed when it has the wrong form.
"""

from __future__ import annotations

import copy
import math
import numbers
import pprint
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd

from balancing_act.exercises.result import short_repr

if TYPE_CHECKING:
    from balancing_act.exercises.controls import AnswerControl, Shown

MAX_TEXT = 2_000  # characters in a text answer; longer is surely a mistake
MAX_ITEMS = 1_000  # items in a list or dict answer
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


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


def letter(n: int) -> str:
    """The letter shown before option ``n`` (0-based): A, B, C, ..."""
    return LETTERS[n] if n < len(LETTERS) else str(n + 1)


# --------------------------------------------------------------------------- checkers


class Checker:
    """Everything about one exercise type: reading, judging, its form and its answer key.

    ``learner_form`` turns the YAML answer into what a learner passes;
    ``parse`` turns a learner's value into a canonical form or raises Invalid;
    ``same`` compares canonical forms; ``diagnose`` says what differs without
    giving the answer away. ``control`` builds the answer part of the form,
    ``answer_key`` says how the key shows the answer, ``placeholder`` what a
    student cell asks for.
    """

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, spec: Mapping[str, Any], data_folder: Path):
        # The folder the exercise file came from: a checker that needs the article or the
        # model (plan, brief) judges against that folder's, never the installed course's.
        self.spec, self.data_folder = spec, data_folder

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

    #: What a Solution calls the worked answer it shows.
    #: The word a correct result shows instead of "Correct", for an item a program cannot
    #: judge whole (a written answer passes only the checks a program can make).
    correct_word: str | None = None
    solution_title = "Answer:"

    def solution_text(self, value: Any) -> str:
        """What a Solution shows of the worked answer: by default the answer, as code."""
        return self.as_code(value)

    def choice_of(self, got: Any) -> str | None:
        """The option letters a parsed answer chose ("B", "A+C", "B/C"), for the class report.

        None for a type without options: the record never keeps a learner's own text.
        """
        return None

    def read_note(self, value: Any) -> str:
        """One sentence saying how an answer typed loosely was read ("Read 6,5 as 6.5."),
        or "" when it was read as written."""
        return ""

    def correct_message(self, got: Any) -> str | None:
        """What a passing answer is told, when the engine's "Well done" would say too much
        (a written answer passes only what a program can check)."""
        return None

    # ---- the answer form, the answer key and the student cell

    def control(self, exercise: Shown) -> AnswerControl | None:
        """The answer part of the form (radio buttons, a field, ...); None: a widget or code."""
        return None

    def answer_from(self, widget: Any) -> Any:
        """The answer a widget shows now (its ``.answer`` unless the type knows better).

        A form bound to a widget (``exercise("04.4").form(planner)``) checks this.
        """
        return widget.answer

    def answer_key(self, answer: Any) -> AnswerKey:
        """How the answer key writes this type's answer (``answer`` as in the YAML)."""
        if isinstance(answer, list):
            return AnswerKey(items=tuple(str(a) for a in answer))
        return AnswerKey(text=str(answer))

    def placeholder(self) -> str:
        """What a student's code cell asks for: the YAML ``placeholder``, else the type's words."""
        return str(self.spec.get("placeholder") or "") or self.default_placeholder

    default_placeholder: ClassVar[str] = "your answer"


@dataclass(frozen=True)
class AnswerKey:
    """The answer as the answer key shows it: a table, a list, or one line, plus a note.

    ``note`` says what else passes (synonyms, a tolerance, "any plan that meets ...").
    """

    text: str = ""
    items: tuple[str, ...] = ()
    ordered: bool = False
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    note: str = ""


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


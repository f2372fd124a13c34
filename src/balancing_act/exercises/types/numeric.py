"""The ``numeric`` type: a number within a tolerance (a number field with its unit in the form).

A number typed as text (``"42"``) is accepted; True/False, NaN and infinity are not.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import numpy as np

from balancing_act.exercises.checker import (
    AnswerKey,
    Checker,
    Invalid,
    SpecError,
    _is_real,
    _kind,
    register,
)
from balancing_act.exercises.controls import AnswerControl
from balancing_act.exercises.result import short_repr

__all__ = ["Numeric"]


_DECIMAL_COMMA = re.compile(r"([+-]?\d*),(\d+)")


def _decimal_point(text: str) -> str:
    """'6,5' -> '6.5'; '1,000' stays (a thousands comma or a decimal: float() refuses it)."""
    plain = text.strip().replace("\u2212", "-")
    match = _DECIMAL_COMMA.fullmatch(plain)
    if match and len(match.group(2)) != 3:
        return f"{match.group(1)}.{match.group(2)}"
    return plain


@register
class Numeric(Checker):
    """A number within a tolerance; messages name the unit."""

    name = "numeric"
    label = "number"
    fields = ("tolerance", "unit")

    def __init__(self, spec: Mapping[str, Any], data_folder: Path):
        super().__init__(spec, data_folder)
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
            if re.fullmatch(r"\s*[+-]?\d{1,3}(,\d{3})+\s*", value):
                raise Invalid(f"{value.strip()} could have a thousands comma or a decimal comma; "
                              "write it without the comma (1000) or with a point (1.5).")
            try:
                value = float(_decimal_point(value))
            except ValueError:
                raise Invalid(f"the text {short_repr(value)} is not a number. Write it with "
                              "digits and, for a part, a point: e.g. 6.5.") from None
        if isinstance(value, np.ndarray) and value.ndim == 0:
            value = value.item()
        if not _is_real(value):
            raise Invalid(f"{_kind(value)} is not a number.")
        number = float(value)
        if not math.isfinite(number):
            raise Invalid(f"the value {short_repr(value)} is not a finite number.")
        return number

    def read_note(self, value: Any) -> str:
        if isinstance(value, str) and "," in value:
            try:
                number = float(_decimal_point(value))
            except ValueError:
                return ""
            return f"Read {value.strip()} as {number:g} (a decimal point, not a comma)."
        return ""

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


    default_placeholder = "a number"

    def control(self, exercise: Any) -> AnswerControl:
        return NumberControl(self.unit)

    def answer_key(self, answer: Any) -> AnswerKey:
        notes = [f"unit: {self.unit}"] if self.unit else []
        if self.tolerance > 1e-6:
            notes.append(f"accepted within ± {self.tolerance:g}")
        return AnswerKey(text=str(answer), note="; ".join(notes))


class NumberControl(AnswerControl):
    """A number field with the unit beside it; an empty field reads as "not attempted"."""

    how = "Type a number (digits, e.g. 7 or 2.5), then press Check."

    def __init__(self, unit: str):
        label = f"Your answer ({unit})" if unit else "Your answer"
        self.field = widgets.Text(value="", placeholder="a number", description="Your answer",
                                  tooltip=label, style={"description_width": "initial"},
                                  layout=widgets.Layout(width="16em"))
        self.widget = widgets.HBox([self.field, widgets.Label(unit)] if unit else [self.field])

    def value(self) -> Any:
        text = self.field.value.strip()
        return text if text else ...

    def fill(self, answer: Any) -> None:
        self.field.value = str(answer)

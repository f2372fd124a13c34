"""The ``classification`` type: sort each item into a category (a dropdown grid in the form).

Progress is reported as a count ("4 of 6 right"), never per item. A known
mistake may list only the items it is about; the others come from the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from balancing_act.exercises.checker import (
    MAX_ITEMS,
    AnswerKey,
    Checker,
    Invalid,
    SpecError,
    _item_key,
    _kind,
    _listing,
    _scalar_key,
    _scalars,
    register,
)
from balancing_act.exercises.controls import AnswerControl
from balancing_act.exercises.result import short_repr

__all__ = ["Classification"]


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

    def __init__(self, spec: Mapping[str, Any], data_folder: Path):
        super().__init__(spec, data_folder)
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


    default_placeholder = "a dict of item: category"

    def control(self, exercise: Any) -> AnswerControl:
        return GridControl(exercise)

    def answer_key(self, answer: Any) -> AnswerKey:
        return AnswerKey(header=("item", "category"),
                         rows=tuple((str(k), str(v)) for k, v in answer.items()))


class GridControl(AnswerControl):
    """One dropdown per item (the sentences shown above when items are sentence ids)."""

    how = "Choose a category for every item, then press Check."

    def __init__(self, exercise: Any):
        from balancing_act import widgets as ui

        self.grid = ui.classification_grid_for(exercise)
        self.widget = self.grid

    def value(self) -> Any:
        return dict(self.grid.answer) or ...

    def fill(self, answer: Any) -> None:
        names = {_scalar_key(item): item for item in self.grid.dropdowns}
        for item, category in answer.items():
            dropdown = self.grid.dropdowns[names[_scalar_key(item)]]
            dropdown.value = next(c for _, c in dropdown.options
                                  if c and _scalar_key(c) == _scalar_key(category))

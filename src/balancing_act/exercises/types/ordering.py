"""The ``ordering`` type: put every item in the right order (a list with Move up / Move down).

The form lists the items in their display order (``items``, else alphabetical,
so that it never gives the order away); "not attempted" until one is moved.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from balancing_act.exercises.checker import (
    AnswerKey,
    Checker,
    Invalid,
    SpecError,
    _as_list,
    _item_key,
    _listing,
    _scalar_key,
    _scalars,
    register,
)
from balancing_act.exercises.controls import AnswerControl
from balancing_act.exercises.result import short_repr

__all__ = ["Ordering"]


@register
class Ordering(Checker):
    """Put every item in the right order."""

    name = "ordering"
    label = "ordering"
    fields = ("items",)

    def __init__(self, spec: Mapping[str, Any], data_folder: Path):
        super().__init__(spec, data_folder)
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


    default_placeholder = "a list of all the items, in order, in [ ]"

    def control(self, exercise: Any) -> AnswerControl:
        return OrderControl(self)

    def answer_key(self, answer: Any) -> AnswerKey:
        return AnswerKey(items=tuple(str(a) for a in answer), ordered=True)


class OrderControl(AnswerControl):
    """The items as a numbered list: pick one (a radio button), then Move up / Move down.

    The picked item stays picked as it moves, so pressing Move up again keeps moving
    it. From the keyboard: Tab reaches every item and both buttons, Space picks the
    item in focus, Enter or Space presses the button in focus.
    """

    how = ("Pick an item, move it with Move up / Move down until the list runs from first "
           "to last, then press Check.")

    def __init__(self, checker: Ordering):
        self.checker = checker
        self.order = list(checker.items)
        self.moved = False
        self.listing = widgets.RadioButtons(
            options=self._labels(), value=None, description="Order, first to last",
            tooltip="Pick the item to move", style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"))
        self.up = widgets.Button(description="Move up", tooltip="Move the picked item up")
        self.down = widgets.Button(description="Move down",
                                   tooltip="Move the picked item down")
        self.up.on_click(lambda _: self.move(-1))
        self.down.on_click(lambda _: self.move(+1))
        self.widget = widgets.VBox([self.listing, widgets.HBox([self.up, self.down])])

    def _labels(self) -> list[tuple[str, int]]:
        return [(f"{n}. {item}", n - 1) for n, item in enumerate(self.order, 1)]

    def move(self, step: int) -> None:
        """Move the picked item one place up (-1) or down (+1); it stays picked."""
        here = self.listing.value
        if here is None or not 0 <= here + step < len(self.order):
            return
        there = here + step
        self.order[here], self.order[there] = self.order[there], self.order[here]
        self.moved = True
        self._show(there)

    def _show(self, picked: int | None) -> None:
        """One message to the page: the new order and the picked item arrive together, so
        a quick second press never meets the new order with the old item still picked."""
        with self.listing.hold_sync():
            self.listing.options = self._labels()
            self.listing.value = picked

    def value(self) -> Any:
        return list(self.order) if self.moved else ...

    def fill(self, answer: Any) -> None:
        keys = self.checker.parse(answer)
        by_key = {_scalar_key(i): i for i in self.checker.items}
        self.order = [by_key[k] for k in keys]
        self.moved = True
        self._show(None)

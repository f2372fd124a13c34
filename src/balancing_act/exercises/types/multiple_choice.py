"""The ``multiple_choice`` type: pick every right option (checkboxes A, B, C ... in the form).

Order and duplicates do not matter; options may be named by text or by letter
(``["A", "C"]``).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from balancing_act.exercises.checker import (
    AnswerKey,
    Invalid,
    SpecError,
    _as_list,
    _item_key,
    _scalar_key,
    letter,
    register,
)
from balancing_act.exercises.controls import AnswerControl
from balancing_act.exercises.result import short_repr
from balancing_act.exercises.types.single_choice import SingleChoice, lettered

__all__ = ["MultipleChoice"]


@register
class MultipleChoice(SingleChoice):
    """Pick every right option, in any order."""

    name = "multiple_choice"
    label = "multiple choice"
    default_placeholder = "a list of the letters or texts you choose, in [ ]"

    def learner_form(self, raw: Any) -> Any:
        if not isinstance(raw, list):
            raise SpecError("expected a list of options")
        return list(raw)

    def parse(self, value: Any) -> frozenset[str]:
        keys = set()
        for n, item in enumerate(_as_list(value, ordered=False), 1):
            _item_key(item, n)  # says which item has the wrong form
            key = self.option_key(item)
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
        return ("a list of the options you choose, in [ ], each by its letter or its text: "
                f"{lettered(self.options)}")

    def choice_of(self, got: frozenset[str]) -> str | None:
        letters = [letter(n) for n, o in enumerate(self.options) if _scalar_key(o) in got]
        return "+".join(letters) or None

    def control(self, exercise: Any) -> AnswerControl:
        return CheckboxControl(self)

    def answer_key(self, answer: Any) -> AnswerKey:
        chosen = self.parse(answer)
        return AnswerKey(items=tuple(f"{letter(n)}. {o}" for n, o in enumerate(self.options)
                                     if _scalar_key(o) in chosen))


class CheckboxControl(AnswerControl):
    """One checkbox per option, labelled A, B, C ...; none ticked reads as "not attempted"."""

    how = "Tick every option that applies, then press Check."

    def __init__(self, checker: MultipleChoice):
        self.checker = checker
        self.boxes = [widgets.Checkbox(value=False, description=f"{letter(n)}. {o}",
                                       tooltip=f"{letter(n)}. {o}", indent=False,
                                       layout=widgets.Layout(width="auto"))
                      for n, o in enumerate(checker.options)]
        self.widget = widgets.VBox(self.boxes)

    def value(self) -> Any:
        chosen = [o for o, box in zip(self.checker.options, self.boxes, strict=True) if box.value]
        return chosen or ...

    def fill(self, answer: Any) -> None:
        chosen = self.checker.parse(answer)
        for option, box in zip(self.checker.options, self.boxes, strict=True):
            box.value = _scalar_key(option) in chosen

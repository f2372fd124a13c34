"""The ``single_choice`` type: pick one option (radio buttons A, B, C ... in the form).

A learner may give the option's text (case, spaces and punctuation do not
matter) or the letter the form shows before it (``"B"``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from balancing_act.exercises.checker import (
    LETTERS,
    AnswerKey,
    Checker,
    Invalid,
    _kind,
    _scalar_key,
    _scalars,
    letter,
    register,
)
from balancing_act.exercises.controls import AnswerControl
from balancing_act.exercises.result import short_repr

__all__ = ["SingleChoice", "lettered"]


def lettered(options: list[Any]) -> str:
    """``A. Russia; B. United States`` (every option in full, so it can be copied)."""
    return "; ".join(f"{letter(n)}. {o}" for n, o in enumerate(options))


@register
class SingleChoice(Checker):
    """Pick one option; case, spaces and punctuation do not matter; a letter names an option."""

    name = "single_choice"
    label = "single choice"
    fields = ("options",)
    default_placeholder = "the letter or the text of one option, in quotes"

    def __init__(self, spec: Mapping[str, Any], data_folder: Path):
        super().__init__(spec, data_folder)
        self.options = _scalars(spec, "options", minimum=2)
        self.keys = {_scalar_key(o) for o in self.options}

    def option_key(self, value: Any) -> str:
        """The key of an option given by its text or by its letter ("B" when B is shown)."""
        key = _scalar_key(value)
        if isinstance(value, str) and key not in self.keys and len(value.strip()) == 1:
            place = LETTERS.find(value.strip().upper())
            if 0 <= place < len(self.options):
                return _scalar_key(self.options[place])
        return key

    def parse(self, value: Any) -> str:
        if isinstance(value, list | tuple | set | frozenset | dict):
            raise Invalid(f"{_kind(value)} holds several values; pass one option.")
        key = self.option_key(value)
        if key not in self.keys:
            raise Invalid(f"{short_repr(value)} is not one of the options.")
        return key

    def diagnose(self, got: Any, want: Any) -> str:
        return "That option is not the best answer."

    def expects(self) -> str:
        return f"one option, by its letter or its text: {lettered(self.options)}"

    def choices(self) -> tuple[str, tuple[str, ...]]:
        return "Options:", tuple(f"{letter(n)}. {o}" for n, o in enumerate(self.options))

    def choice_of(self, got: str) -> str | None:
        return next((letter(n) for n, o in enumerate(self.options) if _scalar_key(o) == got),
                    None)

    def control(self, exercise: Any) -> AnswerControl:
        return RadioControl(self)

    def answer_key(self, answer: Any) -> AnswerKey:
        place = next(n for n, o in enumerate(self.options) if _scalar_key(o) == self.parse(answer))
        return AnswerKey(text=f"{letter(place)}. {answer}")


class RadioControl(AnswerControl):
    """Radio buttons labelled A, B, C ...; nothing chosen reads as "not attempted"."""

    how = "Choose one option, then press Check."

    def __init__(self, checker: SingleChoice):
        self.checker = checker
        self.widget = widgets.RadioButtons(
            options=[(f"{letter(n)}. {o}", n) for n, o in enumerate(checker.options)],
            value=None, description="Your answer", tooltip="Your answer: choose one option",
            layout=widgets.Layout(width="auto"), style={"description_width": "initial"})

    def value(self) -> Any:
        chosen = self.widget.value
        return ... if chosen is None else self.checker.options[chosen]

    def fill(self, answer: Any) -> None:
        key = self.checker.parse(answer)
        self.widget.value = next(n for n, o in enumerate(self.checker.options)
                                 if _scalar_key(o) == key)

"""The ``text`` type: a short text; case, spaces and punctuation are ignored (a text field).

Listed ``synonyms`` are accepted too: ``U.S.`` = ``US``, ``Belarus’s`` = ``Belarus's``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from balancing_act.exercises.checker import (
    MAX_TEXT,
    AnswerKey,
    Checker,
    Invalid,
    SpecError,
    _kind,
    register,
    text_key,
)
from balancing_act.exercises.controls import AnswerControl
from balancing_act.exercises.result import short_repr

__all__ = ["Text"]


@register
class Text(Checker):
    """A short text; case, spaces and punctuation are ignored, listed synonyms accepted."""

    name = "text"
    label = "short text"
    fields = ("synonyms",)

    def __init__(self, spec: Mapping[str, Any], data_folder: Path):
        super().__init__(spec, data_folder)
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


    default_placeholder = "a short text, in quotes"

    def control(self, exercise: Any) -> AnswerControl:
        return TextControl()

    def answer_key(self, answer: Any) -> AnswerKey:
        synonyms = self.spec.get("synonyms") or []
        note = "also accepted: " + "; ".join(map(str, synonyms)) if synonyms else ""
        return AnswerKey(text=str(answer), note=note)


class TextControl(AnswerControl):
    """A text field; an empty field reads as "not attempted"."""

    how = "Type your answer (no quotes needed), then press Check."

    def __init__(self) -> None:
        self.widget = widgets.Text(value="", placeholder="type your answer", description=
                                   "Your answer", tooltip="Your answer",
                                   style={"description_width": "initial"},
                                   layout=widgets.Layout(width="32em", max_width="100%"))

    def value(self) -> Any:
        return self.widget.value if self.widget.value.strip() else ...

    def fill(self, answer: Any) -> None:
        self.widget.value = str(answer)

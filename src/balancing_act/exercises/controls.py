"""The answer controls a form is built from: what to show, how to read it, how to fill it.

``AnswerControl`` is the contract; ``CodeOnlyControl`` stands in for a type with no
control of its own, ``BoundControl`` reads a lesson's panel at each press. A type
module adds its own control (radio buttons, a grid, ...). Nothing here knows the
engine: a control gets what it needs (an id, a reading function) as arguments.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import ipywidgets as widgets

__all__ = ["AnswerControl", "BoundControl", "CodeOnlyControl", "Shown", "labelled"]


class Shown(Protocol):
    """What a type's control may read of the exercise it is drawn for."""

    id: str
    spec: Mapping[str, Any]


def labelled(widget: widgets.DOMWidget, label: str) -> widgets.DOMWidget:
    """Give a control its spoken label (``description``) and its tooltip in one step."""
    widget.description = label
    widget.tooltip = label
    return widget


class AnswerControl:
    """The answer part of a form: ``widget`` to show, ``value()`` to read, ``fill()`` to set.

    ``value()`` returns ``...`` (the engine's "not attempted") while the learner
    has given nothing; ``how`` is one line saying what to do.
    """

    widget: widgets.Widget
    how: str = "Give your answer, then press Check."
    #: Whether the form keeps the last checked answer on this computer and fills it back
    #: in when drawn again (``record.answers``); a control with its own copy says False.
    keeps_answer: bool = True
    #: A bound widget that restores its own state after a restart (the brief builder):
    #: the form then keeps only the last status, and shows its feedback again.
    remembers: bool = False
    #: Widgets drawn under the feedback, where the eye is after Check (a written answer's
    #: model answer and rubric); most controls have none.
    after: tuple[widgets.Widget, ...] = ()

    def value(self) -> Any:
        return ...

    def fill(self, answer: Any) -> None:
        raise ValueError("this form is answered with a widget; set the widget instead")

    def checked(self, result: Any) -> None:
        """Called after each Check with its result (a written answer saves and shows its
        model answer here); most controls have nothing to do."""


class CodeOnlyControl(AnswerControl):
    """For a type with no control of its own, shown without a widget: says how to answer."""

    keeps_answer = False

    def __init__(self, exercise_id: str):
        self._answer: Any = ...
        self.how = (f"Answer this one with the widget it goes with: "
                    f"`exercise(\"{exercise_id}\").form(the_widget)`, or in code with "
                    f"`exercise(\"{exercise_id}\").check(answer)`.")
        self.widget = widgets.HTML()

    def value(self) -> Any:
        return self._answer

    def fill(self, answer: Any) -> None:
        self._answer = answer


class BoundControl(AnswerControl):
    """Checks what a widget shows now (its answer, as the type reads it) at each press."""

    keeps_answer = False  # the widget is the answer (a brief keeps its own copy)

    def __init__(self, source: Any, read: Callable[[Any], Any]):
        self.source, self.read = source, read
        self.remembers = bool(getattr(source, "remembers_itself", False))
        self.widget = widgets.HTML()
        # A widget may name itself ("what-if table"); else its class name ("deal planner").
        name = getattr(source, "display_name", None) or re.sub(
            r"(?<!^)(?=[A-Z])", " ", type(source).__name__).lower()
        self.how = f"Use the {name} above, then press Check: it checks what the {name} shows now."

    def value(self) -> Any:
        return self.read(self.source)

"""The answer form: the prompt, the type's answer control, Check / Hint / Solution, feedback.

One engine, two ways in: pressing **Check** calls :meth:`Exercise.check` with
what the control holds now, exactly as ``ex.check(answer)`` does in code (same
statuses, same catalogued-mistake hints, same progress record). The widget is
thin glue: every decision is made by the exercise, the form only reads its
control and draws the result.

A type module supplies the control (:meth:`Checker.control`): radio buttons,
checkboxes, a field, a reorderable list or a dropdown grid. A form bound to a
widget (``exercise("04.4").form(planner)``) checks what that widget shows now.

What a learner expects of a form: Enter in a text field presses Check; changing the
answer marks the feedback shown as out of date; the last checked answer is kept on
this computer (``record.answers``, never in the progress file) and comes back, with its
feedback, when the form is drawn again after Run All, a restart or the next day. Under
the question, a "Look up a sentence" box shows any sentence by its id, so no hint needs
code.
"""

from __future__ import annotations

import html
from typing import Any, Protocol

import ipywidgets as widgets

from balancing_act.exercises.controls import AnswerControl
from balancing_act.exercises.result import Note, Result, inline_html
from balancing_act.record import answers as kept_answers

__all__ = ["FORM_CSS", "SOLUTION_CLASS", "ExerciseForm", "FormExercise"]

#: The Solution button's class: a presentation asks before it shows thirty learners the answer.
SOLUTION_CLASS = "ba-solution"


class FormExercise(Protocol):
    """What a form needs of its exercise (``Exercise`` has it; a test double may too)."""

    id: str
    hints: tuple[str, ...]

    def check(self, answer: Any = ...) -> Result: ...
    def evaluate(self, answer: Any = ...) -> Result: ...
    def hint(self, level: Any = 1) -> Note: ...
    def solution(self) -> Note: ...
    def note(self, *, form: bool = False) -> Note: ...


#: Visible focus, wrapped option texts and a readable feedback area for every form.
FORM_CSS = (
    "<style>"
    ".ba-form{max-width:60em;margin:0.3em 0 0.8em 0}"
    ".ba-form :focus-visible,.ba-form input:focus,.ba-form select:focus,"
    ".ba-form button:focus{outline:3px solid var(--jp-brand-color1,#1565c0)!important;"
    "outline-offset:2px}"
    ".ba-form .widget-radio-box label,.ba-form .widget-label-basic,"
    ".ba-form .widget-label-basic span{white-space:normal!important;overflow:visible!important;"
    "text-overflow:clip!important;line-height:1.35;height:auto!important}"
    ".ba-form .widget-radio-box label{margin:0.25em 0;display:flex!important;"
    "align-items:flex-start;gap:0.4em}"
    ".ba-form .widget-radio-box label input{flex:none;order:-1;float:none;margin:0 0.2em 0 1px;"
    "height:1.35em}"
    ".ba-form .widget-checkbox{height:auto!important;margin:0.2em 0}"
    ".ba-form .widget-select select{font-size:var(--jp-ui-font-size1,13px)}"
    ".ba-form .ba-buttons{flex-wrap:wrap}"
    ".ba-form textarea{field-sizing:content;min-height:8em;max-height:40em}"
    ".ba-form .widget-dropdown select{text-overflow:ellipsis}"
    "</style>"
)


class ExerciseForm(widgets.VBox):
    """Prompt, answer control, Check / Hint / Solution buttons and the feedback below them.

    Controls: ``control`` (its ``widget`` holds the inputs), ``check_button``,
    ``hint_button``, ``solution_button``. Results: ``result`` (the last
    :class:`Result`), ``feedback`` (an HTML widget whose content has
    ``role="status"``), ``help`` (the hint or solution shown).
    """

    def __init__(self, exercise: FormExercise, control: AnswerControl,
                 lookup: widgets.Widget | None = None):
        self.exercise, self.control = exercise, control
        self.result: Result | None = None
        self._checked: Any = None  # the answer the feedback shown was for
        self._next_hint, self._shown = 1, 0
        self.prompt = widgets.HTML(FORM_CSS + _prompt_html(exercise, control.how))
        self.lookup = lookup
        self.check_button = widgets.Button(description="Check", button_style="primary",
                                           tooltip="Check my answer")
        self.hint_button = widgets.Button(description="")
        self.solution_button = widgets.Button(description="Solution",
                                              tooltip="Show the answer and why")
        self.solution_button.add_class(SOLUTION_CLASS)
        self.feedback, self.help = widgets.HTML(), widgets.HTML()
        buttons = widgets.HBox([self.check_button, self.hint_button, self.solution_button])
        buttons.add_class("ba-buttons")
        parts = [self.prompt, *([lookup] if lookup is not None else []), control.widget,
                 buttons, self.feedback, *control.after, self.help]
        super().__init__(parts)
        self.add_class("ba-form")
        self._label_hint_button()
        self.check_button.on_click(lambda _: self.check())
        self.hint_button.on_click(lambda _: self.hint())
        self.solution_button.on_click(lambda _: self.solution())
        _watch(control.widget, self._answer_changed, self._enter_pressed)

    def check(self) -> Result:
        """What the Check button does: judge what the control holds now, show the result."""
        answer = self.control.value()
        self.result = self.exercise.check(answer)
        self._checked = answer
        problem = self._keep(answer, self.result)
        self.feedback.value = self.result._repr_html_() + _aside(problem)
        self.control.checked(self.result)
        return self.result

    def restore(self) -> bool:
        """Show the answer last checked on this computer, with its feedback; False if none.

        The feedback is judged again (``evaluate``: nothing is recorded), so it is exactly
        what Check said, in today's words."""
        keeps = self.control.keeps_answer or self.control.remembers
        saved = kept_answers.last(self.exercise.id) if keeps else None
        if self.control.remembers and saved is None:
            return False  # never checked here: the widget's own state is no answer yet
        try:
            if saved is not None and saved.get("answer") is not None:
                self.control.fill(saved["answer"])
        except Exception:  # a kept answer the form no longer offers (an edited exercise)
            return False
        answer = self.control.value()
        if answer is ...:
            return False
        self.result, self._checked = self.exercise.evaluate(answer), answer
        self.feedback.value = (_aside("Your last answer is back (kept on this computer), "
                                      "with its feedback:") + self.result._repr_html_())
        self.control.checked(self.result)
        return True

    def _keep(self, answer: Any, result: Result) -> str:
        if self.control.remembers:  # the widget keeps the answer; here only that it was checked
            answer = ...
        elif not self.control.keeps_answer:
            return ""
        kept = None if answer is ... else answer
        problem = kept_answers.remember(self.exercise.id, kept, result.status)
        return f"({problem[:1].upper()}{problem[1:]}.)" if problem else ""

    def _answer_changed(self, change: object = None) -> None:
        """Mark the feedback out of date while the answer differs from the one it judged."""
        if self.result is None:
            return
        try:
            same = self.control.value() == self._checked
        except Exception:  # an answer whose == fails counts as changed
            same = False
        self.feedback.value = self.result._repr_html_() if same else self.result.stale_html()

    def _enter_pressed(self) -> None:
        self.check()

    def hint(self) -> Note:
        """What the Hint button does: the next hint, one level per press."""
        note = self.exercise.hint(self._next_hint)
        self._shown = self._next_hint
        self._next_hint = min(self._next_hint + 1, len(self.exercise.hints))
        self.help.value = _note_html(note)
        self._label_hint_button()
        return note

    def solution(self) -> Note:
        """What the Solution button does: the answer, its explanation and its sources."""
        note = self.exercise.solution()
        self.help.value = _note_html(note)
        return note

    def _label_hint_button(self) -> None:
        total = len(self.exercise.hints)
        if self._shown >= total:  # every hint seen: the button shows the last one again
            word = "Last hint"
        else:
            word = "Hint" if self._next_hint == 1 else "Next hint"
        self.hint_button.description = f"{word} ({self._next_hint} of {total})"
        self.hint_button.tooltip = f"Show hint {self._next_hint} of {total}"

    def __repr__(self) -> str:
        state = f": {self.result.label}" if self.result else ""
        return f"Answer form for exercise {self.exercise.id}{state}"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = super()._repr_mimebundle_(**kwargs)
        lines = [str(self.exercise.note(form=True))]
        if self.result is not None:
            lines.append(str(self.result))
        bundle["text/plain"] = "\n".join(lines)
        return bundle


def _note_html(note: Note) -> str:
    return note._repr_html_()


def _aside(text: str) -> str:
    return (f"<p class='ba-form-aside' style='margin:0.3em 0'><em>{html.escape(text)}</em></p>"
            if text else "")


def _descendants(widget: widgets.Widget) -> list[widgets.Widget]:
    found, todo = [], [widget]
    while todo:
        here = todo.pop()
        found.append(here)
        todo.extend(getattr(here, "children", ()) or ())
    return found


_NOT_INPUTS = (widgets.Button, widgets.HTML, widgets.HTMLMath, widgets.Label)


def _watch(root: widgets.Widget, changed: Any, entered: Any) -> None:
    """Call ``changed`` when any input under ``root`` changes, ``entered`` on Enter in a field.

    A text field sends a "submit" message when Enter is pressed in it (ipywidgets 8); it is
    read here directly, as ``Text.on_submit`` is deprecated."""
    for part in _descendants(root):
        if isinstance(part, _NOT_INPUTS) or "value" not in part.trait_names():
            continue
        part.observe(changed, names="value")
        if isinstance(part, widgets.Text):
            part.on_msg(lambda _w, content, _b: entered()
                        if isinstance(content, dict) and content.get("event") == "submit"
                        else None)


def _prompt_html(exercise: FormExercise, how: str) -> str:
    """The exercise's title, prompt and a line saying what to do (no code needed)."""
    note = exercise.note(form=True)
    title = html.escape(note.title)
    paragraphs = "".join(f"<p style='margin:0.3em 0'>{inline_html(p)}</p>"
                         for p in note.paragraphs)
    return (f"<section class='balancing-act-exercise' aria-label='{title}' "
            "style='border-left:4px solid var(--jp-brand-color1,#1565c0);padding:0.4em 0.8em;"
            "margin:0.3em 0;background:var(--jp-layout-color2,#f5f5f5);"
            "color:var(--jp-ui-font-color1,inherit)'>"
            f"<strong>{title}</strong>{paragraphs}"
            f"<p style='margin:0.3em 0'><em>{inline_html(how)}</em></p></section>")

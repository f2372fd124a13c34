"""One exercise: ``check(answer)``, ``hint(level)``, ``solution()``, and its answer form.

Displaying an exercise (``exercise("02.1")`` as the last line of a cell) shows
its form: the prompt, the type's answer control and Check / Hint / Solution.
``check`` never raises on a learner's answer; ``...`` reads as "not attempted",
which differs from wrong.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from balancing_act.data import loaders as data
from balancing_act.data.loaders import LessonDataError
from balancing_act.exercises import answer_bounds
from balancing_act.exercises.checker import Checker, Invalid, _is_placeholder
from balancing_act.exercises.controls import BoundControl, CodeOnlyControl
from balancing_act.exercises.form import ExerciseForm
from balancing_act.exercises.result import Note, Result, short_repr
from balancing_act.record import store as progress
from balancing_act.widgets.sentence_lookup import sentence_lookup

__all__ = ["CORRECT_MESSAGE", "Exercise", "Mistake", "exercise_class"]

CORRECT_MESSAGE = ("Well done. The Solution button (or `.solution()`) shows the explanation "
                   "and its sources.")
NOT_ATTEMPTED_MESSAGE = ("No answer yet: fill in the form and press Check (in code, replace "
                         "`...` with your answer and run the cell again).")
TRY_A_HINT = "Try the Hint button (or `.hint()`) for a nudge."
ACCEPTED_MESSAGE = "Accepted: a defensible reading, though not the one the course gives first."
_UNSET: Any = object()


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
        #: Other defensible readings of an interpretive item, each with its own explanation.
        self._accepted = [(checker.parse(checker.learner_form(a["answer"])), a["explanation"])
                          for a in spec.get("accepted") or []]
        #: What the item asks of a learner: reasoning with the article, finding, or practice.
        self.skill: str = spec.get("skill") or ""
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
        progress.record(self.id, "check", result.status, mistake=result.mistake,
                        choice=result.choice)
        return result

    def evaluate(self, answer: Any = ...) -> Result:
        """Like ``check`` but not recorded; never raises, whatever ``answer`` is."""
        try:
            status, message, hint, mistake, choice = self._judge(answer)
        except KeyboardInterrupt:  # the learner stopping the kernel: not the answer's doing
            raise
        except BaseException:  # a hostile object: __eq__ or __str__ that raises, SystemExit too
            status, hint, mistake, choice = "invalid", None, None, None
            message = f"This answer could not be read. Expected {self._checker.expects()}."
        word = self._checker.correct_word if status == "correct" else None
        return Result(status, message, hint, self.id, mistake, choice, word)

    def _judge(self, answer: Any) -> tuple[str, str, str | None, int | None, str | None]:
        """Status, message, targeted hint, the catalogued mistake matched, the letters chosen.

        An answer typed loosely (a decimal comma) is read as meant, and the message says how.
        """
        status, message, hint, mistake, choice = self._judge_as_read(answer)
        note = "" if status in ("not_attempted", "invalid") else self._read_note(answer)
        return status, f"{note} {message}" if note else message, hint, mistake, choice

    def _read_note(self, answer: Any) -> str:
        try:
            return self._checker.read_note(answer)
        except Exception:  # a note is a courtesy; never a reason to fail a check
            return ""

    def _judge_as_read(self, answer: Any) -> tuple[str, str, str | None, int | None, str | None]:
        if _is_placeholder(answer):
            return "not_attempted", NOT_ATTEMPTED_MESSAGE, None, None, None
        if (too_big := answer_bounds.problem(answer)) is not None:  # before any checker walks it
            return ("invalid", f"{too_big} Expected {self._checker.expects()}.", None, None,
                    None)
        try:
            got = self._checker.parse(answer)
        except Invalid as exc:
            return ("invalid", f"{_capital(str(exc))} Expected {self._checker.expects()}.",
                    None, None, None)
        except KeyboardInterrupt:
            raise
        except BaseException:  # RecursionError, MemoryError, a SystemExit from __str__ ...
            return "invalid", (f"{short_repr(answer)} could not be read as an answer. "
                               f"Expected {self._checker.expects()}."), None, None, None
        choice = self._checker.choice_of(got)
        if self._checker.same(got, self._canon):
            return ("correct", self._checker.correct_message(got) or CORRECT_MESSAGE, None, None,
                    choice)
        for canon, explanation in self._accepted:  # another defensible reading
            if self._checker.same(got, canon):
                return "correct", f"{ACCEPTED_MESSAGE} {explanation}", None, None, choice
        message = self._checker.diagnose(got, self._canon)
        for n, (key, (_, hint)) in enumerate(zip(self._mistake_keys, self._mistakes_raw,
                                                 strict=True), 1):
            if self._checker.mistake_matches(got, key):
                return "incorrect", message, hint, n, choice
        return "incorrect", f"{message} {TRY_A_HINT}", None, None, choice

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
        footer = (f"Stuck still? Press the hint button again (or `.hint({shown + 1})`) for "
                  "the next hint." if shown < total else
                  "That was the last hint. The Solution button (or `.solution()`) shows the "
                  "answer and why.")
        return Note(f"Hint {shown} of {total} (exercise {self.id})",
                    (*lead, self.hints[shown - 1]), footer=footer)

    def solution(self) -> Note:
        """The answer, its explanation, and the article sentences it rests on."""
        progress.record(self.id, "solution")
        return Note(f"Solution (exercise {self.id})", (self.explanation,),
                    items=self._citations(), items_title="Sentences cited:" if self.cites else "",
                    code=self._checker.solution_text(self.example_answer),
                    code_title=self._checker.solution_title,
                    kind="solution")

    def _citations(self) -> tuple[str, ...]:
        try:
            texts = data.sentence_texts(self._data_folder)
        except (LessonDataError, OSError):
            texts = {}
        return tuple(f"{sid}: {texts[sid]}" if sid in texts else sid for sid in self.cites)

    # ---- the form and the display

    def form(self, widget: Any = None, *, answer: Any = _UNSET, check: bool = False
             ) -> ExerciseForm:
        """The answer form; ``widget``: check what that widget shows now instead.

        ``answer=...`` fills the form and presses Check (the instructor notebooks
        show each form filled with its worked answer); ``check=True`` presses
        Check on what a bound widget shows.
        """
        if widget is not None:
            control = BoundControl(widget, self._checker.answer_from)
        else:
            control = self._checker.control(self) or CodeOnlyControl(self.id)
        lookup = sentence_lookup(folder=self._data_folder, browse=False)
        made = ExerciseForm(self, control, lookup=lookup)
        if answer is not _UNSET:
            control.fill(answer)
            check = True
        if check:
            made.check()
        elif widget is None or control.remembers:
            made.restore()  # the answer last checked on this computer, and its feedback
        return made

    def note(self, *, form: bool = False) -> Note:
        """The prompt as a card; ``form=True``: without the choices the form itself shows."""
        caption, items = self._checker.choices()
        title = f"Exercise {self.id} ({self._checker.label})"
        title = f"{title}: {self.title}" if self.title else title
        if form:
            return Note(title, (self.prompt,), kind="exercise")
        paragraphs = [self.prompt, f"Your answer: {self.placeholder or self._checker.expects()}."]
        return Note(title, tuple(paragraphs), items=items, items_title=caption, kind="exercise",
                    footer="Answer with the form (Check, Hint, Solution), or in code: "
                           f"`.check(answer)`, `.hint()` up to `.hint({len(self.hints)})`, "
                           "`.solution()`.")

    def __str__(self) -> str:
        return str(self.note())

    def __repr__(self) -> str:
        return f"<Exercise {self.id} ({self.type})>"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        return self.note()._repr_html_()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        """Shown as the last line of a cell: the answer form (the prompt card without widgets)."""
        bundle = self.form()._repr_mimebundle_()
        bundle["text/plain"] = str(self)
        return bundle


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]



@cache
def exercise_class(checker: type[Checker]) -> type[Exercise]:
    """A subclass per type (e.g. ``SingleChoiceExercise``) so ``type(ex)`` tells the kind."""
    return type(f"{checker.__name__}Exercise", (Exercise,), {"__doc__": checker.__doc__})

"""The ``written`` type: two to five sentences that argue from the text, then a self-mark.

A program can honestly check only three things (ASSESSMENT.md): the answer is long
enough, it cites at least one real sentence id, and whatever it puts in quotation marks
is word for word in a sentence it cites (the capstone's own checks, ``policy_brief``).
Passing them says the answer is complete, not that it is good: the form then shows a
model answer and a rubric of two to four criteria, and the learner marks their own text
against each (yes, partly, no). The text is saved in ``written.json`` beside the
progress record (``record.written``), never in ``progress.json``; the self-marks are
counted in the record.

YAML::

    type: written
    answer: the model answer (it must pass the checks itself)
    rubric: [criterion, criterion, ...]   # two to four
    min_words: 25                         # optional
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from balancing_act.data import loaders as data
from balancing_act.data.loaders import LessonDataError
from balancing_act.data.schemas import id_range
from balancing_act.exercises.checker import AnswerKey, Checker, Invalid, SpecError, _kind, register
from balancing_act.exercises.controls import AnswerControl
from balancing_act.policy_brief.brief import cited_in, misquoted, words
from balancing_act.record import store as progress
from balancing_act.record import written as saved
from balancing_act.record.format import MARKS
from balancing_act.support.atomic_files import create_text, replace_text
from balancing_act.support.safe_io import read_bytes

__all__ = ["MAX_CHARS", "Written", "export_file", "problems"]

MIN_WORDS = 25
MAX_CHARS = 2_000  # five long sentences fit; a pasted page does not
PASSED = ("Your answer passes what a program can check: it is long enough, cites a "
          "sentence, and quotes word for word. Now compare it with the model answer below "
          "and mark it against each criterion.")
EXPORT_NAME = "my_written_answers.md"


def problems(text: str, sentences: Mapping[str, str], min_words: int) -> list[str]:
    """What a program can say is missing, in a learner's words; [] when it all holds."""
    found = []
    count = len(words(text))
    if count < min_words:
        found.append(f"Your answer has {count} words; write at least {min_words} (two to "
                     "five sentences).")
    ids = cited_in(text)
    real = [s for s in ids if s in sentences]
    unknown = [s for s in ids if s not in sentences]
    if unknown:
        found.append(f"{', '.join(unknown)} is not a sentence id of the article "
                     f"({id_range(sorted(sentences))}).")
    if not real:
        found.append("Cite at least one sentence by its id, e.g. (S07).")
    elif bad := misquoted(text, real, sentences):
        found.append(f"The words in quotation marks \u201c{bad[0]}\u201d are not word for "
                     f"word in {', '.join(real)}; copy them exactly or drop the quotation "
                     "marks.")
    return found


@register
class Written(Checker):
    """A short written answer: checked for length, a sentence id and exact quotations."""

    name = "written"
    label = "written answer"
    fields = ("rubric", "min_words")
    default_placeholder = '"two to five sentences of your own, citing a sentence id such as (S07)"'

    def __init__(self, spec: Mapping[str, Any], data_folder: Path):
        super().__init__(spec, data_folder)
        rubric = spec.get("rubric")
        if (not isinstance(rubric, list) or not 2 <= len(rubric) <= 4
                or not all(isinstance(c, str) and c.strip() for c in rubric)):
            raise SpecError("expected two to four criteria, each a text", "rubric")
        self.rubric = [str(c) for c in rubric]
        self.min_words = spec.get("min_words", MIN_WORDS)
        if (not isinstance(self.min_words, int) or isinstance(self.min_words, bool)
                or not 5 <= self.min_words <= 150):
            raise SpecError("expected a whole number of words from 5 to 150", "min_words")
        try:
            self.sentences = dict(data.sentence_texts(data_folder))
        except (LessonDataError, OSError):
            self.sentences = {}
        if not isinstance(spec.get("answer"), str):
            raise SpecError("expected the model answer, as a text")
        if self.sentences and (found := problems(spec["answer"], self.sentences,
                                                 self.min_words)):
            raise SpecError(f"the model answer does not pass its own checks: {found[0]}")

    def parse(self, value: Any) -> str:
        if not isinstance(value, str):
            raise Invalid(f"{_kind(value)} is not a written answer; write your sentences as "
                          "text, in quotes.")
        if len(value) > MAX_CHARS:
            raise Invalid(f"a text of {len(value):,} characters is far longer than five "
                          "sentences.")
        return value.strip()

    def same(self, got: str, want: str) -> bool:
        """Passes when the program's checks hold: the rest is for the rubric."""
        return not problems(got, self.sentences, self.min_words)

    def diagnose(self, got: str, want: str) -> str:
        return " ".join(problems(got, self.sentences, self.min_words))

    correct_word = "Checks passed: now mark it yourself"

    def correct_message(self, got: str) -> str | None:
        return PASSED

    def expects(self) -> str:
        return (f"two to five sentences of your own as text (at least {self.min_words} "
                "words) citing a sentence id such as (S07)")

    def answer_key(self, answer: Any) -> AnswerKey:
        return AnswerKey(items=(f"Model answer: {answer}",
                                *(f"Criterion {n}: {c}" for n, c in enumerate(self.rubric, 1))),
                         note="Self-marked against the rubric (yes / partly / no); the program "
                              "checks only length, a sentence id and exact quotations.")

    def control(self, exercise: Any) -> AnswerControl:
        return WrittenControl(self, exercise.id, str(exercise.spec.get("prompt", "")))


class WrittenControl(AnswerControl):
    """A text box (saved as it is left and at each Check), then the model answer, the
    rubric with yes / partly / no per criterion, and an export button."""

    how = ("Write two to five sentences in the box, citing at least one sentence id, then "
           "press Check. Your text is saved on this computer, not in your progress file.")
    keeps_answer = False  # the text has its own file, written.json

    def __init__(self, checker: Written, exercise_id: str, prompt: str):
        self.checker, self.id, self.prompt = checker, exercise_id, prompt
        self.box = widgets.Textarea(value=saved.saved_text(exercise_id), continuous_update=False,
                                    placeholder="Two to five sentences, citing e.g. (S07)",
                                    description="Your answer", tooltip="Your written answer",
                                    rows=6,  # and it grows with the text (the form's CSS)
                                    layout=widgets.Layout(width="95%"),
                                    style={"description_width": "initial"})
        self.box.observe(lambda _: self._save(), "value")
        self.marks = [widgets.ToggleButtons(options=list(MARKS), value=None,
                                            description=f"Criterion {n}",
                                            tooltip=f"Criterion {n}: yes, partly or no",
                                            style={"description_width": "initial"})
                      for n in range(1, len(checker.rubric) + 1)]
        self.save_marks = widgets.Button(description="Save my marks",
                                         tooltip="Save my self-marks in my progress")
        self.export = widgets.Button(description="Export my written answers",
                                     tooltip=f"Write {EXPORT_NAME} beside this notebook")
        self.status = widgets.HTML()
        self.save_marks.on_click(lambda _: self.mark())
        self.export.on_click(lambda _: self.export_answers())
        self.review = widgets.VBox([])
        self.widget = self.box
        self.after = (widgets.VBox([self.review, self.status]),)  # under the feedback
        for toggle, mark in zip(self.marks, _saved_marks(exercise_id), strict=False):
            toggle.value = mark  # the marks last saved: a restart shows them again

    def value(self) -> Any:
        return self.box.value if self.box.value.strip() else ...

    def fill(self, answer: Any) -> None:
        self.box.value = answer if isinstance(answer, str) else str(answer)

    def _save(self, marks: dict[str, str] | None = None) -> bool:
        text = self.box.value
        if len(text) > MAX_CHARS:
            self.status.value = _line("Too long to save: five sentences at most.")
            return False
        try:
            saved.save(self.id, text, marks)
        except saved.WrittenFileProblem as exc:
            self.status.value = _line(f"{exc}.")
            return False
        return True

    def checked(self, result: Any) -> None:
        """Save the text; once the checks pass, show the model answer and the rubric."""
        if self.box.value.strip():
            self._save()
        if getattr(result, "correct", False):
            self.review.children = [self._model_answer(), *self._rubric(), self.save_marks,
                                    self.export]

    def _model_answer(self) -> widgets.HTML:
        model = html.escape(str(self.checker.spec.get("answer", "")))
        return widgets.HTML(f"<p style='margin:0.4em 0'><strong>A model answer</strong> "
                            f"(one good answer among many):</p><blockquote>{model}"
                            "</blockquote><p><strong>Mark your own answer:</strong> does it "
                            "meet each criterion? Yes, partly or no.</p>")

    def _rubric(self) -> list[widgets.Widget]:
        rows: list[widgets.Widget] = []
        for n, (criterion, toggle) in enumerate(zip(self.checker.rubric, self.marks,
                                                    strict=True), 1):
            rows += [widgets.HTML(f"<p style='margin:0.2em 0'>{n}. "
                                  f"{html.escape(criterion)}</p>"), toggle]
        return rows

    def mark(self) -> dict[str, str] | None:
        """Record the self-marks (every criterion needs one) in progress and beside the text."""
        marks = {str(n): t.value for n, t in enumerate(self.marks, 1) if t.value in MARKS}
        if len(marks) < len(self.marks):
            self.status.value = _line("Mark every criterion (yes, partly or no) first.")
            return None
        progress.record(self.id, "self_mark", marks=marks)
        if self._save(marks):
            self.status.value = _line("Your marks are saved.")
        return marks

    def export_answers(self, folder: Path | None = None) -> Path | None:
        """Write every written answer to one Markdown file the learner can hand in."""
        try:
            target = export_file(folder or Path.cwd(), {self.id: self.prompt})
        except (saved.WrittenFileProblem, OSError) as exc:
            self.status.value = _line(f"Could not export: {exc}.")
            return None
        self.status.value = _line(f"Written to {target.name}, beside this notebook: hand it "
                                  "in if you choose to.")
        return target


MAX_CRITERIA = 4  # a rubric has two to four criteria


def _saved_marks(exercise_id: str) -> list[str | None]:
    """The self-marks last saved for an item, criterion by criterion (None where unmarked)."""
    try:
        marks = saved.load_all().get(exercise_id, {}).get("marks") or {}
    except saved.WrittenFileProblem:
        return []
    if not isinstance(marks, dict):
        return []
    return [marks.get(str(n)) if marks.get(str(n)) in MARKS else None
            for n in range(1, MAX_CRITERIA + 1)]


def export_file(folder: Path, prompts: Mapping[str, str] | None = None) -> Path:
    """Every saved written answer as one Markdown page in ``folder``, written whole.

    An earlier export of the course's (it starts with the export heading) is replaced;
    any other file of that name is kept and a numbered name is used instead.
    Raises ``WrittenFileProblem`` (a damaged store) or ``OSError`` (a folder not writable).
    """
    text = saved.as_markdown(saved.load_all(), dict(prompts or {}))
    while True:
        target = _free_name(Path(folder))
        if os.path.lexists(target):
            replace_text(target, text, prefix=".written-export-")
            return target
        try:
            create_text(target, text)
            return target
        except FileExistsError:  # another export took the name meanwhile
            continue


def _free_name(folder: Path) -> Path:
    """``my_written_answers.md``, replaced if it is an earlier export, else a numbered name."""
    target = folder / EXPORT_NAME
    n = 1
    while os.path.lexists(target):
        try:
            start = read_bytes(target, 200, follow_links=False)[:200]
            if start.decode("utf-8", "replace").startswith(saved.EXPORT_HEADER):
                return target
        except OSError:  # a link, a FIFO or a folder of that name: use the next name
            pass
        n += 1
        target = folder / f"my_written_answers-{n}.md"
    return target


def _line(text: str) -> str:
    return f"<p role='status' style='margin:0.3em 0'>{html.escape(text)}</p>"

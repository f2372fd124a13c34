"""The sourcing form: look for the Reuters report S02 names, and ask who this text is for.

With one article, corroboration means sending learners to the source it names, never
inventing it. The form records what the learner found (or, with no internet in the
room, what they would search for and why) and their answers on purpose and audience.
The answers are the learner's own: the course knows nothing about the Reuters report,
so it checks only that every question has an answer. Whatever is typed is saved as it
is left (a half-done form too: nothing typed is lost at a restart), beside the written
answers (``record/written.py``), exported with them.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from balancing_act.record import written as saved

SAVE_ID = "01.sourcing"
ONLINE, OFFLINE = "Yes, we can search", "No internet here"
FOUND = ("Yes", "No", "Not sure")
#: (key, question) in the order the learner sees them; the key heads the saved line.
ONLINE_QUESTIONS = (
    ("Found", "Did you find the Reuters report that S02 names?"),
    ("Outlet", "Where did you find it (the site or outlet)?"),
    ("Date", "What date does the report give?"),
    ("Headline", "What is its headline, word for word?"),
    ("Same as S01 and S02", "Does it say what S01 and S02 say? Yes, partly or no, and how."),
    ("What differs", "What differs between the report and the article (words, facts, tone)?"),
)
OFFLINE_QUESTIONS = (
    ("Search words", "What would you type into a search engine to find the Reuters report?"),
    ("Why those words", "Why those words? Which sentence (S01, S02 ...) gave you each one?"),
)
PURPOSE_QUESTIONS = (
    ("Who publishes", "Who might publish a text like this, with no author, outlet or date?"),
    ("For whom", "Who is it written for? Which words or parts tell you?"),
    ("Template headings", "The headings \u201cExpert Recommendations for Navigating ...\u201d "
                          "and \u201cIn Retrospect\u201d: why might they read like a template?"),
)


class SourcingForm(widgets.VBox):
    """Controls: ``internet`` (ToggleButtons), ``fields`` (key -> control), ``save``.

    ``status`` shows what is missing or that the answers were saved; ``text`` is what
    is saved, one ``Key: answer`` line per question.
    """

    def __init__(self) -> None:
        self.internet = widgets.ToggleButtons(options=(ONLINE, OFFLINE), value=ONLINE,
                                              description="Internet in the room?",
                                              style={"description_width": "initial"})
        self.fields: dict[str, widgets.ValueWidget] = {}
        for key, question in ONLINE_QUESTIONS + OFFLINE_QUESTIONS + PURPOSE_QUESTIONS:
            self.fields[key] = _control(key, question)
        self.save = widgets.Button(description="Save my answers", button_style="primary",
                                   tooltip="Saves your answers beside your progress")
        self.status = widgets.HTML()
        self._rows = {key: widgets.VBox([widgets.HTML(f"<strong>{html.escape(q)}</strong>"),
                                         self.fields[key]])
                      for key, q in ONLINE_QUESTIONS + OFFLINE_QUESTIONS + PURPOSE_QUESTIONS}
        self._restore(saved.saved_text(SAVE_ID))
        self.internet.observe(self._show, names="value")
        for control in (self.internet, *self.fields.values()):
            control.observe(self._kept, names="value")
        self.save.on_click(self._save)
        super().__init__()
        self._show()

    @property
    def questions(self) -> tuple[tuple[str, str], ...]:
        """The questions of the chosen mode, then the questions of purpose and audience."""
        first = ONLINE_QUESTIONS if self.internet.value == ONLINE else OFFLINE_QUESTIONS
        return first + PURPOSE_QUESTIONS

    @property
    def missing(self) -> list[str]:
        """The questions of the chosen mode still without an answer."""
        return [key for key, _ in self.questions if not str(self.fields[key].value or "").strip()]

    @property
    def text(self) -> str:
        lines = [f"Internet: {self.internet.value}"]
        lines += [f"{key}: {' '.join(str(self.fields[key].value or '').split())}"
                  for key, _ in self.questions]
        return "\n".join(lines)

    def _show(self, change: object = None) -> None:
        rows = [self._rows[key] for key, _ in self.questions]
        intro = widgets.HTML("<p>Your own answers: the course cannot check what you found, "
                             "only that every question has an answer.</p>")
        self.children = [self.internet, intro, *rows, self.save, self.status]

    @property
    def answered(self) -> int:
        return len(self.questions) - len(self.missing)

    def _kept(self, change: object = None) -> None:
        """Save quietly as the learner leaves a box, so a restart loses nothing typed."""
        if self.answered:
            self._write()

    def _write(self) -> str | None:
        """Save the form as it is; the file's name, or None after saying what went wrong."""
        try:
            return saved.save(SAVE_ID, self.text).name
        except saved.WrittenFileProblem as exc:
            self.status.value = f"<p role='status'>{html.escape(str(exc))}</p>"
            return None

    def _save(self, button: object = None) -> None:
        if not self.answered:
            self.status.value = ("<p role='status'><strong>Nothing to save yet:</strong> "
                                 "type an answer in one of the boxes first.</p>")
            return
        if (name := self._write()) is None:
            return
        todo = "" if not self.missing else (
            f" {self.answered} of {len(self.questions)} questions answered; still to answer: "
            + "; ".join(f"“{html.escape(dict(self.questions)[k])}”"
                        for k in self.missing) + ".")
        self.status.value = (f"<p role='status'><strong>Saved</strong> beside your progress "
                             f"({html.escape(name)}); <em>Export my written answers</em> "
                             f"includes them.{todo}</p>")

    def _restore(self, text: str) -> None:
        for line in text.splitlines():
            key, _, value = line.partition(": ")
            if key == "Internet" and value in (ONLINE, OFFLINE):
                self.internet.value = value
            elif key in self.fields and (key != "Found" or value in FOUND):
                self.fields[key].value = value


def _control(key: str, question: str) -> widgets.ValueWidget:
    if key == "Found":
        return widgets.RadioButtons(options=FOUND, value=None, description=question,
                                    style={"description_width": "0"})
    return widgets.Textarea(placeholder="your answer", description=question,
                            continuous_update=False,  # saved as the box is left
                            style={"description_width": "0"},
                            layout=widgets.Layout(width="95%", height="3.5em"))


def sourcing_form() -> SourcingForm:
    """The lesson 01 sourcing activity: ``sourcing_form()`` in a cell shows it."""
    return SourcingForm()

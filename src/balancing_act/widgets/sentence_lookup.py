"""A small "Look up a sentence" box: type an id (S18, s18, S1), read that sentence.

Every answer form carries one, so a hint can say "look up S18" and a learner who
writes no code can. What was typed is read as loosely as a learner says it
(``policy_brief.brief.normal_id``) and the box says what it read.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

import ipywidgets as widgets

from balancing_act.data import loaders as data
from balancing_act.data.loaders import LessonDataError
from balancing_act.data.schemas import id_range
from balancing_act.policy_brief.brief import normal_id

__all__ = ["SentenceLookup", "lookup_html", "sentence_lookup"]

LOOKUP_CLASS = "ba-lookup"


def lookup_html(typed: str, sentences: Mapping[str, str]) -> str:
    """What the box shows for ``typed``: the sentence, or one line on what to type."""
    shown = html.escape(typed.strip())
    if not typed.strip():
        return ""
    if not sentences:
        return "<p role='status'>The article's sentences could not be loaded here.</p>"
    sid = normal_id(typed)
    if sid not in sentences:
        return (f"<p role='status' style='margin:0.2em 0'>There is no sentence {shown}: type "
                f"an id from {html.escape(id_range(list(sentences)))}, such as S18.</p>")
    read = "" if shown == sid else f" (you typed {shown}: read as {sid})"
    return (f"<blockquote role='status' style='margin:0.2em 0 0.4em 0;padding-left:0.6em;"
            f"border-left:3px solid var(--jp-border-color1,#999)'><strong>{sid}</strong>"
            f"{read}: {html.escape(sentences[sid])}</blockquote>")


class SentenceLookup(widgets.VBox):
    """Controls: ``field`` (the id; Enter looks it up), ``button``, and with ``browse``
    ``previous`` / ``next`` (the sentence before or after, to read on). Result: ``shown``."""

    def __init__(self, sentences: Mapping[str, str], browse: bool = False):
        self.sentences = dict(sentences)
        self.order = list(self.sentences)  # article order: Next reads on as the article does
        self.field = widgets.Text(description="Look up a sentence", placeholder="e.g. S18",
                                  tooltip="Type a sentence id such as S18, then press Enter",
                                  continuous_update=False, style={"description_width": "initial"},
                                  layout=widgets.Layout(width="19em"))
        self.button = widgets.Button(description="Look up", tooltip="Show this sentence",
                                     layout=widgets.Layout(width="auto"))
        self.shown = widgets.HTML()
        self.button.on_click(lambda _: self.look_up())
        self.field.observe(lambda _: self.look_up(), names="value")  # Enter, or leaving the box
        row: list[widgets.Widget] = [self.field, self.button]
        if browse:
            self.previous = widgets.Button(description="‹ Previous", tooltip="The sentence "
                                           "before this one", layout=widgets.Layout(width="auto"))
            self.next = widgets.Button(description="Next ›", tooltip="The sentence after this one",
                                       layout=widgets.Layout(width="auto"))
            self.previous.on_click(lambda _: self.step(-1))
            self.next.on_click(lambda _: self.step(+1))
            row += [self.previous, self.next]
        super().__init__([widgets.HBox(row), self.shown])
        self.add_class(LOOKUP_CLASS)

    def step(self, by: int) -> str:
        """Show the sentence ``by`` places after the one shown (the first, if none is)."""
        if not self.order:
            return self.look_up()
        sid = normal_id(self.field.value)
        here = self.order.index(sid) if sid in self.order else -1 if by > 0 else len(self.order)
        return self.look_up(self.order[max(0, min(len(self.order) - 1, here + by))])

    def look_up(self, typed: str | None = None) -> str:
        """Show the sentence for ``typed`` (default: what the box holds); returns the HTML."""
        if typed is not None:
            self.field.value = typed
        self.shown.value = lookup_html(self.field.value, self.sentences)
        return self.shown.value


def sentence_lookup(typed: str = "", folder: str | Path | None = None, *,
                    browse: bool = True) -> SentenceLookup:
    """The look-up box over the course's sentences, showing ``typed`` already looked up,
    with Previous / Next to read on (empty, saying so, if the sentences do not load).
    A form's own box has no Previous / Next (``browse=False``): fewer stops before the
    answer."""
    try:
        sentences = data.sentence_texts(folder)
    except (LessonDataError, OSError):
        sentences = {}
    box = SentenceLookup(sentences, browse=browse)
    if typed:
        box.look_up(typed)
    return box

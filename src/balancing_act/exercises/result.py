"""What a learner sees after ``check``, ``hint`` and ``solution``: rich HTML and plain text.

Every object here renders twice: as HTML for JupyterLab (status word *and*
symbol, never colour alone; ``role="status"`` so screen readers announce it)
and as plain text for screen readers, logs and ``print``. Both forms hold only
the exercise's own words, never ids, times or memory addresses, so that nbval
sees the same output on every run.
"""

from __future__ import annotations

import html
import re
import reprlib
from dataclasses import dataclass
from typing import Any

from balancing_act.record.format import STATUSES as STATUS_NAMES

__all__ = ["CODE_ONLY_CLASS", "STATUSES", "Result", "Note", "short_repr", "inline_html"]

#: The class of the words in a message that say how to do the same in code (" (or
#: `.hint()`)"): a notebook shows them, a presentation hides them (delivery/present.py), so
#: the class on the projector never reads code words and the plain text stays as it is.
CODE_ONLY_CLASS = "ba-code-only"
#: Such an aside: " (or `.solution()`)", " (or `.hint(2)`)", " (in code, replace `...` ...)".
_CODE_ASIDE = re.compile(r" \((?:or `\.[a-z_]+\([^`()]*\)`|in code, [^()]*)\)")

#: status -> (symbol, word, theme colour). The word carries the meaning; colour only repeats it.
_LOOKS: dict[str, tuple[str, str, str]] = {
    "correct": ("✓", "Correct", "var(--jp-success-color1, #2e7d32)"),
    "incorrect": ("✗", "Not yet", "var(--jp-error-color1, #c62828)"),
    "not_attempted": ("…", "Not attempted", "var(--jp-border-color1, #757575)"),
    "invalid": ("⚠", "Check your answer's form", "var(--jp-warn-color1, #b26a00)"),
}
#: The one status vocabulary is the record's (``record.format.STATUSES``); this adds the look.
STATUSES = {name: _LOOKS[name] for name in STATUS_NAMES}

_BOX = ("border-left: 4px solid {colour}; padding: 0.4em 0.8em; margin: 0.3em 0; "
        "background: var(--jp-layout-color2, #f5f5f5); color: var(--jp-ui-font-color1, inherit);")

_REPR = reprlib.Repr()
_REPR.maxstring = 40
_REPR.maxother = 40
_REPR.maxlevel = 2
_REPR.maxlist = _REPR.maxtuple = _REPR.maxset = _REPR.maxfrozenset = _REPR.maxdict = 4
_ADDRESS = re.compile(r"\s+at\s+0x[0-9A-Fa-f]+")


def short_repr(value: Any, limit: int = 60) -> str:
    """A short, safe, deterministic repr of a learner's value for a message.

    Never raises (a raising ``__repr__`` gives the type name), never echoes a
    huge string, and drops memory addresses so outputs stay stable.
    """
    try:
        text = _REPR.repr(value)
    except (Exception, SystemExit):  # a learner's __repr__ may raise anything
        text = f"<{type(value).__name__} object>"
    text = _ADDRESS.sub("", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _escaped(text: str) -> str:
    escaped = html.escape(text, quote=False)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


def inline_html(text: str) -> str:
    """Escape text for HTML and turn `backticks` into <code>, the only markup prompts use.

    A code aside (``_CODE_ASIDE``) is wrapped in a ``CODE_ONLY_CLASS`` span, which a
    presentation hides; in a notebook it reads as before.
    """
    parts, last = [], 0
    for aside in _CODE_ASIDE.finditer(text):
        parts += [_escaped(text[last:aside.start()]),
                  f"<span class='{CODE_ONLY_CLASS}'>{_escaped(aside.group())}</span>"]
        last = aside.end()
    return "".join([*parts, _escaped(text[last:])])


def _paragraphs_html(paragraphs: tuple[str, ...]) -> str:
    return "".join(f"<p style='margin: 0.3em 0'>{inline_html(p)}</p>" for p in paragraphs)


@dataclass(frozen=True)
class Result:
    """The outcome of one check: a status, a message, and a targeted hint when one applies."""

    status: str
    message: str
    hint: str | None = None
    exercise_id: str = ""
    mistake: int | None = None  # the catalogued mistake's number (from 1), never the answer
    choice: str | None = None  # the option letters chosen ("B", "A+C", "B/C"), never text
    word: str | None = None  # the item's own word for its status ("Checks passed"), if any

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}; expected one of {list(STATUSES)}")

    @property
    def correct(self) -> bool:
        """True only for a correct answer, so ``assert ex.check(x).correct`` reads naturally."""
        return self.status == "correct"

    @property
    def label(self) -> str:
        symbol, word, _ = STATUSES[self.status]
        return f"{symbol} {self.word or word}"

    def __str__(self) -> str:
        head = f"{self.label} (exercise {self.exercise_id})" if self.exercise_id else self.label
        lines = [f"{head}: {self.message}"]
        if self.hint:
            lines.append(f"Hint: {self.hint}")
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        return self._html()

    def stale_html(self) -> str:
        """This result marked out of date: the answer changed after it was checked.

        The old feedback stays readable, dimmed, under one line saying to check again; it
        is no longer the form's status (its class and ``role`` are dropped)."""
        return ("<div class='balancing-act-stale' role='status' aria-live='polite' "
                "style='margin:0.3em 0'><p style='margin:0.2em 0'><strong>"
                "<span aria-hidden='true'>✎</span> You changed your answer.</strong> "
                "Press Check to check it; this feedback was for your earlier "
                f"answer:</p><div style='opacity:0.6'>{self._html(current=False)}</div></div>")

    def _html(self, current: bool = True) -> str:
        symbol, word, colour = STATUSES[self.status]
        word = html.escape(self.word) if self.word else word
        where = (f" <span>(exercise {html.escape(self.exercise_id)})</span>"
                 if self.exercise_id else "")
        hint = (f"<p style='margin: 0.3em 0'><strong>Hint:</strong> {inline_html(self.hint)}</p>"
                if self.hint else "")
        role = ("class='balancing-act-result balancing-act-{0}' role='status' "
                "aria-live='polite'" if current else "class='balancing-act-earlier'")
        return (
            f"<div {role.format(self.status)} style='{_BOX.format(colour=colour)}'>"
            f"<strong><span aria-hidden='true'>{symbol}</span> {word}</strong>{where}"
            f"<p style='margin: 0.3em 0'>{inline_html(self.message)}</p>{hint}</div>"
        )


@dataclass(frozen=True)
class Note:
    """A hint, a solution or an exercise prompt: a title, paragraphs, a list and some code."""

    title: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    items_title: str = ""
    code: str = ""
    code_title: str = ""
    kind: str = "hint"  # hint | solution | exercise
    footer: str = ""

    def __str__(self) -> str:
        lines = [self.title]
        if self.code:
            lines += [self.code_title] if self.code_title else []
            lines += ["    " + line for line in self.code.splitlines()]
        lines += self.paragraphs
        if self.items:
            if self.items_title:
                lines.append(self.items_title)
            lines += [f"  - {item}" for item in self.items]
        if self.footer:
            lines += ["", self.footer]
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        colour = "var(--jp-brand-color1, #1565c0)"
        items = ""
        if self.items:
            caption = (f"<p style='margin: 0.3em 0'>{inline_html(self.items_title)}</p>"
                       if self.items_title else "")
            listed = "".join(f"<li>{inline_html(i)}</li>" for i in self.items)
            items = f"{caption}<ul>{listed}</ul>"
        code = ""
        if self.code:
            caption = (f"<p style='margin: 0.3em 0'>{inline_html(self.code_title)}</p>"
                       if self.code_title else "")
            code = f"{caption}<pre><code>{html.escape(self.code, quote=False)}</code></pre>"
        footer = (f"<p style='margin: 0.3em 0'><small>{inline_html(self.footer)}</small></p>"
                  if self.footer else "")
        return (
            f"<section class='balancing-act-{self.kind}' role='note' "
            f"aria-label='{html.escape(self.title)}' style='{_BOX.format(colour=colour)}'>"
            f"<strong>{inline_html(self.title)}</strong>{code}{_paragraphs_html(self.paragraphs)}"
            f"{items}{footer}</section>"
        )

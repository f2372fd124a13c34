"""The answer key's crib: one printed page per lesson, to carry round the room.

Per exercise: its id, the answer, the other answers the check accepts, and the
catalogued wrong answers by number (the number the class report names) with what
each shows, i.e. the first sentence of its targeted hint. Long answers are cut to a
line with "see the full key": the full key, after the crib, has them whole.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from balancing_act.support import html_tables

#: How long one answer may be on the crib before it points to the full key.
ANSWER_CHARS = 90
#: How long "what it shows" may be: the hint's first sentence, cut at a word.
WHY_CHARS = 80
_FULL = " … (see the full key)"
_LETTERED = re.compile(r"^([A-Z])\. ")


def shorten(text: str, limit: int, tail: str = " …") -> str:
    """``text`` up to ``limit`` characters, cut at a word, with ``tail`` when cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + tail


def first_sentence(text: str) -> str:
    """The misconception a hint answers, in its first sentence (cut to ``WHY_CHARS``)."""
    flat = " ".join(str(text).split())
    match = re.match(r"(.+?[.?!])(?:\s+[A-Z\"“(]|$)", flat)
    return shorten(match.group(1) if match else flat, WHY_CHARS)


_ALSO = "also accepted: "


def compact(key: Any, limit: int = ANSWER_CHARS, *, note: bool = True,
            besides: Any = None) -> str:
    """An ``AnswerKey`` on one line: "C. hedging", "A, B, D", "US Relations → ...; ...".

    ``note=False`` leaves out the type's note (a unit, a tolerance); ``besides``, the
    answer's key: of a pairing (item → category) only the pairs that differ from it.
    """
    if key.header and len(key.header) == 2 and not key.items:
        rows = key.rows
        if besides is not None and besides.header == key.header:
            rows = tuple(r for r in key.rows if r not in besides.rows) or rows
        text = "; ".join(f"{a} → {b}" for a, b in rows)
    elif key.header:
        text = f"{len(key.rows)} rows, {', '.join(key.header)}"
        text = "; ".join([*key.items, text]) if key.items else text
    elif key.items:
        letters = [m.group(1) for m in map(_LETTERED.match, key.items) if m]
        text = (", ".join(letters) if len(letters) == len(key.items) and len(key.items) > 1
                else "; ".join(f"{n}. {i}" if key.ordered else i
                               for n, i in enumerate(key.items, 1)))
    else:
        text = key.text
    shown = _own_note(key)
    if note and shown:
        text = f"{text} ({shown})"
    return shorten(text, limit, _FULL)


def _own_note(key: Any) -> str:
    """The note without its "also accepted: ..." part, which the crib gives a column of."""
    return str(key.note or "").split(_ALSO, 1)[0].rstrip("; ")


def _synonyms(key: Any) -> list[str]:
    """What a note says is also accepted (a text answer's other spellings)."""
    note = str(key.note or "")
    return [note.split(_ALSO, 1)[1]] if _ALSO in note else []


_TIER = re.compile(r"['\"]?(answer|reason)['\"]?\s*:\s*['\"]([^'\"]*)['\"]")


def wrong_in_short(key: Any, answer: Any) -> str:
    """A catalogued wrong answer as the class names it: a choice by its letters only (the
    full key spells the options out), a two-tier slip by the tier it gets wrong."""
    shown = list(key.items or ()) or [str(key.text or "")]
    letters = [m.group(1) for m in map(_LETTERED.match, shown) if m]
    if letters and len(letters) == len(shown):
        return ", ".join(letters)
    tiers = _TIER.findall(" ".join(shown))
    if tiers:
        return "; ".join(f"{tier}: {_letter_or(value)}" for tier, value in tiers)
    return compact(key, 60, note=False, besides=answer)


def _letter_or(value: str) -> str:
    """A tier's choice by its letter where it has one, else its first words."""
    match = _LETTERED.match(value)
    return match.group(1) if match else shorten(value, 40)


def _wrongs(doc: Mapping[str, Any]) -> list[tuple[int, str, str]]:
    """(number, the wrong answer in short, what it shows) for each catalogued mistake."""
    return [(n, wrong_in_short(key, doc["key"]), first_sentence(hint))
            for n, (key, hint) in enumerate(doc.get("mistake_keys") or [], 1)]


def _accepted(doc: Mapping[str, Any]) -> list[str]:
    """The other answers the check accepts: defensible readings, other spellings."""
    return [*(compact(key, note=False, besides=doc["key"])
              for key in doc.get("accepted_keys") or []), *_synonyms(doc["key"])]


def _inline(text: Any) -> str:
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(str(text)))


#: The crib's columns, as its table's header.
COLUMNS = ("Exercise", "Answer", "Also accepted",
           "Catalogued wrong answers (number: answer, what it shows)")


def _row_html(doc: Mapping[str, Any]) -> tuple[str, str, str, str]:
    accepted = "; ".join(_inline(a) for a in _accepted(doc)) or "—"
    wrongs = "".join(f'<li value="{n}"><strong>{_inline(answer)}</strong>: {_inline(why)}</li>'
                     for n, answer, why in _wrongs(doc))
    return (f"<strong>{html.escape(str(doc['id']))}</strong>", _inline(compact(doc["key"])),
            accepted, f"<ol>{wrongs}</ol>" if wrongs else "—")


def crib_html(lessons: Mapping[str, Sequence[Mapping[str, Any]]],
              names: Mapping[str, str]) -> str:
    """One section (one printed page) per lesson: a table of its exercises."""
    return "".join(
        f'<section class="crib" aria-labelledby="crib-{n}"><h2 id="crib-{n}">Crib: '
        f"{_inline(names[n])}</h2>"
        + html_tables.rows_table(COLUMNS, [_row_html(doc) for doc in docs],
                                 f"Crib for {names[n]}: the full key follows", escape=False)
        + "</section>"
        for n, docs in lessons.items())


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def crib_markdown(lessons: Mapping[str, Iterable[Mapping[str, Any]]],
                  names: Mapping[str, str]) -> list[str]:
    """The crib as Markdown: a table per lesson; wrong answers "1. answer: what it shows"."""
    out: list[str] = []
    for n, docs in lessons.items():
        out += [f"## Crib: {names[n]}", "",
                "| exercise | answer | also accepted | catalogued wrong answers |",
                "| --- | --- | --- | --- |"]
        for doc in docs:
            wrongs = "; ".join(f"{k}. {a}: {why}" for k, a, why in _wrongs(doc)) or "—"
            out.append(f"| {doc['id']} | {_md(compact(doc['key']))} | "
                       f"{_md('; '.join(_accepted(doc)) or '—')} | {_md(wrongs)} |")
        out.append("")
    return out

"""What a learner sees between one exercise and the next, and whether it prints a key.

The assessment self-check (issue 21, point 7) asks of every ``reasoning`` item that its
key is not on the page between the previous exercise and it: in the lesson's Markdown,
in the stored outputs, or in the stored state of the widgets those outputs show. "Key
printed" means one of the strings a learner could copy into the form, shown whole:

* a choice item: the text of a right option (or an accepted one), and for a two-tier item
  the right answer's text and the right reason's text;
* a numeric item: the number itself, as a number on its own (not part of "S03" or 2026);
* a text item: an exact accepted string (the answer, a synonym, an accepted reading), as a
  word or phrase on its own;
* a written item: the model answer (a long stretch of it);
* a classification item: an item and its category in one table row.

A short option text ("hedging", "Russia") counts only when the span names it and none of
the item's wrong options: a passage that teaches all the terms does not single one out.
A sentence id as an option ("S18") never counts: every page cites ids; what the item asks
is which of them support a claim, and that is never printed as such.
The item's own prompt is cut out of the span (an introduction may restate it), and so is
a solution cell's filled form (the instructor's worked answer, emptied for learners).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from typing import Any

MIN_CHARS = 12  # as item_design.MIN_KEY_CHARS: a shorter text is a word any page uses
LONG_STRETCH = 60  # characters of a written item's model answer that count as printed
SENTENCE_ID = re.compile(r"[SH]\d{1,2}")
LEADING = {"a", "an", "the"}


def plain(text: str) -> str:
    """Markup and Markdown emphasis off, entities decoded, spaces collapsed, lower case."""
    text = html.unescape(re.sub(r"<[^>]+>", " | ", text))
    text = re.sub(r"[*_`>#]+", " ", text)
    return " ".join(text.split()).casefold()


def _widget_texts(nb: Mapping[str, Any], model_id: str, seen: set[str]) -> list[str]:
    """Every string a widget (and the widgets inside it) holds: what its view shows."""
    if model_id in seen:
        return []
    seen.add(model_id)
    state = nb.get("metadata", {}).get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    found: list[str] = []
    for value in state.get(model_id, {}).get("state", {}).values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.startswith("IPY_MODEL_"):
                found += _widget_texts(nb, item.removeprefix("IPY_MODEL_"), seen)
            elif isinstance(item, str):
                found.append(item)
    return found


def cell_text(nb: Mapping[str, Any], cell: Mapping[str, Any]) -> str:
    """What one cell shows a reader: Markdown as written, a code cell's stored outputs and
    the state of the widgets they show (a code cell's source is not shown on the page)."""
    if cell["cell_type"] == "markdown":
        return "".join(cell["source"])
    if "solution" in cell.get("metadata", {}).get("tags", []):
        return ""  # the instructor's worked answer: emptied in the student build
    parts: list[str] = []
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        for key in ("text/plain", "text/html", "text/markdown"):
            value = data.get(key, "")
            parts.append("".join(value) if isinstance(value, list) else value)
        if view := data.get("application/vnd.jupyter.widget-view+json"):
            parts += _widget_texts(nb, view["model_id"], set())
        text = out.get("text", "")
        parts.append("".join(text) if isinstance(text, list) else text)
    return " ".join(parts)


def exercise_cells(nb: Mapping[str, Any]) -> dict[str, int]:
    """Each exercise shown in a lesson and the first code cell that shows it."""
    found: dict[str, int] = {}
    for n, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            for eid in re.findall(r'exercise\("(\d\d\.\d+)"\)', "".join(cell["source"])):
                found.setdefault(eid, n)
    return found


def spans(nb: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(exercise id, everything shown after the previous exercise and before it), plain."""
    start = 0
    for eid, index in sorted(exercise_cells(nb).items(), key=lambda kv: kv[1]):
        yield eid, plain(" ".join(cell_text(nb, c) for c in nb["cells"][start:index]))
        start = index + 1


def _has(span: str, text: str) -> bool:
    """``text`` shown whole in ``span``: not inside a longer word or number."""
    needle = plain(str(text))
    return bool(needle) and re.search(rf"(?<![\w.]){re.escape(needle)}(?![\w])", span) is not None


def _choice_texts(ex: Any) -> tuple[list[str], list[str]]:
    """(the right option texts, the wrong ones) of a choice item, as its file gives them."""
    options = [str(o) for o in ex.checker.options]
    right: list[str] = []
    for option in options:
        answer = [option] if ex.type == "multiple_choice" else option
        if ex.type == "multiple_choice":
            keys = ex.example_answer if isinstance(ex.example_answer, list) else []
            if option in [str(k) for k in keys]:
                right.append(option)
        elif ex.evaluate(answer).correct:
            right.append(option)
    return right, [o for o in options if o not in right]


def _named(span: str, option: str) -> bool:
    """An option is named when its text is shown, or the word that leads it ("balancing"
    for "balancing against the stronger power")."""
    words = [w for w in re.findall(r"[\w-]+", option) if w.casefold() not in LEADING]
    return _has(span, option) or bool(words and len(words[0]) > 3 and _has(span, words[0]))


def _singled_out(span: str, right: list[str], wrong: list[str]) -> list[str]:
    """The right texts the span prints: a long one whenever shown; a short one only when
    no wrong option is named beside it; a sentence id never (every page cites them)."""
    any_wrong = any(_named(span, w) for w in wrong)
    return [r for r in right if _has(span, r) and not SENTENCE_ID.fullmatch(r.strip())
            and (len(r) >= MIN_CHARS or not any_wrong)]


def printed_keys(ex: Any, span: str) -> list[str]:
    """The item's key strings that ``span`` prints (see the module's docstring)."""
    span = span.replace(plain(ex.prompt), " ")
    if ex.type in ("single_choice", "multiple_choice"):
        return _singled_out(span, *_choice_texts(ex))
    if ex.type == "two_tier":
        key = ex.example_answer
        found = []
        for tier, texts in (("answer", ex.checker.options), ("reason", ex.checker.reasons)):
            right = [str(key[tier])]
            found += _singled_out(span, right, [str(t) for t in texts if str(t) not in right])
        return found
    if ex.type == "numeric":
        value = ex.example_answer
        text = f"{value:g}" if isinstance(value, float) else str(value)
        return [text] if re.search(rf"(?<![\w.]){re.escape(text)}(?![\w]|\.\d)", span) else []
    if ex.type == "text":
        answers = [ex.example_answer, *(ex.spec.get("synonyms") or []),
                   *(a["answer"] for a in ex.spec.get("accepted") or [])]
        return [a for a in answers if isinstance(a, str) and _has(span, a)]
    if ex.type == "written":
        model = plain(str(ex.example_answer))[:LONG_STRETCH]
        return [model] if model in span else []
    if ex.type == "classification":
        rows = span.split("| |")
        return [f"{item} / {cat}" for item, cat in ex.example_answer.items()
                if any(_has(row, item) and f"| {plain(str(cat))} |" in f"| {row} |"
                       for row in rows)]
    return []

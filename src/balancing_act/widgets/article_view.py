"""The article as it reads: headings, paragraphs, lists and tables, each sentence's id beside it.

Learners otherwise meet the article as fragments and as a filter table whose rows read
"a | b | c". This view rebuilds the text from ``sentences.csv`` (so every id shown is
one a learner can cite), highlights the sentences a lesson asks about, marks the
article's hard words where they first appear with their glossary sense, and gives each
section the course's plain-words paraphrase, labelled as such. The HTML is pure and
deterministic (a stored notebook output never drifts); ``article()`` is the one-line
call a lesson makes, ``excerpt_html`` what a printed worksheet uses.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from balancing_act.data import loaders as data

STYLE = (
    "<style>.ba-article{max-width:46em;line-height:1.6;font-size:1.02em;"
    "color:var(--jp-content-font-color1,inherit)}"
    ".ba-article h3{margin:1.1em 0 0.3em 0;font-size:1.15em}"
    ".ba-article .ba-id{font:0.72em/1 var(--jp-code-font-family,monospace);"
    "color:var(--jp-content-font-color1,#222);border:1px solid var(--jp-border-color1,#bbb);"
    "border-radius:3px;padding:0 0.2em;margin-right:0.3em;vertical-align:0.15em;"
    "white-space:nowrap}"
    ".ba-article mark.ba-hl{background:var(--jp-warn-color3,#fff3b0);color:inherit;"
    "outline:2px solid var(--jp-warn-color1,#8a6d00);border-radius:2px}"
    ".ba-article mark.ba-hl .ba-id{font-weight:bold;color:inherit;"
    "border-color:currentColor}"
    ".ba-article dfn{font-style:normal;text-decoration:underline dotted;cursor:help}"
    ".ba-article table{border-collapse:collapse;margin:0.4em 0 0.8em 0;font-size:0.95em}"
    ".ba-article th,.ba-article td{border:1px solid var(--jp-border-color1,#999);"
    "padding:0.2em 0.5em;text-align:left!important;vertical-align:top}"
    ".ba-article .ba-plain,.ba-article .ba-words{border-left:3px solid "
    "var(--jp-border-color1,#999);padding:0.1em 0.7em;margin:0.4em 0;font-size:0.93em}"
    ".ba-article .ba-words ul{margin:0.2em 0;padding-left:1.2em}"
    ".ba-article .ba-words li{margin:0.15em 0}"
    "@media print{.ba-article{max-width:none}.ba-article mark.ba-hl{outline:2px solid #000}}"
    "</style>"
)
Words = dict[str, tuple[str, re.Pattern[str]]]  # term -> (definition, its forms in the text)
Seen = dict[str, None]  # the hard words already marked, in the order they appeared
PROVENANCE = ("The article as the course received it. It names no author, outlet or date; "
              "it says its remarks were \u201creported by Reuters\u201d (S02).")


@dataclass(frozen=True)
class ArticleView:
    """What ``article()`` shows: the HTML, a plain-text fallback and what it highlights."""

    html: str
    text: str
    highlighted: tuple[str, ...]
    ids: tuple[str, ...]

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def article(highlight: Iterable[str] = (), sections: Iterable[str] | None = None,
            words: bool = True, plain: bool = True,
            folder: Path | str | None = None) -> ArticleView:
    """The whole article (or some sections), e.g. ``article(highlight=["S07", "S18"])``.

    ``words`` marks the article's hard words and lists them under each section;
    ``plain`` adds the course's plain-words paraphrase of each section.
    """
    sentences = data.load_sentences(folder)
    wanted = _ids(highlight, set(sentences["id"]))
    chosen = _sections(sections, data.load_sections(folder))
    glossary = hard_words(data.load_glossary(folder)) if words else {}
    body = [f'<p class="ba-plain"><em>{_inline(PROVENANCE)}</em></p>']
    if wanted:
        body.append(f"<p><strong>Highlighted</strong> (outlined): {', '.join(wanted)}</p>")
    seen: Seen = {}
    for section in chosen.itertuples():
        rows = sentences[sentences["section"] == section.id]
        body.append(_section_html(section, rows, set(wanted), glossary, seen, plain))
    label = "The article, each sentence with its id"
    page = f'{STYLE}<article class="ba-article" aria-label="{label}">{"".join(body)}</article>'
    shown = sentences[sentences["section"].isin(list(chosen["id"]))]
    return ArticleView(page, plain_text(shown, set(wanted)), tuple(wanted), tuple(shown["id"]))


def excerpt_html(sentences: pd.DataFrame, ids: Iterable[str]) -> str:
    """Only these sentences, in article order, grouped as the article groups them (worksheets).

    A table row comes with its table's header row, so its cells keep their column names.
    """
    keep = set(ids)
    tables = sentences[sentences["id"].isin(keep) & (sentences["kind"] == "table row")]
    places = set(zip(tables["section"], tables["paragraph"], strict=True))
    keep |= {row.id for row in sentences.itertuples()
             if row.kind == "table header" and (row.section, row.paragraph) in places}
    rows = sentences[sentences["id"].isin(keep)]
    if rows.empty:
        return ""
    parts = [_paragraph_html(group, set(), {}, set())
             for _, group in rows.groupby(["section", "paragraph"], observed=True, sort=False)]
    return f'<div class="ba-article">{"".join(parts)}</div>'


def hard_words(glossary: pd.DataFrame) -> Words:
    """The article's hard words: term -> (definition, the pattern of its forms in the text)."""
    if "in_article" not in glossary:
        return {}
    out = {}
    for row in glossary.itertuples():
        forms = [f.strip() for f in str(row.in_article or "").split(";") if f.strip()]
        if forms:
            alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
            out[str(row.term)] = (str(row.definition),
                                  re.compile(rf"\b({alternatives})\b", re.IGNORECASE))
    return out


def plain_text(sentences: pd.DataFrame, highlight: set[str]) -> str:
    """The article as text, one sentence a line with its id (a screen reader's or a pager's)."""
    lines = []
    for row in sentences.itertuples():
        mark = " <-- highlighted" if row.id in highlight else ""
        lines.append(f"[{row.id}] {row.text}{mark}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- the parts


def _ids(highlight: Iterable[str], known: set[str]) -> list[str]:
    if isinstance(highlight, str):
        highlight = [highlight]
    wanted = [str(i).strip().upper() for i in highlight]
    unknown = [i for i in wanted if i not in known]
    if unknown:
        raise ValueError(f"article(highlight=...) got {', '.join(unknown)}, which is not a "
                         f"sentence id; expected ids such as S07 or H3")
    return list(dict.fromkeys(wanted))


def _sections(sections: Iterable[str] | None, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.sort_values("order")
    if sections is None:
        return frame
    wanted = [sections] if isinstance(sections, str) else list(sections)
    unknown = [s for s in wanted if s not in set(frame["id"])]
    if unknown:
        raise ValueError(f"article(sections=...) got {', '.join(map(str, unknown))}; expected "
                         f"section names from: {', '.join(frame['id'])}")
    return frame[frame["id"].isin(wanted)]


def _section_html(section, rows: pd.DataFrame, wanted: set[str], glossary: Words, seen: Seen,
                  plain: bool) -> str:
    before = set(seen)
    parts = []
    heading = rows[rows["kind"] == "heading"]
    if heading.empty:
        parts.append("<h3>The opening paragraph <small>(no heading in the article)</small></h3>")
    for _, group in rows.groupby("paragraph", sort=True):
        parts.append(_paragraph_html(group, wanted, glossary, seen))
    if plain and str(getattr(section, "plain", "") or "").strip():
        parts.insert(1, f'<p class="ba-plain"><strong>In plain words</strong> (the course\'s '
                     f"paraphrase, not the article's text): {_inline(section.plain)}</p>")
    new = [term for term in seen if term not in before]
    if new:
        items = "".join(f"<li><strong>{html.escape(t)}</strong>: {_inline(glossary[t][0])}</li>"
                        for t in new)
        parts.append(f'<div class="ba-words" role="note" aria-label="Words to know">'
                     f"<strong>Words to know</strong> (background: their ordinary sense)"
                     f"<ul>{items}</ul></div>")
    return f'<section aria-label="{html.escape(str(section.heading))}">{"".join(parts)}</section>'


def _paragraph_html(group: pd.DataFrame, wanted: set[str], glossary: Words, seen: Seen) -> str:
    kinds = set(group["kind"])
    if "heading" in kinds:
        return "".join(f"<h3>{_sentence(r, wanted, glossary, seen)}</h3>"
                       for r in group.itertuples())
    if kinds & {"table row", "table header"}:
        return _table_html(group, wanted, glossary, seen)
    prose = group[group["kind"] != "list item"]
    items = group[group["kind"] == "list item"]
    out = ""
    if not prose.empty:
        out += "<p>" + " ".join(_sentence(r, wanted, glossary, seen)
                                for r in prose.itertuples()) + "</p>"
    if not items.empty:
        out += "<ul>" + "".join(f"<li>{_sentence(r, wanted, glossary, seen)}</li>"
                                for r in items.itertuples()) + "</ul>"
    return out


def _table_html(group: pd.DataFrame, wanted: set[str], glossary: Words, seen: Seen) -> str:
    head = group[group["kind"] == "table header"]
    body = group[group["kind"] == "table row"]
    out = ["<table>"]
    for row in head.itertuples():
        cells = "".join(f'<th scope="col">{_cell(c, row.id, wanted, glossary, seen)}</th>'
                        for c in _cells(row.text))
        out.append(f"<thead><tr><th scope=\"col\">{_badge(row.id, wanted)}</th>{cells}</tr>"
                   "</thead>")
    out.append("<tbody>")
    for row in body.itertuples():
        cells = _cells(row.text)
        first = f'<th scope="row">{_cell(cells[0], row.id, wanted, glossary, seen)}</th>'
        rest = "".join(f"<td>{_cell(c, row.id, wanted, glossary, seen)}</td>" for c in cells[1:])
        out.append(f"<tr><td>{_badge(row.id, wanted)}</td>{first}{rest}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _cells(text: str) -> list[str]:
    return [c.strip() for c in str(text).split("|")]


def _badge(sid: str, wanted: set[str]) -> str:
    badge = f'<span class="ba-id" aria-label="sentence {sid}">{sid}</span>'
    return f'<mark class="ba-hl">{badge}</mark>' if sid in wanted else badge


def _cell(text: str, sid: str, wanted: set[str], glossary: Words, seen: Seen) -> str:
    inner = _marked(text, glossary, seen)
    return f'<mark class="ba-hl">{inner}</mark>' if sid in wanted else inner


def _sentence(row, wanted: set[str], glossary: Words, seen: Seen) -> str:
    inner = (f'<span class="ba-id" aria-label="sentence {row.id}">{row.id}</span>'
             f"{_marked(str(row.text), glossary, seen)}")
    if row.id in wanted:
        return f'<mark class="ba-hl" id="ba-{row.id}">{inner}</mark>'
    return f'<span id="ba-{row.id}">{inner}</span>'


def _marked(text: str, glossary: Words, seen: Seen) -> str:
    """Escape the text; mark each hard word where it first appears in the view."""
    spans: list[tuple[int, int, str]] = []
    for term, (_definition, pattern) in glossary.items():
        if term in seen:
            continue
        found = pattern.search(text)
        if found and not any(a < found.end() and found.start() < b for a, b, _ in spans):
            spans.append((found.start(), found.end(), term))
            seen[term] = None
    out, at = [], 0
    for start, end, term in sorted(spans):
        title = html.escape(f"{term}: {glossary[term][0]}")
        out += [html.escape(text[at:start]),
                f'<dfn title="{title}">{html.escape(text[start:end])}</dfn>']
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)


def _inline(text: object) -> str:
    return html.escape(str(text))

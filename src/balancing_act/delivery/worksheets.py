"""Printable worksheets: one page per lesson, for a room without working computers.

Each worksheet carries the article excerpts its exercises cite (the sentences, as the
article groups them: paragraphs, lists, tables with their header rows) and every
exercise's prompt and options with room to answer: no answers, no hints, no
explanations, so it can be handed out. The print styles fit A4 and Letter (the paper is
chosen with ``paper``), use black on white only, and keep an exercise on one sheet.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from balancing_act.support import html_page
from balancing_act.support import overwrite_policy as safe_paths

PAPERS = {"a4": "A4", "letter": "letter"}
INDEX = "index.html"
_IDS = re.compile(r"\b(?:S\d{2}|H\d)\b")
_RANGE = re.compile(r"\b(S\d{2}) to (S\d{2})\b")

#: How paper answers each type: tick boxes, a blank to number or sort into, or lines.
#: A type not named here gets ruled lines, which any answer fits.
_BOX = {"single_choice": "\u25ef", "multiple_choice": "\u2610", "two_tier": "\u25ef",
        "ordering": "___", "classification": "______________"}
_LINES = {"numeric": 1, "text": 1, "written": 7, "table": 6, "plan": 8, "brief": 14}
_ON_PAPER = {"two_tier": "Mark one answer and one reason for it.",
             "table": "In the notebook you filter the table explorer; on paper, write the "
                      "rows you would keep.",
             "plan": "In the notebook you build the plan in the deal planner; on paper, "
                     "write each phase and its steps.",
             "brief": "In the notebook you write this in the brief builder; on paper, write "
                      "your plan, a paragraph for each capital and your claims with their "
                      "sentence ids."}

CSS = """
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; color: #000; background: #fff;
       max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 16pt; margin: 0 0 .2rem 0; } h2 { font-size: 13pt; margin: 1rem 0 .3rem 0; }
.who { display: flex; gap: 2rem; margin: .4rem 0 .8rem 0; }
.who span { flex: 1; border-bottom: 1px solid #000; padding-top: 1rem; }
.excerpts { box-sizing: border-box; border: 1px solid #000; padding: .2rem .8rem;
            margin: .5rem 0 1rem 0; }
.ba-id { font: 8pt/1 monospace; border: 1px solid #000; padding: 0 .15rem; margin-right: .25rem; }
table { border-collapse: collapse; margin: .3rem 0 .6rem 0; font-size: 10pt; }
th, td { border: 1px solid #000; padding: .15rem .4rem; text-align: left; vertical-align: top; }
.exercise { border-top: 1px solid #000; padding-top: .4rem; margin-top: .6rem; }
.exercise h3 { font-size: 11.5pt; margin: 0 0 .2rem 0; }
ul.choices { list-style: none; padding-left: .4rem; margin: .2rem 0; }
ul.choices li { margin: .25rem 0; } .box { display: inline-block; min-width: 1.6em; }
.line { border-bottom: 1px solid #000; height: 1.9em; }
.note { font-style: italic; }
nav a { color: #000; }
@media print {
  @page { size: PAPER; margin: 15mm 14mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav, .skip { display: none; }
  .exercise, table, tr, .excerpts li { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { color: #000; text-decoration: none; }
}
"""


def lesson_ids(docs: Iterable[Mapping[str, Any]], known: Iterable[str]) -> list[str]:
    """Ids a lesson's exercises cite or name (``S13 to S15`` expanded), in article order."""
    found: set[str] = set()
    for doc in docs:
        found |= {str(c) for c in doc.get("cites") or []}
        words = " ".join(str(doc.get(k, "")) for k in ("prompt", "options", "items", "reasons"))
        found |= set(_IDS.findall(words))
        for first, last in _RANGE.findall(words):
            found |= {f"S{n:02d}" for n in range(int(first[1:]), int(last[1:]) + 1)}
    return [sid for sid in known if sid in found]


def exercise_html(doc: Mapping[str, Any]) -> str:
    """One exercise as the learner meets it on paper: title, prompt, options, room to answer."""
    kind = str(doc.get("type", ""))
    title = f"Exercise {doc['id']}" + (f": {doc['title']}" if doc.get("title") else "")
    parts = [f"<h3>{_esc(title)}</h3>", f"<p>{_esc(doc.get('prompt', ''))}</p>"]
    caption, items = doc.get("choices") or ("", ())
    if items:
        if caption:
            parts.append(f"<p><em>{_esc(caption)}</em></p>")
        box = _BOX.get(kind, "\u2610")
        parts.append('<ul class="choices">' + "".join(
            f'<li><span class="box" aria-hidden="true">{box}</span> {_esc(item)}</li>'
            for item in items) + "</ul>")
    if note := _ON_PAPER.get(kind):
        parts.append(f'<p class="note">{_esc(note)}</p>')
    lines = _LINES.get(kind, 0 if items else 4)
    if kind == "numeric" and doc.get("unit"):
        parts.append(f"<p>Answer: ____________ {_esc(doc['unit'])}</p>")
    elif lines:
        parts.append('<div aria-label="room to answer">' + '<div class="line"></div>' * lines
                     + "</div>")
    return f'<section class="exercise">{"".join(parts)}</section>'


def worksheet_html(lesson: str, title: str, docs: list[Mapping[str, Any]], excerpts: str,
                   paper: str = "a4") -> str:
    """One lesson's worksheet as a whole page (no scripts, no network)."""
    name = f"Lesson {lesson}: {title}"
    body = [f"<header><h1>{_esc(name)}</h1>",
            '<div class="who"><span>Name</span><span>Class</span><span>Date</span></div>',
            "<p>Answer on this sheet. Cite the article by the ids in the boxes (S01 to S42; "
            "H1 to H3 are the tables' header rows).</p></header>",
            f'<main id="main"><h2>The article: the sentences this lesson uses</h2>'
            f'<div class="excerpts">{excerpts or "<p>(no sentences cited)</p>"}</div>',
            "<h2>Exercises</h2>", *(exercise_html(d) for d in docs), "</main>"]
    return html_page.page(f"Balancing Act worksheet: {name}", "".join(body),
                          css=CSS.replace("PAPER", PAPERS[paper]), skip_to="Skip to the sheet")


def build_worksheets(out_dir: Path, exercises_dir: Path | None = None, *, paper: str = "a4",
                     force: bool = False) -> list[Path]:
    """Write ``worksheet_NN.html`` per lesson and an index into ``out_dir``; return the paths.

    Never into the answer key's folder (``overwrite_policy``: a worksheet is handed out).
    """
    if paper not in PAPERS:
        raise ValueError(f"paper '{paper}' is not known; expected one of: {', '.join(PAPERS)}")
    lessons = _by_lesson(_docs(exercises_dir))
    if not lessons:
        raise ValueError(f"no exercises found in {exercises_dir or 'lessons_data/exercises'}; "
                         "expected files like 02_two_partners.yml")
    from balancing_act.data import loaders as data
    from balancing_act.delivery.answer_key import lesson_titles
    from balancing_act.widgets.article_view import excerpt_html

    sentences, titles = data.load_sentences(), lesson_titles()
    names = [f"worksheet_{n}.html" for n in lessons] + [INDEX]
    out_dir = safe_paths.check_output(out_dir, names, kind="worksheets", force=force)
    files = safe_paths.BuildFiles(out_dir, "worksheets")
    written = []
    for n, docs in lessons.items():
        ids = lesson_ids(docs, list(sentences["id"]))
        page = worksheet_html(n, titles.get(n, ""), docs, excerpt_html(sentences, ids), paper)
        written.append(files.write(f"worksheet_{n}.html", page))
    written.append(files.write(INDEX, _index_html(lessons, titles, paper)))
    return written


def _docs(folder: Path | None) -> list[dict[str, Any]]:
    """Each exercise's fields and the options as its form shows them (through the engine)."""
    from balancing_act import exercises

    return [{**ex.checker.spec, "lesson": ex.lesson, "type": ex.checker.name,
             "choices": ex.checker.choices()}
            for ex in exercises.all_exercises(folder).values()]


def _by_lesson(docs: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        grouped.setdefault(str(doc["lesson"]), []).append(doc)
    return dict(sorted(grouped.items()))


def _index_html(lessons: Mapping[str, Any], titles: Mapping[str, str], paper: str) -> str:
    links = "".join(f'<li><a href="worksheet_{n}.html">Lesson {n}: {_esc(titles.get(n, ""))}'
                    "</a></li>" for n in lessons)
    body = ("<header><h1>Balancing Act: worksheets</h1><p>One worksheet per lesson, for "
            f"printing on {PAPERS[paper]} paper; no answers.</p></header>"
            f'<main id="main"><ul>{links}</ul></main>')
    return html_page.page("Balancing Act: worksheets", body,
                          css=CSS.replace("PAPER", PAPERS[paper]), skip_to="Skip to the list")


def _esc(value: object) -> str:
    return html.escape(str(value))

"""The answer key for teachers: a one-page crib per lesson, then every exercise in full.

The crib (answer_crib.py) is what a teacher carries round the room: answers, accepted
alternatives and the catalogued wrong answers by the numbers the class report uses. The
full key after it has each exercise's prompt, options (as a list), answer, explanation and
cited text. Written as Markdown (to edit or print) and as one self-contained HTML page (no
scripts, no network) that prints each crib on one page and starts each lesson of the full
key on a new one; both read the exercises through the exercise engine so a broken file
stops the build with the engine's message, not a half-made key.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from balancing_act.delivery import answer_crib
from balancing_act.support import html_page, html_tables
from balancing_act.support import overwrite_policy as safe_paths


def load_exercise_files(folder: Path | None = None) -> list[dict[str, Any]]:
    """Every exercise's YAML fields plus its ``lesson``, in course order.

    Read through the exercise engine, so a broken file stops the build with the
    engine's message (file, exercise id, field) instead of a half-made key.
    """
    from balancing_act import exercises

    return [{**ex.checker.spec, "lesson": ex.lesson,
             "key": ex.checker.answer_key(ex.checker.spec["answer"]),
             "shown_options": ex.checker.choices()[1],
             "accepted_keys": [_written(ex.checker, a["answer"])
                               for a in ex.checker.spec.get("accepted") or []],
             "mistake_keys": [(_written(ex.checker, m["answer"]), m["hint"])
                              for m in ex.checker.spec.get("mistakes") or []]}
            for ex in exercises.all_exercises(folder).values()]


def _written(checker: Any, answer: Any) -> Any:
    """How the key writes an answer (a wrong one too); its plain text when the type cannot."""
    from balancing_act.exercises import AnswerKey

    try:
        return checker.answer_key(answer)
    except Exception:  # a partial answer the type's writer does not expect: show it as given
        return AnswerKey(text=str(answer))


_MAX_RANGE = 10
_SENTENCE_REF = re.compile(r"S(\d{2,3})(?:\s*(?:-|–|to)\s*S(\d{2,3}))?|\b(H\d)\b")


def cited_ids(doc: Mapping[str, Any]) -> list[str]:
    """The ``cites`` ids, then ids the explanation mentions (``S13 to S15`` expanded).

    A range longer than ``_MAX_RANGE`` keeps only its two ends: "S01 to S42" is
    a way of saying "the whole article", not a request to print it.
    """
    ids = [str(c) for c in doc.get("cites") or []]
    for match in _SENTENCE_REF.finditer(str(doc.get("explanation", ""))):
        if match.group(3):  # a table's header row, H1 to H3
            ids.append(match.group(3))
            continue
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        width = len(match.group(1))
        numbers = range(first, last + 1) if 0 <= last - first < _MAX_RANGE else (first, last)
        ids += [f"S{n:0{width}d}" for n in numbers]
    return list(dict.fromkeys(ids))


def _key(doc: Mapping[str, Any]) -> Any:
    """How the answer is shown: the type's ``key`` (see ``Checker.answer_key``), else its shape."""
    from balancing_act.exercises import AnswerKey

    if doc.get("key") is not None:
        return doc["key"]
    answer = doc.get("answer")
    if isinstance(answer, dict) and "columns" in answer and "rows" in answer:
        return AnswerKey(header=tuple(map(str, answer["columns"])),
                         rows=tuple(tuple(str(v) for v in r) for r in answer["rows"]))
    if isinstance(answer, dict):
        return AnswerKey(header=("key", "value"),
                         rows=tuple((str(k), str(v)) for k, v in answer.items()))
    if isinstance(answer, list):
        return AnswerKey(items=tuple(map(str, answer)))
    return AnswerKey(text=str(answer))


def lesson_titles(key: str = "lesson") -> dict[str, str]:
    """Lesson number (or notebook file name, ``key="notebook"``) -> title, from lessons.csv."""
    from balancing_act.data import loaders as data

    table = data.load_lessons()
    return dict(zip(table[key].astype(str), table["title"].astype(str), strict=True))


def _lesson_name(lesson: str, titles: Mapping[str, str]) -> str:
    return f"Lesson {lesson}: {titles[lesson]}" if titles.get(lesson) else f"Lesson {lesson}"


def _names(lessons: Iterable[str], titles: Mapping[str, str]) -> dict[str, str]:
    return {n: _lesson_name(n, titles) for n in lessons}


def _keyed(lessons: Mapping[str, list[Mapping[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Each doc with its answer as the key writes it (``_key``), for the crib."""
    return {n: [{**doc, "key": _key(doc)} for doc in items] for n, items in lessons.items()}


def _by_lesson(docs: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for doc in docs:
        grouped.setdefault(str(doc["lesson"]), []).append(doc)
    return dict(sorted(grouped.items()))


def _choices(doc: Mapping[str, Any]) -> list[Any]:
    """Options as the form shows them (lettered, from the type), else the categories."""
    if doc.get("options"):
        return list(doc.get("shown_options") or doc["options"])
    return list(doc.get("categories") or [])


def _md_cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def _answer_md(doc: Mapping[str, Any]) -> list[str]:
    key = _key(doc)
    if key.header:  # a table, after any items (a brief: its plan and paragraphs, then claims)
        return ["**Answer.**", "", *(f"- {item}" for item in key.items),
                *([""] if key.items else []), "| " + " | ".join(key.header) + " |",
                "|" + "".join(" ---: |" if c.numeric else " --- |"
                              for c in html_tables.columns_for(key.header, key.rows)),
                *("| " + " | ".join(_md_cell(v) for v in row) + " |" for row in key.rows), ""]
    if key.items:
        marker = "1." if key.ordered else "-"
        return ["**Answer.**", "", *(f"{marker} {item}" for item in key.items), ""]
    return [f"**Answer.** {key.text}", ""]


def answer_key_markdown(docs: list[Mapping[str, Any]], sentences: Mapping[str, str],
                        titles: Mapping[str, str] | None = None) -> str:
    """The answer key as Markdown: by lesson, each exercise's prompt, answer and explanation."""
    titles = titles or {}
    lessons = _by_lesson(docs)
    out = ["# Balancing Act: answer key", "",
           "For teachers: do not hand this out. First a crib, one page per lesson; then the "
           "full key, with cited sentence ids expanded to the article's text.", "",
           *answer_crib.crib_markdown(_keyed(lessons), _names(lessons, titles)),
           "# The full key", ""]
    for lesson, items in lessons.items():
        out += [f"## {_lesson_name(lesson, titles)}", ""]
        for doc in items:
            out += [f"### Exercise {doc['id']} ({str(doc.get('type', '')).replace('_', ' ')})", "",
                    f"**Prompt.** {doc.get('prompt', '')}", ""]
            if choices := _choices(doc):
                label = "Options" if doc.get("options") else "Categories"
                out += [f"**{label}.**", "", *(f"- {c}" for c in choices), ""]
            out += _answer_md(doc)
            if note := _key(doc).note:
                out += [f"*({note})*", ""]
            out += [f"**Explanation.** {doc.get('explanation', '')}", "",
                    "**Cited sentences.**", ""]
            out += [f"- **{sid}**: {sentences.get(sid, '(not a sentence id in sentences.csv)')}"
                    for sid in cited_ids(doc)] or ["None."]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


PAGE_CSS = """
body { font: 1rem/1.5 system-ui, sans-serif; max-width: 50rem; margin: 0 auto; padding: 1rem;
       color: #1a1a1a; background: #fff;
       overflow-wrap: normal; word-break: normal; hyphens: none; }
a { color: #0b4f9c; } a:focus { outline: 3px solid #0b4f9c; outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #555; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
dt { font-weight: bold; } dd { margin: 0 0 .5rem 1.5rem; }
.exercise { border-top: 1px solid #999; padding-top: .5rem; }
.note { font-style: italic; }
ul.options { list-style: none; padding-left: 0; margin: 0; }
.crib table { width: 100%; font-size: .9rem; }
.crib td:nth-child(2) { width: 24%; } .crib td:nth-child(3) { width: 14%; }
.crib td:nth-child(4) { width: 55%; }
.crib caption { text-align: left; font-weight: bold; }
.crib ol { margin: 0; padding-left: 1.6em; }
@media print {
  @page { margin: 12mm; }
  nav, .skip, header p { display: none; }
  body { max-width: none; font-size: 11pt; padding: 0; }
  h1 { font-size: 16pt; margin: 0 0 .3rem 0; }
  .crib { break-after: page; break-inside: avoid; }
  .crib h2 { font-size: 13pt; margin: 0 0 .2rem 0; }
  .crib table { font-size: 8.5pt; line-height: 1.3; }
  .crib caption { display: none; }
  .crib th, .crib td { padding: .12rem .3rem; }
  .lesson { break-before: page; } .lesson:first-of-type { break-before: page; }
  .exercise { break-inside: avoid; }
  table, tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _inline(text: Any) -> str:
    """Escape for HTML, keeping `backticked` code as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(str(text)))


def _answer_html(doc: Mapping[str, Any]) -> str:
    key = _key(doc)
    if key.header:
        items = "".join(f"<li>{_inline(a)}</li>" for a in key.items)
        rows = [tuple(_inline(v) for v in row) for row in key.rows]
        table = html_tables.rows_table(key.header, rows, f"Answer to exercise {doc['id']}",
                                       escape=False)
        return (f"<ul>{items}</ul>" if items else "") + table
    if key.items:
        tag = "ol" if key.ordered else "ul"
        return f"<{tag}>" + "".join(f"<li>{_inline(a)}</li>" for a in key.items) + f"</{tag}>"
    return f"<p>{_inline(key.text)}</p>"


def _exercise_html(doc: Mapping[str, Any], sentences: Mapping[str, str]) -> str:
    kind = html.escape(str(doc.get("type", "")).replace("_", " "))
    choices = _choices(doc)
    parts = [f'<section class="exercise" aria-labelledby="ex-{doc["id"]}">',
             f'<h3 id="ex-{doc["id"]}">Exercise {html.escape(str(doc["id"]))} ({kind})</h3>',
             "<dl>", f"<dt>Prompt</dt><dd>{_inline(doc.get('prompt', ''))}</dd>"]
    if choices:
        label = "Options" if doc.get("options") else "Categories"
        listed = "".join(f"<li>{_inline(c)}</li>" for c in choices)
        parts.append(f'<dt>{label}</dt><dd><ul class="options">{listed}</ul></dd>')
    note = _key(doc).note
    parts.append(f"<dt>Answer</dt><dd>{_answer_html(doc)}"
                 + (f'<p class="note">({html.escape(note)})</p>' if note else "") + "</dd>")
    parts.append(f"<dt>Explanation</dt><dd>{_inline(doc.get('explanation', ''))}</dd>")
    cites = "".join(f"<li><strong>{html.escape(sid)}</strong>: "
                    f"{_inline(sentences.get(sid, '(not a sentence id in sentences.csv)'))}</li>"
                    for sid in cited_ids(doc))
    cited = f"<ul>{cites}</ul>" if cites else "None."
    parts += [f"<dt>Cited sentences</dt><dd>{cited}</dd>", "</dl>", "</section>"]
    return "\n".join(parts)


def answer_key_html(docs: list[Mapping[str, Any]], sentences: Mapping[str, str],
                    titles: Mapping[str, str] | None = None) -> str:
    """The answer key as one self-contained, printable HTML page (no scripts, no network)."""
    titles = titles or {}
    lessons = _by_lesson(docs)
    names = _names(lessons, titles)
    cribs = "".join(f'<li><a href="#crib-{n}">Crib: {_inline(names[n])}</a></li>'
                    for n in lessons)
    toc = "".join(f'<li><a href="#lesson-{n}">{_inline(names[n])}</a></li>' for n in lessons)
    body = "".join(
        f'<section class="lesson" aria-labelledby="lesson-{n}">'
        f'<h2 id="lesson-{n}">{_inline(names[n])}</h2>'
        + "".join(_exercise_html(doc, sentences) for doc in items) + "</section>"
        for n, items in lessons.items())
    return html_page.page(
        "Balancing Act: answer key",
        "<header><h1>Balancing Act: answer key</h1><p>For teachers: do not hand this out. "
        "First a crib, one page per lesson; then the full key, with cited sentence ids "
        "expanded to the article's text.</p></header>\n"
        f"<nav aria-label=\"Lessons\"><ul>{cribs}</ul><ul>{toc}</ul></nav>\n"
        f"<main id=\"main\">{answer_crib.crib_html(_keyed(lessons), names)}{body}</main>",
        css=PAGE_CSS, skip_to="Skip to the answers")


def _sentence_texts() -> dict[str, str]:
    from balancing_act.data import loaders as data

    return data.sentence_texts()


def build_answer_key(out_dir: Path, exercises_dir: Path | None = None, *,
                     force: bool = False) -> list[Path]:
    """Write answer_key.md and answer_key.html into ``out_dir``; return both paths.

    Never into a folder learners get (``safe_paths.check_output``).
    """
    docs = load_exercise_files(exercises_dir)
    if not docs:
        raise ValueError(f"no exercises found in {exercises_dir or 'lessons_data/exercises'}; "
                         "expected files like 02_two_partners.yml")
    sentences, titles = _sentence_texts(), lesson_titles()
    out_dir = safe_paths.check_output(out_dir, ["answer_key.md", "answer_key.html"],
                                      kind="answer-key", force=force)
    files = safe_paths.BuildFiles(out_dir, "answer-key")  # each whole, recorded as written
    return [files.write("answer_key.md", answer_key_markdown(docs, sentences, titles)),
            files.write("answer_key.html", answer_key_html(docs, sentences, titles))]

"""Classroom delivery: student notebooks, answer key, Voilà presentation, offline site.

Each builder is a plain function over files, so the ``balancing-act`` commands,
the Makefile and the tests all run the same code; the ``*_command`` functions
only add messages and exit codes.
"""

from __future__ import annotations

import argparse
import ast
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from . import paths, safe_paths
from .errors import CourseError

__all__ = [
    "SOLUTION_TAG",
    "SiteBuildError",
    "SiteReport",
    "answer_key_command",
    "answer_key_html",
    "answer_key_markdown",
    "build_answer_key",
    "build_site",
    "build_student",
    "html_command",
    "load_exercise_files",
    "placeholder_source",
    "present_command",
    "student_notebook",
    "voila_command",
    "site_assets",
]

SOLUTION_TAG = "solution"
LESSON_GLOB = "[0-9][0-9]_*.ipynb"  # as paths.lesson_notebooks: scratch notebooks stay out
#: Cell and notebook metadata keys that may carry answers (nbgrader's, our own).
_SECRET_KEY = re.compile(r"solution|nbgrader", re.IGNORECASE)
_DROPPED_METADATA = ("widgets", "execution")
GENERIC_PLACEHOLDER = "your answer"
MARKDOWN_PLACEHOLDER = "*Write your answer here.*"


# =========================================================================== student build


def is_solution(cell: Mapping[str, Any]) -> bool:
    """True for a cell the instructor tagged ``solution``."""
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def _exercise_id(node: ast.AST | None) -> str | None:
    """'02.1' for ``exercise("02.1")`` (or ``ba.exercise("02.1")``), else None."""
    if not isinstance(node, ast.Call) or not node.args:
        return None
    func, first = node.func, node.args[0]
    named = (isinstance(func, ast.Name) and func.id == "exercise") or (
        isinstance(func, ast.Attribute) and func.attr == "exercise")
    if named and isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    return None


def _check_call(stmt: ast.stmt) -> ast.Call | None:
    """The call in a statement of the form ``<something>.check(...)``."""
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        func = stmt.value.func
        if isinstance(func, ast.Attribute) and func.attr == "check":
            return stmt.value
    return None


def _handles(tree: ast.Module) -> dict[str, str]:
    """Name -> exercise id for each ``ex = exercise("ID")`` in a cell."""
    return {t.id: eid for node in ast.walk(tree) if isinstance(node, ast.Assign)
            if (eid := _exercise_id(node.value))
            for t in node.targets if isinstance(t, ast.Name)}


def exercise_handles(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Every ``ex = exercise("ID")`` in a notebook: answer cells often check an earlier handle."""
    found: dict[str, str] = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            try:
                found.update(_handles(ast.parse(cell.source)))
            except SyntaxError:
                continue
    return found


def _checked_exercises(tree: ast.Module, known: Mapping[str, str]) -> dict[str, str]:
    """Checked name -> exercise id, from ``exercise("ID").check(name)`` or ``ex.check(name)``."""
    handles = {**known, **_handles(tree)}
    found: dict[str, str] = {}
    for stmt in tree.body:
        call = _check_call(stmt)
        if call is None or not call.args:
            continue
        owner = call.func.value  # type: ignore[attr-defined]
        handle = handles.get(owner.id) if isinstance(owner, ast.Name) else None
        eid = _exercise_id(owner) or handle
        if eid:
            found[call.args[0].id if isinstance(call.args[0], ast.Name) else "answer"] = eid
    return found


def _target_names(stmt: ast.stmt) -> list[str]:
    """Plain names a statement assigns (``a = b = 1``, ``a, b = ...``, ``a: int = 1``)."""
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        targets = [stmt.target]
    else:
        return []
    names = []
    for target in targets:
        elts = target.elts if isinstance(target, ast.Tuple | ast.List) else [target]
        names += [e.id for e in elts if isinstance(e, ast.Name)]
    return names


def _comment(eid: str | None, hints: Mapping[str, str]) -> str:
    return f"# replace ... with {hints.get(eid or '', '') or GENERIC_PLACEHOLDER}"


def _keeps(stmt: ast.stmt) -> bool:
    """Plumbing a student cell keeps as written: imports, exercise handles, checks of a name."""
    if isinstance(stmt, ast.Import | ast.ImportFrom):
        return True
    if isinstance(stmt, ast.Assign) and _exercise_id(stmt.value):
        return True
    call = _check_call(stmt)
    return call is not None and len(call.args) == 1 and isinstance(call.args[0], ast.Name)


def placeholder_source(source: str, hints: Mapping[str, str],
                       handles: Mapping[str, str] | None = None) -> str:
    """The student version of a solution cell's code.

    Each checked name keeps its assignment with ``...`` as the value (the
    engine's "not attempted") and a comment saying what to write; imports,
    exercise handles and ``.check(name)`` calls stay; anything else (the working)
    goes. ``ex.check("x")`` becomes ``answer = ...`` then ``ex.check(answer)``.
    With no check in the cell, every assigned name is kept as a placeholder.
    ``handles`` maps names bound to exercises elsewhere in the notebook to ids.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        ids = re.findall(r"""exercise\(\s*["']([^"']+)["']""", source)
        return _comment(ids[0] if ids else None, hints) + "\n"
    checked = _checked_exercises(tree, handles or {})
    only = next(iter(set(checked.values()))) if len(set(checked.values())) == 1 else None
    lines: list[str] = []
    seen: set[str] = set()
    for stmt in tree.body:
        if _keeps(stmt):
            lines.append(ast.get_source_segment(source, stmt) or "")
        elif (call := _check_call(stmt)) is not None:
            lines.append(f"answer = ...  {_comment(checked.get('answer', only), hints)}")
            lines.append(f"{ast.get_source_segment(source, call.func)}(answer)")
        for name in _target_names(stmt):
            if checked and name not in checked:
                continue  # the working that led to the answer: the student writes their own
            if name not in seen and not _keeps(stmt):
                seen.add(name)
                lines.append(f"{name} = ...  {_comment(checked.get(name, only), hints)}")
    if not any(" = ...  # " in line for line in lines):
        lines.insert(0, _comment(only, hints))
    return "\n".join(lines) + "\n"


def _clean_metadata(meta: Mapping[str, Any]) -> dict[str, Any]:
    """Metadata minus answer-bearing keys, run records and the ``solution`` tag."""
    out = {k: v for k, v in meta.items()
           if k not in _DROPPED_METADATA and not _SECRET_KEY.search(k)}
    tags = [t for t in meta.get("tags", []) if t != SOLUTION_TAG]
    if tags:
        out["tags"] = tags
    else:
        out.pop("tags", None)
    return out


def student_cell(cell: nbformat.NotebookNode, hints: Mapping[str, str],
                 handles: Mapping[str, str] | None = None) -> nbformat.NotebookNode:
    """One cell as students get it: solutions replaced, outputs and run counts cleared."""
    new = nbformat.from_dict(json.loads(json.dumps(cell)))
    new.metadata = nbformat.from_dict(_clean_metadata(cell.get("metadata", {})))
    if is_solution(cell):
        if cell.cell_type == "code":
            new.source = placeholder_source(cell.source, hints, handles)
        else:
            new.source = MARKDOWN_PLACEHOLDER if cell.cell_type == "markdown" else ""
            new.pop("attachments", None)
    if new.cell_type == "code":
        new.outputs = []
        new.execution_count = None
    return new


def student_notebook(nb: nbformat.NotebookNode,
                     hints: Mapping[str, str]) -> nbformat.NotebookNode:
    """The student version of a whole notebook (the input is left unchanged)."""
    new = nbformat.from_dict(json.loads(json.dumps(nb)))
    new.metadata = nbformat.from_dict(_clean_metadata(nb.get("metadata", {})))
    handles = exercise_handles(nb)
    new.cells = [student_cell(cell, hints, handles) for cell in nb.cells]
    return new


def _placeholders(exercises_dir: Path | None) -> dict[str, str]:
    """Exercise id -> the YAML ``placeholder`` text shown in student cells."""
    return {doc["id"]: str(doc.get("placeholder") or "")
            for doc in load_exercise_files(exercises_dir)}


def build_student(src_dir: Path, out_dir: Path, exercises_dir: Path | None = None, *,
                  force: bool = False) -> list[Path]:
    """Write the student version of each lesson notebook in ``src_dir`` into ``out_dir``.

    Refuses to write into ``src_dir`` itself, which would overwrite the
    instructor notebooks with their solutions removed, and follows
    ``safe_paths.check_output`` (no learner's notebook replaced without ``force``).
    """
    src_dir = Path(src_dir).resolve()
    if Path(out_dir).resolve() == src_dir:
        raise ValueError(f"the student build would overwrite the notebooks in {src_dir}; "
                         "expected a different output folder, e.g. build/student")
    sources = sorted(src_dir.glob(LESSON_GLOB))
    out_dir = safe_paths.check_output(out_dir, [p.name for p in sources], kind="student",
                                      force=force)
    hints = _placeholders(exercises_dir)
    written = [write_student(path, out_dir / path.name, hints) for path in sources]
    safe_paths.record_output(out_dir, "student", written)
    return written


def add_missing_student_copies(src_dir: Path, work_dir: Path) -> list[Path]:
    """Give a learner the student version of each lesson they do not have yet.

    A notebook already in ``work_dir`` is the learner's work and is never
    touched; only lessons missing there (a first start, a new lesson) are added.
    """
    work_dir = Path(work_dir)
    missing = [p for p in sorted(Path(src_dir).glob(LESSON_GLOB))
               if not (work_dir / p.name).exists()]
    safe_paths.check_output(work_dir, [p.name for p in missing], kind="learner-copy")
    hints = _placeholders(None)
    return [write_student(path, work_dir / path.name, hints) for path in missing]


def write_student(path: Path, target: Path, hints: Mapping[str, str]) -> Path:
    """Write the student version of one notebook to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(student_notebook(nbformat.read(path, as_version=4), hints), target)
    return target


# =========================================================================== exercises + key


def load_exercise_files(folder: Path | None = None) -> list[dict[str, Any]]:
    """Every exercise's YAML fields plus its ``lesson``, in course order.

    Read through the exercise engine, so a broken file stops the build with the
    engine's message (file, exercise id, field) instead of a half-made key.
    """
    from . import exercises

    return [{**ex.checker.spec, "lesson": ex.lesson}
            for ex in exercises.all_exercises(folder).values()]


_MAX_RANGE = 10
_SENTENCE_REF = re.compile(r"S(\d{2,3})(?:\s*(?:-|–|to)\s*S(\d{2,3}))?")


def cited_ids(doc: Mapping[str, Any]) -> list[str]:
    """The ``cites`` ids, then ids the explanation mentions (``S13 to S15`` expanded).

    A range longer than ``_MAX_RANGE`` keeps only its two ends: "S01 to S42" is
    a way of saying "the whole article", not a request to print it.
    """
    ids = [str(c) for c in doc.get("cites") or []]
    for match in _SENTENCE_REF.finditer(str(doc.get("explanation", ""))):
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        width = len(match.group(1))
        numbers = range(first, last + 1) if 0 <= last - first < _MAX_RANGE else (first, last)
        ids += [f"S{n:0{width}d}" for n in numbers]
    return list(dict.fromkeys(ids))


def _answer_rows(doc: Mapping[str, Any]) -> tuple[list[str], list[list[str]]] | None:
    """(header, rows) when the answer is a table or a mapping, else None."""
    answer = doc.get("answer")
    if doc.get("type") == "brief":
        return ["claim", "cites", "priority"], [
            [str(c["text"]), ", ".join(c["cites"]), str(c["priority"])] for c in answer["claims"]]
    if isinstance(answer, dict) and "columns" in answer and "rows" in answer:
        return [str(c) for c in answer["columns"]], [[str(v) for v in r] for r in answer["rows"]]
    if isinstance(answer, dict):
        header = ["item", "category"] if doc.get("type") == "classification" else ["key", "value"]
        return header, [[str(k), str(v)] for k, v in answer.items()]
    return None


def _answer_note(doc: Mapping[str, Any]) -> str:
    """What else the checker accepts: synonyms, numeric tolerance and unit, order."""
    notes = []
    if doc.get("synonyms"):
        notes.append("also accepted: " + "; ".join(str(s) for s in doc["synonyms"]))
    if doc.get("unit"):
        notes.append(f"unit: {doc['unit']}")
    if float(doc.get("tolerance") or 0) > 1e-6:
        notes.append(f"accepted within ± {doc['tolerance']:g}")
    if doc.get("type") == "table":
        notes.append("row order matters" if doc.get("order_matters") else "any row order")
    if doc.get("type") == "plan":
        wanted = "; ".join(f"{k}: {v}" for k, v in doc["conditions"].items())
        notes.append(f"one example: any plan that meets the conditions passes ({wanted})")
    if doc.get("type") == "brief":
        notes.append(f"one example, with the plan '{doc['answer']['plan']}': any brief that "
                     "passes the four checks passes")
    return "; ".join(notes)


def _lesson_titles(key: str = "lesson") -> dict[str, str]:
    """Lesson number (or notebook file name, ``key="notebook"``) -> title, from lessons.csv."""
    from . import data

    table = data.load_lessons()
    return dict(zip(table[key].astype(str), table["title"].astype(str), strict=True))


def _lesson_name(lesson: str, titles: Mapping[str, str]) -> str:
    return f"Lesson {lesson}: {titles[lesson]}" if titles.get(lesson) else f"Lesson {lesson}"


def _by_lesson(docs: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for doc in docs:
        grouped.setdefault(str(doc["lesson"]), []).append(doc)
    return dict(sorted(grouped.items()))


def _md_cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def _answer_md(doc: Mapping[str, Any]) -> list[str]:
    table = _answer_rows(doc)
    answer = doc.get("answer")
    if table:
        header, rows = table
        return ["**Answer.**", "", "| " + " | ".join(header) + " |", "|" + " --- |" * len(header),
                *("| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows), ""]
    if isinstance(answer, list):
        marker = "1." if doc.get("type") == "ordering" else "-"
        return ["**Answer.**", "", *(f"{marker} {item}" for item in answer), ""]
    return [f"**Answer.** {answer}", ""]


def answer_key_markdown(docs: list[Mapping[str, Any]], sentences: Mapping[str, str],
                        titles: Mapping[str, str] | None = None) -> str:
    """The answer key as Markdown: by lesson, each exercise's prompt, answer and explanation."""
    titles = titles or {}
    out = ["# Balancing Act: answer key", "",
           "For teachers: do not hand this out. Cited sentence ids are expanded to the "
           "article's text.", ""]
    for lesson, items in _by_lesson(docs).items():
        out += [f"## {_lesson_name(lesson, titles)}", ""]
        for doc in items:
            out += [f"### Exercise {doc['id']} ({str(doc.get('type', '')).replace('_', ' ')})", "",
                    f"**Prompt.** {doc.get('prompt', '')}", ""]
            if doc.get("options") or doc.get("categories"):
                label = "Options" if doc.get("options") else "Categories"
                out += [f"**{label}.** " + "; ".join(map(str, doc.get("options")
                                                           or doc["categories"])), ""]
            out += _answer_md(doc)
            if note := _answer_note(doc):
                out += [f"*({note})*", ""]
            out += [f"**Explanation.** {doc.get('explanation', '')}", "",
                    "**Cited sentences.**", ""]
            out += [f"- **{sid}**: {sentences.get(sid, '(not a sentence id in sentences.csv)')}"
                    for sid in cited_ids(doc)] or ["None."]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


_KEY_CSS = """
body { font: 1rem/1.5 system-ui, sans-serif; max-width: 50rem; margin: 0 auto; padding: 1rem;
       color: #1a1a1a; background: #fff; }
a { color: #0b4f9c; } a:focus { outline: 3px solid #0b4f9c; outline-offset: 2px; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; background: #fff; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #555; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
dt { font-weight: bold; } dd { margin: 0 0 .5rem 1.5rem; }
.exercise { border-top: 1px solid #999; padding-top: .5rem; }
.note { font-style: italic; }
@media print {
  nav, .skip { display: none; }
  body { max-width: none; font-size: 11pt; }
  .lesson { break-before: page; } .lesson:first-of-type { break-before: auto; }
  .exercise { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def _inline(text: Any) -> str:
    """Escape for HTML, keeping `backticked` code as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(str(text)))


def _answer_html(doc: Mapping[str, Any]) -> str:
    table = _answer_rows(doc)
    answer = doc.get("answer")
    if table:
        header, rows = table
        head = "".join(f'<th scope="col">{_inline(h)}</th>' for h in header)
        body = "".join("<tr>" + "".join(f"<td>{_inline(v)}</td>" for v in row) + "</tr>"
                       for row in rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if isinstance(answer, list):
        tag = "ol" if doc.get("type") == "ordering" else "ul"
        return f"<{tag}>" + "".join(f"<li>{_inline(a)}</li>" for a in answer) + f"</{tag}>"
    return f"<p>{_inline(answer)}</p>"


def _exercise_html(doc: Mapping[str, Any], sentences: Mapping[str, str]) -> str:
    kind = html.escape(str(doc.get("type", "")).replace("_", " "))
    choices = doc.get("options") or doc.get("categories")
    parts = [f'<section class="exercise" aria-labelledby="ex-{doc["id"]}">',
             f'<h3 id="ex-{doc["id"]}">Exercise {html.escape(str(doc["id"]))} ({kind})</h3>',
             "<dl>", f"<dt>Prompt</dt><dd>{_inline(doc.get('prompt', ''))}</dd>"]
    if choices:
        label = "Options" if doc.get("options") else "Categories"
        parts.append(f"<dt>{label}</dt><dd>{'; '.join(_inline(c) for c in choices)}</dd>")
    note = _answer_note(doc)
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
    names = {n: _lesson_name(n, titles) for n in lessons}
    toc = "".join(f'<li><a href="#lesson-{n}">{_inline(names[n])}</a></li>' for n in lessons)
    body = "".join(
        f'<section class="lesson" aria-labelledby="lesson-{n}">'
        f'<h2 id="lesson-{n}">{_inline(names[n])}</h2>'
        + "".join(_exercise_html(doc, sentences) for doc in items) + "</section>"
        for n, items in lessons.items())
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>Balancing Act: answer key</title>\n<style>{_KEY_CSS}</style>\n</head>\n"
            "<body>\n<a class=\"skip\" href=\"#main\">Skip to the answers</a>\n"
            "<header><h1>Balancing Act: answer key</h1><p>For teachers: do not hand this out. "
            "Cited sentence ids are expanded to the article's text.</p></header>\n"
            f"<nav aria-label=\"Lessons\"><ul>{toc}</ul></nav>\n"
            f"<main id=\"main\">{body}</main>\n</body>\n</html>\n")


def _sentence_texts() -> dict[str, str]:
    from . import data

    table = data.load_sentences()
    return dict(zip(table["id"], table["text"], strict=True))


def build_answer_key(out_dir: Path, exercises_dir: Path | None = None, *,
                     force: bool = False) -> list[Path]:
    """Write answer_key.md and answer_key.html into ``out_dir``; return both paths.

    Never into a folder learners get (``safe_paths.check_output``).
    """
    docs = load_exercise_files(exercises_dir)
    if not docs:
        raise ValueError(f"no exercises found in {exercises_dir or 'lessons_data/exercises'}; "
                         "expected files like 02_two_partners.yml")
    sentences, titles = _sentence_texts(), _lesson_titles()
    out_dir = safe_paths.check_output(out_dir, ["answer_key.md", "answer_key.html"],
                                      kind="answer-key", force=force)
    md, page = out_dir / "answer_key.md", out_dir / "answer_key.html"
    md.write_text(answer_key_markdown(docs, sentences, titles), encoding="utf-8")
    page.write_text(answer_key_html(docs, sentences, titles), encoding="utf-8")
    safe_paths.record_output(out_dir, "answer-key", [md, page])
    return [md, page]


# =========================================================================== presentation


def voila_command(notebook: Path, port: int, open_browser: bool = True) -> list[str]:
    """The Voilà command line: loopback only, code cells stripped, widgets live."""
    cmd = [sys.executable, "-m", "voila", str(notebook), f"--port={port}",
           "--Voila.ip=127.0.0.1", "--strip_sources=True", "--theme=light"]
    return cmd if open_browser else [*cmd, "--no-browser"]


# =========================================================================== static site

#: What an offline page loads: require.js, the widget renderer, and MathJax (as SVG, no fonts).
SITE_PACKAGES = ("@jupyter-widgets/html-manager@^1", "requirejs@^2", "mathjax@^3")
REQUIRED_ASSETS = ("require.js", "embed-amd.js", "tex-svg-full.js")
ASSET_CACHE = paths.cache_dir() / "site-assets"
STATIC = "static"
_MANIFEST = "MANIFEST.txt"
_FONT = re.compile(r"\.(woff2?|ttf|eot|svg)$")


class SiteBuildError(RuntimeError):
    """The static site cannot be built (e.g. the widget renderer could not be fetched)."""


def _npm_pack(workdir: Path, cache_dir: Path) -> list[Path]:
    """Download the npm tarballs into ``workdir`` (the only network use, at build time)."""
    command = f"npm pack {' '.join(SITE_PACKAGES)}"
    npm = shutil.which("npm")
    if npm is None:
        raise SiteBuildError(f"npm not found: the offline site needs the widget renderer, "
                             f"require.js and MathJax from the npm registry. Install Node.js "
                             f"(npm), or run `{command}` elsewhere and unpack "
                             f"{', '.join(REQUIRED_ASSETS)} (and the fonts embed-amd.js names) "
                             f"into {cache_dir} with a {_MANIFEST} listing them")
    try:
        subprocess.run([npm, "pack", "--loglevel=error", *SITE_PACKAGES], cwd=workdir,
                       check=True, capture_output=True, text=True, timeout=300)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        detail = " / ".join(str(exc.stderr or "").strip().splitlines()[:3]) or str(exc)
        raise SiteBuildError(f"`{command}` failed; is the npm registry reachable? ({detail}) "
                             f"Run that command by hand to see why; once it works, the build "
                             f"keeps the files in {cache_dir}") from None
    return sorted(workdir.glob("*.tgz"))


def _wanted(member: tarfile.TarInfo) -> bool:
    """Built files only: the packages' dist/ or es5/ output, never their sources."""
    parts = Path(member.name).parts
    return member.isfile() and parts[0] == "package" and (
        len(parts) == 2 or (len(parts) == 3 and parts[1] in ("dist", "es5")))


def _extract(tarballs: Iterable[Path], dest: Path) -> list[str]:
    """Copy the required files, and the fonts embed-amd.js names, into ``dest``."""
    files: dict[str, bytes] = {}
    for tgz in tarballs:
        with tarfile.open(tgz) as tar:
            for member in filter(_wanted, tar.getmembers()):
                files[Path(member.name).name] = tar.extractfile(member).read()
    embed = files.get("embed-amd.js", b"")
    wanted = [name for name in files if name in REQUIRED_ASSETS
              or (_FONT.search(name) and name.encode() in embed)]
    for name in wanted:
        (dest / name).write_bytes(files[name])
    return wanted


def _cached(cache_dir: Path) -> bool:
    manifest = cache_dir / _MANIFEST
    if not manifest.is_file():
        return False
    names = manifest.read_text().split()
    return set(REQUIRED_ASSETS) <= set(names) and all((cache_dir / n).is_file() for n in names)


def site_assets(cache_dir: Path = ASSET_CACHE) -> Path:
    """The folder holding require.js, the widget renderer and MathJax, fetched with npm once."""
    if _cached(cache_dir):
        return cache_dir
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        names = _extract(_npm_pack(Path(tmp), cache_dir), cache_dir)
    missing = set(REQUIRED_ASSETS) - set(names)
    if missing:
        raise SiteBuildError(f"the npm packages lacked {', '.join(sorted(missing))}; expected "
                             f"them in {', '.join(SITE_PACKAGES)}")
    (cache_dir / _MANIFEST).write_text("\n".join(sorted(names)) + "\n")
    return cache_dir


#: nbconvert's lab template with MathJax 3 from the site (not MathJax 2 from a CDN), a link home.
_OFFLINE_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_mathjax -%}
<script>window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']],
  processEscapes: true}, options: {ignoreHtmlClass: 'tex2jax_ignore'}};</script>
<script src="static/tex-svg-full.js" defer></script>
{%- endblock html_head_js_mathjax -%}
{%- block body_header -%}{{ super() }}
<nav aria-label="Course" style="padding: 0.5em 1em; font-family: system-ui, sans-serif">
<a href="index.html">All lessons</a></nav>
{%- endblock body_header -%}
"""


def html_exporter() -> Any:
    """An HTMLExporter whose pages load scripts only from the site's own static/ folder."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="lab", template_file="offline.html.j2",
                        extra_loaders=[DictLoader({"offline.html.j2": _OFFLINE_TEMPLATE})],
                        require_js_url=f"{STATIC}/require.js",
                        widget_renderer_url=f"{STATIC}/embed-amd.js")


def execute_notebook(path: Path, env: Mapping[str, str], timeout: int = 600) -> Any:
    """Run a notebook in a fresh kernel (cwd: its folder), keeping the widget state."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, store_widget_state=True,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute(env=dict(env), stderr=subprocess.DEVNULL)  # kernel logs, not cell output
    return nb


def lesson_title(path: Path, titles: Mapping[str, str] | None = None) -> str:
    """A lesson's title: ``titles`` (by file name), else the first heading, else the file name."""
    if titles and path.name in titles:
        return titles[path.name]
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
        if cell.cell_type == "markdown" and match:
            return match.group(1).strip()
    return path.stem.replace("_", " ")


@dataclass
class SiteReport:
    """What a site build produced: pages by lesson, and failures with their reasons."""

    out_dir: Path
    pages: dict[str, Path] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failures


def _failure_summary(exc: BaseException) -> str:
    """One line: the kernel's error name and value when there is one."""
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    first = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {first[0] if first else ''}"


def link_pages(body: str, stems: Iterable[str]) -> str:
    """Point links to sibling notebooks (``02_two_partners.ipynb#x``) at their pages."""
    names = "|".join(re.escape(stem) for stem in stems)
    if not names:
        return body
    return re.sub(rf'href="(?:\./)?({names})\.ipynb(#[^"]*)?"', r'href="\1.html\2"', body)


def _export(path: Path, out_dir: Path, title: str, env: Mapping[str, str],
            stems: Iterable[str]) -> Path:
    nb = execute_notebook(path, env)
    nb.metadata["title"] = title
    body, _ = html_exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    page = out_dir / f"{path.stem}.html"
    page.write_text(link_pages(body, stems), encoding="utf-8")
    return page


def index_html(lessons: list[tuple[str, str | None]], note: str = "") -> str:
    """The site's home page: each lesson's title and page (None when its build failed)."""
    items = [f'<li><a href="{html.escape(page)}">{html.escape(title)}</a></li>' if page
             else f"<li>{html.escape(title)} (not available: its build failed)</li>"
             for title, page in lessons]
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>Balancing Act: lessons</title>\n<style>{_KEY_CSS}</style>\n</head>\n"
            "<body>\n<main id=\"main\"><h1>Balancing Act: lessons</h1>\n"
            f"<p>{html.escape(note)}</p>\n<ol>{''.join(items)}</ol>\n</main>\n</body>\n</html>\n")


def _say(line: str) -> None:
    """Progress lines, flushed at once so that `make html` shows them as they happen."""
    print(line, flush=True)


def _copy_assets(source: Path, out_dir: Path) -> None:
    (out_dir / STATIC).mkdir(parents=True, exist_ok=True)
    for name in (source / _MANIFEST).read_text().split():
        shutil.copy2(source / name, out_dir / STATIC / name)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _build_page(path: Path, report: SiteReport, env: Mapping[str, str], stems: list[str],
                title: str, log: Callable[[str], None]) -> str | None:
    """Export one lesson into the report; return its page name, or None when it failed."""
    start = time.perf_counter()
    error_file = report.out_dir / f"{path.stem}.error.txt"
    try:
        page = _export(path, report.out_dir, title, env, stems)
    except Exception as exc:  # any failure is reported, by lesson, and the build goes on
        report.failures[path.name] = _ANSI.sub("", _failure_summary(exc))
        error_file.write_text(_ANSI.sub("", str(exc)), encoding="utf-8")
        log(f"  FAILED: {report.failures[path.name]} (details: {error_file.name})")
        return None
    report.pages[path.name] = page
    report.seconds[path.name] = time.perf_counter() - start
    error_file.unlink(missing_ok=True)
    log(f"  ok ({report.seconds[path.name]:.1f} s)")
    return page.name


def build_site(out_dir: Path, notebooks: list[Path] | None = None, *, student: bool = False,
               assets: Path | None = None, log: Callable[[str], None] = _say) -> SiteReport:
    """Execute each notebook and export it to ``out_dir`` with its widget state.

    One lesson failing does not stop the others: the report lists each failure,
    ``<lesson>.error.txt`` keeps the full error. Kernels record progress in a
    throw-away folder, never in the teacher's own progress file.
    """
    notebooks = list(notebooks if notebooks is not None else paths.lesson_notebooks())
    report = SiteReport(Path(out_dir))
    _copy_assets(assets or site_assets(), report.out_dir)
    titles = _lesson_titles("notebook")
    listed: list[tuple[str, str | None]] = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "BALANCING_ACT_HOME": str(Path(tmp) / "progress")}
        if student:
            hints = _placeholders(None)
            notebooks = [write_student(p, Path(tmp) / "student" / p.name, hints)
                         for p in notebooks]
        stems = [p.stem for p in notebooks]
        for n, path in enumerate(notebooks, start=1):
            title = lesson_title(path, titles)
            log(f"lesson {n} of {len(notebooks)}: {path.name} ...")
            listed.append((title, _build_page(path, report, env, stems, title, log)))
    note = "Student edition: solutions removed." if student else "Executed notebooks with outputs."
    (report.out_dir / "index.html").write_text(index_html(listed, note), encoding="utf-8")
    return report


# =========================================================================== commands


def student_command(args: argparse.Namespace) -> int:
    """``balancing-act student OUT``."""
    try:
        written = build_student(paths.notebooks_dir(), Path(args.out),
                                force=bool(getattr(args, "force", False)))
    except ValueError as exc:
        raise CourseError(f"student build: {str(exc).split('; ')[0]}",
                          "choose another output folder, e.g. build/student") from None
    if not written:
        raise CourseError(f"no notebooks found in {paths.notebooks_dir()}",
                          "reinstall the course or name a course folder with --course FOLDER")
    print(f"{len(written)} student notebook(s) written to {args.out} (solutions removed)")
    return 0


def answer_key_command(args: argparse.Namespace) -> int:
    """``balancing-act answer-key OUT``."""
    try:
        md, page = build_answer_key(Path(args.out), force=bool(getattr(args, "force", False)))
    except CourseError:
        raise
    except ValueError as exc:
        raise CourseError(f"answer key: {' '.join(str(exc).split())}",
                          "run balancing-act check-data to see every problem") from None
    print(f"answer key written to {md} and {page}")
    return 0


def present_command(args: argparse.Namespace) -> int:
    """``balancing-act present LESSON [--port N]``: Voilà until Ctrl+C."""
    if importlib.util.find_spec("voila") is None:
        raise CourseError("Voilà is not installed",
                          "install it with: pip install 'balancing-act[present]'")
    if not 0 < args.port < 65536:
        raise CourseError(f"--port {args.port} is not a port", "give a number from 1 to 65535")
    notebook = paths.find_lesson(args.lesson)
    print(f"Presenting {notebook.name} at http://127.0.0.1:{args.port}/ (code hidden); "
          "press Ctrl+C to stop.")
    try:
        return subprocess.call(voila_command(notebook, args.port))
    except KeyboardInterrupt:
        return 0


def html_command(args: argparse.Namespace) -> int:
    """``balancing-act html OUT``: progress by lesson, non-zero exit if any lesson failed."""
    if not paths.lesson_notebooks():
        raise CourseError(f"no lesson notebooks found in {paths.notebooks_dir()}",
                          "reinstall the course or name a course folder with --course FOLDER")
    student = bool(getattr(args, "student", False))
    kind = "html-student" if student else "html"
    names = ["index.html", *(f"{p.stem}.html" for p in paths.lesson_notebooks())]
    safe_paths.check_output(args.out, names, kind=kind, force=bool(getattr(args, "force", False)))
    try:
        report = build_site(Path(args.out), student=student)
        safe_paths.record_output(args.out, kind, [Path(args.out) / n for n in names])
    except SiteBuildError as exc:
        raise CourseError(f"html: {exc}") from None
    total = len(report.pages) + len(report.failures)
    if report.failures:
        print(f"{len(report.failures)} of {total} lesson(s) failed:", file=sys.stderr)
        for name, reason in report.failures.items():
            print(f"  {name}: {reason}", file=sys.stderr)
        return 1
    print(f"site written to {Path(args.out) / 'index.html'} ({total} lesson(s))")
    return 0


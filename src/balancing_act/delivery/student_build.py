"""The student build: each lesson notebook with its solution cells emptied.

A learner's copy must not carry answers, yet still run top to bottom: a solution
cell keeps its imports, exercise handles and ``.check(name)`` calls, and each
checked name becomes ``name = ...`` (the engine's "not attempted") with a
comment saying what to write. Answer-bearing metadata and outputs go too.
"""

from __future__ import annotations

import ast
import json
import os
import re
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat

from balancing_act.delivery import cell_markers
from balancing_act.support import overwrite_policy as safe_paths
from balancing_act.support import paths, safe_io
from balancing_act.support.atomic_files import replace_bytes, replace_text

SOLUTION_TAG = "solution"
#: Cell and notebook metadata keys that may carry answers (nbgrader's, our own).
_SECRET_KEY = re.compile(r"solution|nbgrader", re.IGNORECASE)
_DROPPED_METADATA = ("widgets", "execution")
GENERIC_PLACEHOLDER = "your answer"
#: An executed lesson is a few hundred kB; a file past this is not a lesson notebook.
MAX_NOTEBOOK_BYTES = 50_000_000
MARKDOWN_PLACEHOLDER = "*Write your answer here.*"


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


def _method_call(stmt: ast.stmt, method: str) -> ast.Call | None:
    """The call in a statement of the form ``<something>.<method>(...)``."""
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        func = stmt.value.func
        if isinstance(func, ast.Attribute) and func.attr == method:
            return stmt.value
    return None


def _check_call(stmt: ast.stmt) -> ast.Call | None:
    """The call in ``<something>.check(...)``."""
    return _method_call(stmt, "check")


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


def _form_call(stmt: ast.stmt) -> ast.Call | None:
    """The call in ``<exercise>.form(...)``."""
    return _method_call(stmt, "form")


def _empty_form(source: str, call: ast.Call) -> str:
    """``exercise("02.2").form(answer=...)`` -> ``exercise("02.2")``: the form, shown empty.

    Positional arguments (the widget a form is bound to) stay; keywords (the
    worked answer, ``check=True``) go.
    """
    owner = ast.get_source_segment(source, call.func.value) or ""  # type: ignore[attr-defined]
    args = [ast.get_source_segment(source, a) or "" for a in call.args]
    return f"{owner}.form({', '.join(args)})" if args else owner


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

    A cell that shows an exercise's form filled in (``exercise(ID).form(answer=...)``)
    becomes the empty form (``exercise(ID)``), and its working goes. Otherwise:
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
    if any(_form_call(stmt) for stmt in tree.body):  # answered in its form: show it empty
        kept = [ast.get_source_segment(source, stmt) or "" if _keeps(stmt)
                else _empty_form(source, call)
                for stmt in tree.body if _keeps(stmt) or (call := _form_call(stmt))]
        return "\n".join(kept)
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
    return cell_markers.markers_to_tags(new)  # no test markers in what learners read


def student_notebook(nb: nbformat.NotebookNode,
                     hints: Mapping[str, str]) -> nbformat.NotebookNode:
    """The student version of a whole notebook (the input is left unchanged)."""
    new = nbformat.from_dict(json.loads(json.dumps(nb)))
    new.metadata = nbformat.from_dict(_clean_metadata(nb.get("metadata", {})))
    handles = exercise_handles(nb)
    new.cells = [student_cell(cell, hints, handles) for cell in nb.cells]
    return new


def placeholders(exercises_dir: Path | None) -> dict[str, str]:
    """Exercise id -> what a student code cell asks for (the type says: YAML or its default)."""
    from balancing_act import exercises

    return {ex.id: ex.checker.placeholder()
            for ex in exercises.all_exercises(exercises_dir).values()}


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
    sources = sorted(src_dir.glob(paths.LESSON_GLOB))
    out_dir = safe_paths.check_output(out_dir, [p.name for p in sources], kind="student",
                                      force=force)
    hints = placeholders(exercises_dir)
    files = safe_paths.BuildFiles(out_dir, "student")
    return [files.write(path.name, student_text(path, hints)) for path in sources]


def add_missing_student_copies(src_dir: Path, work_dir: Path) -> list[Path]:
    """Give a learner the student version of each lesson they do not have yet."""
    return add_missing_copies(src_dir, work_dir, student=True)


def add_missing_copies(src_dir: Path, work_dir: Path, *, student: bool) -> list[Path]:
    """Give a learner each lesson they do not have yet (student or worked version).

    A notebook already in ``work_dir`` is the learner's work and is never
    touched; only lessons missing there (a first start, a new lesson, an empty
    file a full disk left) are added, each written whole.
    """
    work_dir = Path(work_dir)
    missing = [p for p in sorted(Path(src_dir).glob(paths.LESSON_GLOB))
               if not holds_work(work_dir / p.name)]
    if not missing and not student:  # the worked lessons opened where they are: no write
        return []
    safe_paths.check_output(work_dir, [p.name for p in missing], kind="learner-copy")
    hints = placeholders(None) if student else {}
    added = []
    for path in missing:
        data = (student_text(path, hints).encode("utf-8") if student
                else safe_io.read_bytes(path, MAX_NOTEBOOK_BYTES))  # the worked lesson as is
        replace_bytes(work_dir / path.name, data)
        added.append(work_dir / path.name)
    return added


def holds_work(path: Path) -> bool:
    """Whether a learner's lesson file is there and may hold their work: an empty file (a
    copy a full disk cut short, before copies were written whole) holds none."""
    try:
        info = os.stat(path)
    except FileNotFoundError:  # a dangling link too: check_output then refuses it
        return False
    return info.st_size > 0 or not stat.S_ISREG(info.st_mode)


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """A lesson notebook, read as a regular file of bounded size (a FIFO or a device in
    its place is refused, never waited on)."""
    raw = safe_io.read_bytes(path, MAX_NOTEBOOK_BYTES)
    if len(raw) > MAX_NOTEBOOK_BYTES:
        raise ValueError(f"{path} is larger than {MAX_NOTEBOOK_BYTES:,} bytes; expected a "
                         "lesson notebook")
    return nbformat.reads(raw.decode("utf-8"), as_version=4)


def notebook_text(nb: nbformat.NotebookNode) -> str:
    """A notebook as ``nbformat.write`` would write it (the same bytes, so digests agree)."""
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def student_text(path: Path, hints: Mapping[str, str]) -> str:
    """The student version of one notebook file, as the text to write."""
    return notebook_text(student_notebook(read_notebook(path), hints))


def write_student(path: Path, target: Path, hints: Mapping[str, str]) -> Path:
    """Write the student version of one notebook to ``target``, whole (never half a
    lesson, which would then count as the learner's work)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    replace_text(target, student_text(path, hints))
    return target

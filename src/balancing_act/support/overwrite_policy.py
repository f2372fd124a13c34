"""The one rule every command that writes files follows before it writes.

``check_output`` refuses, with a ``CourseError`` that says what to do, when a
command would:

* write into the course's own files (the package, ``notebooks/``,
  ``lessons_data/``, the checkout's top folder), however the path is spelled
  (``.``, a symlinked folder);
* write through a symbolic link (the link may point at an instructor notebook);
* replace a file it did not write itself, or one changed since it wrote it
  (a learner's notebook, a CSV a learner handed in) - ``--force`` says "yes,
  replace them";
* put the answer key into a folder that is handed out to learners.

A build records what it wrote in ``.balancing-act-build.json`` (file name ->
SHA-256), so re-running it over its own unchanged output needs no ``--force``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from balancing_act.support import paths
from balancing_act.support.errors import CourseError

__all__ = ["MANIFEST", "check_output", "protected_folders", "record_output"]

MANIFEST = ".balancing-act-build.json"
#: Kinds of output; the answer key must never land in a folder learners get.
HANDED_OUT = ("student", "html-student")


def protected_folders() -> list[Path]:
    """The course's own folders, resolved: nothing a command writes may land inside them."""
    found = [paths.PACKAGE_DIR]
    with contextlib.suppress(paths.CourseNotFound):
        found += [paths.notebooks_dir(), paths.data_dir()]
    if (paths.CHECKOUT / "pyproject.toml").is_file():  # a checkout: its sources too
        found += [paths.CHECKOUT / name for name in
                  ("src", "tests", "docs", "benchmarks", "lessons_data", ".git")]
    return [p.resolve() for p in found]


def _inside_course(real: Path, kind: str) -> Path | None:
    """The course folder ``real`` lies in, if any; one exported CSV may go in the checkout's
    top folder (where a learner's terminal often is), a build may not."""
    if kind != "export" and (paths.CHECKOUT / "pyproject.toml").is_file() \
            and real == paths.CHECKOUT.resolve():
        return real
    for folder in protected_folders():
        if real == folder or folder in real.parents:
            return folder
    return None


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _manifest(folder: Path) -> dict:
    """What an earlier build wrote into ``folder`` ({} when none, or when unreadable)."""
    try:
        path = folder / MANIFEST
        if path.is_symlink() or path.stat().st_size > 1_000_000:
            return {}
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return content if isinstance(content, dict) and isinstance(content.get("files"), dict) else {}


#: What to suggest instead, per kind of output.
EXAMPLES = {"learner-copy": "--dir FOLDER with a folder of your own", "export": "progress.csv",
            "answer-key": "build/answer_key", "html": "build/html"}


def _folder_problem(folder: Path, create: bool, kind: str) -> CourseError | None:
    if folder.is_symlink() and not folder.exists():
        return CourseError(f"{folder} is a broken symbolic link", "remove it or choose another "
                           "folder")
    if folder.exists() and not folder.is_dir():
        return CourseError(f"{folder} is a file, not a folder", "give a folder name, e.g. "
                           f"{EXAMPLES.get(kind, 'build/student')}")
    if not folder.exists() and not create:
        return CourseError(f"folder {folder} does not exist", "create it first or choose an "
                           "existing folder")
    course = _inside_course(folder.resolve(), kind)
    if course is not None:
        return CourseError(f"{folder} is inside the course's own files ({course})",
                           "choose a folder outside them, e.g. build/student")
    return None


def _handed_out(folder: Path, kind: str, manifest: dict) -> CourseError | None:
    """The answer key and what learners get never share a folder."""
    if not folder.is_dir():
        return None
    if kind in HANDED_OUT and (manifest.get("kind") == "answer-key"
                               or (folder / "answer_key.md").exists()):
        return CourseError(f"{folder} holds the answer key; what learners get must not go "
                           "there", "choose another folder, e.g. build/student")
    if kind != "answer-key":
        return None
    if manifest.get("kind") in HANDED_OUT or any(folder.glob(paths.LESSON_GLOB)):
        return CourseError(f"{folder} holds lesson notebooks for learners (a student build or "
                           "a learner's copy); the answer key must not go there",
                           "write it to a folder of its own, e.g. build/answer_key")
    return None


def _target_problem(target: Path, force: bool) -> CourseError | None:
    if target.is_symlink():
        if force:
            return None  # the link itself is replaced below; never written through
        return CourseError(f"{target} is a symbolic link (to {os.readlink(target)}); nothing is "
                           "written through links", "remove the link, choose another folder, "
                           "or pass --force to replace the link itself")
    if target.is_dir():
        return CourseError(f"{target} is a folder", "choose another output name or folder")
    return None


def check_output(folder: Path | str, names: Iterable[str], *, kind: str, force: bool = False,
                 create: bool = True) -> Path:
    """Check that writing ``names`` into ``folder`` is safe; return the folder, made if needed.

    Raises ``CourseError`` (one sentence: what, and what to do) when it is not. A
    symbolic link among the targets is removed only with ``force``, so the write
    that follows makes a new file instead of writing through the link.
    """
    folder = Path(folder)
    if problem := _folder_problem(folder, create, kind):
        raise problem
    manifest = _manifest(folder) if folder.is_dir() else {}
    if problem := _handed_out(folder, kind, manifest):
        raise problem
    ours = manifest.get("files", {}) if manifest.get("kind") == kind else {}
    foreign = []
    for name in names:
        target = folder / name
        if problem := _target_problem(target, force):
            raise problem
        if target.is_symlink():
            target.unlink()
        elif target.exists() and not force and ours.get(name) != _digest(target):
            foreign.append(name)
    if foreign:
        more = f" (and {len(foreign) - 1} more)" if len(foreign) > 1 else ""
        raise CourseError(f"{folder / foreign[0]}{more} already exists and was not written by "
                          f"this command (or was changed since)", "choose another "
                          f"{'name' if kind == 'export' else 'folder'}, or pass --force to "
                          "replace it")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def record_output(folder: Path | str, kind: str, written: Iterable[Path | str]) -> None:
    """Remember what a build wrote (name -> SHA-256) so that re-running it is allowed."""
    folder = Path(folder)
    manifest = _manifest(folder)
    files = dict(manifest.get("files", {})) if manifest.get("kind") == kind else {}
    for path in written:
        path = Path(path)
        if path.is_file() and not path.is_symlink():
            files[path.name] = _digest(path)
    target = folder / MANIFEST
    if target.is_symlink():
        target.unlink()
    target.write_text(json.dumps({"kind": kind, "files": files}, indent=1, sort_keys=True),
                      encoding="utf-8")

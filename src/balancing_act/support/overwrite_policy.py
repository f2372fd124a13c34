"""The one rule every command that writes files follows before it writes.

``check_output`` refuses, with a ``CourseError`` that says what to do, when a
command would:

* write into the course's own files (the package, and the whole course folder -
  ``notebooks/``, ``lessons_data/`` and, when it is a checkout, every other folder
  of it but the git-ignored ``build/`` and ``my_work/``; that holds for a course
  named by ``--course`` as for the installed one), however the path is spelled
  (``.``, a symlinked folder);
* write through a symbolic link (the link may point at an instructor notebook);
* write to a FIFO, a device or a socket (``/dev/full``, a named pipe): it is refused
  before anything is read from it, so nothing hangs;
* replace a file it did not write itself, or one changed since it wrote it
  (a learner's notebook, a CSV a learner handed in) - ``--force`` says "yes,
  replace them";
* put the answer key into a folder that is handed out to learners.

A build records what it wrote in ``.balancing-act-build.json`` (file name ->
SHA-256) as it writes each file (``BuildFiles``), every file and the record itself
written whole, so re-running it over its own unchanged output needs no ``--force``,
even after a full disk or Ctrl+C stopped it half-way. An empty file holds no one's
work and may be replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from balancing_act.support import paths, safe_io
from balancing_act.support.atomic_files import replace_bytes, replace_text
from balancing_act.support.errors import CourseError

__all__ = ["MANIFEST", "BuildFiles", "check_output", "protected_folders", "record_output"]

MANIFEST = ".balancing-act-build.json"
MANIFEST_BYTES = 1_000_000
#: Kinds of output; the answer key must never land in a folder learners get.
HANDED_OUT = ("student", "html-student", "worksheets")
#: The only folders of a course folder (a checkout) a command may write into: git ignores them.
OUTPUT_FOLDERS = ("build", "my_work")


def _course_roots() -> list[Path]:
    """The course folders in use, resolved: the one found (``--course`` included) and the
    checkout around the package; each is the course's own files as a whole."""
    roots = []
    with contextlib.suppress(paths.CourseNotFound, OSError, RuntimeError):
        roots.append(paths.course_dir().resolve())
    if (paths.CHECKOUT / "pyproject.toml").is_file():
        roots.append(paths.CHECKOUT.resolve())
    return [r for r in dict.fromkeys(roots) if r != paths.PACKAGE_DIR.resolve()
            and paths.PACKAGE_DIR.resolve() not in r.parents]


def protected_folders() -> list[Path]:
    """The course's own folders, resolved: nothing a command writes may land inside them
    (a course folder's ``build/`` and ``my_work/`` excepted)."""
    found = [paths.PACKAGE_DIR.resolve()]
    for root in _course_roots():
        found += [root / entry.name for entry in sorted(root.iterdir())
                  if entry.name not in OUTPUT_FOLDERS] if root.is_dir() else []
    with contextlib.suppress(paths.CourseNotFound):
        found += [paths.notebooks_dir(), paths.data_dir()]
    return list(dict.fromkeys(p.resolve() for p in found))


def _inside_course(real: Path, kind: str) -> Path | None:
    """The course folder ``real`` lies in, if any; one exported CSV may go in a course
    folder's top (where a learner's terminal often is), a build may not."""
    package = paths.PACKAGE_DIR.resolve()
    if real == package or package in real.parents:
        return package
    for root in _course_roots():
        if real == root:
            return None if kind == "export" else root
        if root in real.parents and real.relative_to(root).parts[0] not in OUTPUT_FOLDERS:
            return root / real.relative_to(root).parts[0]
    return None


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def _manifest(folder: Path) -> dict:
    """What an earlier build wrote into ``folder`` ({} when none, or when unreadable: a
    link, a FIFO or a device in its place is never read)."""
    try:
        raw = safe_io.read_bytes(folder / MANIFEST, MANIFEST_BYTES, follow_links=False)
        content = json.loads(raw) if len(raw) <= MANIFEST_BYTES else {}
    except (OSError, ValueError, RecursionError):
        return {}
    return content if isinstance(content, dict) and isinstance(content.get("files"), dict) else {}


#: What to suggest instead, per kind of output.
EXAMPLES = {"learner-copy": "--dir FOLDER with a folder of your own", "export": "progress.csv",
            "answer-key": "build/answer_key", "html": "build/html",
            "worksheets": "build/worksheets"}


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
    info = os.lstat(target) if os.path.lexists(target) else None
    if info is not None and not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)
                                 or stat.S_ISDIR(info.st_mode)):
        return CourseError(f"{target} is {safe_io.kind_of(info.st_mode)}, not a regular file; "
                           "balancing-act does not write to it", "give the name of a file")
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
        elif target.exists() and not force and target.stat().st_size \
                and ours.get(name) != _digest(target):
            foreign.append(name)  # an empty file holds no one's work: replaced freely
    if foreign:
        more = f" (and {len(foreign) - 1} more)" if len(foreign) > 1 else ""
        raise CourseError(f"{folder / foreign[0]}{more} already exists and was not written by "
                          f"this command (or was changed since)", "choose another "
                          f"{'name' if kind == 'export' else 'folder'}, or pass --force to "
                          "replace it")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _save_manifest(folder: Path, kind: str, files: dict[str, str]) -> None:
    target = folder / MANIFEST
    if target.is_symlink():
        target.unlink()  # a link in its place is replaced, never written through
    replace_text(target, json.dumps({"kind": kind, "files": files}, indent=1, sort_keys=True))


def record_output(folder: Path | str, kind: str, written: Iterable[Path | str]) -> None:
    """Remember what a build wrote (name -> SHA-256) so that re-running it is allowed."""
    folder = Path(folder)
    manifest = _manifest(folder)
    files = dict(manifest.get("files", {})) if manifest.get("kind") == kind else {}
    for path in written:
        path = Path(path)
        if path.is_file() and not path.is_symlink():
            files[path.name] = _digest(path)
    _save_manifest(folder, kind, files)


class BuildFiles:
    """A build's writer: each file written whole, then recorded in the manifest at once,
    so a build stopped half-way (Ctrl+C, a full disk) leaves only whole files of its own,
    which its re-run may replace without ``--force``. Call after ``check_output``."""

    def __init__(self, folder: Path | str, kind: str):
        self.folder, self.kind = Path(folder), kind
        manifest = _manifest(self.folder)
        self.files = dict(manifest.get("files", {})) if manifest.get("kind") == kind else {}

    def write(self, name: str, content: str | bytes) -> Path:
        """Write one file of the build (``name`` relative to the folder) and record it."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = self.folder / name
        replace_bytes(target, data)
        self.files[name] = hashlib.sha256(data).hexdigest()
        _save_manifest(self.folder, self.kind, self.files)
        return target

    def remove(self, name: str) -> None:
        """Remove a file this build wrote earlier (a lesson's error report, now fixed)."""
        target = self.folder / name
        if name in self.files or not os.path.lexists(target):
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            if self.files.pop(name, None) is not None:
                _save_manifest(self.folder, self.kind, self.files)

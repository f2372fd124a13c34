"""Whole-file writes and keeping damaged files: the two rules every saved file follows.

A learner's progress, a saved brief, a class report and every file a build writes are
each replaced whole (a temporary file in the same folder, then a rename), so a reader, a
full disk, Ctrl+C or a crash never leaves half a file; a file that cannot be read is
renamed aside, never deleted, so nothing a learner made is lost. The target must be
missing or a regular file (``safe_io.check_target``): a link, a FIFO or a device is
refused, never written through or replaced.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from balancing_act.support.safe_io import check_target


def replace_bytes(path: Path | str, data: bytes, *, prefix: str | None = None,
                  mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` in one step; the temporary file (``prefix``...``.tmp``,
    default ``.<name>.``) sits in the same folder so the rename is atomic, and is removed
    if anything fails (Ctrl+C included). ``mode``: 0o644 for what others read (a build),
    0o600 for a learner's own record."""
    path = Path(path)
    check_target(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix or f".{path.name}.", suffix=".tmp")
    try:
        with contextlib.suppress(OSError):
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        check_target(path)  # nothing became a link or a FIFO meanwhile
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def replace_text(path: Path | str, text: str, *, prefix: str | None = None,
                 mode: int = 0o644) -> None:
    """``replace_bytes`` for text, as UTF-8."""
    replace_bytes(path, text.encode("utf-8"), prefix=prefix, mode=mode)


def create_text(path: Path | str, text: str) -> None:
    """Write a new file whole, never replacing anything already there (not even a link):
    the temporary file is linked to its name, which fails if the name is taken."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with contextlib.suppress(OSError):
            os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)  # FileExistsError when the name is taken
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def move_aside(path: Path) -> Path:
    """Rename a damaged file to the first free ``<name>.damaged-N``; it is never deleted.
    Only a regular file is moved: a link is refused, so its target is never renamed."""
    check_target(path)
    n = 1
    while os.path.lexists(aside := path.with_name(f"{path.name}.damaged-{n}")):
        n += 1
    os.replace(path, aside)
    return aside

"""Whole-file writes and keeping damaged files: the two rules every saved file follows.

A learner's progress, a saved brief and a class report are each replaced whole (a
temporary file in the same folder, then a rename), so a reader or a crash never meets
half a file; a file that cannot be read is renamed aside, never deleted, so nothing a
learner made is lost.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def replace_text(path: Path, text: str, *, prefix: str) -> None:
    """Write `text` to `path` in one step; the temporary file (`prefix`...`.tmp`) sits in the
    same folder so the rename is atomic, and is removed if anything fails."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def move_aside(path: Path) -> Path:
    """Rename a damaged file to the first free ``<name>.damaged-N``; it is never deleted."""
    n = 1
    while (aside := path.with_name(f"{path.name}.damaged-{n}")).exists():
        n += 1
    os.replace(path, aside)
    return aside

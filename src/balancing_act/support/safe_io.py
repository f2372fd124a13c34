"""Opening a file the course reads or writes: regular files only, reads bounded, no link
written through.

Why one helper: a FIFO in place of a file blocks a reader for ever, a device such as
``/dev/zero`` feeds it until memory runs out, and a symbolic link in place of an output
turns a write into damage elsewhere (as root: anywhere). So every read checks the path
with ``os.stat`` before opening it, opens it with ``O_NONBLOCK`` (a FIFO cannot block the
open), checks the opened file again with ``fstat`` and reads at most a bound; every write
target must be missing or a regular file that is not a link. The refusal is one
``NotARegularFile``, both a ``CourseError`` (one line for the command line) and an
``OSError`` (so callers that already handle unreadable files handle it too).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from balancing_act.support.errors import CourseError

__all__ = ["NotARegularFile", "check_target", "kind_of", "open_lock", "read_bytes",
           "regular_file"]

_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISDIR, "a folder"), (stat.S_ISLNK, "a symbolic link"))


class NotARegularFile(CourseError, OSError):
    """A path the course will not read or write: a FIFO, a device, a folder, or a link."""

    def __init__(self, path: Path | str, kind: str, todo: str = ""):
        todo = todo or "give the path of a regular file"
        link = kind.startswith("a symbolic link")
        why = (f"it is {kind}; nothing is read or written through links" if link
               else f"it is {kind}, not a regular file")
        super().__init__(f"{path}: {why}", todo)
        self.errno, self.filename, self.strerror = errno.EINVAL, str(path), why


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words ('a FIFO (named pipe)', 'a character device')."""
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def _refuse(path: Path | str, mode: int) -> NotARegularFile:
    if stat.S_ISLNK(mode):
        target = os.readlink(path)
        return NotARegularFile(path, f"a symbolic link (to {target})",
                               "remove the link or choose another name")
    return NotARegularFile(path, kind_of(mode))


def regular_file(path: Path | str, *, follow_links: bool = True) -> os.stat_result | None:
    """The file's status when it is a regular file, None when nothing is there; anything
    else (a FIFO, a device, a folder, with ``follow_links=False`` a link) is refused."""
    try:
        info = os.stat(path) if follow_links else os.lstat(path)
    except FileNotFoundError:  # a dangling link too: nothing to read
        return None
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(path, info.st_mode)
    return info


def check_target(path: Path | str) -> os.stat_result | None:
    """A write target must be missing or a regular file, never a link, a FIFO or a device."""
    return regular_file(path, follow_links=False)


def read_bytes(path: Path | str, limit: int, *, follow_links: bool = True) -> bytes:
    """At most ``limit + 1`` bytes of a regular file (more than ``limit`` means: too large).

    ``FileNotFoundError`` when it is missing, ``NotARegularFile`` when it is not a file.
    """
    if regular_file(path, follow_links=follow_links) is None:
        raise FileNotFoundError(errno.ENOENT, "no such file", str(path))
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)  # what was opened, in case the path changed since the stat
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(path, kind_of(info.st_mode))
        chunks, left = [], limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def open_lock(path: Path | str) -> int:
    """A descriptor on a lock file beside a record: made if missing, never through a link,
    never a FIFO or a device (the caller closes it)."""
    flags = (os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_CLOEXEC", 0))
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link
            raise _refuse(path, os.lstat(path).st_mode) from None
        raise
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise NotARegularFile(path, kind_of(info.st_mode))
    return fd

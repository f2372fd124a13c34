"""Which processes a test started, and which are still running (Linux /proc).

A process is known by (pid, start time), so a pid reused by another program after
ours ended is never mistaken for a leftover.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def _fields(pid: int) -> list[str] | None:
    """/proc/PID/stat after the command name (field 3 on), or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2:].split()


def _stat(pid: int) -> tuple[int, int, str] | None:
    """(parent pid, start time, state) of a process, or None when it is gone."""
    fields = _fields(pid)
    return None if fields is None else (int(fields[1]), int(fields[19]), fields[0])


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a process has used so far; None when it is gone."""
    fields = _fields(pid)
    if fields is None:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def command(pid: int) -> str | None:
    """A process's command line as one string, or None when it is gone."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return None


def describe(pid: int) -> str:
    return f"pid {pid}: {(command(pid) or '?')[:160]}"


def descendants(root: int) -> set[tuple[int, int]]:
    """(pid, start time) of `root` and every process below it, servers and kernels included."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (info := _stat(int(entry.name))):
            parents.setdefault(info[0], []).append(int(entry.name))
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if (info := _stat(pid)) is not None:
            found.add((pid, info[1]))
            todo += parents.get(pid, [])
    return found


def alive(ident: tuple[int, int]) -> bool:
    info = _stat(ident[0])
    return info is not None and info[1] == ident[1] and info[2] != "Z"


def processes_in(folder: Path) -> set[tuple[int, int]]:
    """Processes whose working directory is inside `folder` (a learner's home, say)."""
    found = set()
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if entry.name.isdigit() and Path(os.readlink(entry / "cwd")).is_relative_to(folder):
                info = _stat(int(entry.name))
                if info and info[2] != "Z":
                    found.add((int(entry.name), info[1]))
    return found


LOOPBACK = {"0100007F", "00000000000000000000000001000000"}   # 127.0.0.1 and ::1, as /proc shows


def listening(idents: set[tuple[int, int]]) -> set[tuple[str, int]]:
    """(address as /proc/net shows it, port) of every TCP socket these processes listen on."""
    inodes = set()
    for pid, _ in idents:
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    link = os.readlink(fd)
                    if link.startswith("socket:["):
                        inodes.add(link[8:-1])
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                address, port = fields[1].rsplit(":", 1)
                if fields[3] == "0A" and fields[9] in inodes:
                    found.add((address, int(port, 16)))
    return found

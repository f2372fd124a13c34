"""The learner's local record of checks, hints and solutions, kept across restarts.

One small JSON file, ``progress.json``, in the user's data folder
(``~/.local/share/balancing-act`` on Linux, ``~/Library/Application Support/
balancing-act`` on macOS, ``%LOCALAPPDATA%\\balancing-act`` on Windows) or in
``$BALANCING_ACT_HOME``. Each write happens under a file lock and replaces the
file atomically, so two kernels writing at once lose nothing. A damaged file
(bad JSON, nested too deep, too large) is moved aside, never deleted; an
unwritable folder costs one warning and the lesson goes on, with this
session's events kept in memory. A lock held by another program costs a check
at most ``LOCK_WAIT`` seconds, once: the events wait in memory and are written
at the next chance, and at the latest when Python exits; if the lock is still
held then, they are kept in ``progress.json.pending-<session>`` (a file of this
session's own, needing no lock) and folded into the record by the next write.
Temporary files left by a killed writer are removed by the next write. A
``progress.json`` (or its lock) that is a symbolic link, a FIFO or a device is
never read, renamed or written through: one warning, and the session's events
stay in memory.

No answer text is stored: an event is an exercise id, what happened, a status
or hint level, the number of the catalogued mistake a wrong answer matched, a
time and a random session tag. Each exercise also keeps the status of its first
attempt, so a teacher's class report can count "solved first try".

This module keeps the file; ``record.views`` turns a record into tables.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import secrets
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from balancing_act.record.format import (
    EVENTS,
    MARKS,
    STATUSES,
    NewerFile,
    apply_event,
    empty_record,
    event_problem,
    is_choice,
    is_count,
    is_marks,
    normalise,
    shape_problem,
)
from balancing_act.support.atomic_files import move_aside, replace_text
from balancing_act.support.safe_io import (
    NotARegularFile,
    check_target,
    open_lock,
    read_bytes,
    regular_file,
)

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "ProgressWarning",
    "home",
    "pending",
    "progress_path",
    "record",
    "reset_session",
    "state",
]

FILE_NAME = "progress.json"
MAX_EVENTS = 300  # the newest events are kept for detail; the counters count every one
LOCK_WAIT = 0.5  # the longest a check waits for another program's lock (then: no wait)
EXIT_WAIT = 3.0  # at interpreter exit, unsaved events get this long for the lock
WARN_AFTER = 2.0  # a lock still held this long after an unsaved event earns one warning
MAX_FILE_BYTES = 8_000_000  # a real record is tens of kilobytes (MAX_EVENTS bounds it)
JOURNAL = ".pending-"  # progress.json.pending-<session>: events a held lock kept out at exit


class ProgressWarning(UserWarning):
    """Progress could not be saved or read as usual; the lesson itself goes on."""


_SESSION_TAG = secrets.token_hex(4)
_lock = threading.RLock()
_session: dict[str, Any] = {}
_pending: list[dict[str, Any]] = []
_warned: set[str] = set()
_wait = LOCK_WAIT  # 0 after a lock timeout, until a write succeeds again
_unsaved_since: float | None = None


# --------------------------------------------------------------------------- where


def home() -> Path:
    """The folder that holds progress.json: $BALANCING_ACT_HOME or the platform's data folder."""
    override = os.environ.get("BALANCING_ACT_HOME")
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / "balancing-act"


def progress_path() -> Path:
    """The progress file in use now (the environment is read on every call)."""
    return home() / FILE_NAME


def _own_file(path: Path) -> Path:
    """The record's path, checked: a link, a FIFO or a device in its place is refused
    (``NotARegularFile``), so nothing is read from it, renamed or written through it."""
    check_target(path)
    return path


# --------------------------------------------------------------------------- file


def _warn_once(key: str, message: str) -> None:
    if key not in _warned:
        _warned.add(key)
        warnings.warn(message, ProgressWarning, stacklevel=4)


def _parse(path: Path) -> Any:
    """The file's JSON, or ValueError saying why it cannot be used (size, text, nesting)."""
    raw = read_bytes(path, MAX_FILE_BYTES, follow_links=False)
    if len(raw) > MAX_FILE_BYTES:
        raise ValueError(f"it is larger than {MAX_FILE_BYTES:,} bytes; a record is tens of "
                         "kilobytes")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("it is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} at line {exc.lineno}") from None
    except RecursionError:
        raise ValueError("it is nested too deeply to be a progress record") from None
    except ValueError as exc:  # a number of more than 4,300 digits
        raise ValueError(f"it holds a number that cannot be a count ({exc})") from None


def _read(path: Path) -> dict[str, Any]:
    """The stored record; a damaged file is moved aside with one warning (call under the lock)."""
    if regular_file(path, follow_links=False) is None:
        return empty_record()
    try:
        content = _parse(path)
    except ValueError as exc:
        problem = str(exc)
    else:
        problem = shape_problem(content)
        if problem is None:
            return normalise(content)
    aside = move_aside(path)
    warnings.warn(f"Progress file {path} was damaged ({problem}); it was kept as "
                  f"{aside.name} and a fresh record was started.", ProgressWarning, stacklevel=4)
    return empty_record()


def _clean_strays(folder: Path) -> None:
    """Remove temporary files of writers killed mid-write (call under the lock: no live
    writer has one then)."""
    for stray in folder.glob(".progress-*.tmp"):
        with contextlib.suppress(OSError):
            stray.unlink()


def _write(path: Path, state: dict[str, Any]) -> None:
    """Replace the whole file (never half a file), clearing killed writers' leftovers."""
    _clean_strays(path.parent)
    # dumps, not dump: one call to the C encoder instead of thousands of small writes
    replace_text(path, json.dumps(state, separators=(",", ":"), sort_keys=True),
                 prefix=".progress-", mode=0o600)


@contextlib.contextmanager
def _locked(path: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold ``<file>.lock`` (``Timeout`` after ``wait`` seconds); polled often, since writes
    take milliseconds.

    The lock file is opened first, so a folder where no lock can be made is
    reported as what it is (an OSError), never as a lock held by someone else.
    On POSIX this is ``flock`` on that file (what filelock does too, at a tenth of
    the cost); elsewhere filelock itself.
    """
    lock = f"{path}.lock"
    fd = open_lock(lock)
    if fcntl is None:
        os.close(fd)
        with FileLock(lock).acquire(timeout=wait, poll_interval=0.005):
            yield
        return
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Timeout(lock) from None
                time.sleep(0.002)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _journal_glob() -> str:
    return f"{FILE_NAME}{JOURNAL}*"


def _journals(folder: Path) -> list[tuple[Path, list[dict[str, Any]]]]:
    """Events other sessions left beside the record when its lock was held at their exit
    (call under the lock); an unusable journal is moved aside, never deleted."""
    found = []
    for path in sorted(folder.glob(_journal_glob())):
        try:
            events = json.loads(read_bytes(path, MAX_FILE_BYTES, follow_links=False))
        except NotARegularFile:
            continue  # never read or removed through a link
        except (OSError, ValueError, RecursionError):
            events = None
        if not isinstance(events, list):
            with contextlib.suppress(OSError):
                move_aside(path)
            continue
        found.append((path, [e for e in events if event_problem(e) is None]))
    return found


def _write_journal(path: Path) -> None:
    """This session's unsaved events, in a file of its own (no lock needed): the next
    write of the record folds them in."""
    journal = path.with_name(f"{FILE_NAME}{JOURNAL}{_SESSION_TAG}")
    replace_text(journal, json.dumps(_pending, separators=(",", ":")), mode=0o600)
    _pending.clear()


def _flush(wait: float | None = None, *, at_exit: bool = False) -> None:
    """Write pending events to the file; on failure keep them in memory and warn once."""
    global _wait, _unsaved_since
    if not _pending:
        return
    path = progress_path()
    try:
        real = _own_file(path)
        real.parent.mkdir(parents=True, exist_ok=True)
        with _locked(real, _wait if wait is None else wait):
            state = _read(real)
            journals = _journals(real.parent)
            for event in [e for _, events in journals for e in events] + _pending:
                apply_event(state, event, MAX_EVENTS)
            _write(real, state)
            for journal, _ in journals:
                with contextlib.suppress(OSError):
                    journal.unlink()
        _pending.clear()
        _wait, _unsaved_since = LOCK_WAIT, None
    except NewerFile:
        _warn_once(f"newer:{path}", f"Progress file {path} was written by a newer version of "
                   "balancing-act; it is left unchanged and this session's progress is kept in "
                   "memory only.")
    except Timeout:
        if at_exit:
            _write_journal(path)
            return
        _wait = 0.0  # the next checks try without waiting, until the lock is free
        _unsaved_since = _unsaved_since or time.monotonic()
        if wait is not None or time.monotonic() - _unsaved_since >= WARN_AFTER:
            _warn_once(f"lock:{path}", f"Progress file {path} is locked by another program; "
                       f"{len(_pending)} event(s) of this session wait in memory and are "
                       "saved at the next check once it is free; if it is still locked when "
                       f"Python exits, they are kept beside it in {FILE_NAME}{JOURNAL}"
                       f"{_SESSION_TAG} and added to it by the next check.")
    except NotARegularFile as exc:
        _warn_once(f"link:{path}", f"Progress file {exc.filename}: {exc.strerror}; it is left "
                   "as it is and this session's progress is kept in memory only. Remove it "
                   "(or set BALANCING_ACT_HOME to another folder) to keep your progress.")
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if exc.filename and Path(exc.filename).name != path.parent.name:
            reason = f"{reason}: {Path(exc.filename).name}"
        _warn_once(f"write:{path.parent}", f"Cannot save progress in {path.parent} ({reason}); "
                   "the lesson works as usual, but this session's progress is kept in memory "
                   "only. Set BALANCING_ACT_HOME to a writable folder to keep it.")


def record(exercise_id: str, event: str, status: str | None = None, *,
           level: int | None = None, mistake: int | None = None, choice: str | None = None,
           marks: dict[str, str] | None = None) -> None:
    """Record a check (with its status), a hint (with its level), a solution request, or a
    written item's self-marks.

    ``mistake`` is the number (from 1) of the catalogued mistake a wrong answer
    matched, never the answer itself; ``choice`` the option letters a choice item was
    answered with ("B", "A+C", "B/C"), never free text; ``marks`` the self-marks per
    rubric criterion. Never raises because of the file: problems become one warning per
    session.
    """
    if event not in EVENTS:
        raise ValueError(f"event {event!r} is not one of {EVENTS}")
    if event == "check" and status not in STATUSES:
        raise ValueError(f"a check needs a status, one of {STATUSES}; got {status!r}")
    if event == "hint" and not (is_count(level) and level > 0):
        raise ValueError(f"a hint needs its level, a whole number from 1; got {level!r}")
    from balancing_act.support.paths import (
        version,  # the course edition, so a teacher knows which one was used
    )

    item: dict[str, Any] = {"exercise": str(exercise_id), "event": event,
                            "time": datetime.now(UTC).isoformat(timespec="seconds"),
                            "session": _SESSION_TAG, "course": version()}
    if event == "check":
        item["status"] = status
        if is_count(mistake) and mistake > 0 and status == "incorrect":
            item["mistake"] = mistake
        if is_choice(choice):
            item["choice"] = choice
    if event == "self_mark":
        if not is_marks(marks):
            raise ValueError(f"self-marks are criterion number -> one of {MARKS}; got {marks!r}")
        item["marks"] = dict(marks)
    if event == "hint":
        item["level"] = level
    with _lock:
        apply_event(_session.setdefault("state", empty_record()), item, MAX_EVENTS)
        _pending.append(item)
        try:
            _flush()
        except Exception as exc:  # anything unforeseen must not stop a lesson
            _warn_once("unexpected", f"Progress could not be saved ({type(exc).__name__}); "
                       "it is kept in memory for this session.")


def reset_session() -> None:
    """Start a fresh session: forget its counts, unsaved events and warnings given.

    The file is untouched. Useful between classroom demos in one kernel, and in tests.
    """
    global _wait, _unsaved_since
    with _lock:
        _session.clear()
        _pending.clear()
        _warned.clear()
        _wait, _unsaved_since = LOCK_WAIT, None


def pending() -> int:
    """How many recorded events are not in the file yet (0 when everything is saved)."""
    with _lock:
        return len(_pending)


@atexit.register
def _save_at_exit() -> None:
    """Events still waiting for the lock get one last, longer chance when Python exits."""
    with _lock:
        if _pending:
            with contextlib.suppress(Exception):
                _flush(wait=EXIT_WAIT, at_exit=True)


# --------------------------------------------------------------------------- reading


def _stored() -> dict[str, Any]:
    """Everything recorded: the file plus any events not yet written to it."""
    path = progress_path()
    state = empty_record()
    with _lock:
        try:
            real = _own_file(path)
            if real.exists():
                with _locked(real, _wait):
                    state = _read(real)
                    for _, events in _journals(real.parent):
                        for event in events:
                            apply_event(state, event, MAX_EVENTS)
        except NewerFile:
            _warn_once(f"newer:{path}", f"Progress file {path} was written by a newer version "
                       "of balancing-act; only this session's progress is shown.")
        except NotARegularFile as exc:
            _warn_once(f"link:{path}", f"Progress file {exc.filename}: {exc.strerror}; it is "
                       "not read, so only this session's progress is shown.")
        except (OSError, Timeout) as exc:
            _warn_once(f"read:{path}", f"Cannot read progress file {path} ({exc}); only this "
                       "session's progress is shown.")
        for event in _pending:
            apply_event(state, event, MAX_EVENTS)
    return state


def state(scope: str = "all") -> dict[str, Any]:
    """A copy of the record: this kernel session's (``"session"``) or everything (``"all"``)."""
    if scope == "session":
        with _lock:
            return json.loads(json.dumps(_session.get("state", empty_record())))
    if scope == "all":
        return _stored()
    raise ValueError(f"scope {scope!r} is not known; expected 'all' or 'session'")

"""Issue 14, defects 3, 5 and 6: the progress record never freezes a lesson for long,
never loses an event, and mends itself after a crash or a damaged file."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

from balancing_act import exercises, progress
from balancing_act.record import store
from balancing_act.record.store import ProgressWarning

HOLD_LOCK = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1]); lock.acquire()
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def stored(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def caught_warnings(action) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        action()
    return [str(w.message) for w in caught if issubclass(w.category, ProgressWarning)]


def hold_lock(home: Path, seconds: float) -> subprocess.Popen:
    """Another program holding the progress lock (started, and holding it, on return)."""
    home.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(home / "progress.json.lock"),
                               str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_held_lock_costs_one_short_wait_and_loses_nothing(home):
    holder = hold_lock(home, 60)
    try:
        start = time.monotonic()
        progress.record("02.1", "check", "incorrect")
        first = time.monotonic() - start
        start = time.monotonic()
        for _ in range(20):
            progress.record("02.1", "check", "correct")
        rest = time.monotonic() - start
        assert progress.pending() == 21
        assert not (home / "progress.json").exists()
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert first < store.LOCK_WAIT + 1.0  # one stated wait (0.5 s), not 10 s
    assert rest < 2.0  # the next checks do not wait again
    progress.record("02.2", "solution")  # the next chance writes every waiting event
    assert progress.pending() == 0
    entries = stored(home / "progress.json")["exercises"]
    assert entries["02.1"]["checks"] == 21 and entries["02.2"]["solutions"] == 1


WRITE_THEN_EXIT = """
from balancing_act import progress
for n in range(3):
    progress.record("03.1", "check", "correct")
print(progress.pending(), flush=True)
"""


def test_events_waiting_for_the_lock_are_saved_when_python_exits(home):
    holder = hold_lock(home, 60)  # released below, once the writer is on its way out
    env = {**os.environ, "BALANCING_ACT_HOME": str(home)}
    writer = subprocess.Popen([sys.executable, "-W", "ignore", "-c", WRITE_THEN_EXIT],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        waiting = writer.stdout.readline().strip()  # printed just before the program ends
    finally:
        holder.kill()  # the lock is free while the writer's exit handler waits for it
        holder.wait(timeout=10)
    _, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert waiting == "3"  # waiting when the program ended ...
    assert stored(home / "progress.json")["exercises"]["03.1"]["checks"] == 3  # ... and saved


def test_an_unlockable_home_is_reported_as_what_it_is(home, monkeypatch):
    home.mkdir()
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith(".lock"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    start = time.monotonic()
    messages = caught_warnings(lambda: progress.record("01.1", "check", "correct"))
    assert time.monotonic() - start < 1.0
    assert len(messages) == 1
    assert "Permission denied" in messages[0] and "locked by another program" not in messages[0]
    assert progress.pending() == 1  # kept in memory


def test_stray_temporary_files_of_killed_writers_are_cleaned_on_the_next_write(home):
    progress.record("01.1", "check", "correct")
    for n in range(18):
        (home / f".progress-killed{n}.tmp").write_text('{"half": ', encoding="utf-8")
    progress.record("01.1", "check", "correct")
    assert sorted(p.name for p in home.iterdir()) == ["progress.json", "progress.json.lock"]
    assert stored(home / "progress.json")["exercises"]["01.1"]["checks"] == 2


def test_a_deeply_nested_file_is_moved_aside_and_saving_works_again(home):
    home.mkdir()
    nested = "[" * 200_000 + "]" * 200_000
    (home / "progress.json").write_text(nested, encoding="utf-8")
    messages = caught_warnings(lambda: progress.summary())  # reading: no RecursionError
    assert len(messages) == 1 and "nested too deeply" in messages[0]
    assert "progress.json.damaged-1" in messages[0]
    assert (home / "progress.json.damaged-1").read_text(encoding="utf-8") == nested
    assert str(progress.progress_table("all"))
    progress.record("02.1", "check", "correct")
    assert stored(home / "progress.json")["exercises"]["02.1"]["correct"] == 1


def test_a_deeply_nested_file_does_not_break_the_command(home):
    home.mkdir()
    (home / "progress.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    env = {**os.environ, "BALANCING_ACT_HOME": str(home)}
    done = subprocess.run([sys.executable, "-m", "balancing_act.cli", "progress"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "RecursionError" not in done.stderr
    assert (home / "progress.json.damaged-1").exists()


def test_an_oversized_file_is_moved_aside(home, monkeypatch):
    monkeypatch.setattr(store, "MAX_FILE_BYTES", 1000)
    home.mkdir()
    (home / "progress.json").write_text(" " * 2000 + "{}", encoding="utf-8")
    messages = caught_warnings(lambda: progress.record("02.1", "check", "correct"))
    assert len(messages) == 1 and "larger than 1,000 bytes" in messages[0]
    assert stored(home / "progress.json")["exercises"]["02.1"]["checks"] == 1


def test_a_symlinked_progress_file_is_left_alone_and_the_checks_kept_in_memory(home, tmp_path):
    """Issue 26, point 1 (was: written through to its target): nothing goes through a link."""
    synced = tmp_path / "synced" / "my-progress.json"
    synced.parent.mkdir()
    synced.write_text("not a record, someone else's file", encoding="utf-8")
    home.mkdir()
    (home / "progress.json").symlink_to(synced)
    messages = caught_warnings(lambda: (progress.record("04.1", "check", "correct"),
                                        progress.record("04.1", "hint", level=1)))
    assert len(messages) == 1 and "symbolic link" in messages[0]
    assert (home / "progress.json").is_symlink()
    assert synced.read_text(encoding="utf-8") == "not a record, someone else's file"
    assert sorted(p.name for p in synced.parent.iterdir()) == ["my-progress.json"]
    shown = []
    caught_warnings(lambda: shown.append(progress.summary().set_index("lesson")))
    assert shown[0].loc["04", "hints_used"] == 1  # kept in memory


def test_a_looping_symlink_is_refused_with_a_reason(home):
    home.mkdir()
    (home / "progress.json").symlink_to(home / "progress.json")
    messages = caught_warnings(lambda: progress.record("04.1", "check", "correct"))
    assert len(messages) == 1 and "symbolic link" in messages[0]
    shown = []
    caught_warnings(lambda: shown.append(progress.summary().set_index("lesson")))
    assert shown[0].loc["04", "correct"] == 1  # kept in memory


def test_a_check_with_a_damaged_record_still_answers(home):
    home.mkdir()
    (home / "progress.json").write_text("{" * 100_000, encoding="utf-8")
    ex = exercises.exercise("00.1")
    messages = caught_warnings(lambda: ex.check(42))
    assert len(messages) == 1 and "damaged" in messages[0]
    assert stored(home / "progress.json")["exercises"]["00.1"]["correct"] == 1

"""Issue 14: a bounded soak test of the progress record (4 writers x 500 checks, kill -9).

Every check a writer reported as saved (nothing pending after it) must be in the
final file; the file must stay valid, with nothing moved aside and no stray
temporary file left once the next write has run. Each writer is killed with
SIGKILL at a random point of its run (chosen by how many checks it has reported,
so the kills land mid-run however fast the machine is), then restarted for the
checks it has left. Bounded: at most MAX_KILLS kills and a deadline; about
10-20 s on two busy cores. Marked ``slow`` so it can run in parallel with the rest.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from balancing_act import progress

WRITERS, CHECKS, MAX_KILLS, DEADLINE = 4, 500, 8, 120.0

WRITER = """
import sys
from balancing_act import progress
exercise, todo = sys.argv[1], int(sys.argv[2])
unreported = 0
for _ in range(todo):
    progress.record(exercise, "check", "correct")
    unreported += 1
    if progress.pending() == 0:  # saved: report every check written so far
        print(unreported, flush=True)
        unreported = 0
"""


class Writer:
    """One writer process and the checks it has reported saved (read as they arrive)."""

    def __init__(self, home: Path, exercise: str, todo: int, kill_at: int | None):
        env = {**os.environ, "BALANCING_ACT_HOME": str(home)}
        self.proc = subprocess.Popen(
            [sys.executable, "-W", "ignore", "-c", WRITER, exercise, str(todo)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        self.kill_at, self.saved = kill_at, 0
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if line.strip().isdigit():
                self.saved += int(line)


@pytest.fixture
def home(tmp_path):
    """A folder in RAM when there is one: this tests kill -9, not the disk's fsync speed."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        with tempfile.TemporaryDirectory(dir=shm, prefix="balancing-act-soak-") as folder:
            yield Path(folder)
    else:
        yield tmp_path / "home"


@pytest.mark.slow
def test_writers_killed_at_random_keep_every_record_they_reported_saved(home, monkeypatch):
    rng = random.Random(14)
    ids = [f"9{n}.1" for n in range(WRITERS)]
    saved = dict.fromkeys(ids, 0)
    kills_left = MAX_KILLS

    def launch(exercise: str) -> Writer:
        nonlocal kills_left
        todo = CHECKS - saved[exercise]
        kill_at = rng.randint(1, max(1, todo - 20)) if kills_left > 0 and todo > 40 else None
        kills_left -= kill_at is not None
        return Writer(home, exercise, todo, kill_at)

    running = {e: launch(e) for e in ids}
    kills, began = 0, time.monotonic()
    while running:
        assert time.monotonic() - began < DEADLINE, "the soak test ran past its deadline"
        for exercise, writer in list(running.items()):
            if writer.kill_at is not None and writer.saved >= writer.kill_at \
                    and writer.proc.poll() is None:
                writer.proc.send_signal(signal.SIGKILL)
                writer.kill_at = None
                kills += 1
            if writer.proc.poll() is None:
                continue
            writer.reader.join(timeout=30)
            err = writer.proc.stderr.read()
            saved[exercise] += writer.saved
            del running[exercise]
            if writer.proc.returncode == -signal.SIGKILL:
                if saved[exercise] < CHECKS:
                    running[exercise] = launch(exercise)
            else:
                assert writer.proc.returncode == 0, err
        time.sleep(0.002)
    monkeypatch.setenv("BALANCING_ACT_HOME", str(home))
    progress.record("99.1", "solution")  # the next write after the last kill cleans up
    assert progress.pending() == 0
    content = json.loads((home / "progress.json").read_text(encoding="utf-8"))
    for exercise in ids:
        assert content["exercises"][exercise]["checks"] >= saved[exercise] >= 1, exercise
    assert kills >= WRITERS  # every writer was killed at least once, mid-run
    left = sorted(p.name for p in home.iterdir())
    assert left == ["progress.json", "progress.json.lock"], left  # no stray or damaged file

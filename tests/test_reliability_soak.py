"""Issue 14: a bounded soak test of the progress record (4 writers x 500 checks, random kill -9).

Every check a writer reported as saved (nothing pending after it) must be in the
final file; the file must stay valid, with nothing moved aside and no stray
temporary file left. Bounded: at most MAX_KILLS kills, a deadline per process,
about 10-20 s on two busy cores. Marked ``slow`` so it can run in parallel with
the rest (``pytest -m slow`` / ``-m "not slow"``).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
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


def start(home: Path, exercise: str, todo: int) -> subprocess.Popen:
    env = {**os.environ, "BALANCING_ACT_HOME": str(home)}
    return subprocess.Popen([sys.executable, "-W", "ignore", "-c", WRITER, exercise, str(todo)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def reported(stdout: str) -> int:
    return sum(int(line) for line in stdout.split() if line.strip().isdigit())


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
    running = {e: start(home, e, CHECKS) for e in ids}
    kills, began = 0, time.monotonic()
    next_kill = began + rng.uniform(0.8, 1.6)
    while running:
        assert time.monotonic() - began < DEADLINE, "the soak test ran past its deadline"
        for exercise, proc in list(running.items()):
            if proc.poll() is None:
                continue
            out, err = proc.communicate(timeout=30)
            saved[exercise] += reported(out)
            del running[exercise]
            if proc.returncode == -signal.SIGKILL:  # killed: carry on with what is left
                if saved[exercise] < CHECKS:
                    running[exercise] = start(home, exercise, CHECKS - saved[exercise])
            else:
                assert proc.returncode == 0, err
        if running and kills < MAX_KILLS and time.monotonic() >= next_kill:
            victim = rng.choice(list(running.values()))
            if victim.poll() is None:
                victim.send_signal(signal.SIGKILL)
                kills += 1
            next_kill = time.monotonic() + rng.uniform(0.3, 1.2)
        time.sleep(0.01)
    monkeypatch.setenv("BALANCING_ACT_HOME", str(home))
    progress.record("99.1", "solution")  # the next write after the last kill cleans up
    assert progress.pending() == 0
    content = json.loads((home / "progress.json").read_text(encoding="utf-8"))
    for exercise in ids:
        assert content["exercises"][exercise]["checks"] >= saved[exercise] >= 1, exercise
    assert kills >= 1
    left = sorted(p.name for p in home.iterdir())
    assert left == ["progress.json", "progress.json.lock"], left  # no stray or damaged file

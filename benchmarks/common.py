"""Shared pieces of the benchmarks: one Figure type, robust statistics, fresh processes.

These machines are noisy, so every figure is a median (with p95) and, where a
floor exists, a ratio of medians measured side by side in the same run.
"""

from __future__ import annotations

import atexit
import contextlib
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
RUN = ".venv/bin/python -m benchmarks.run"
#: Bytecode cache for child processes, outside the checkout (see bench_env).
PYCACHE = Path(tempfile.gettempdir()) / "balancing-act-bench-pycache"


@dataclass
class Figure:
    """One measured figure against its target (`value <= target` passes)."""

    key: str
    title: str
    value: float | None
    unit: str
    target: float
    detail: str = ""
    command: str = ""
    reason: str = ""  # why the figure is n/a
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> str:
        if self.value is None:
            return "n/a"
        return "pass" if self.value <= self.target else "MISS"

    def shown(self) -> str:
        if self.value is None:
            return f"n/a: {self.reason}"
        return f"{_fmt(self.value)} {self.unit}".strip()

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "status": self.status}


def _fmt(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def not_available(key: str, title: str, unit: str, target: float, command: str,
                  reason: str) -> Figure:
    """A figure that could not be measured, with the reason (a missing module, say)."""
    first = reason.strip().splitlines()[0] if reason.strip() else "unknown reason"
    return Figure(key, title, None, unit, target, command=command,
                  reason=first if len(first) <= 160 else first[:157] + "...")


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def p95(values: Sequence[float]) -> float:
    """Nearest-rank 95th percentile (no interpolation: it is a value that happened)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def spread(values: Sequence[float], unit: str, scale: float = 1.0) -> str:
    """'median X, p95 Y (n=N)' for a detail column."""
    return (f"median {_fmt(median(values) * scale)} {unit}, p95 {_fmt(p95(values) * scale)} "
            f"{unit} (n={len(values)})")


def _scratch() -> Path:
    """A temporary folder for this run's homes, removed when the run ends."""
    folder = Path(tempfile.mkdtemp(prefix="bench-home-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def bench_env(home: Path | None = None) -> dict[str, str]:
    """Environment for child processes: progress and Jupyter state in a temp folder."""
    home = home or _scratch()
    env = dict(os.environ)
    # Not MPLCONFIGDIR: a fresh one rebuilds matplotlib's font cache, which no learner
    # pays after their first lesson.
    for var, sub in [("BALANCING_ACT_HOME", "progress"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                     ("IPYTHONDIR", "ipython")]:
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env.pop("PYTHONSTARTUP", None)
    # A learner's Python caches bytecode; a machine with PYTHONDONTWRITEBYTECODE=1
    # would recompile the package on every import and inflate every fresh-process figure.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


@contextlib.contextmanager
def scoped_env(values: dict[str, str], drop: Sequence[str] = ()) -> Iterator[None]:
    """Set environment variables for in-process work (and kernels it starts), then restore."""
    saved = dict(os.environ)
    for name in drop:
        os.environ.pop(name, None)
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_python(code: str, env: dict[str, str] | None = None, timeout: float = 120) -> str:
    """Run `python -c code` in a fresh interpreter; returns stdout, raises on failure."""
    done = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, env=env,
                          cwd=REPO, timeout=timeout, check=False)
    if done.returncode:
        raise RuntimeError(f"python -c {code!r} failed:\n{done.stderr[-1500:]}")
    return done.stdout


def wall(action: Callable[[], Any]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def interleaved(actions: dict[str, Callable[[], Any]], rounds: int) -> dict[str, list[float]]:
    """Time each action once per round, rotating the order so drift hits all alike."""
    names = list(actions)
    times: dict[str, list[float]] = {n: [] for n in names}
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            times[name].append(wall(actions[name]))
    return times


def env_int(name: str, default: int) -> int:
    """A positive integer from the environment (BENCH_ROUNDS=5), else the default."""
    raw = os.environ.get(name, "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else default

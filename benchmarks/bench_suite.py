"""Wall time of `make test` (lint, unit, nbval, browser, hub), in seconds and as a ratio
against the suite as it stood before the layer folders (issue 20), run side by side; and
the CPU seconds (user + sys of every process it started and waited for) it spent.

CPU is the figure a busy machine distorts least: other sessions on the machine stretch the
wall time, hardly the CPU a run needs. On 2 cores a run cannot end sooner than its CPU
seconds / 2, so 180 s of wall needs at most 360 s of CPU.

The ratio holds on a noisy machine: the two suites run in turn, A B A B ..., and the ratio
is taken pair by pair (median of the pairs). The baseline is a clone of commit
``BASELINE`` in ``build/bench/suite-baseline`` (its own venv, made on its first run).
Slow (tens of minutes): `BENCH_SKIP_SUITE=1` skips it; `BENCH_SUITE_ROUNDS` pairs (default 1);
`BENCH_SUITE_BASELINE=0` times this suite alone.
"""

from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import time
from pathlib import Path

from benchmarks.common import REPO, RUN, Figure, env_int, not_available

TARGET_S = 180.0
TARGET_CPU_S = 2 * TARGET_S  # 2 cores busy for the whole of the 180 s
TARGET_RATIO = round(180.0 / 470.0, 2)  # the old suite's best quiet 2-core run was 470 s
BASELINE = "3d79f39"  # the last commit before the layer folders: the suite as it stood
COMMAND = RUN + " --only suite"
TITLE = "`make test` wall time (2 cores)"
CPU_TITLE = "`make test` CPU, user + sys (2 cores: at most 2 x the wall target)"
RATIO_TITLE = "`make test` / the suite before issue 20, run side by side"
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)s\s+(setup|call|teardown)\s+(\S+)", re.M)
SUMMARY = re.compile(r"^=+ (.*(?:passed|failed|error).*) =+$", re.M)


def parse_durations(output: str) -> list[tuple[float, str, str]]:
    """(seconds, phase, test id) from pytest's '--durations' block."""
    block = output.split("slowest 10 durations", 1)[-1] if "slowest" in output else ""
    return [(float(s), phase, test) for s, phase, test in DURATION.findall(block)]


def baseline_checkout() -> Path:
    """A clone of the repository at ``BASELINE``, made once under build/bench/."""
    folder = REPO / "build" / "bench" / "suite-baseline"
    if not (folder / "Makefile").is_file():
        folder.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(REPO), str(folder)],
                       check=True)
        subprocess.run(["git", "-C", str(folder), "checkout", "--quiet", BASELINE], check=True)
    return folder


def _children_cpu() -> float:
    """User + sys seconds of every child process this one has waited for, so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_suite(folder: Path) -> tuple[float, float, subprocess.CompletedProcess]:
    """One `make test` in ``folder``: its wall seconds, its CPU seconds, what it printed."""
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(["make", "test", "PYTEST_ARGS=--durations=10"], cwd=folder,
                          capture_output=True, text=True, check=False)
    return time.perf_counter() - start, _children_cpu() - cpu, done


def _detail(done: subprocess.CompletedProcess) -> str:
    output = done.stdout + done.stderr
    summary = SUMMARY.findall(output)
    outcome = summary[-1] if summary else f"make exited {done.returncode} (no pytest summary)"
    top = "; ".join(f"{s:.1f} s {phase} {test.split('::')[-1][:40]}"
                    for s, phase, test in parse_durations(output)[:3])
    return f"{outcome}; slowest: {top}" if top else outcome


def measure() -> list[Figure]:
    if os.environ.get("BENCH_SKIP_SUITE") == "1":
        return [not_available(key, title, "s", target, COMMAND, "skipped (BENCH_SKIP_SUITE=1)")
                for key, title, target in (("suite", TITLE, TARGET_S),
                                           ("suite_cpu", CPU_TITLE, TARGET_CPU_S))]
    rounds = env_int("BENCH_SUITE_ROUNDS", 1)
    with_baseline = os.environ.get("BENCH_SUITE_BASELINE", "1") != "0"
    base = baseline_checkout() if with_baseline else None
    if base is not None:
        run_suite(base)  # warm-up: the baseline's venv and caches, not counted
    ours, cpus, theirs, last = [], [], [], None
    for _ in range(rounds):
        seconds, cpu, last = run_suite(REPO)
        ours.append(seconds)
        cpus.append(cpu)
        if base is not None:
            theirs.append(run_suite(base)[0])
    load = os.getloadavg()[0]
    figures = [Figure("suite", TITLE, statistics.median(ours), "s", TARGET_S,
                      f"median of {rounds}: {_detail(last)}", COMMAND,
                      extra={"returncode": last.returncode, "runs_s": ours,
                             "tail": (last.stdout + last.stderr)[-3000:]}),
               Figure("suite_cpu", CPU_TITLE, statistics.median(cpus), "s", TARGET_CPU_S,
                      f"median of {rounds}; load average at the end {load:.1f}", COMMAND,
                      extra={"runs_cpu_s": cpus})]
    if base is None:
        figures.append(not_available("suite_ratio", RATIO_TITLE, "x", TARGET_RATIO, COMMAND,
                                     "skipped (BENCH_SUITE_BASELINE=0)"))
    else:
        ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
        pairs = ", ".join(f"{a:.0f} s / {b:.0f} s" for a, b in zip(ours, theirs, strict=True))
        figures.append(Figure("suite_ratio", RATIO_TITLE, statistics.median(ratios), "x",
                              TARGET_RATIO, f"this suite / commit {BASELINE}, pair by pair: "
                              f"{pairs}", COMMAND, extra={"ratios": ratios}))
    return figures

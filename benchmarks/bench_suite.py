"""Wall time of `make test` (lint, unit, nbval, browser) and its ten slowest tests.

Slow (minutes), so `BENCH_SKIP_SUITE=1` skips it; it runs by default.
"""

from __future__ import annotations

import os
import re
import subprocess
import time

from benchmarks.common import REPO, RUN, Figure, not_available

TARGET_S = 180.0
COMMAND = "make test PYTEST_ARGS=--durations=10   (or: " + RUN + " --only suite)"
TITLE = "`make test` wall time (2 cores)"
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)s\s+(setup|call|teardown)\s+(\S+)", re.M)
SUMMARY = re.compile(r"^=+ (.*(?:passed|failed|error).*) =+$", re.M)


def parse_durations(output: str) -> list[tuple[float, str, str]]:
    """(seconds, phase, test id) from pytest's '--durations' block."""
    block = output.split("slowest 10 durations", 1)[-1] if "slowest" in output else ""
    return [(float(s), phase, test) for s, phase, test in DURATION.findall(block)]


def measure() -> list[Figure]:
    if os.environ.get("BENCH_SKIP_SUITE") == "1":
        return [not_available("suite", TITLE, "s", TARGET_S, COMMAND,
                              "skipped (BENCH_SKIP_SUITE=1)")]
    start = time.perf_counter()
    done = subprocess.run(["make", "test", "PYTEST_ARGS=--durations=10"], cwd=REPO,
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    output = done.stdout + done.stderr
    durations = parse_durations(output)
    summary = SUMMARY.findall(output)
    outcome = summary[-1] if summary else f"make exited {done.returncode} (no pytest summary)"
    top = "; ".join(f"{s:.1f} s {phase} {test.split('::')[-1][:40]}"
                    for s, phase, test in durations[:3])
    detail = f"{outcome}; slowest: {top}" if top else outcome
    return [Figure("suite", TITLE, seconds, "s", TARGET_S, detail, COMMAND,
                   extra={"returncode": done.returncode, "durations": durations,
                          "tail": output[-3000:]})]

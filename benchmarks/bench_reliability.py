"""Reliability under hostile input: the worst `check()` time over oversized answers, and
`check-data` on a "billion laughs" YAML file.

A learner can paste anything into a check (a 10 MB string, ``range(10**9)``, an
endless generator, a list nested 100,000 deep, a 200,000-row table); a teacher's
file can be an alias bomb. Each must be answered with one message, quickly:
check() within 50 ms, check-data within 1 s naming the file.
"""

from __future__ import annotations

import contextlib
import gc
import io
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import RUN, Figure, bench_env, not_available, scoped_env
from tests.support.hostile import oversized_answers

CHECK_TARGET_MS = 50.0
BOMB_TARGET_S = 1.0
COMMAND = f"{RUN} --only reliability"


def alias_bomb(levels: int = 10, width: int = 9) -> str:
    """10 levels x 9 aliases: 9**10 values once expanded, from about 1 kB of YAML."""
    lines = ['lesson: "98"', "title: Bomb", "exercises:", '  - id: "98.1"', "    type: text",
             "    prompt: p", "    answer: a", "    hints: [h]", "    explanation: e",
             "    cites: []", "    a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    lines += [f"    a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * width) + "]"
              for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def _is_iterator(value: Any) -> bool:
    try:
        return iter(value) is value
    except TypeError:
        return False


def worst_check(every: dict[str, Any], answers: list[tuple[str, Callable[[], Any]]],
                repeats: int = 5, call: str = "check"):
    """(median seconds of ``repeats`` calls, exercise, answer label), slowest first.

    A median per pair, so one fsync stall of the progress write on a busy disk is
    not reported as the check's cost; each value is built once per answer (a
    generator once per check, as one check uses it up).
    """
    times = []
    for label, make in answers:
        value = make()
        gc.collect()  # the last answer's garbage is the benchmark's, not the check's
        for ex_id, ex in every.items():
            samples = []
            for _ in range(repeats):
                given = make() if _is_iterator(value) else value
                start = time.perf_counter()
                getattr(ex, call)(given)
                samples.append(time.perf_counter() - start)
            times.append((statistics.median(samples), ex_id, label))
        del value
    return sorted(times, key=lambda t: t[0], reverse=True)


def bomb_check_data() -> tuple[float, int, str]:
    """Seconds, exit code and first stderr line of check-data on a copy with an alias bomb."""
    from balancing_act.cli import commands as cli
    from balancing_act.data import loaders as data

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "lessons_data"
        shutil.copytree(data.data_dir(), folder)
        (folder / "exercises" / "98_bomb.yml").write_text(alias_bomb(), encoding="utf-8")
        err = io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = cli.main(["check-data", str(folder)])
        seconds = time.perf_counter() - start
    lines = [line for line in err.getvalue().splitlines() if "98_bomb" in line]
    return seconds, code, lines[0] if lines else err.getvalue().strip()[:200]


def measure() -> list[Figure]:
    figures = []
    try:
        from balancing_act import exercises
        every = exercises.all_exercises()
        answers = oversized_answers()
    except Exception as exc:
        return [not_available("oversized_check", "worst check() over oversized answers", "ms",
                              CHECK_TARGET_MS, COMMAND, f"{type(exc).__name__}: {exc}")]
    with scoped_env({"BALANCING_ACT_HOME": bench_env()["BALANCING_ACT_HOME"]}):
        times = worst_check(every, answers)
        judged = worst_check(every, answers, repeats=3, call="evaluate")
    slowest = "; ".join(f"{ex} with {label} {t * 1000:.1f} ms" for t, ex, label in times[:3])
    slowest += (f"; judging alone (evaluate, no progress write) at worst {judged[0][0] * 1000:.2f}"
                f" ms ({judged[0][1]} with {judged[0][2]})")
    figures.append(Figure(
        "oversized_check", f"worst check() over {len(answers)} oversized answers x "
        f"{len(every)} exercises (median of 5 per pair)", times[0][0] * 1000, "ms", CHECK_TARGET_MS,
        f"slowest: {slowest}", COMMAND,
        extra={"slowest": [(f"{ex} {label}", t * 1000) for t, ex, label in times[:10]],
               "evaluate_worst_ms": judged[0][0] * 1000}))
    seconds, code, line = bomb_check_data()
    named = code == 1 and "aliases" in line
    figures.append(Figure(
        "alias_bomb", "check-data on an alias-bomb YAML file (9**10 values)",
        seconds if named else None, "s", BOMB_TARGET_S,
        f"exit {code}: {line}", COMMAND,
        reason="" if named else f"no named error (exit {code}): {line}"))
    return figures

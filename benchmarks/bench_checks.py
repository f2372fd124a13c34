"""`check()` time over every exercise, with its example answer and each known mistake.

`check` is what a learner runs: it judges the answer and records the attempt in
the progress file (under a lock), so both costs are in the figure; `evaluate`
(the judging alone) is reported beside it to show where the time goes.
"""

from __future__ import annotations

import time
from typing import Any

from benchmarks.common import (
    RUN,
    Figure,
    bench_env,
    env_int,
    median,
    not_available,
    p95,
    scoped_env,
    spread,
)

TARGET_MS = 5.0
COMMAND = f"{RUN} --only checks"


def _answers(ex: Any) -> list[tuple[str, Any]]:
    return [("example", ex.example_answer)] + [(f"mistake {n}", m.answer)
                                               for n, m in enumerate(ex.mistakes, start=1)]


def _time_calls(call: Any, answer: Any, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call(answer)
        times.append(time.perf_counter() - start)
    return times


def _time_all(every: dict[str, Any], repeats: int) -> tuple[list, list, list]:
    """check() and evaluate() times, and (median check time, which answer), slowest first."""
    checks, judged, worst = [], [], []
    for ex_id, ex in every.items():
        for label, answer in _answers(ex):
            got = _time_calls(ex.check, answer, repeats)
            checks += got
            judged += _time_calls(ex.evaluate, answer, repeats)
            worst.append((median(got), f"{ex_id} {label}"))
    return checks, judged, sorted(worst, reverse=True)


def measure(repeats: int | None = None) -> list[Figure]:
    repeats = repeats or env_int("BENCH_CHECK_REPEATS", 5)
    try:
        from balancing_act import exercises
        every = exercises.all_exercises()
    except Exception as exc:  # a module still being written, or broken content
        return [not_available("checks", "check() over every exercise", "ms", TARGET_MS,
                              COMMAND, f"{type(exc).__name__}: {exc}")]
    with scoped_env({"BALANCING_ACT_HOME": bench_env()["BALANCING_ACT_HOME"]}):
        checks, judged, worst = _time_all(every, repeats)
    detail = (f"{spread(checks, 'ms', 1000)} over {len(every)} exercises; judging alone "
              f"median {median(judged) * 1000:.2f} ms; slowest {worst[0][1]} "
              f"{worst[0][0] * 1000:.1f} ms")
    return [Figure("checks", "check() over every exercise: example answer + known mistakes",
                   median(checks) * 1000, "ms", TARGET_MS, detail, COMMAND,
                   extra={"p95_ms": p95(checks) * 1000,
                          "evaluate_median_ms": median(judged) * 1000,
                          "slowest": [(name, t * 1000) for t, name in worst[:5]]})]

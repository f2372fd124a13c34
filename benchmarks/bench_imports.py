"""Import cost in fresh interpreters: the package against the libraries every lesson needs.

Each round starts one process per statement, rotating the order, so machine
noise spreads evenly; the figure is a ratio of medians of whole-process wall time.
"""

from __future__ import annotations

from benchmarks.common import (
    RUN,
    Figure,
    bench_env,
    env_int,
    interleaved,
    median,
    not_available,
    run_python,
    spread,
)

STATEMENTS = {
    "floor": "pass",
    "libs": "import pandas, ipywidgets",
    "package": "import balancing_act",
    "setup": "import balancing_act.widgets, balancing_act.exercises",
}
TARGET = 1.2
COMMAND = f"{RUN} --only imports"


def measure(rounds: int | None = None) -> list[Figure]:
    rounds = rounds or env_int("BENCH_IMPORT_ROUNDS", 21)
    env = bench_env()
    try:
        for code in STATEMENTS.values():  # warm the file cache; fail early and clearly
            run_python(code, env)
    except RuntimeError as exc:
        return [not_available("imports", "import balancing_act vs pandas+ipywidgets", "x",
                              TARGET, COMMAND, str(exc).splitlines()[-1])]
    times = interleaved({k: (lambda c=c: run_python(c, env)) for k, c in STATEMENTS.items()},
                        rounds)
    libs = median(times["libs"])
    floor = median(times["floor"])

    def figure(key: str, title: str) -> Figure:
        ratio = median(times[key]) / libs
        detail = (f"{spread(times[key], 'ms', 1000)}; pandas+ipywidgets "
                  f"{spread(times['libs'], 'ms', 1000)}; bare python {floor * 1000:.0f} ms")
        return Figure(f"imports.{key}", title, ratio, "x", TARGET, detail, COMMAND,
                      extra={k: v for k, v in times.items()})

    return [figure("package", "`import balancing_act` / `import pandas, ipywidgets`"),
            figure("setup", "setup-cell import (widgets, exercises) / pandas+ipywidgets")]

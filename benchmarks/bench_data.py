"""Loading and validating all of lessons_data cold, in fresh processes.

The clock starts after the imports (their cost is the imports figure). The
figure is one cold pass through the public loaders, which validate as they
load: every article table, model table and exercise file. Beside it, the
`balancing-act check-data` path (validate_folder for data and exercises),
which re-reads everything on purpose, is timed in the same processes.
"""

from __future__ import annotations

import json

from benchmarks.common import (
    RUN,
    Figure,
    bench_env,
    env_int,
    median,
    not_available,
    run_python,
    spread,
)

TARGET_MS = 100.0
COMMAND = f"{RUN} --only data"
CODE = """
import json, time
from balancing_act import data, exercises
t0 = time.perf_counter()
data.load_sentences(); data.load_sections(); data.load_glossary(); data.load_actors()
for name in data.list_tables(): data.load_table(name)
for name in data.list_model_tables(): data.load_model_table(name)
t1 = time.perf_counter()
exercises.all_exercises()
t2 = time.perf_counter()
folder = data.data_dir()
problems = data.validate_folder(folder) + exercises.validate_folder(folder / "exercises")
t3 = time.perf_counter()
print(json.dumps({"tables": t1 - t0, "exercises": t2 - t1, "check_data": t3 - t2,
                  "problems": len(problems)}))
"""


def measure(runs: int | None = None) -> list[Figure]:
    runs = runs or env_int("BENCH_DATA_RUNS", 15)
    env = bench_env()
    try:
        run_python(CODE, env)  # warm-up: fills the bytecode and file caches
        samples = [json.loads(run_python(CODE, env)) for _ in range(runs)]
    except RuntimeError as exc:
        return [not_available("data", "load + validate lessons_data, cold", "ms", TARGET_MS,
                              COMMAND, str(exc).splitlines()[-1])]
    totals = [s["tables"] + s["exercises"] for s in samples]
    detail = (f"{spread(totals, 'ms', 1000)}; tables "
              f"{median([s['tables'] for s in samples]) * 1000:.0f} ms + exercises "
              f"{median([s['exercises'] for s in samples]) * 1000:.0f} ms; `check-data` "
              f"validation {median([s['check_data'] for s in samples]) * 1000:.0f} ms, "
              f"{samples[0]['problems']} problem(s)")
    return [Figure("data", "load + validate all of lessons_data, cold (fresh process)",
                   median(totals) * 1000, "ms", TARGET_MS, detail, COMMAND,
                   extra={"samples": samples})]

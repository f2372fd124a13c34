"""Executing every lesson (nbclient) against a floor of notebooks that hold only their setup cell.

The floor pays for what no lesson can avoid (kernel start, imports, shutdown),
so the ratio shows what the lessons' own cells add. Lesson and floor run
alternately, one after the other, in each round. Cell times come from the
timestamps nbclient records in each cell's metadata.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from benchmarks.common import RUN, Figure, bench_env, env_int, median, not_available, scoped_env

TARGET_RATIO = 1.5
TARGET_CELL_S = 2.0
COMMAND = f"{RUN} --only course"


def _setup_index(nb: Any) -> int:
    """The setup cell: tagged `setup`, else the first code cell."""
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    tagged = [i for i in code if "setup" in nb.cells[i].metadata.get("tags", [])]
    return (tagged or code)[0]


def _floor(nb: Any) -> Any:
    floor = copy.deepcopy(nb)
    floor.cells = [floor.cells[_setup_index(nb)]]
    return floor


def _execute(nb: Any, folder: Path) -> tuple[float, Any]:
    from nbclient import NotebookClient

    nb = copy.deepcopy(nb)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    start = time.perf_counter()
    client.execute(stderr=subprocess.DEVNULL)  # the kernel's own log, e.g. "running over TCP"
    return time.perf_counter() - start, nb


def _cell_seconds(nb: Any) -> dict[int, float]:
    """Seconds per executed code cell, from execute_input to execute_reply."""
    found = {}
    for i, cell in enumerate(nb.cells):
        stamps = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" in stamps and "shell.execute_reply" in stamps:
            begin = datetime.fromisoformat(stamps["iopub.execute_input"])
            end = datetime.fromisoformat(stamps["shell.execute_reply"])
            found[i] = (end - begin).total_seconds()
    return found


def _first_line(nb: Any, index: int) -> str:
    line = (nb.cells[index].source.strip().splitlines() or [""])[0]
    return line if len(line) <= 50 else line[:47] + "..."


Timings = dict[str, list[float]]


def _rounds(nbs: dict[str, Any], folder: Path,
            rounds: int) -> tuple[Timings, Timings, dict[tuple[str, int], list[float]]]:
    """Lesson and floor wall times per notebook, and each lesson cell's seconds."""
    lesson_t: Timings = {n: [] for n in nbs}
    floor_t: Timings = {n: [] for n in nbs}
    cells: dict[tuple[str, int], list[float]] = {}
    _execute(next(iter(nbs.values())), folder)  # warm-up: bytecode and file caches
    for r in range(rounds):
        for name, nb in nbs.items():
            pair = [("lesson", nb), ("floor", _floor(nb))]
            for kind, book in pair if r % 2 == 0 else pair[::-1]:
                seconds, done = _execute(book, folder)
                (lesson_t if kind == "lesson" else floor_t)[name].append(seconds)
                if kind == "lesson":
                    for i, s in _cell_seconds(done).items():
                        cells.setdefault((name, i), []).append(s)
    return lesson_t, floor_t, cells


def measure(rounds: int | None = None) -> list[Figure]:
    import nbformat

    from balancing_act.support import paths

    rounds = rounds or env_int("BENCH_COURSE_ROUNDS", 4)
    lessons = paths.lesson_notebooks()
    if not lessons:
        return [not_available("course", "execute every lesson / setup-only floor", "x",
                              TARGET_RATIO, COMMAND, "no lesson notebooks in notebooks/ yet")]
    work = Path(tempfile.mkdtemp(prefix="bench-course-"))
    folder = Path(shutil.copytree(paths.NOTEBOOKS_DIR, work / "notebooks"))
    nbs = {p.name: nbformat.read(folder / p.name, as_version=4) for p in lessons}
    env = bench_env(work / "home")  # kernels inherit this process's environment
    keep = ("BALANCING_ACT_HOME", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "PYTHONPYCACHEPREFIX")
    try:
        with scoped_env({k: env[k] for k in keep}, drop=["PYTHONDONTWRITEBYTECODE"]):
            timings = _rounds(nbs, folder, rounds)
    except Exception as exc:
        return [not_available("course", "execute every lesson / setup-only floor", "x",
                              TARGET_RATIO, COMMAND, f"{type(exc).__name__}: {exc}")]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _figures(nbs, *timings, rounds)


def _figures(nbs: dict[str, Any], lesson_t: Timings, floor_t: Timings,
             cells: dict[tuple[str, int], list[float]], rounds: int) -> list[Figure]:
    total = sum(median(v) for v in lesson_t.values())
    floor = sum(median(v) for v in floor_t.values())
    per = ", ".join(f"{n[:2]} {median(lesson_t[n]):.1f}/{median(floor_t[n]):.1f}"
                    for n in lesson_t)
    ratio = Figure("course.ratio", "execute every lesson / setup-cell-only floor (nbclient)",
                   total / floor, "x", TARGET_RATIO,
                   f"lessons {total:.1f} s vs floor {floor:.1f} s, medians of {rounds} rounds; "
                   f"per lesson s: {per}", COMMAND,
                   extra={"lessons_s": lesson_t, "floor_s": floor_t})
    slow = sorted(((median(v), k) for k, v in cells.items()), reverse=True)[:10]
    top = "; ".join(f"{n[:2]} cell {i} {s:.2f} s `{_first_line(nbs[n], i)}`"
                    for s, (n, i) in slow[:3])
    cell = Figure("course.slowest_cell", "slowest lesson cell (median over rounds)",
                  slow[0][0] if slow else 0.0, "s", TARGET_CELL_S, top, COMMAND,
                  extra={"slowest": [(n, i, s, _first_line(nbs[n], i)) for s, (n, i) in slow]})
    return [ratio, cell]

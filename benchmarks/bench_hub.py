"""A class on a real JupyterHub: hub start-up, and a class of thirty running lesson 00 at once.

Uses the hub test's own machinery (tests/support/hubclass.py, classwork.py, hubenv.py): the
same hub environment (course wheel + `hub` extra), deploy/jupyterhub_config.py with the
same loopback overrides, the same nbgitpuller link and the same learner plans. Each
learner, all at once: the server is asked to start, the link is followed, every cell of
lesson 00 runs over the kernel API, then the learner's own checks, hints and solutions.
While the class works, the memory of everything the hub runs (hub, proxy, every server and
kernel) is sampled once a second: its peak is what the hub's machine must hold.

`BENCH_HUB_LEARNERS` sets the class size (30); the hub test in `make test` keeps ten.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import resource
import shutil
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, RUN, Figure, env_int, median, not_available, p95

COMMAND = f"{RUN} --only hub"
CLASS_SIZE = 30
START_TARGET_S = 20.0
P50_TARGET_S = 90.0
P95_TARGET_S = 120.0
#: A class of thirty on one 2-core server with 8 GB of memory, the machine it is sized for.
MEMORY_TARGET_GB = 8.0
SAMPLE_EVERY_S = 1.0
#: The last run's hub log (every learner's server writes into it) and each failure's
#: traceback: what a missed learner needs to be looked into once the run's folder is gone.
LOG_PATH = REPO / "build" / "bench-hub.log"


def keys(size: int) -> list[tuple[str, str, str, float]]:
    """(key, title, unit, target) of each figure, titled with the class size."""
    return [("hub_start", "JupyterHub start-up (deploy/jupyterhub_config.py, loopback)", "s",
             START_TARGET_S),
            ("hub_class_unfinished", f"{size} learners run lesson 00 at once: not completed",
             "learners", 0.0),
            ("hub_records_lost", f"{size} learners at once: progress records lost or incomplete",
             "learners", 0.0),
            ("hub_class_p50", f"{size} learners at once: server start to last check, p50", "s",
             P50_TARGET_S),
            ("hub_class_p95", f"{size} learners at once: server start to last check, p95", "s",
             P95_TARGET_S),
            ("hub_class_memory", f"{size} learners at once: peak memory of everything the hub "
             "runs", "GB", MEMORY_TARGET_GB)]


# ---------------------------------------------------------------- memory

def _meminfo() -> dict[str, int]:
    """/proc/meminfo in bytes."""
    found = {}
    for line in Path("/proc/meminfo").read_text().splitlines():
        name, value = line.split(":", 1)
        found[name] = int(value.split()[0]) * 1024
    return found


def _pss(pid: int) -> int:
    """A process's proportional set size in bytes (shared pages split among their users),
    so summing over the class counts a shared library once; 0 when it is gone."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    return 0


def _kind(pid: int) -> str:
    """What a process of the hub is, from its command line."""
    from tests.support.procs import command

    cmd = command(pid) or ""
    for needle, kind in (("ipykernel", "kernels"), ("singleuser", "servers"),
                         ("http-proxy", "proxy"), ("jupyterhub", "hub"), ("git", "git")):
        if needle in cmd:
            return kind
    return "other"


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class MemoryWatch:
    """Samples, once a second, the memory of the hub's processes and of the whole machine."""

    hub: Any
    peak_class: int = 0
    peak_processes: int = 0
    machine_before: int = 0
    peak_machine: int = 0
    samples: list[float] = field(default_factory=list)
    #: (pid, start time) -> (kind, CPU seconds so far): where the class's CPU went.
    cpu: dict[tuple[int, int], tuple[str, float]] = field(default_factory=dict)
    bench_cpu: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> MemoryWatch:
        self.machine_before = self._machine_used()
        self.bench_cpu = -_own_cpu()
        self._thread = threading.Thread(target=self._run, daemon=True, name="memory-watch")
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
        self.bench_cpu += _own_cpu()

    def cpu_by_kind(self) -> dict[str, float]:
        """CPU seconds of the hub's processes by kind, and of this benchmark's own learners
        (their HTTP and websocket clients and this sampler), which a real class runs on
        its own laptops."""
        totals: dict[str, float] = {}
        for kind, seconds in self.cpu.values():
            totals[kind] = totals.get(kind, 0.0) + seconds
        totals["bench learners"] = self.bench_cpu
        return dict(sorted(totals.items(), key=lambda kv: -kv[1]))

    @staticmethod
    def _machine_used() -> int:
        info = _meminfo()
        return info["MemTotal"] - info["MemAvailable"]

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(SAMPLE_EVERY_S)

    def sample(self) -> None:
        from tests.support.procs import cpu_seconds, descendants, processes_in

        hub = self.hub
        idents = set(processes_in(hub.homes))
        if hub.proc is not None:
            idents |= descendants(hub.proc.pid)
        pids = {pid for pid, _ in idents}
        for ident in idents:
            if (spent := cpu_seconds(ident[0])) is not None:
                kind = self.cpu[ident][0] if ident in self.cpu else _kind(ident[0])
                self.cpu[ident] = (kind, spent)
        used = sum(_pss(pid) for pid in pids)
        self.samples.append(used / 1e9)
        if used > self.peak_class:
            self.peak_class, self.peak_processes = used, len(pids)
        self.peak_machine = max(self.peak_machine, self._machine_used())


# ---------------------------------------------------------------- the class

def _one_learner(hub, index: int, name: str, link: str):
    from tests.support import classwork

    learner = hub.start_server(name)
    events = learner.pull(link)
    if not events or events[-1].get("phase") != "finished":
        raise RuntimeError(f"{name}: nbgitpuller did not finish: {events[-1:]}")
    return learner, classwork.run_lesson(learner, classwork.plan_for(index))


def _class_at_once(hub, link: str, names: list[str]) -> tuple[list, list[str], list[str]]:
    """Every learner's flow in its own thread: (learner, run) pairs, failures, tracebacks."""
    done: list = []
    failed: list[str] = []
    traces: list[str] = []
    hub.add_learners(names)
    with concurrent.futures.ThreadPoolExecutor(len(names)) as pool:
        futures = {pool.submit(_one_learner, hub, i, name, link): name
                   for i, name in enumerate(names)}
        for future in concurrent.futures.as_completed(futures):
            try:
                done.append(future.result())
            except Exception as exc:  # one learner's failure is a figure, not a crash
                failed.append(f"{futures[future]}: {type(exc).__name__}: {exc}")
                traces.append(f"{futures[future]}:\n{traceback.format_exc()}")
    return done, failed, traces


@dataclass
class ClassRun:
    """What one benchmark run saw: start-up times, the class's runs, failures, memory."""

    start_times: list[float]
    done: list
    failed: list[str]
    left: list[str]
    memory: MemoryWatch


def _run(work: Path, starts: int, size: int) -> ClassRun:
    from tests.support import classwork, hubclass, hubenv

    with hubenv.lock():
        python, proxy = hubenv.hub_python(), hubenv.proxy_command()
        repo = classwork.StudentRepo(work / "course").create()
        link = hubclass.pull_link(repo.url, classwork.REPO_NAME, classwork.LESSON)
        start_times = []
        for n in range(starts):
            hub = hubclass.Hub(python, proxy, work / f"hub{n}").start()
            start_times.append(hub.started_in)
            if n < starts - 1:
                hub.stop()
        traces: list[str] = []
        try:
            with MemoryWatch(hub) as memory:
                done, failed, traces = _class_at_once(hub, link, classwork.class_of(size))
        finally:
            left = hub.stop()
            _keep_log(hub.log(), traces)
    return ClassRun(start_times, done, failed, left, memory)


def _keep_log(log: str, traces: list[str]) -> None:
    """build/bench-hub.log: the failures' tracebacks first, then the hub's whole log."""
    from balancing_act.support.atomic_files import replace_text

    head = "".join(f"{t}\n" for t in traces) or "every learner completed\n"
    LOG_PATH.parent.mkdir(parents=True, exist_ok=True)
    replace_text(LOG_PATH, f"{head}\n---- jupyterhub.log ----\n{log}")


def measure() -> list[Figure]:
    from tests.support import hubenv

    starts = env_int("BENCH_HUB_STARTS", 3)
    size = env_int("BENCH_HUB_LEARNERS", CLASS_SIZE)
    work = Path(tempfile.mkdtemp(prefix="bench-hub-"))
    try:
        run = _run(work, starts, size)
    except (hubenv.HubUnavailable, RuntimeError, TimeoutError, OSError) as exc:
        return [not_available(k, t, u, tg, COMMAND, f"{type(exc).__name__}: {exc}")
                for k, t, u, tg in keys(size)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _figures(run, size)


def _figures(run: ClassRun, size: int) -> list[Figure]:
    key = keys(size)
    total = len(run.done) + len(run.failed)
    finished = [(lr, lesson) for lr, lesson in run.done if not lesson.cell_errors]
    lost = [lesson.learner for _, lesson in run.done if lesson.problems()]
    spans = [lesson.last_check - lr.requested for lr, lesson in finished]
    ready = [lr.ready - lr.requested for lr, _ in run.done]
    drops = sum(len(lesson.reconnects) for _, lesson in run.done)
    resent = sum(len(lr.http.resent) for lr, _ in run.done)
    notes = "; ".join(run.failed + [f"left running: {p}" for p in run.left])[:300]
    figures = [
        Figure("hub_start", key[0][1], median(run.start_times), "s", START_TARGET_S,
               f"median of {len(run.start_times)} starts, p95 {p95(run.start_times):.1f} s; "
               "to the first answer of /hub/api/ through the proxy", COMMAND,
               extra={"samples_s": run.start_times}),
        Figure("hub_class_unfinished", key[1][1], float(total - len(finished)), "learners", 0.0,
               f"{len(finished)} of {total} completed lesson 00 with no cell error; "
               f"{drops} kernel websocket drop(s) picked up again; {resent} request(s) "
               "sent again after the proxy closed a kept-alive connection (as browsers do)"
               + (f"; {notes}" if notes else ""), COMMAND),
        Figure("hub_records_lost", key[2][1], float(len(lost) + len(run.failed)), "learners",
               0.0, "each record compared with the learner's own plan, event by event"
               + (f"; lost: {', '.join(lost)}" if lost else ""), COMMAND),
    ]
    if spans:
        cpu = run.memory.cpu_by_kind()
        detail = (f"n={len(spans)}; server ready after median {median(ready):.1f} s, "
                  f"p95 {p95(ready):.1f} s; then nbgitpuller, every cell, own checks; CPU "
                  "while the class worked: "
                  + ", ".join(f"{kind} {sec:.0f} s" for kind, sec in cpu.items()))
        figures += [Figure("hub_class_p50", key[3][1], median(spans), "s", P50_TARGET_S,
                           detail, COMMAND, extra={"samples_s": spans, "cpu_s": cpu}),
                    Figure("hub_class_p95", key[4][1], p95(spans), "s", P95_TARGET_S,
                           detail, COMMAND, extra={"samples_s": spans, "cpu_s": cpu})]
    else:
        figures += [not_available(k, t, u, tg, COMMAND, "no learner completed lesson 00")
                    for k, t, u, tg in key[3:5]]
    figures.append(_memory_figure(run.memory, key[5]))
    return figures


def _memory_figure(memory: MemoryWatch, key: tuple[str, str, str, float]) -> Figure:
    name, title, unit, target = key
    if not memory.samples:
        return not_available(name, title, unit, target, COMMAND, "no memory sample was taken")
    growth = (memory.peak_machine - memory.machine_before) / 1e9
    return Figure(name, title, memory.peak_class / 1e9, unit, target,
                  f"sum of PSS over {memory.peak_processes} processes (hub, proxy, servers, "
                  f"kernels) at the peak, sampled every {SAMPLE_EVERY_S:g} s "
                  f"(n={len(memory.samples)}); the whole machine's used memory grew by "
                  f"{growth:.1f} GB (shared, so other work is in it)", COMMAND,
                  extra={"samples_gb": memory.samples})


if __name__ == "__main__":
    started = time.perf_counter()
    for figure in measure():
        print(figure.key, figure.shown(), figure.status, figure.detail)
    print(f"{time.perf_counter() - started:.0f} s")

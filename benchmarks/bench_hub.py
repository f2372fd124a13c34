"""A class on a real JupyterHub: hub start-up, and ten learners running lesson 00 at once.

Uses the hub test's own machinery (tests/support/hubclass.py, classwork.py, hubenv.py): the
same hub environment (course wheel + `hub` extra), deploy/jupyterhub_config.py with the
same loopback overrides, the same nbgitpuller link and the same learner plans. Each
learner, all at once: the server is asked to start, the link is followed, every cell of
lesson 00 runs over the kernel API, then the learner's own checks, hints and solutions.
"""

from __future__ import annotations

import concurrent.futures
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.common import RUN, Figure, env_int, median, not_available, p95

COMMAND = f"{RUN} --only hub"
START_TARGET_S = 20.0
P50_TARGET_S = 60.0
P95_TARGET_S = 90.0
KEYS = [("hub_start", "JupyterHub start-up (deploy/jupyterhub_config.py, loopback)", "s",
         START_TARGET_S),
        ("hub_class_unfinished", "10 learners run lesson 00 at once: not completed",
         "learners", 0.0),
        ("hub_records_lost", "10 learners at once: progress records lost or incomplete",
         "learners", 0.0),
        ("hub_class_p50", "10 learners at once: server start to last check, p50", "s",
         P50_TARGET_S),
        ("hub_class_p95", "10 learners at once: server start to last check, p95", "s",
         P95_TARGET_S)]


def _one_learner(hub, index: int, name: str, link: str):
    from tests.support import classwork

    learner = hub.start_server(name)
    events = learner.pull(link)
    if not events or events[-1].get("phase") != "finished":
        raise RuntimeError(f"{name}: nbgitpuller did not finish: {events[-1:]}")
    return learner, classwork.run_lesson(learner, classwork.plan_for(index))


def _class_at_once(hub, link: str) -> tuple[list, list[str]]:
    """Every learner's flow in its own thread; returns (learner, run) pairs and failures."""
    from tests.support import classwork

    done, failed = [], []
    hub.add_learners(classwork.LEARNERS)
    with concurrent.futures.ThreadPoolExecutor(len(classwork.LEARNERS)) as pool:
        futures = {pool.submit(_one_learner, hub, i, name, link): name
                   for i, name in enumerate(classwork.LEARNERS)}
        for future in concurrent.futures.as_completed(futures):
            try:
                done.append(future.result())
            except Exception as exc:  # one learner's failure is a figure, not a crash
                failed.append(f"{futures[future]}: {type(exc).__name__}: {exc}")
    return done, failed


def _run(work: Path, starts: int) -> tuple[list[float], list, list[str], list[str]]:
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
        try:
            done, failed = _class_at_once(hub, link)
        finally:
            left = hub.stop()
    return start_times, done, failed, left


def measure() -> list[Figure]:
    from tests.support import hubenv

    starts = env_int("BENCH_HUB_STARTS", 3)
    work = Path(tempfile.mkdtemp(prefix="bench-hub-"))
    try:
        start_times, done, failed, left = _run(work, starts)
    except (hubenv.HubUnavailable, RuntimeError, TimeoutError, OSError) as exc:
        return [not_available(k, t, u, tg, COMMAND, f"{type(exc).__name__}: {exc}")
                for k, t, u, tg in KEYS]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return _figures(start_times, done, failed, left)


def _figures(start_times, done, failed, left) -> list[Figure]:
    total = len(done) + len(failed)
    finished = [(lr, run) for lr, run in done if not run.cell_errors]
    lost = [run.learner for _, run in done if run.problems()]
    spans = [run.last_check - lr.requested for lr, run in finished]
    ready = [lr.ready - lr.requested for lr, _ in done]
    drops = sum(len(run.reconnects) for _, run in done)
    notes = "; ".join(failed + [f"left running: {p}" for p in left])[:300]
    figures = [
        Figure("hub_start", KEYS[0][1], median(start_times), "s", START_TARGET_S,
               f"median of {len(start_times)} starts, p95 {p95(start_times):.1f} s; "
               "to the first answer of /hub/api/ through the proxy", COMMAND,
               extra={"samples_s": start_times}),
        Figure("hub_class_unfinished", KEYS[1][1], float(total - len(finished)), "learners", 0.0,
               f"{len(finished)} of {total} completed lesson 00 with no cell error; "
               f"{drops} kernel websocket drop(s) picked up again"
               + (f"; {notes}" if notes else ""), COMMAND),
        Figure("hub_records_lost", KEYS[2][1], float(len(lost) + len(failed)), "learners", 0.0,
               "each record compared with the learner's own plan, event by event"
               + (f"; lost: {', '.join(lost)}" if lost else ""), COMMAND),
    ]
    if spans:
        detail = (f"n={len(spans)}; server ready after median {median(ready):.1f} s, "
                  f"p95 {p95(ready):.1f} s; then nbgitpuller, every cell, own checks")
        figures += [Figure("hub_class_p50", KEYS[3][1], median(spans), "s", P50_TARGET_S,
                           detail, COMMAND, extra={"samples_s": spans}),
                    Figure("hub_class_p95", KEYS[4][1], p95(spans), "s", P95_TARGET_S,
                           detail, COMMAND, extra={"samples_s": spans})]
    else:
        figures += [not_available(k, t, u, tg, COMMAND, "no learner completed lesson 00")
                    for k, t, u, tg in KEYS[3:]]
    return figures


if __name__ == "__main__":
    started = time.perf_counter()
    for figure in measure():
        print(figure.key, figure.shown(), figure.status, figure.detail)
    print(f"{time.perf_counter() - started:.0f} s")

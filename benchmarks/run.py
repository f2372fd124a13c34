"""`make bench`: measure the course against its speed targets; print one table, save JSON.

    .venv/bin/python -m benchmarks.run                  # everything (several minutes)
    .venv/bin/python -m benchmarks.run --only imports   # one group: data, imports, checks,
                                                        # reliability, widgets, course,
                                                        # browser, hub, suite
    BENCH_SKIP_SUITE=1 .venv/bin/python -m benchmarks.run   # all but `make test`

The table goes to stdout (Markdown, ready for README.md's "Performance" section) and the
figures, with their raw samples, to build/bench.json (merged by key when
--only is given). Exit status 0 even on a miss: this reports, CI gates elsewhere.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

from balancing_act.support.atomic_files import replace_text
from benchmarks import (
    bench_browser,
    bench_checks,
    bench_course,
    bench_data,
    bench_hub,
    bench_imports,
    bench_reliability,
    bench_suite,
    bench_widgets,
)
from benchmarks.common import REPO, Figure

GROUPS: dict[str, Callable[..., list[Figure]]] = {
    "course": bench_course.measure,
    "imports": bench_imports.measure,
    "widgets": bench_widgets.measure,
    "checks": bench_checks.measure,
    "data": bench_data.measure,
    "suite": bench_suite.measure,
    "browser": bench_browser.measure,
    "reliability": bench_reliability.measure,
    "hub": bench_hub.measure,
}
#: Cheap, in-process groups first; `make test` last, as it loads the machine most.
ORDER = ["data", "imports", "checks", "reliability", "widgets", "course", "browser", "hub",
         "suite"]
JSON_PATH = REPO / "build" / "bench.json"


def table(figures: list[Figure]) -> str:
    """One Markdown table: figure, result, target, pass/miss, spread, reproducing command."""
    lines = ["| # | figure | result | target | status | detail | reproduce |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for n, f in enumerate(figures, start=1):
        target = f"≤ {f.target:g} {f.unit}".strip()
        lines.append(f"| {n} | {f.title} | {f.shown()} | {target} | {f.status} | "
                     f"{f.detail.replace('|', '/')} | `{f.command}` |")
    return "\n".join(lines)


def machine() -> dict[str, object]:
    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "load_avg": os.getloadavg()}


def save(figures: list[Figure], info: dict[str, object], merge: bool) -> Path:
    """Write build/bench.json; with --only, keep the other groups' last figures."""
    old = {}
    if merge and JSON_PATH.exists():
        old = {f["key"]: f for f in json.loads(JSON_PATH.read_text("utf-8"))["figures"]}
    new = {f.key: f.as_dict() for f in figures}
    merged = [new.get(k, v) for k, v in old.items()] + [v for k, v in new.items() if k not in old]
    JSON_PATH.parent.mkdir(parents=True, exist_ok=True)
    replace_text(JSON_PATH, json.dumps({"machine": info, "figures": merged}, indent=1,
                                       default=str))
    return JSON_PATH


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="",
                        help=f"comma-separated groups out of: {', '.join(ORDER)}")
    parser.add_argument("--widget", help="with --only widgets: one builder, e.g. weights_panel")
    args = parser.parse_args(argv)
    chosen = [g.strip() for g in args.only.split(",") if g.strip()] or ORDER
    unknown = [g for g in chosen if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group {unknown[0]!r}; expected one of: {', '.join(ORDER)}")
    info = machine()
    figures: list[Figure] = []
    for group in [g for g in ORDER if g in chosen]:
        start = time.perf_counter()
        print(f"[bench] {group} ...", file=sys.stderr, flush=True)
        got = GROUPS[group](only=args.widget) if group == "widgets" else GROUPS[group]()
        figures += got
        print(f"[bench] {group} done in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    info["load_avg_end"] = os.getloadavg()
    print(table(figures))
    print(f"\n{info['cpus']} CPUs, Python {info['python']}, load average at start "
          f"{info['load_avg'][0]:.1f}, at end {info['load_avg_end'][0]:.1f}; "
          f"raw samples in {save(figures, info, merge=bool(args.only)).relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

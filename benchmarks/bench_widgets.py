"""Widget callbacks: 200 control changes per widget, set in-process as `.value` (or a click).

Each change runs the widget's observers synchronously (model, table HTML, chart
PNG, state serialisation), which is the kernel-side part of what a learner waits
for after moving a control. The browser figure adds the round trip.
"""

from __future__ import annotations

import contextlib
import inspect
import itertools
import tempfile
import time
from collections.abc import Callable, Iterator
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
)

TARGET_MS = 20.0
COMMAND = f"{RUN} --only widgets"
HELPERS = {"load_params", "html_table"}
TEXTS = ["", "Russia", "trust", "deal", "United States"]


def _classification_exercise() -> Any:
    """The course's first classification exercise."""
    from balancing_act import exercises

    return next(ex for ex in exercises.all_exercises().values() if ex.type == "classification")


def _classification_args() -> tuple[list[str], list[str]]:
    ex = _classification_exercise()
    return list(ex.spec["answer"]), list(ex.spec["categories"])


ARGS: dict[str, Callable[[], tuple]] = {
    "table_explorer": lambda: ("partner_ties",),
    "classification_grid": _classification_args,
    "classification_grid_for": lambda: (_classification_exercise(),),
}
#: Builders that show a result with no control to change (nothing to time).
STATIC = {"show_table"}


def _walk(widget: Any) -> Iterator[Any]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _option_values(control: Any) -> list[Any]:
    return [o[1] if isinstance(o, tuple) and len(o) == 2 else o for o in control.options]


def _values(control: Any) -> list[Any] | None:
    """The values a person could pick, or None for widgets that only display."""
    import ipywidgets as w

    if isinstance(control, w.SelectMultiple):
        return [()] + [(v,) for v in _option_values(control)]
    if isinstance(control, (w.Dropdown, w.ToggleButtons, w.RadioButtons, w.Select)):
        return _option_values(control) or None
    if isinstance(control, (w.IntSlider, w.FloatSlider)):  # one step, as an arrow key does
        up = control.value + control.step
        return [control.value, up if up <= control.max else control.value - control.step]
    if isinstance(control, w.Text):
        return TEXTS
    return None


def _controls(widget: Any) -> list[tuple[Any, Callable[[], None]]]:
    """(control, change) pairs for every visible control, each change picking a new value."""
    import ipywidgets as w

    found = []
    for control in _walk(widget):
        if isinstance(control, w.Button):
            if not control.disabled:
                found.append((control, control.click))
            continue
        values = _values(control)
        if values and len(values) > 1 and not getattr(control, "disabled", False):
            at = values.index(control.value) if control.value in values else -1
            nxt = values[(at + 1) % len(values)]
            found.append((control, lambda c=control, v=nxt: setattr(c, "value", v)))
    return found


def _changes(widget: Any, count: int) -> list[tuple[str, float]]:
    """Time `count` changes, round-robin over the controls visible at each step."""
    samples = []
    for n in itertools.count():
        if len(samples) >= count:
            break
        controls = _controls(widget)
        if not controls:
            break
        control, change = controls[n % len(controls)]
        start = time.perf_counter()
        change()
        samples.append((type(control).__name__, time.perf_counter() - start))
    return samples


def _builders() -> dict[str, Callable[..., Any]]:
    from balancing_act import widgets
    from balancing_act.widgets import brief_builder as capstone

    found = {name: getattr(widgets, name) for name in widgets.__all__
             if name not in HELPERS | STATIC and callable(getattr(widgets, name))}
    return found | {"brief_builder": capstone.brief_builder}  # the capstone's own module


def _build(name: str, builder: Callable[..., Any]) -> Any:
    required = [p for p in inspect.signature(builder).parameters.values()
                if p.default is p.empty and p.kind is not p.VAR_KEYWORD]
    if required and name not in ARGS:
        raise TypeError(f"needs {', '.join(p.name for p in required)}; add it to ARGS")
    return builder(*ARGS[name]()) if name in ARGS else builder()


def _figure(name: str, samples: list[tuple[str, float]]) -> Figure:
    times = [t for _, t in samples]
    kinds = sorted({k for k, _ in samples},
                   key=lambda k: -median([t for kk, t in samples if kk == k]))
    per_kind = ", ".join(f"{k} {median([t for kk, t in samples if kk == k]) * 1000:.1f}"
                         for k in kinds)
    detail = f"p95 {p95(times) * 1000:.1f} ms (n={len(times)}); median by control: {per_kind} ms"
    return Figure(f"widgets.{name}", f"callback: {name}", median(times) * 1000, "ms",
                  TARGET_MS, detail, f"{COMMAND} --widget {name}",
                  extra={"p95_ms": p95(times) * 1000})


def measure(changes: int | None = None, only: str | None = None) -> list[Figure]:
    changes = changes or env_int("BENCH_WIDGET_CHANGES", 200)
    try:
        builders = _builders()
    except Exception as exc:
        return [not_available("widgets", "widget callbacks", "ms", TARGET_MS, COMMAND,
                              f"{type(exc).__name__}: {exc}")]
    chosen = {n: b for n, b in builders.items() if not only or n == only}
    # Buttons are clicked too (the brief's Export writes a file): work in a scratch folder.
    with scoped_env({"BALANCING_ACT_HOME": bench_env()["BALANCING_ACT_HOME"]}), \
            tempfile.TemporaryDirectory() as scratch, contextlib.chdir(scratch):
        return [_measure_one(name, builder, changes) for name, builder in chosen.items()]


def _measure_one(name: str, builder: Callable[..., Any], changes: int) -> Figure:
    try:
        samples = _changes(_build(name, builder), changes)
        if not samples:
            raise ValueError("no control to change")
        return _figure(name, samples)
    except Exception as exc:
        return not_available(f"widgets.{name}", f"callback: {name}", "ms", TARGET_MS,
                             f"{COMMAND} --widget {name}", f"{type(exc).__name__}: {exc}")

"""The folder tree is the architecture: each layer imports only the layers below it, and no
module imports itself back, type-only imports included.

Read from the source with ``ast``: every import counts, at the top of a module, inside a
function or under ``if TYPE_CHECKING:`` (a cycle a type checker walks is still a cycle).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import balancing_act

PACKAGE = Path(balancing_act.__file__).resolve().parent
ROOT = "balancing_act"

#: Bottom to top. A module may import its own folder and any folder listed before it.
LAYERS = ("support", "model", "data", "record", "policy_brief", "widgets", "exercises",
          "class_report", "delivery", "cli")
#: The handful of modules at the top: the lessons' entry points, thin re-exports over
#: the layers (released lessons import them), never imported by a layer.
TOP = {"balancing_act", "balancing_act.lesson", "balancing_act.progress",
       "balancing_act.capstone", "balancing_act.model_editors"}
#: Only these folders draw widgets.
WIDGET_FOLDERS = {"widgets", "exercises"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, path: Path) -> set[str]:
    """Every module name an import in ``path`` names, relative imports resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return found


@cache
def edges() -> dict[str, frozenset[str]]:
    """Module -> the package's modules it imports (importing a.b.c also runs a and a.b)."""
    known = set(modules())
    graph = {}
    for name, path in modules().items():
        targets = {t for t in imported(name, path) if t in known}
        parents = {".".join(t.split(".")[:n]) for t in targets for n in range(2, t.count(".") + 1)}
        own = {".".join(name.split(".")[:n]) for n in range(1, name.count(".") + 1)}
        graph[name] = frozenset((targets | parents) - own - {name, ROOT})
    return graph


def layer(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in LAYERS) else None


def test_every_module_sits_in_a_layer_or_is_a_top_entry():
    """Is every module in a layer folder, with only a handful at the top?"""
    loose = sorted(n for n in modules() if layer(n) is None and n not in TOP)
    assert not loose, f"modules outside the layer folders: {loose}"
    assert {layer(n) for n in modules()} - {None} == set(LAYERS)


def test_each_layer_imports_only_layers_below_it():
    """Does any module import a folder above its own (or a top entry)?"""
    wrong = []
    for name, targets in edges().items():
        mine = layer(name)
        if mine is None:
            continue
        for target in targets:
            theirs = layer(target)
            if theirs is None or LAYERS.index(theirs) > LAYERS.index(mine):
                wrong.append(f"{name} -> {target}")
    assert not wrong, "imports against the layer order:\n" + "\n".join(sorted(wrong))


def _cycle_from(start: str, graph: dict[str, frozenset[str]]) -> list[str] | None:
    stack, seen = [(start, [start])], set()
    while stack:
        node, trail = stack.pop()
        for nxt in graph.get(node, ()):
            if nxt == start:
                return [*trail, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*trail, nxt]))
    return None


def test_no_import_cycle_counting_type_only_imports():
    """Does any module reach itself through imports, ``TYPE_CHECKING`` ones included?"""
    graph = edges()
    cycles = [c for name in graph if (c := _cycle_from(name, graph))]
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles[:5])


def test_the_checker_sees_a_type_only_cycle(tmp_path):
    """Would the graph above catch a cycle hidden under ``if TYPE_CHECKING:``?"""
    a = tmp_path / "a.py"
    a.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import b\n")
    assert "pkg.b" in imported("pkg.a", a)
    assert _cycle_from("a", {"a": frozenset({"b"}), "b": frozenset({"a"})}) == ["a", "b", "a"]


def test_only_the_widget_folders_import_ipywidgets():
    """Do the model, data, record, brief, delivery and CLI layers stay free of widgets?"""
    drawing = sorted(name for name, path in modules().items()
                     if any(t.split(".")[0] == "ipywidgets" for t in imported(name, path))
                     and layer(name) not in WIDGET_FOLDERS)
    assert drawing == [], f"ipywidgets imported outside {sorted(WIDGET_FOLDERS)}: {drawing}"


def test_the_model_does_no_io_and_the_record_knows_no_exercises():
    """Is the model pure, and does the record layer get the course's size only as an argument?"""
    for name, path in modules().items():
        if layer(name) == "model":
            text = path.read_text(encoding="utf-8")
            assert "open(" not in text and "read_csv" not in text, name
    record = {t for n, ts in edges().items() if layer(n) == "record" for t in ts}
    assert not any(layer(t) == "exercises" for t in record)
    assert "course_counter" not in (PACKAGE / "record" / "views.py").read_text()

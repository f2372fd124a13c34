"""The package's modules import each other without a cycle (read from the source, with ast).

Every import that runs counts, at the top of a module or inside a function
(``if TYPE_CHECKING:`` blocks do not run). Importing ``balancing_act.exercises.base``
from outside also runs ``balancing_act/exercises/__init__.py``; a module inside
that package finds it already running, as Python does.
"""

from __future__ import annotations

import ast
from pathlib import Path

import balancing_act

PACKAGE = Path(balancing_act.__file__).resolve().parent
ROOT_NAME = "balancing_act"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def runtime_nodes(tree: ast.AST):
    """Every node that runs: all of them except ``if TYPE_CHECKING:`` blocks (type hints only)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            yield from (n for child in node.orelse for n in [child, *runtime_nodes(child)])
            continue
        yield node
        yield from runtime_nodes(node)


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's own modules that ``name`` imports (resolving relative imports)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {t for t in targets if t in known}
    edges = set(found)
    ancestors = {".".join(name.split(".")[:n]) for n in range(1, name.count(".") + 1)}
    for target in found:  # importing a.b.c runs a/__init__ and a/b/__init__ first, unless
        parts = target.split(".")  # they are this module's own packages (already running)
        edges |= {".".join(parts[:n]) for n in range(1, len(parts))
                  if ".".join(parts[:n]) in known} - ancestors
    edges.discard(name)
    return edges


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(name, path, known) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle a depth-first search meets, each as the path that closes it."""
    found, state, stack = [], {}, []

    def visit(node: str) -> None:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node)
    return found


def test_the_package_has_no_import_cycle():
    edges = graph()
    assert "balancing_act.exercises.base" in edges  # the reader sees the subpackage
    assert cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle_and_the_reader_sees_late_imports():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    hinted = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import a\n"
                       "def f():\n    import b\n")
    names = [a.name for n in runtime_nodes(hinted) if isinstance(n, ast.Import) for a in n.names]
    assert names == ["b"]
    edges = graph()
    assert "balancing_act.widgets" in edges["balancing_act.exercises.classification"]  # late
    assert "balancing_act.progress" in edges["balancing_act.exercises.exercise"]
    assert not any(m.startswith("balancing_act.exercises") for m in edges["balancing_act.progress"])

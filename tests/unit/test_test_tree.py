"""The test tree mirrors the source: unit/<layer>/ for each layer of the package, helpers only
in the importable package tests.support, and no test reaching another through sys.path."""

from __future__ import annotations

import ast
from pathlib import Path

import balancing_act
from tests.support import REPO

PACKAGE = Path(balancing_act.__file__).resolve().parent
TESTS = REPO / "tests"


def python_files() -> list[Path]:
    return sorted([*TESTS.rglob("*.py"), *(REPO / "benchmarks").rglob("*.py")])


def test_unit_folders_are_the_package_folders():
    """Is every folder under tests/unit/ a folder of the package (and every layer tested)?"""
    layers = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    tested = {p.name for p in (TESTS / "unit").iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert tested <= layers, f"test folders with no package folder: {sorted(tested - layers)}"
    assert layers - tested == set(), f"layers with no unit tests: {sorted(layers - tested)}"


def test_no_test_edits_sys_path_or_imports_a_test_module():
    """Do tests reach helpers only as tests.support, never by sys.path or a sibling's name?"""
    wrong = []
    for path in python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and ast.unparse(node) == "sys.path.insert":
                wrong.append(f"{path.relative_to(REPO)}: sys.path.insert")
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            wrong += [f"{path.relative_to(REPO)}: imports {n}" for n in names
                      if n.split(".")[-1].startswith("test_") or n.split(".")[0] == "conftest"]
    assert wrong == []

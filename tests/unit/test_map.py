"""The map is true: the README's "What is where" and docs/architecture.md name every folder
and module of the package (and nothing that is gone), each with its job."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import balancing_act
from tests.support import REPO

PACKAGE = Path(balancing_act.__file__).resolve().parent
NAME = re.compile(r"^(?P<indent>\s*)(?P<names>(?:[\w.]+\.py\s*)+|[\w]+/)(?:\s+(?P<job>\S.*))?$")


def modules() -> set[str]:
    """Every module and folder of the package, as 'record/store.py' and 'record/'."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        found.add(rel.as_posix())
        found |= {"/".join(rel.parts[:n]) + "/" for n in range(1, len(rel.parts))}
    return {m for m in found if not re.search(r"(^|/)__init__\.py$", m) or m == "__init__.py"}


def mapped(text: str) -> dict[str, str]:
    """Names in the map's tree block -> their job, each folder's entries under it."""
    block = text[re.search(r"^src/balancing_act/", text, re.M).start():]
    block = block[:block.index("```")]
    entries, stack = {}, []  # stack of (indent, folder)
    for line in block.splitlines()[1:]:
        match = NAME.match(line)
        if not match or not line.startswith("  "):
            break
        indent = len(match["indent"])
        stack = [(i, f) for i, f in stack if i < indent]
        prefix = "".join(f for _, f in stack)
        for name in match["names"].split():
            entries[prefix + name] = match["job"] or "(listed with its neighbours)"
        if match["names"].endswith("/"):
            stack.append((indent, match["names"].strip()))
    return entries


@pytest.mark.parametrize("document", ["README.md", "docs/architecture.md"])
def test_the_map_names_every_module_and_folder(document):
    """Does the map list every module and folder of the package, and nothing that is gone?"""
    entries = mapped((REPO / document).read_text(encoding="utf-8"))
    missing = sorted(modules() - set(entries))
    gone = sorted(set(entries) - modules())
    assert not missing, f"{document} does not map: {missing}"
    assert not gone, f"{document} maps modules that do not exist: {gone}"


def test_the_map_parser_sees_a_missing_module():
    """Would a module left out of the map be caught?"""
    text = "src/balancing_act/\n  record/   the record\n    store.py   its file\n```"
    assert mapped(text) == {"record/": "the record", "record/store.py": "its file"}

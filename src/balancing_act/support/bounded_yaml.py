"""Read a teacher's YAML file with a bound on its size and on the work it can cause.

YAML aliases let ten short lines stand for a billion nodes ("billion laughs"):
PyYAML builds such a file quickly (an alias is the same node object again), but
any walk that follows aliases - a duplicate-key scan, a validator, ``repr`` -
then never ends. So before anything walks the data, this module counts the
nodes the document stands for *with aliases expanded*, visiting each node
object once, and refuses a file past ``MAX_NODES`` (or past ``MAX_BYTES``, or
nested past ``MAX_DEPTH``) with one line saying what to do. The duplicate-key
scan also visits each node once, so an alias is never walked twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from balancing_act.support.safe_io import read_bytes

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "YamlRead", "duplicate_keys",
           "expanded_size", "read_yaml"]

#: An exercise file is a few kilobytes; 50 times the largest is still far below this.
MAX_BYTES = 256_000
#: Nodes the document stands for with every alias expanded (an exercise file has ~1,000).
MAX_NODES = 50_000
#: Nesting of lists and mappings (an exercise file nests 6 deep).
MAX_DEPTH = 64

#: libyaml's parser when PyYAML has it (several times faster), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlRead:
    """What reading one file gave: the data and its node tree (None on a problem), problems."""

    content: Any
    root: yaml.Node | None
    problems: list[str]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def expanded_size(root: yaml.Node, limit: int = MAX_NODES) -> int:
    """Nodes ``root`` stands for with aliases expanded, counting each node object once.

    Returns a number above ``limit`` as soon as the count passes it (so a bomb
    costs one pass over its few distinct nodes); a node that contains itself
    through an alias counts as unbounded. Iterative, so deep nesting cannot
    exhaust Python's stack.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            total = 1 + sum(sizes[id(c)] for c in _children(node))
            sizes[key] = min(total, limit + 1)
            continue
        if key in sizes:
            continue
        if key in active:
            return limit + 1  # a recursive alias: the expanded document is infinite
        active.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)
    return sizes[id(root)]


def _depth(root: yaml.Node, limit: int) -> int:
    """How deep lists and mappings nest (stops counting past ``limit``; each node seen once)."""
    deepest, seen = 0, set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        deepest = max(deepest, depth)
        if deepest > limit:
            break
        stack.extend((c, depth + 1) for c in _children(node))
    return deepest


def duplicate_keys(root: yaml.Node | None) -> list[tuple[str, int]]:
    """Keys written twice in one mapping (YAML keeps the last silently, a teacher would not).

    Each node object is visited once, so aliases cost nothing extra.
    """
    found: list[tuple[str, int]] = []
    seen: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: set[Any] = set()
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in keys:
                        found.append((str(key.value), key.start_mark.line + 1))
                    keys.add(key.value)
        stack.extend(reversed(_children(node)))
    return sorted(found, key=lambda item: item[1])


def _syntax_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return (f"{where}YAML syntax error ({what}); check the indentation and quote text "
            "that contains ': ' or '#'")


def _flow_depth(text: str) -> int:
    """The deepest nesting of ``[`` and ``{`` outside quotes: checked before parsing,
    since a parser walks nesting recursively."""
    depth = deepest = 0
    quote = ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char == "\n":
            quote = ""
    return deepest


def _bounds_problem(text: str) -> str | None:
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        return (f"is {size:,} bytes; expected at most {MAX_BYTES:,} (an exercise file is a "
                "few kilobytes): split it or remove what does not belong")
    if _flow_depth(text) > MAX_DEPTH:
        return (f"nests lists or mappings more than {MAX_DEPTH} deep; expected at most "
                f"{MAX_DEPTH} (an exercise file nests a few levels)")
    return None


def read_text(text: str) -> YamlRead:
    """Parse YAML text within the bounds; never constructs an oversized document."""
    if problem := _bounds_problem(text):
        return YamlRead(None, None, [problem])
    loader = _LOADER(text)
    try:  # one parse gives both the nodes (for line numbers) and the data
        root = loader.get_single_node()
        if root is None:
            return YamlRead(None, None, [])
        if _depth(root, MAX_DEPTH) > MAX_DEPTH:
            return YamlRead(None, None, [f"nests lists or mappings more than {MAX_DEPTH} deep; "
                                         f"expected at most {MAX_DEPTH}"])
        if expanded_size(root) > MAX_NODES:
            return YamlRead(None, None, [
                f"its aliases (*name) expand to more than {MAX_NODES:,} values; expected a "
                "plain file: write the values out instead of nesting anchors (&name) in "
                "each other"])
        content = loader.construct_document(root)
    except yaml.YAMLError as exc:
        return YamlRead(None, None, [_syntax_problem(exc)])
    except RecursionError:
        return YamlRead(None, None, [f"nests lists or mappings too deep; expected at most "
                                     f"{MAX_DEPTH} levels"])
    finally:
        loader.dispose()
    problems = [f"line {line}: '{key}' is written twice; keep one"
                for key, line in duplicate_keys(root)]
    return YamlRead(content, root, problems)


def read_yaml(path: Path) -> YamlRead:
    """Read and parse one YAML file within the bounds; problems are sentences to prefix
    with the file's name."""
    try:
        raw = read_bytes(path, MAX_BYTES)  # a FIFO or a device in its place: refused
    except OSError as exc:
        return YamlRead(None, None, [f"cannot be read ({exc.strerror})"])
    if len(raw) > MAX_BYTES:
        return YamlRead(None, None, [f"is larger than {MAX_BYTES:,} bytes; expected a few "
                                     "kilobytes (an exercise file): split it or remove what "
                                     "does not belong"])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return YamlRead(None, None, ["is not valid UTF-8; expected the file saved as UTF-8"])
    return read_text(text)

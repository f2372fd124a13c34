"""The learner's brief, saved as they write it, so Run All or a restart loses nothing.

One JSON file, ``brief.json``, beside the progress record (same folder, same
``BALANCING_ACT_HOME``). Each save replaces the file atomically; a damaged file
is moved aside (never deleted) and the builder starts empty with one message
saying where the old file went.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from balancing_act.model.parameters import constraint_key
from balancing_act.policy_brief.brief import CAPITALS, Brief, Claim
from balancing_act.record import store as progress
from balancing_act.support.atomic_files import move_aside, replace_text
from balancing_act.support.safe_io import read_bytes, regular_file

FILE_NAME = "brief.json"
FORMAT = "balancing-act brief"
VERSION = 1
MAX_BYTES = 1_000_000


class BriefFileProblem(Exception):
    """The saved brief could not be read or written; the message says what happened."""


def brief_path() -> Path:
    return progress.home() / FILE_NAME


def to_dict(brief: Brief, constraint: str) -> dict[str, Any]:
    return {"author": brief.author, "plan": [list(p) for p in brief.plan],
            "constraint": constraint, "justification": brief.justification,
            "perspectives": {c: brief.perspectives.get(c, "") for c in CAPITALS},
            "claims": [{"text": c.text, "kind": c.kind, "cites": list(c.cites),
                        "priority": c.priority} for c in brief.claims]}


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} is not text")
    return value


def from_dict(content: Any) -> tuple[Brief, str]:
    """A Brief and its constraint from saved content, or ValueError naming the bad part."""
    if not isinstance(content, dict):
        raise ValueError("it is not an object")
    plan = content.get("plan", [])
    if not isinstance(plan, list) or not all(
            isinstance(p, list) and all(isinstance(s, str) for s in p) for p in plan):
        raise ValueError("'plan' is not a list of phases of step ids")
    perspectives = content.get("perspectives", {})
    if not isinstance(perspectives, dict):
        raise ValueError("'perspectives' is not an object")
    claims = []
    for n, item in enumerate(content.get("claims", []), 1):
        if not isinstance(item, dict) or not isinstance(item.get("cites", []), list):
            raise ValueError(f"claim {n} is not a claim")
        claims.append(Claim(_text(item.get("text", ""), f"claim {n}"),
                            _text(item.get("kind", ""), f"the kind of claim {n}"),
                            tuple(str(c) for c in item.get("cites", [])),
                            _text(item.get("priority", ""), f"the priority of claim {n}")))
    brief = Brief(author=_text(content.get("author", ""), "'author'"),
                  plan=tuple(tuple(p) for p in plan),
                  justification=_text(content.get("justification", ""), "'justification'"),
                  perspectives={c: _text(perspectives.get(c, ""), f"the {c} paragraph")
                                for c in CAPITALS},
                  claims=tuple(claims))
    key = _text(content.get("constraint", "concern_moscow"), "'constraint'")
    return brief, str(constraint_key(key))  # a copy saved before the neutral words


def save(brief: Brief, constraint: str) -> Path:
    """Write the brief atomically (a temporary file in the same folder, then a rename)."""
    path = brief_path()
    body = {"format": FORMAT, "version": VERSION, "brief": to_dict(brief, constraint)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_text(path, json.dumps(body, ensure_ascii=False, indent=1), prefix=".brief-",
                     mode=0o600)
    except OSError as exc:
        raise BriefFileProblem(f"your brief could not be saved in {path.parent} "
                               f"({exc.strerror or exc}); export it to keep it") from None
    return path


def load() -> tuple[Brief, str] | None:
    """The saved brief, or None if there is none; a damaged file is moved aside."""
    path = brief_path()
    try:
        if regular_file(path, follow_links=False) is None:
            return None
        raw = read_bytes(path, MAX_BYTES, follow_links=False)
        if len(raw) > MAX_BYTES:
            raise ValueError("it is far larger than a brief")
        content = json.loads(raw.decode("utf-8"))
        if not isinstance(content, dict) or content.get("format") != FORMAT:
            raise ValueError("it is not a saved brief")
        return from_dict(content.get("brief"))
    except (ValueError, RecursionError, UnicodeDecodeError) as exc:
        aside = move_aside(path)
        raise BriefFileProblem(f"your saved brief was damaged ({exc}); it was kept as "
                               f"{aside.name} and a new brief was started") from None
    except OSError as exc:
        raise BriefFileProblem(f"your saved brief could not be read ({exc.strerror or exc})"
                               ) from None


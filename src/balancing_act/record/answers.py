"""Each form's last answer, kept beside the progress record so a restart shows it again.

``progress.json`` is what a learner hands in, so it never holds an answer's text. The
answers live in their own file, ``answers.json`` in the same folder, replaced whole at
each Check; nothing the course hands to a teacher reads it. A damaged file is moved
aside (never deleted) and the forms start empty; no function here raises on a bad file.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from balancing_act.record import store
from balancing_act.support.atomic_files import move_aside, replace_text
from balancing_act.support.safe_io import NotARegularFile, read_bytes, regular_file

__all__ = ["answers_path", "last", "load_all", "remember"]

FILE_NAME = "answers.json"
FORMAT = "balancing-act last answers"
VERSION = 1
MAX_BYTES = 2_000_000
MAX_ANSWER_CHARS = 20_000  # a form's answer is short; a pasted page is not kept


def answers_path() -> Path:
    return store.home() / FILE_NAME


def load_all() -> dict[str, dict[str, Any]]:
    """Every kept answer by exercise id; {} when there is none or the file is unusable."""
    path = answers_path()
    try:
        if regular_file(path, follow_links=False) is None:
            return {}
        content = json.loads(read_bytes(path, MAX_BYTES, follow_links=False).decode("utf-8"))
        if not isinstance(content, dict) or content.get("format") != FORMAT:
            raise ValueError("not a file of answers")
        kept = content.get("answers")
        if not isinstance(kept, dict):
            raise ValueError("no answers in it")
    except (ValueError, RecursionError, UnicodeDecodeError):
        _set_aside(path)
        return {}
    except (OSError, NotARegularFile):
        return {}
    return {str(k): v for k, v in kept.items() if isinstance(v, dict) and "answer" in v}


def last(exercise_id: str) -> dict[str, Any] | None:
    """``{"answer": ..., "status": ...}`` as last checked, or None."""
    return load_all().get(exercise_id)


def remember(exercise_id: str, answer: Any, status: str) -> str | None:
    """Keep one form's answer (JSON values only); the problem in words if it was not kept."""
    try:
        encoded = json.dumps(answer, ensure_ascii=False)
    except (TypeError, ValueError):
        return "this answer cannot be kept on this computer"
    if len(encoded) > MAX_ANSWER_CHARS:
        return "this answer is too long to keep"
    kept = load_all()
    kept[exercise_id] = {"answer": answer, "status": status}
    body = {"format": FORMAT, "version": VERSION, "answers": dict(sorted(kept.items()))}
    path = answers_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_text(path, json.dumps(body, ensure_ascii=False, indent=1), prefix=".answers-",
                     mode=0o600)
    except (OSError, NotARegularFile) as exc:
        return f"your answer could not be kept in {path.parent} ({_why(exc)})"
    return None


def _why(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)


def _set_aside(path: Path) -> None:
    with contextlib.suppress(OSError):
        move_aside(path)

"""The learner's written answers, saved beside the progress record and never inside it.

``progress.json`` is what a learner hands in for the class report, so it holds counts and
option letters only. A written answer is the learner's own text: it lives in its own file,
``written.json`` in the same folder, replaced atomically at each save so Run All or a
restart loses nothing, and it reaches the teacher only when the learner exports it
(``balancing-act progress --export FILE --with-written``, or the button in the lesson).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from balancing_act.record import store
from balancing_act.record.format import is_marks
from balancing_act.support.atomic_files import move_aside, replace_text

__all__ = ["EXPORT_HEADER", "WrittenFileProblem", "as_markdown", "load_all", "save",
           "saved_text", "written_path"]

FILE_NAME = "written.json"
FORMAT = "balancing-act written answers"
VERSION = 1
MAX_BYTES = 2_000_000
EXPORT_HEADER = "# My written answers (balancing-act)"


class WrittenFileProblem(Exception):
    """The written answers could not be read or saved; the message says what happened."""


def written_path() -> Path:
    return store.home() / FILE_NAME


def _entry_ok(entry: Any) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("text", ""), str)
            and (entry.get("marks") is None or is_marks(entry["marks"])))


def load_all() -> dict[str, dict[str, Any]]:
    """Every saved answer by exercise id ({} if none); a damaged file is moved aside."""
    path = written_path()
    if not path.exists():
        return {}
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValueError("it is far larger than a set of written answers")
        content = json.loads(path.read_text(encoding="utf-8"))
        answers = content.get("answers") if isinstance(content, dict) else None
        if content.get("format") != FORMAT or not isinstance(answers, dict):
            raise ValueError("it is not a file of written answers")
        return {str(k): v for k, v in answers.items() if _entry_ok(v)}
    except (ValueError, AttributeError, RecursionError, UnicodeDecodeError) as exc:
        aside = move_aside(path)
        raise WrittenFileProblem(f"your saved written answers were damaged ({exc}); they "
                                 f"were kept as {aside.name}") from None
    except OSError as exc:
        raise WrittenFileProblem(f"your written answers could not be read "
                                 f"({exc.strerror or exc})") from None


def saved_text(exercise_id: str) -> str:
    """The text last saved for one item, or "" (a damaged or unreadable file reads as none)."""
    try:
        return str(load_all().get(exercise_id, {}).get("text", ""))
    except WrittenFileProblem:
        return ""


def save(exercise_id: str, text: str, marks: dict[str, str] | None = None) -> Path:
    """Save one item's text (and its self-marks, if given), keeping every other item's."""
    try:
        answers = load_all()
    except WrittenFileProblem:
        answers = {}  # the damaged file was moved aside: start afresh, lose nothing more
    entry = dict(answers.get(exercise_id, {}))
    entry["text"] = text
    if marks is not None:
        entry["marks"] = dict(marks)
    answers[exercise_id] = entry
    path = written_path()
    body = {"format": FORMAT, "version": VERSION, "answers": dict(sorted(answers.items()))}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_text(path, json.dumps(body, ensure_ascii=False, indent=1), prefix=".written-")
    except OSError as exc:
        raise WrittenFileProblem(f"your answer could not be saved in {path.parent} "
                                 f"({exc.strerror or exc}); copy it somewhere safe") from None
    return path


def as_markdown(answers: dict[str, dict[str, Any]], prompts: dict[str, str] | None = None
                ) -> str:
    """The answers as one Markdown page a learner can hand in: prompt, text, self-marks."""
    lines = [EXPORT_HEADER, ""]
    for eid, entry in sorted(answers.items()):
        lines += [f"## Exercise {eid}", ""]
        if prompts and eid in prompts:
            lines += [f"*{prompts[eid]}*", ""]
        lines += [entry.get("text", "").strip() or "(no text yet)", ""]
        marks = entry.get("marks") or {}
        if marks:
            lines += ["Self-marks: " + ", ".join(f"criterion {k}: {v}"
                                                 for k, v in sorted(marks.items())), ""]
    if not answers:
        lines += ["(no written answers saved yet)", ""]
    return "\n".join(lines)

"""Check a brief against the course: the model runs its plan, the article supplies its
sentences (I/O glue between ``policy_brief``, ``brief_file`` and the model's files)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import data, model, params, policy_brief
from .brief_file import NotABrief, from_markdown
from .policy_brief import Brief, Evidence

MAX_FILE_BYTES = 1_000_000


def constraint_words(key: str) -> str:
    """'mistrust' -> 'mistrust (mistrust in Moscow at or below 0.50)', as a brief states it."""
    return f"{key} ({model.constraints(params.load_params())[key].label})"


def evidence(brief: Brief, constraint: str = "mistrust") -> Evidence:
    """What the checks need: the article's sentences, the priorities and the plan's verdict."""
    sentences = data.load_sentences()
    texts = dict(zip(sentences["id"], sentences["text"], strict=True))
    p = params.load_params()
    rules = model.constraints(p)
    if constraint not in rules:
        ok, verdict = False, (f"the constraint {constraint!r} is not one of the model's: "
                              f"{', '.join(rules)}")
    elif not any(brief.plan):
        ok, verdict = False, "no plan yet"
    else:
        try:
            result = model.simulate_plan([list(p) for p in brief.plan], p, constraint)
        except ValueError as exc:
            ok, verdict = False, f"the plan cannot be run: {exc}"
        else:
            ok = model.first_breach(result) is None
            verdict = model.constraint_message(result, rules[constraint])
    return Evidence(texts, params.priority_labels(), ok, verdict)


def check(brief: Brief, constraint: str = "mistrust") -> pd.DataFrame:
    """Every check of the brief as rows: check, passed, detail."""
    return policy_brief.check(brief, evidence(brief, constraint))


def check_file(path: Path) -> pd.DataFrame:
    """The checks of one handed-in brief file, or ``NotABrief`` saying why it is not one."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise NotABrief("it is larger than 1 MB, far more than a brief")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise NotABrief("it is not UTF-8 text; expected the exported Markdown (.md)") from None
    except OSError as exc:
        raise NotABrief(f"it cannot be read ({exc.strerror or exc})") from None
    brief, constraint = from_markdown(text, params.priority_labels())
    return check(brief, constraint)

"""Check a brief against the course: the model runs its plan, the article supplies its
sentences (I/O glue between ``policy_brief``, ``brief_file`` and the model's files)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from balancing_act import model
from balancing_act.data import loaders as data
from balancing_act.data import model_inputs as params
from balancing_act.policy_brief import brief as policy_brief
from balancing_act.policy_brief.brief import Brief, Evidence
from balancing_act.policy_brief.markdown import NotABrief, from_markdown
from balancing_act.support.safe_io import read_bytes

MAX_FILE_BYTES = 1_000_000


def constraint_words(key: str, folder: Path | str | None = None) -> str:
    """'concern_moscow' -> 'concern_moscow (concern in Moscow at or below 0.50)', as a brief
    states it; a key saved before the neutral words ('mistrust', 'trust') reads as today's."""
    key = str(model.constraint_key(key))
    return f"{key} ({model.constraints(params.load_params(folder))[key].label})"


def evidence(brief: Brief, constraint: str = "concern_moscow",
             folder: Path | str | None = None) -> Evidence:
    """What the checks need, from one data folder (default: the installed course's): the
    article's sentences, the priorities and the plan's verdict in that folder's model."""
    texts = data.sentence_texts(folder)
    p = params.load_params(folder)
    rules = model.constraints(p)
    constraint = model.constraint_key(constraint)  # type: ignore[assignment]
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
    return Evidence(texts, params.priority_labels(folder), ok, verdict)


def check(brief: Brief, constraint: str = "concern_moscow",
          folder: Path | str | None = None) -> pd.DataFrame:
    """Every check of the brief as rows: check, passed, detail."""
    return policy_brief.check(brief, evidence(brief, constraint, folder))


def check_file(path: Path, folder: Path | str | None = None) -> pd.DataFrame:
    """The checks of one handed-in brief file, or ``NotABrief`` saying why it is not one."""
    return check(*read_file(path, folder), folder)


def read_file(path: Path, folder: Path | str | None = None) -> tuple[Brief, str]:
    """One handed-in brief and its constraint key, or ``NotABrief`` saying why it is not one."""
    try:
        raw = read_bytes(path, MAX_FILE_BYTES)  # a FIFO or /dev/zero: refused, not read
        if len(raw) > MAX_FILE_BYTES:
            raise NotABrief("it is larger than 1 MB, far more than a brief")
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise NotABrief("it is not UTF-8 text; expected the exported Markdown (.md)") from None
    except OSError as exc:
        raise NotABrief(f"it cannot be read ({exc.strerror or exc})") from None
    return from_markdown(text, params.priority_labels(folder))

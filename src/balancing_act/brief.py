"""The capstone's policy brief: claims that cite sentences, checked and rendered (pure).

The checks test the brief's form (citations exist, priorities covered, the
plan keeps the model's constraint), not its truth: lesson 06 says so, and the
checks' messages say what to fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

MAX_CLAIM_CHARS = 600


@dataclass(frozen=True)
class Claim:
    """One claim of the brief, the sentence ids it rests on, and the priority it speaks to."""

    text: str
    cites: tuple[str, ...]
    priority: str


def parse_cites(value: object) -> tuple[str, ...]:
    """'S06, s18 S01' -> ('S06', 'S18', 'S01'); anything else in the text is kept for checking."""
    if isinstance(value, str):
        parts = re.split(r"[\s,;]+", value.strip())
    elif isinstance(value, Sequence):
        parts = [str(v) for v in value]
    else:
        return ()
    return tuple(dict.fromkeys(p.strip().upper() for p in parts if p.strip()))


def make_claim(text: object, cites: object, priority: object) -> Claim:
    """A Claim from a learner's input, or ValueError saying what to write instead."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("the claim is empty; write one sentence in your own words")
    if len(text) > MAX_CLAIM_CHARS:
        raise ValueError(f"the claim has {len(text)} characters; keep it under "
                         f"{MAX_CLAIM_CHARS} (one or two sentences)")
    if not isinstance(priority, str) or not priority:
        raise ValueError("no priority chosen; pick the priority this claim speaks to")
    return Claim(" ".join(text.split()), parse_cites(cites), priority)


def check_brief(claims: Sequence[Claim], plan_ok: bool, plan_verdict: str,
                known_ids: set[str], priorities: Mapping[str, str]) -> pd.DataFrame:
    """The four capstone checks as rows: check, passed, detail."""
    uncited = [n for n, c in enumerate(claims, 1) if not c.cites]
    unknown = sorted({i for c in claims for i in c.cites if i not in known_ids})
    missing = [label for pid, label in priorities.items()
               if not any(c.priority == pid for c in claims)]
    rows = [
        ("every claim cites a sentence", bool(claims) and not uncited,
         "no claims yet" if not claims else
         f"claim(s) {', '.join(map(str, uncited))} cite nothing" if uncited else
         f"all {len(claims)} claims cite at least one sentence"),
        ("every cited id exists", bool(claims) and not unknown,
         f"not sentence ids of the article: {', '.join(unknown)} (expected S01 to S42)"
         if unknown else "all cited ids are sentences of the article" if claims else
         "no citations yet"),
        ("the plan keeps the Russia constraint", plan_ok, plan_verdict),
        ("a claim for each priority", not missing,
         f"no claim yet for: {', '.join(missing)}" if missing else
         "each priority has at least one claim"),
    ]
    return pd.DataFrame(rows, columns=["check", "passed", "detail"])


def brief_markdown(claims: Sequence[Claim], plan_text: str, plan_verdict: str,
                   checks: pd.DataFrame, sentences: Mapping[str, str],
                   priorities: Mapping[str, str]) -> str:
    """The brief as Markdown: plan, claims with their cited sentences in full, and the checks."""
    lines = ["# Policy brief: Belarus, the United States and Russia", "",
             "Source: the course article, cited by sentence id (S01 to S42). Model results "
             "rest on illustrative classroom assumptions, not forecasts.", "",
             "## Recommended plan", "", f"`{plan_text}`", "", f"Model check: {plan_verdict}.",
             "", "## Claims", ""]
    for n, claim in enumerate(claims, 1):
        label = priorities.get(claim.priority, claim.priority)
        lines += [f"{n}. {claim.text} *({label}; cites {', '.join(claim.cites) or 'nothing'})*"]
        lines += [f"   > **{sid}** {sentences[sid]}" for sid in claim.cites if sid in sentences]
    lines += ["", "## Checks", ""]
    for row in checks.itertuples(index=False):
        lines.append(f"- {'✓ passed' if row.passed else '✗ not yet'}: {row.check} ({row.detail})")
    return "\n".join(lines) + "\n"

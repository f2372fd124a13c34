"""A policy brief as the Markdown file a learner hands in, and back (pure text <-> Brief).

The exported file is what the teacher collects, so ``balancing-act check-brief``
reads it again: the plan line, the justification, the three perspective
paragraphs and the claims with their labels, priorities and citations. The
checks printed in the file are never trusted; they are run again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from balancing_act.model.parameters import constraint_key
from balancing_act.model.plan_notation import format_plan, parse_plan
from balancing_act.policy_brief.brief import CAPITALS, KINDS, Brief, Claim

TITLE = "# Policy brief: Belarus, the United States and Russia"
PLAN_LINE = re.compile(r"^Plan: `(?P<plan>[^`]*)`\s*$", re.MULTILINE)
AUTHOR_LINE = re.compile(r"^Author: (?P<name>.+)$", re.MULTILINE)
CONSTRAINT_LINE = re.compile(r"^Constraint: (?P<key>[a-z]+)\b", re.MULTILINE)
CLAIM_LINE = re.compile(r"^(?P<n>\d+)\. (?P<text>.+?) "
                        r"\*\((?P<kind>[^;()]+); (?P<priority>[^;()]+); "
                        r"cites (?P<cites>[^()]*)\)\*\s*$")
MAX_CHARS = 200_000


class NotABrief(ValueError):
    """The text is not an exported brief; the message says what is missing."""


def parse_plan_text(text: str) -> tuple[tuple[str, ...], ...]:
    """A brief's plan line read back with the one plan notation (``model.plan_notation``)."""
    return tuple(tuple(phase) for phase in parse_plan(text))


def to_markdown(brief: Brief, *, constraint: str, verdict: str, checks: pd.DataFrame,
                sentences: Mapping[str, str], priorities: Mapping[str, str]) -> str:
    """The brief as Markdown: every part, each cited sentence quoted in full, the checks.

    ``constraint`` is the constraint's key then its words, e.g. "concern_moscow (concern
    in Moscow at or below 0.50)"; the key is read back by ``from_markdown``.
    """
    lines = [TITLE, "", f"Author: {brief.author or '(no name given)'}", "",
             "Source: the course article, cited by sentence id (S01 to S42). Model results "
             "rest on illustrative classroom assumptions, not forecasts.", "",
             "## Recommended plan", "", f"Plan: `{format_plan([list(p) for p in brief.plan])}`", "",
             f"Constraint: {constraint}", "", f"Model check: {verdict}.", "",
             "### Why this plan", "", brief.justification.strip() or "(not written yet)", "",
             "## Three perspectives", ""]
    for capital in CAPITALS:
        lines += [f"### {capital}", "", brief.perspectives.get(capital, "").strip()
                  or "(not written yet)", ""]
    lines += ["## Claims", ""]
    for n, claim in enumerate(brief.claims, 1):
        kind = KINDS.get(claim.kind, claim.kind)
        label = priorities.get(claim.priority, claim.priority)
        lines.append(f"{n}. {' '.join(claim.text.split())} *({kind}; {label}; cites "
                     f"{', '.join(claim.cites) or 'nothing'})*")
        lines += [f"   > **{sid}** {sentences[sid]}" for sid in claim.cites if sid in sentences]
    lines += ["", "## Checks", ""]
    lines += [f"- {'✓ passed' if row.passed else '✗ not yet'}: {row.check} ({row.detail})"
              for row in checks.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def _section(text: str, heading: str) -> str:
    """The text under a heading, up to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    match = re.search(rf"^{re.escape(heading)}\s*$", text, re.MULTILINE)
    if not match:
        return ""
    rest = text[match.end():]
    stop = re.search(rf"^#{{1,{len(level)}}} ", rest, re.MULTILINE)
    body = rest[: stop.start()] if stop else rest
    return "" if body.strip() == "(not written yet)" else " ".join(body.split())


def _claims(text: str, priorities: Mapping[str, str]) -> tuple[Claim, ...]:
    by_label = {label.lower(): pid for pid, label in priorities.items()}
    kinds = {label.lower(): key for key, label in KINDS.items()}
    claims = []
    for line in _section_lines(text, "## Claims"):
        match = CLAIM_LINE.match(line)
        if match:
            cites = tuple(c.strip().upper() for c in match["cites"].split(",")
                          if c.strip() and c.strip() != "nothing")
            priority = match["priority"].strip()
            kind = match["kind"].strip()
            claims.append(Claim(match["text"].strip(), kinds.get(kind.lower(), kind), cites,
                                by_label.get(priority.lower(), priority)))
    return tuple(claims)


def _section_lines(text: str, heading: str) -> list[str]:
    match = re.search(rf"^{re.escape(heading)}\s*$", text, re.MULTILINE)
    if not match:
        return []
    rest = text[match.end():]
    stop = re.search(r"^## ", rest, re.MULTILINE)
    return (rest[: stop.start()] if stop else rest).splitlines()


def from_markdown(text: str, priorities: Mapping[str, str]) -> tuple[Brief, str]:
    """A Brief and its constraint key from an exported file, or ``NotABrief`` saying why."""
    if len(text) > MAX_CHARS:
        raise NotABrief(f"it has {len(text)} characters; a brief has far fewer")
    if TITLE not in text:
        raise NotABrief(f"it has no title line {TITLE!r}; expected a file exported by the "
                        "brief builder in lesson 06")
    missing = [h for h in ("## Recommended plan", "## Claims") if h not in text]
    if missing:
        raise NotABrief(f"it lacks the section(s) {', '.join(missing)}")
    plan = PLAN_LINE.search(text)
    if not plan:
        raise NotABrief("it has no line 'Plan: `...`' under '## Recommended plan'")
    author = AUTHOR_LINE.search(text)
    constraint = CONSTRAINT_LINE.search(text)
    brief = Brief(
        author=author["name"].strip() if author else "",
        plan=parse_plan_text(plan["plan"]),
        justification=_section(text, "### Why this plan"),
        perspectives={c: _section(text, f"### {c}") for c in CAPITALS},
        claims=_claims(text, priorities))
    key = constraint["key"] if constraint else "concern_moscow"
    return brief, str(constraint_key(key))  # a file from before the neutral words

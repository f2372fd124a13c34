"""The capstone brief as an assessment: its parts and the checks beyond form (pure).

A brief has a plan the learner built and a justification of it, one paragraph
each for Minsk, Moscow and Washington, and claims, each labelled (the article's
report, an interpretation, background or a model result) and citing sentences.
The checks say what to fix: a quotation that is not word for word in the cited
sentences, a claim that only copies its sentence, a capital or a priority left
out. They test honesty with the evidence, not whether an argument is good:
the rubric in the teacher guide is for that.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import pandas as pd

from balancing_act.data.schemas import id_range

KINDS = {"report": "the article's report", "interpretation": "an interpretation",
         "background": "background", "model": "a model result"}
CAPITALS = ("Minsk", "Moscow", "Washington")
MIN_CLAIM_WORDS = 6
MIN_PARAGRAPH_WORDS = 25
MIN_JUSTIFICATION_WORDS = 25
COPY_SHARE = 0.7  # a claim whose words are this much one cited sentence's, in order, is a copy
COPY_RUN = 3  # only runs of this many words in a row count as copied ("a", "the" do not)
QUOTE = re.compile(r"[\"“”]([^\"“”]{2,}?)[\"“”]")
CHECK_COLUMNS = ["check", "passed", "detail"]


@dataclass(frozen=True)
class Claim:
    """One claim: its words, what kind of statement it is, what it cites and its priority."""

    text: str
    kind: str
    cites: tuple[str, ...]
    priority: str


@dataclass(frozen=True)
class Brief:
    """Everything a learner hands in; the plan is a list of phases of step ids."""

    author: str = ""
    plan: tuple[tuple[str, ...], ...] = ()
    justification: str = ""
    perspectives: Mapping[str, str] = field(default_factory=dict)
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """What the checks compare a brief with: the article, the priorities, the model verdict."""

    sentences: Mapping[str, str]
    priorities: Mapping[str, str]
    plan_ok: bool
    plan_verdict: str


_LOOSE_ID = re.compile(r"[sS]?\s*0*(\d{1,3})")


def normal_id(text: object) -> str:
    """'s18', 'S 18', 'S1', '18' -> 'S18', 'S18', 'S01', 'S18'; other text upper-cased, trimmed.

    A learner types ids as they say them; the course writes two digits (S01 to S42).
    """
    raw = str(text).strip()
    match = _LOOSE_ID.fullmatch(raw)
    if match:
        return f"S{int(match.group(1)):02d}"
    return raw.upper()


def parse_cites(value: object) -> tuple[str, ...]:
    """'S06, s18 S1' -> ('S06', 'S18', 'S01'); anything else in the text is kept for checking."""
    if isinstance(value, str):
        parts = re.split(r"[\s,;]+", re.sub(r"\b([sS])\s+(?=\d)", r"\1", value.strip()))
    elif isinstance(value, Sequence):
        parts = [str(v) for v in value]
    else:
        return ()
    return tuple(dict.fromkeys(normal_id(p) for p in parts if p.strip()))


def words(text: str) -> list[str]:
    """Lower-case words, with curly apostrophes and quotes made plain, for comparing texts."""
    plain = text.replace("’", "'").replace("‘", "'").lower()
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", plain)


def cited_in(text: str) -> tuple[str, ...]:
    """Sentence ids written in a paragraph, e.g. '(S06, s18, S7, h1)' -> ('S06', 'S18', 'S07',
    'H1')."""
    found = re.findall(r"\b(?:[sS]\d{1,3}|[hH]\d)\b", text)  # H1-H3: a table's header row
    return tuple(dict.fromkeys(normal_id(m) for m in found))


def quotations(text: str) -> list[str]:
    """The passages a text puts in quotation marks (straight or curly)."""
    return [q.strip() for q in QUOTE.findall(text) if words(q)]


def misquoted(text: str, cites: Sequence[str], sentences: Mapping[str, str]) -> list[str]:
    """Quoted passages found word for word in none of the cited sentences."""
    sources = [" ".join(words(sentences[s])) for s in cites if s in sentences]
    return [q for q in quotations(text)
            if not any(f" {' '.join(words(q))} " in f" {src} " for src in sources)]


def copied_from(claim: Claim, sentences: Mapping[str, str]) -> str | None:
    """The cited sentence a claim mostly copies (in order, quoted or not), or None."""
    mine = words(claim.text)
    if not mine:
        return None
    for sid in claim.cites:
        theirs = words(sentences.get(sid, ""))
        matcher = SequenceMatcher(a=mine, b=theirs, autojunk=False)
        shared = sum(b.size for b in matcher.get_matching_blocks() if b.size >= COPY_RUN)
        if shared / len(mine) >= COPY_SHARE:
            return sid
    return None


# --------------------------------------------------------------------------- the checks


def _plan_rows(brief: Brief, evidence: Evidence) -> list[tuple[str, bool, str]]:
    steps = sum(len(p) for p in brief.plan)
    n = len(words(brief.justification))
    return [
        ("a plan of your own", steps > 0,
         f"{len(brief.plan)} phase(s), {steps} step(s)" if steps else
         "no plan yet: build one in the planner (add steps to phases)"),
        ("the plan keeps the model's constraint", evidence.plan_ok and steps > 0,
         evidence.plan_verdict if steps else "no plan to test yet"),
        ("the plan is justified", n >= MIN_JUSTIFICATION_WORDS,
         f"{n} words of justification" if n >= MIN_JUSTIFICATION_WORDS else
         f"the justification has {n} words; write at least {MIN_JUSTIFICATION_WORDS}: "
         "why these steps in this order, and which model result or sentence supports it"),
    ]


def _perspective_row(brief: Brief) -> tuple[str, bool, str]:
    short = [c for c in CAPITALS
             if len(words(brief.perspectives.get(c, ""))) < MIN_PARAGRAPH_WORDS]
    detail = (f"each of {', '.join(CAPITALS)} has a paragraph" if not short else
              f"write a paragraph of at least {MIN_PARAGRAPH_WORDS} words for: "
              f"{', '.join(short)} (how the plan looks from there, citing sentences)")
    return ("a paragraph for each capital", not short, detail)


def _claim_rows(claims: Sequence[Claim], evidence: Evidence) -> list[tuple[str, bool, str]]:
    known = set(evidence.sentences)
    short = [n for n, c in enumerate(claims, 1) if len(words(c.text)) < MIN_CLAIM_WORDS]
    unlabelled = [n for n, c in enumerate(claims, 1) if c.kind not in KINDS]
    uncited = [n for n, c in enumerate(claims, 1) if not c.cites]
    unknown = sorted({i for c in claims for i in c.cites if i not in known})
    copies = [(n, sid) for n, c in enumerate(claims, 1)
              if (sid := copied_from(c, evidence.sentences))]
    missing = [label for pid, label in evidence.priorities.items()
               if not any(c.priority == pid for c in claims)]
    none = "no claims yet: add at least one per priority"
    return [
        ("every claim is a full sentence", bool(claims) and not short,
         none if not claims else f"claim(s) {_nums(short)} have fewer than {MIN_CLAIM_WORDS} "
         "words: say what the sentence shows, in your own words" if short else
         f"all {len(claims)} claims are full sentences"),
        ("every claim says what kind it is", bool(claims) and not unlabelled,
         none if not claims else f"claim(s) {_nums(unlabelled)}: label each as "
         f"{', '.join(KINDS)}" if unlabelled else "each claim is labelled"),
        ("every claim cites sentences that exist", bool(claims) and not uncited and not unknown,
         none if not claims else f"claim(s) {_nums(uncited)} cite nothing" if uncited else
         f"not sentence ids of the article: {', '.join(unknown)} "
         f"(expected {id_range(sorted(evidence.sentences))})"
         if unknown else "every claim cites sentences of the article"),
        ("claims argue, not only quote", bool(claims) and not copies,
         none if not claims else "; ".join(f"claim {n} mostly copies {sid}: quoted, not "
                                           "argued; say what it shows and why it matters"
                                           for n, sid in copies)
         if copies else "no claim only copies its sentence"),
        ("a claim for each priority", not missing,
         f"no claim yet for: {', '.join(missing)}" if missing else
         "each priority has at least one claim"),
    ]


def _quote_row(brief: Brief, evidence: Evidence) -> tuple[str, bool, str]:
    parts = [(f"claim {n}", c.text, c.cites) for n, c in enumerate(brief.claims, 1)]
    parts += [(f"the {c} paragraph", brief.perspectives.get(c, ""),
               cited_in(brief.perspectives.get(c, ""))) for c in CAPITALS]
    parts.append(("the justification", brief.justification, cited_in(brief.justification)))
    wrong = [f"{where}: “{q}” is not word for word in {', '.join(cites) or 'any cited sentence'}"
             for where, text, cites in parts for q in misquoted(text, cites, evidence.sentences)]
    return ("quotations are word for word", not wrong,
            "; ".join(wrong) + " (quote exactly, or paraphrase without quotation marks)"
            if wrong else "every quotation matches a cited sentence")


def _nums(numbers: Sequence[int]) -> str:
    return ", ".join(map(str, numbers))


def check(brief: Brief, evidence: Evidence) -> pd.DataFrame:
    """Every check as a row (check, passed, detail), in the order a learner should fix them."""
    rows = [*_plan_rows(brief, evidence), _perspective_row(brief),
            *_claim_rows(brief.claims, evidence), _quote_row(brief, evidence)]
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)


def passed(checks: pd.DataFrame) -> bool:
    return bool(checks["passed"].all())

"""How much of a brief's own writing another brief shares: word-shingle Jaccard (pure).

A brief is reduced to the words its learner wrote (the justification, the three
perspective paragraphs and the claims; not the plan, not the author line, not the
cited sentences the export quotes in full) with every passage in quotation marks and
every sentence id taken out, since quoting the same sentence of the article is not
copying. Its *shingles* are the runs of ``SHINGLE`` words in a row. Two briefs'
similarity is the Jaccard index of their shingle sets: shared runs divided by all
distinct runs of either, 1.0 for the same text and near 0 for two learners writing
on their own (who share single words, rarely three in a row). A copy with one word in
ten changed still shares about half its runs, so ``NEAR`` flags it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from balancing_act.policy_brief.brief import CAPITALS, QUOTE, Brief, words

__all__ = ["NEAR", "SHINGLE", "Match", "flags_for", "jaccard", "matches", "own_words",
           "groups", "near_pairs", "shingles"]

#: Words per shingle: three in a row is rare between two learners writing on their own.
SHINGLE = 3
#: At or above this Jaccard index two briefs are "nearly identical".
NEAR = 0.5
#: Fewer shingles than this: too little writing for a share to mean anything.
MIN_SHINGLES = 10
_IDS = re.compile(r"\(?\b[sS]\d{1,3}\b[,;)]?")  # S07, s18, S7: as cited_in reads them


@dataclass(frozen=True)
class Match:
    """Two briefs (by label) and their similarity; ``b`` may be the model brief."""

    a: str
    b: str
    score: float

    @property
    def identical(self) -> bool:
        return self.score >= 1.0


def own_words(brief: Brief) -> list[str]:
    """The words the learner wrote, in order, without quotations and sentence ids."""
    parts = [brief.justification, *(brief.perspectives.get(c, "") for c in CAPITALS),
             *(c.text for c in brief.claims)]
    text = " ".join(_IDS.sub(" ", QUOTE.sub(" ", part)) for part in parts)
    return words(text)


def shingles(brief: Brief, size: int = SHINGLE) -> frozenset[tuple[str, ...]]:
    """Every run of ``size`` words in a row of the learner's own words."""
    mine = own_words(brief)
    return frozenset(tuple(mine[n:n + size]) for n in range(len(mine) - size + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    """Shared shingles over all distinct shingles; 0.0 when either brief is too short."""
    if len(a) < MIN_SHINGLES or len(b) < MIN_SHINGLES:
        return 0.0
    return len(a & b) / len(a | b)


def matches(briefs: Mapping[str, Brief], model: Mapping[str, Brief] | None = None,
            near: float = NEAR) -> list[Match]:
    """Every pair at or above ``near``: each brief against each model brief, then each
    pair of briefs; most similar first."""
    own = {label: shingles(b) for label, b in briefs.items()}
    models = {label: shingles(b) for label, b in (model or {}).items()}
    found = [Match(a, m, jaccard(own[a], models[m])) for a in own for m in models]
    found += [Match(a, b, jaccard(own[a], own[b])) for a, b in combinations(own, 2)]
    return sorted((m for m in found if m.score >= near), key=lambda m: -m.score)


def flags_for(label: str, found: Sequence[Match]) -> list[str]:
    """What to tell the teacher about one brief: 'identical to X', 'nearly identical to Y
    (0.72)', most similar first."""
    said = []
    for m in found:
        if label not in (m.a, m.b):
            continue
        other = m.b if m.a == label else m.a
        said.append(f"identical to {other}" if m.identical
                    else f"nearly identical to {other} ({m.score:.2f})")
    return said


def groups(found: Sequence[Match]) -> list[list[str]]:
    """Briefs linked by identical matches, as groups: five copies of one text are one
    group of six, not fifteen pairs. Order is that of first appearance in ``found``."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for m in found:
        if m.identical:
            parent[root(m.b)] = root(m.a)
    members: dict[str, list[str]] = {}
    for label in parent:
        members.setdefault(root(label), []).append(label)
    return list(members.values())


def near_pairs(found: Sequence[Match], same: Sequence[Sequence[str]]
               ) -> list[tuple[str, str, float]]:
    """The nearly identical matches, one per pair of texts: a brief near five identical
    copies is near one text, named by the first of its group."""
    first = {name: group[0] for group in same for name in group}
    seen: dict[frozenset, tuple[str, str, float]] = {}
    for m in found:
        if not m.identical:
            a, b = first.get(m.a, m.a), first.get(m.b, m.b)
            seen.setdefault(frozenset((a, b)), (a, b, m.score))
    return list(seen.values())

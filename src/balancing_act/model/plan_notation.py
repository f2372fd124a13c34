"""The one way a plan is written as text: steps joined by '+', phases by ' | ', and an empty
phase (a pause) as '(pause)'. Plans in plans.csv, tables, answer keys and exported briefs all
use it, so a plan read back is the plan written."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["PAUSE", "PHASE_SEP", "STEP_SEP", "format_plan", "parse_plan"]

PHASE_SEP = "|"
STEP_SEP = "+"
PAUSE = "(pause)"


def format_plan(plan: Iterable[Sequence[str]]) -> str:
    """[['safeguards', 'statements'], [], ['invest']] -> 'safeguards+statements | (pause) |
    invest'."""
    return f" {PHASE_SEP} ".join(STEP_SEP.join(phase) or PAUSE for phase in plan)


def parse_plan(text: str) -> list[list[str]]:
    """The inverse of :func:`format_plan` ('' -> [], a blank phase or '(pause)' -> [])."""
    if not isinstance(text, str):
        raise ValueError(f"plan text {text!r} is not text; expected phases separated by '|' "
                         "and steps by '+', e.g. 'safeguards+statements | invest'")
    if not text.strip():
        return []
    return [[s.strip() for s in phase.split(STEP_SEP) if s.strip() and s.strip() != PAUSE]
            for phase in text.split(PHASE_SEP)]

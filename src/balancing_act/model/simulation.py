"""The phased-deal simulation: a plan's steps move four indicators phase by phase, and a
chosen constraint (a ceiling on concern in Moscow or in Washington, or a floor on
autonomy) says when the plan breaks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from balancing_act.model.parameters import (
    INDICATOR_DECIMALS,
    INDICATOR_LABELS,
    INDICATORS,
    ModelParams,
    Step,
    constraint_key,
    need_columns,
)


def check_plan(plan: object, params: ModelParams) -> list[list[str]]:
    """The plan as lists of step ids in steps.csv order, or ValueError saying what is wrong."""
    known = list(params.steps)
    if isinstance(plan, str | bytes) or not isinstance(plan, Sequence):
        raise ValueError(f"the plan is {type(plan).__name__}; expected a list of phases, each a "
                         "list of step ids, e.g. [['invest', 'safeguards'], ['invest']]")
    if not plan:
        raise ValueError("the plan has no phases; expected at least one phase, "
                         "e.g. [['invest', 'safeguards']]")
    if len(plan) > params.max_phases:
        raise ValueError(f"the plan has {len(plan)} phases; expected at most "
                         f"{params.max_phases}")
    phases = []
    for n, phase in enumerate(plan, start=1):
        if isinstance(phase, str | bytes) or not isinstance(phase, Iterable):
            raise ValueError(f"phase {n} is {phase!r}; expected a list of step ids such as "
                             f"['{known[0]}']")
        steps = list(phase)
        for step in steps:
            if not isinstance(step, str) or step not in params.steps:
                raise ValueError(f"unknown step {step!r} in phase {n}; expected one of: "
                                 f"{', '.join(known)}")
            if steps.count(step) > 1:
                raise ValueError(f"step {step!r} appears twice in phase {n}; expected each "
                                 "step at most once per phase")
        phases.append(sorted(steps, key=known.index))
    return phases


def _advance(state: dict[str, float], steps: list[Step], params: ModelParams):
    """One phase: add the steps' effects, add the shock, clip each indicator to 0..1."""
    added = {ind: sum(s.effects[ind] for s in steps) for ind in INDICATORS}
    shock = params.shock_rate * max(0.0, added["gain"] - params.shock_limit)
    added["concern_moscow"] += shock
    new = {ind: round(min(1.0, max(0.0, state[ind] + added[ind])), INDICATOR_DECIMALS)
           for ind in INDICATORS}
    return new, round(shock, INDICATOR_DECIMALS)


@dataclass(frozen=True)
class Constraint:
    """What "not at the expense of ..." means in a run: one indicator kept on one side of a
    limit. The article names only the Russia side (S01, S06); the ceiling on concern in
    Washington and the floor on autonomy are the course's."""

    key: str
    indicator: str
    upper: bool  # True: at or below the limit; False: at or above it
    limit: float

    def holds(self, values: pd.Series) -> pd.Series:
        return values <= self.limit if self.upper else values >= self.limit

    @property
    def label(self) -> str:
        side = "at or below" if self.upper else "at or above"
        return f"{_lower_first(INDICATOR_LABELS[self.indicator])} {side} {self.limit:.2f}"


def _lower_first(label: str) -> str:
    """'Concern in Washington' -> 'concern in Washington' (names keep their capitals)."""
    return label[:1].lower() + label[1:]


def constraints(params: ModelParams) -> dict[str, Constraint]:
    """The constraints a learner may choose: the ceiling on concern in Moscow (the article's
    own, S01, S06), then the course's other ceiling and floor."""
    found = {"concern_moscow": Constraint("concern_moscow", "concern_moscow", True,
                                          params.threshold)}
    found |= {ind: Constraint(ind, ind, True, limit) for ind, limit in params.ceilings.items()}
    found |= {ind: Constraint(ind, ind, False, limit) for ind, limit in params.floors.items()}
    return found


def _constraint(params: ModelParams, key: str) -> Constraint:
    known = constraints(params)
    key = constraint_key(key)  # type: ignore[assignment]
    if key not in known:
        raise ValueError(f"constraint {key!r} is not known; expected one of: {', '.join(known)}")
    return known[key]


def simulate_plan(plan: Sequence[Iterable[str]], params: ModelParams,
                  constraint: str = "concern_moscow") -> pd.DataFrame:
    """Run a phased plan and return one row per phase, starting with phase 0 (the baseline).

    Each phase, for every indicator: new value = previous value + the sum of the
    chosen steps' effects (steps.csv), then clipped to 0..1. One extra rule
    models a sudden disruption (S34, S36): if the gain added in a phase exceeds
    ``shock_limit``, concern in Moscow rises by an extra ``shock_rate`` x the
    excess. ``constraint_ok`` is True while concern in Moscow ≤ ``threshold``: the
    model's stand-in for "not at the expense of ties with Russia" (S01, S06);
    ``constraint="concern_washington"`` (a ceiling) or ``"autonomy"`` (a floor) tests
    that limit instead; the keys of older courses ('mistrust', 'trust') still work.

    A step may recur in later phases but appears at most once per phase; an
    empty phase is allowed (a pause to assess and adjust, S34).
    Columns: ``phase``, ``steps``, the four ``INDICATORS``, ``shock``, ``constraint_ok``.
    """
    if not isinstance(params, ModelParams):
        raise ValueError(f"params is {type(params).__name__}; expected ModelParams, e.g. "
                         "from balancing_act.data.model_inputs.load_params()")
    phases = check_plan(plan, params)
    rule = _constraint(params, constraint)
    state = {ind: round(params.baseline[ind], INDICATOR_DECIMALS) for ind in INDICATORS}
    rows = [{"phase": 0, "steps": "(start)", **state, "shock": 0.0}]
    for n, ids in enumerate(phases, start=1):
        state, shock = _advance(state, [params.steps[s] for s in ids], params)
        rows.append({"phase": n, "steps": ", ".join(ids) or "(no new steps)", **state,
                     "shock": shock})
    table = pd.DataFrame(rows, columns=["phase", "steps", *INDICATORS, "shock"])
    table["constraint_ok"] = rule.holds(table[rule.indicator])
    return table


def first_breach(result: pd.DataFrame) -> int | None:
    """The first phase whose ``constraint_ok`` is False, or None if it holds throughout."""
    need_columns(result, "simulation result", ("phase", "constraint_ok"))
    broken = result.loc[~result["constraint_ok"].astype(bool), "phase"]
    return int(broken.iloc[0]) if len(broken) else None


def constraint_message(result: pd.DataFrame, threshold: float | Constraint) -> str:
    """The constraint's verdict in words, so colour is never the only signal.

    E.g. "Constraint holds at every phase (highest concern in Moscow 0.16 ≤ 0.50)" or
    "Constraint broken at phase 1: concern in Moscow 0.70 > 0.50". A number is the
    ceiling on concern in Moscow; a ``Constraint`` names any other limit.
    """
    rule = (threshold if isinstance(threshold, Constraint)
            else Constraint("concern_moscow", "concern_moscow", True, float(threshold)))
    name = _lower_first(INDICATOR_LABELS[rule.indicator])
    need_columns(result, "simulation result", ("phase", rule.indicator, "constraint_ok"))
    phase = first_breach(result)
    ok, broken = ("≤", ">") if rule.upper else ("≥", "<")
    if phase is None:
        edge = result[rule.indicator].max() if rule.upper else result[rule.indicator].min()
        return (f"Constraint holds at every phase ({'highest' if rule.upper else 'lowest'} "
                f"{name} {float(edge):.2f} {ok} {rule.limit:.2f})")
    value = float(result.loc[result["phase"] == phase, rule.indicator].iloc[0])
    return f"Constraint broken at phase {phase}: {name} {value:.2f} {broken} {rule.limit:.2f}"

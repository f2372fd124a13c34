"""Named plans and what-if scenarios over the phased-deal model (pure, no I/O).

Lesson 05 asks which conclusions survive when the model's assumptions change.
A scenario rescales the steps' effects, makes reassurance work less or cost
something (concern in Washington, autonomy), or moves the ceiling on concern in Moscow; ``what_if``
runs one plan under every scenario so the rows can be read side by side, under
the constraint the learner chose. Some scenarios make the experts' advice lose:
the model confirms the recommendations only under the numbers the course chose.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from balancing_act.model import ModelParams, Step, first_breach, simulate_plan
from balancing_act.model.plan_notation import format_plan, parse_plan

__all__ = ["apply_scenario", "format_plan", "named_plans", "parse_plan", "scenarios_that_hold",
           "what_if"]

#: Scenario columns that multiply the steps' effects: rises in concern in Moscow,
#: every effect on concern in Washington, and economic gain.
SCALES = ("moscow_scale", "washington_scale", "gain_scale")
#: Scenario columns about reassuring steps (those that ease concern in Moscow, S35): how
#: much of their easing is left, and what each adds per phase to concern in Washington
#: and takes from autonomy.
REASSURANCE = {"reassurance_scale": 1.0, "reassurance_washington_cost": 0.0,
               "reassurance_autonomy_cost": 0.0}


def named_plans(table: pd.DataFrame) -> dict[str, list[list[str]]]:
    """Plans keyed by name, in file order, from the plans table."""
    plans = {}
    for row in table.itertuples(index=False):
        plans[row.name] = parse_plan(row.phases)
        if not plans[row.name]:
            raise ValueError(f"plan {row.name!r} has no phases; expected phases separated by "
                             "'|' and steps by '+', e.g. 'safeguards+statements | invest'")
    return plans


def _scaled_step(step: Step, scales: Mapping[str, float]) -> Step:
    effects = dict(step.effects)
    if effects.get("concern_moscow", 0.0) > 0:
        effects["concern_moscow"] *= scales["moscow_scale"]
    elif effects.get("concern_moscow", 0.0) < 0:  # a reassuring step
        effects["concern_moscow"] *= scales["reassurance_scale"]
        effects["concern_washington"] += scales["reassurance_washington_cost"]
        effects["autonomy"] -= scales["reassurance_autonomy_cost"]
    effects["concern_washington"] *= scales["washington_scale"]
    effects["gain"] *= scales["gain_scale"]
    return replace(step, effects=effects)


def _factor(scenario: Mapping[str, object], name: str, default: float, top: float) -> float:
    raw = scenario.get(name, default)
    value = default if raw is None or raw != raw else float(raw)  # type: ignore[arg-type]
    if not 0 <= value <= top:
        raise ValueError(f"{name} is {value}; expected a factor from 0 to {top:g}")
    return value


def apply_scenario(params: ModelParams, scenario: Mapping[str, object]) -> ModelParams:
    """Params as the scenario changes them: scaled step effects and, if given, a new threshold."""
    scales = {name: _factor(scenario, name, 1.0, 5) for name in SCALES}
    scales |= {name: _factor(scenario, name, default, 5 if name.endswith("scale") else 1)
               for name, default in REASSURANCE.items()}
    threshold = float(scenario.get("threshold", params.threshold))  # type: ignore[arg-type]
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold is {threshold}; expected a number in (0, 1]")
    steps = {sid: _scaled_step(step, scales) for sid, step in params.steps.items()}
    return replace(params, steps=steps, threshold=threshold)


def what_if(plan: list[list[str]], params: ModelParams, scenarios: pd.DataFrame,
            constraint: str = "concern_moscow") -> pd.DataFrame:
    """One row per scenario: final gain, each capital's peak concern, the ceiling on
    concern in Moscow and where the chosen constraint breaks (``"concern_moscow"``,
    ``"concern_washington"`` or ``"autonomy"``)."""
    rows = []
    for scenario in scenarios.to_dict("records"):
        changed = apply_scenario(params, scenario)
        result = simulate_plan(plan, changed, constraint)
        breach = first_breach(result)
        rows.append({
            "scenario": scenario["name"],
            "final gain": float(result["gain"].iloc[-1]),
            "peak concern in Moscow": float(result["concern_moscow"].max()),
            "peak concern in Washington": float(result["concern_washington"].max()),
            "ceiling on concern in Moscow": changed.threshold,
            "constraint": "holds" if breach is None else f"broken at phase {breach}",
        })
    return pd.DataFrame(rows)


def scenarios_that_hold(table: pd.DataFrame) -> list[str]:
    """Scenario names under which the constraint holds at every phase."""
    return list(table.loc[table["constraint"] == "holds", "scenario"])

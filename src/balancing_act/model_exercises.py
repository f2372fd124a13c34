"""Exercise types checked against the model rather than against one fixed answer.

A plan (lesson 04) is right when it meets the exercise's conditions in the
model, whichever steps the learner chose; a brief (lesson 06) is right when it
passes the capstone's four checks. The YAML ``answer`` is one passing example;
known mistakes still match exactly and get their own hints.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from . import brief, data, model, params
from .exercises import Checker, Invalid, SpecError, register
from .feedback import short_repr

CONDITIONS = ("min_phases", "max_phases", "constraint", "min_final", "max_final")


def _plan_key(plan: Any) -> tuple[tuple[str, ...], ...]:
    """A plan in canonical form (steps in steps.csv order), or Invalid saying what is wrong."""
    if isinstance(plan, Mapping) or not isinstance(plan, Sequence) or isinstance(plan, str):
        raise Invalid(f"{short_repr(plan)} is not a plan.")
    p = params.load_params()
    if len(plan) > p.max_phases:  # bound the work before walking a plan of any size
        raise Invalid(f"the plan has {len(plan):,} phases; at most {p.max_phases} are allowed.")
    try:
        # a phase longer than the step list cannot be right: read one step past it, no more
        phases = model.check_plan([list(itertools.islice(x, len(p.steps) + 1))
                                   if not isinstance(x, str | bytes | Mapping) and
                                   isinstance(x, Iterable) else x for x in plan], p)
    except (ValueError, TypeError) as exc:
        # the engine adds what a plan looks like, so keep only what is wrong
        raise Invalid(f"{str(exc).split('; expected')[0][:300]}.") from None
    return tuple(tuple(phase) for phase in phases)


def _plan_failures(plan: Sequence[Sequence[str]], conditions: Mapping[str, Any]) -> list[str]:
    """What the plan misses, in words; [] when it meets every condition."""
    p = params.load_params()
    result = model.simulate_plan([list(x) for x in plan], p)
    final = result.iloc[-1]
    phases = len(plan)
    misses = []
    if phases < conditions.get("min_phases", 0):
        wanted = conditions["min_phases"]
        misses.append(f"it has {phases} phase(s); at least {wanted} are asked for")
    if phases > conditions.get("max_phases", p.max_phases):
        misses.append(f"it has {phases} phases; at most {conditions['max_phases']} are asked for")
    if conditions.get("constraint") and model.first_breach(result) is not None:
        misses.append(model.constraint_message(result, p.threshold))
    for name, floor in (conditions.get("min_final") or {}).items():
        if final[name] < floor:
            label = model.INDICATOR_LABELS[name]
            misses.append(f"final {label} is {final[name]:.2f}; at least {floor} is asked for")
    for name, ceiling in (conditions.get("max_final") or {}).items():
        if final[name] > ceiling:
            label = model.INDICATOR_LABELS[name]
            misses.append(f"final {label} is {final[name]:.2f}; at most {ceiling} is asked for")
    return misses


@register
class Plan(Checker):
    """A phased-deal plan that must meet conditions in the model (e.g. the constraint holds)."""

    name = "plan"
    label = "plan in the model"
    fields = ("conditions",)

    def __init__(self, spec: Mapping[str, Any]):
        super().__init__(spec)
        conditions = spec.get("conditions")
        if not isinstance(conditions, dict) or not conditions:
            raise SpecError("expected a mapping such as {constraint: true, min_phases: 3}",
                            "conditions")
        unknown = set(conditions) - set(CONDITIONS)
        if unknown:
            raise SpecError(f"unknown condition(s) {sorted(unknown)}; expected: "
                            f"{', '.join(CONDITIONS)}", "conditions")
        for key in ("min_final", "max_final"):
            bad = set(conditions.get(key) or {}) - set(model.INDICATORS)
            if bad:
                raise SpecError(f"{key} names {sorted(bad)}; expected indicators: "
                                f"{', '.join(model.INDICATORS)}", "conditions")
        self.conditions = conditions

    def parse(self, value: Any) -> tuple[tuple[str, ...], ...]:
        return _plan_key(value)

    def learner_form(self, raw: Any) -> Any:
        if not isinstance(raw, list):
            raise SpecError("expected a list of phases, each a list of step ids")
        return [list(phase) for phase in raw]

    def same(self, got: Any, want: Any) -> bool:
        return not _plan_failures(got, self.conditions)

    def mistake_matches(self, got: Any, key: Any) -> bool:
        return bool(got == key)

    def diagnose(self, got: Any, want: Any) -> str:
        return "Not yet: " + "; ".join(_plan_failures(got, self.conditions)) + "."

    def expects(self) -> str:
        steps = ", ".join(params.load_params().steps)
        return f"a list of phases, each a list of step ids ({steps}), e.g. planner.answer"


def _claims(value: Any) -> tuple[brief.Claim, ...]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise Invalid("'claims' is not a list of claims.")
    out = []
    for n, item in enumerate(value, 1):
        if not isinstance(item, Mapping):
            raise Invalid(f"claim {n} is {short_repr(item)}; expected text, cites and priority.")
        try:
            out.append(brief.make_claim(item.get("text"), item.get("cites"), item.get("priority")))
        except ValueError as exc:
            raise Invalid(f"claim {n}: {exc}.") from None
    return tuple(out)


def brief_checks(plan_name: str, claims: Sequence[brief.Claim]):
    """The capstone's four checks for a named plan and its claims (a DataFrame)."""
    p = params.load_params()
    result = model.simulate_plan(params.load_plans()[plan_name], p)
    known = set(data.load_sentences()["id"])
    return brief.check_brief(claims, model.first_breach(result) is None,
                             model.constraint_message(result, p.threshold), known,
                             params.priority_labels())


@register
class Brief(Checker):
    """A policy brief (a plan name and claims) that must pass the capstone's four checks."""

    name = "brief"
    label = "policy brief"

    def parse(self, value: Any) -> tuple[str, tuple[brief.Claim, ...]]:
        if not isinstance(value, Mapping) or set(value) != {"plan", "claims"}:
            raise Invalid(f"{short_repr(value)} is not a brief.")
        plans = params.load_plans()
        if value["plan"] not in plans:
            raise Invalid(f"{short_repr(value['plan'])} is not a plan name; expected one of: "
                          f"{', '.join(plans)}.")
        return value["plan"], _claims(value["claims"])

    def same(self, got: Any, want: Any) -> bool:
        return bool(brief_checks(*got)["passed"].all())

    def mistake_matches(self, got: Any, key: Any) -> bool:
        return bool(got == key)

    def diagnose(self, got: Any, want: Any) -> str:
        checks = brief_checks(*got)
        failed = checks.loc[~checks["passed"]]
        return "Not yet: " + "; ".join(f"{r.check}: {r.detail}" for r in failed.itertuples()) + "."

    def expects(self) -> str:
        return ("a brief as a mapping with 'plan' (a plan name) and 'claims' (a list of "
                "{text, cites, priority}), e.g. brief.answer")

    def as_code(self, value: Any) -> str:
        lines = [f"plan: {value['plan']}"]
        lines += [f"- {c['text']} [{', '.join(c['cites'])}; {c['priority']}]"
                  for c in value["claims"]]
        return "\n".join(lines)


__all__ = ["Brief", "Plan", "brief_checks"]

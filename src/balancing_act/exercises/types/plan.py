"""The ``plan`` type: a phased-deal plan judged in the model (answered with the deal planner).

A plan is right when it meets the exercise's ``conditions`` in the model,
whichever steps the learner chose; the YAML ``answer`` is one passing example.
Known mistakes still match exactly and get their own hints. The form is bound
to the planner: ``exercise("04.4").form(planner)``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from balancing_act import model
from balancing_act.data import model_inputs as params
from balancing_act.exercises.checker import AnswerKey, Checker, Invalid, SpecError, register
from balancing_act.exercises.result import short_repr

__all__ = ["Plan"]

CONDITIONS = ("min_phases", "max_phases", "constraint", "min_final", "max_final")
_OTHER_SIDE = {"min_final": "max_final", "max_final": "min_final"}


def _upgraded(conditions: Mapping[str, Any]) -> dict[str, Any]:
    """Conditions of an exercise file from before the neutral words, as today's: a limit on
    'mistrust' is one on concern in Moscow; at least x of 'trust' is at most 1 - x of
    concern in Washington (and at most x, at least 1 - x), so the same plans pass."""
    out = {k: (dict(v) if k in _OTHER_SIDE and isinstance(v, Mapping) else v)
           for k, v in conditions.items()}
    for key, other in _OTHER_SIDE.items():
        limits = out.get(key)
        if not isinstance(limits, dict):
            continue
        if "mistrust" in limits:
            limits.setdefault("concern_moscow", limits.pop("mistrust"))
        if "trust" in limits and isinstance(limits["trust"], int | float):
            flipped = out.setdefault(other, {})
            if isinstance(flipped, dict):
                flipped.setdefault("concern_washington", round(1 - limits.pop("trust"), 9))
    return out


def _plan_key(plan: Any, p: model.ModelParams) -> tuple[tuple[str, ...], ...]:
    """A plan in canonical form (steps in steps.csv order), or Invalid saying what is wrong."""
    if isinstance(plan, Mapping) or not isinstance(plan, Sequence) or isinstance(plan, str):
        raise Invalid(f"{short_repr(plan)} is not a plan.")
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


def _lower_first(label: str) -> str:
    """'Concern in Moscow' -> 'concern in Moscow', as it reads inside a sentence."""
    return label[:1].lower() + label[1:]


def _plan_failures(plan: Sequence[Sequence[str]], conditions: Mapping[str, Any],
                   p: model.ModelParams) -> list[str]:
    """What the plan misses in the model ``p``, in words; [] when it meets every condition."""
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
            label = _lower_first(model.INDICATOR_LABELS[name])
            misses.append(f"final {label} is {final[name]:.2f}; at least {floor} is asked for")
    for name, ceiling in (conditions.get("max_final") or {}).items():
        if final[name] > ceiling:
            label = _lower_first(model.INDICATOR_LABELS[name])
            misses.append(f"final {label} is {final[name]:.2f}; at most {ceiling} is asked for")
    return misses


@register
class Plan(Checker):
    """A phased-deal plan that must meet conditions in the model (e.g. the constraint holds)."""

    name = "plan"
    label = "plan in the model"
    fields = ("conditions",)

    def __init__(self, spec: Mapping[str, Any], data_folder: Path):
        super().__init__(spec, data_folder)
        conditions = spec.get("conditions")
        if not isinstance(conditions, dict) or not conditions:
            raise SpecError("expected a mapping such as {constraint: true, min_phases: 3}",
                            "conditions")
        conditions = _upgraded(conditions)
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

    @property
    def params(self) -> model.ModelParams:
        """The model of the exercise's own data folder (a teacher's copy judges by its own)."""
        return params.load_params(str(self.data_folder))

    def parse(self, value: Any) -> tuple[tuple[str, ...], ...]:
        return _plan_key(value, self.params)

    def learner_form(self, raw: Any) -> Any:
        if not isinstance(raw, list):
            raise SpecError("expected a list of phases, each a list of step ids")
        return [list(phase) for phase in raw]

    def same(self, got: Any, want: Any) -> bool:
        return not _plan_failures(got, self.conditions, self.params)

    def mistake_matches(self, got: Any, key: Any) -> bool:
        return bool(got == key)

    def diagnose(self, got: Any, want: Any) -> str:
        return "Not yet: " + "; ".join(_plan_failures(got, self.conditions, self.params)) + "."

    def expects(self) -> str:
        steps = ", ".join(self.params.steps)
        return f"a list of phases, each a list of step ids ({steps}), e.g. planner.answer"

    default_placeholder = "a list of phases, each a list of step ids"

    def answer_key(self, answer: Any) -> AnswerKey:
        wanted = "; ".join(f"{k}: {v}" for k, v in self.conditions.items())
        return AnswerKey(items=tuple(str(a) for a in answer),
                         note=f"one example: any plan that meets the conditions passes ({wanted})")

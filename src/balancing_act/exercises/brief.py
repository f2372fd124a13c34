"""The ``brief`` type: a policy brief judged by the capstone's four checks (the brief builder).

A brief (a plan name and claims) is right when it passes the four checks; the
YAML ``answer`` is one passing example. The form is bound to the builder:
``exercise("06.3").form(brief)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .. import brief, data, model, params
from ..feedback import short_repr
from .base import AnswerKey, Checker, Invalid, register

__all__ = ["Brief", "brief_checks"]



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


    default_placeholder = "a brief: brief.answer"

    def answer_key(self, answer: Any) -> AnswerKey:
        rows = tuple((str(c["text"]), ", ".join(c["cites"]), str(c["priority"]))
                     for c in answer["claims"])
        return AnswerKey(header=("claim", "cites", "priority"), rows=rows,
                         note=f"one example, with the plan '{answer['plan']}': any brief that "
                              "passes the four checks passes")

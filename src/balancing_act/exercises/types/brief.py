"""The ``brief`` type: the capstone's policy brief, judged by every check of ``policy_brief``.

A brief is right when it passes all the checks (a plan of one's own that keeps
the chosen constraint, a justification, a paragraph per capital, labelled and
cited claims, exact quotations, no copied claims, every priority); the YAML
``answer`` is one passing example. The form is bound to the brief builder:
``exercise("06.3").form(brief)``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

from balancing_act.exercises.checker import AnswerKey, Checker, Invalid, register
from balancing_act.exercises.result import short_repr
from balancing_act.model.parameters import constraint_key
from balancing_act.model.plan_notation import format_plan
from balancing_act.policy_brief import evidence as brief_checks
from balancing_act.policy_brief import saved_copy as brief_store
from balancing_act.policy_brief.brief import KINDS, Brief, cited_in, quotations, words

__all__ = ["BriefType"]

#: What each part of the model brief does, as its Solution outlines it.
PART_JOBS = {
    "justification": "why these steps come in this order, the model result that supports "
                     "them, and the case in which the plan breaks",
    "perspective": "how the plan looks from there, grounded in the sentences it cites, "
                   "and marks a view as inferred where the article reports no one there",
}


def _part(name: str, text: str, job: str) -> str:
    quotes = len(quotations(text))
    quoted = f", {quotes} short quotation(s) word for word" if quotes else ""
    return (f"{name}: {len(words(text))} words citing {', '.join(cited_in(text)) or 'nothing'}"
            f"{quoted}; it says {job}")


@register
class BriefType(Checker):
    """A policy brief (as the builder's ``answer`` gives it) that passes every check."""

    name = "brief"
    label = "policy brief"
    default_placeholder = "a brief: brief.answer"

    def parse(self, value: Any) -> tuple[Brief, str]:
        if not isinstance(value, Mapping):
            raise Invalid(f"{short_repr(value)} is not a brief.")
        try:
            return brief_store.from_dict(dict(value))
        except ValueError as exc:
            raise Invalid(f"this brief cannot be read: {exc}.") from None

    def same(self, got: Any, want: Any) -> bool:
        return bool(brief_checks.check(*got, folder=self.data_folder)["passed"].all())

    def mistake_matches(self, got: Any, key: Any) -> bool:
        return bool(got == key)

    def diagnose(self, got: Any, want: Any) -> str:
        checks = brief_checks.check(*got, folder=self.data_folder)
        failed = list(checks.loc[~checks["passed"]].itertuples())
        first = failed[0]
        more = (f" ({len(failed) - 1} more check(s) not yet passed: the list under the "
                "builder says what each needs)" if len(failed) > 1 else "")
        return f"Not yet: {first.check}: {first.detail[:300]}{more}."

    def expects(self) -> str:
        return ("a brief as the brief builder gives it (brief.answer): a plan, a "
                "justification, a paragraph per capital and labelled claims")

    def as_code(self, value: Any) -> str:
        plan = format_plan(value["plan"])
        lines = [f"plan: {plan}", f"why: {value['justification']}"]
        lines += [f"{c}: {t}" for c, t in value["perspectives"].items()]
        lines += [f"- {c['text']} [{KINDS.get(c['kind'], c['kind'])}; {', '.join(c['cites'])}; "
                  f"{c['priority']}]" for c in value["claims"]]
        return "\n".join(lines)

    solution_title = ("How the model brief is built (an outline, not a brief to copy: "
                      "write each part in your own words):")

    def solution_text(self, value: Any) -> str:
        """The model brief's build, part by part (length, sentences cited, what the part
        does), without its words: a Solution a class can learn from, not hand in."""
        from balancing_act.data.model_inputs import priority_labels

        names = priority_labels(str(self.data_folder))
        constraint = constraint_key(value.get("constraint", "concern_moscow"))
        lines = [f"plan: {format_plan(value['plan'])} (constraint: "
                 f"{constraint}), tried in the planner first",
                 _part("why this plan", value["justification"], PART_JOBS["justification"])]
        lines += [_part(c, t, PART_JOBS["perspective"]) for c, t in value["perspectives"].items()]
        lines += [f"claim {n} ({KINDS.get(c['kind'], c['kind'])}; {c['priority']} "
                  f"{names.get(c['priority'], '')}): {len(words(c['text']))} words of your own "
                  f"about {', '.join(c['cites'])}" for n, c in enumerate(value["claims"], 1)]
        return "\n".join(textwrap.fill(line, 88, subsequent_indent="    ") for line in lines)

    def answer_key(self, answer: Any) -> AnswerKey:
        from balancing_act.data.model_inputs import priority_labels

        # "P1 Economic diversification": a code with its name
        names = priority_labels(str(self.data_folder))
        rows = tuple((str(c["text"]), KINDS.get(c["kind"], c["kind"]), ", ".join(c["cites"]),
                      f"{c['priority']} {names.get(c['priority'], '')}".strip())
                     for c in answer["claims"])
        plan = format_plan(answer["plan"])
        constraint = constraint_key(answer.get("constraint", "concern_moscow"))
        items = (f"Plan: {plan} (constraint: {constraint})",
                 f"Why this plan: {answer['justification']}",
                 *(f"{c}: {t}" for c, t in answer["perspectives"].items()))
        return AnswerKey(items=items, header=("claim", "kind", "cites", "priority"), rows=rows,
                         note="one example (the model brief in docs/briefs/strong.md): any "
                              "brief that passes every check passes; mark the rest with the "
                              "rubric in the teacher guide")

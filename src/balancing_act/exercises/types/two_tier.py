"""The ``two_tier`` type: pick an answer, then the reason for it (two sets of radio buttons).

After Treagust's diagnostic tests: the second tier tells apart a right answer reached
for a wrong reason (a guess, a slogan) from understanding, and a wrong answer given for
a sound reason from a slip. Each combination gets its own feedback, and the record keeps
both letters ("B/C") so the class report can count right answers for wrong reasons.

YAML::

    type: two_tier
    options: [...]                 # tier 1, the answers
    reasons: [...]                 # tier 2, the reasons
    answer: {answer: "...", reason: "..."}
    right_answer_wrong_reason: why that answer needs another reason (no key restated)
    wrong_answer_right_reason: why that reason points to another answer
    mistakes:                      # a tier may be left out: {reason: "..."} matches
      - answer: {reason: "..."}    # that reason whatever the answer
        hint: ...

A learner passes ``{"answer": "B", "reason": "C"}`` (letters or texts) or a pair
``("B", "C")``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from balancing_act.exercises.checker import (
    AnswerKey,
    Checker,
    Invalid,
    SpecError,
    _kind,
    _scalar_key,
    _scalars,
    letter,
    register,
)
from balancing_act.exercises.controls import AnswerControl
from balancing_act.exercises.result import short_repr

__all__ = ["TwoTier", "outcome"]

TIERS = ("answer", "reason")
BOTH_RIGHT = "Right answer, and for a reason the text supports."
OUTCOMES = ("both right", "right answer, wrong reason", "wrong answer, right reason",
            "both wrong")


def _tier_key(options: list[Any], value: Any, tier: str) -> str:
    """The key of one tier's choice, given by its text or by the letter the form shows."""
    if value is Ellipsis:
        raise Invalid(f"the {tier} is still empty: choose one in list {TIERS.index(tier) + 1}.")
    if isinstance(value, list | tuple | set | frozenset | dict):
        raise Invalid(f"the {tier} is {_kind(value)}; give one option.")
    key = _scalar_key(value)
    keys = [_scalar_key(o) for o in options]
    if key not in keys and isinstance(value, str) and len(value.strip()) == 1:
        place = ord(value.strip().upper()) - ord("A")
        if 0 <= place < len(options):
            return keys[place]
    if key not in keys:
        raise Invalid(f"{short_repr(value)} is not one of the {tier}s.")
    return key


def outcome(got: tuple[str, str], right: set[tuple[str, str]]) -> str:
    """Which of the four combinations a pair is, given every right (answer, reason) pair."""
    if got in right:
        return OUTCOMES[0]
    answer_ok = got[0] in {a for a, _ in right}
    reason_ok = got[1] in {r for _, r in right}
    if answer_ok and not reason_ok:
        return OUTCOMES[1]
    if reason_ok and not answer_ok:
        return OUTCOMES[2]
    return OUTCOMES[3] if not answer_ok else OUTCOMES[1]


@register
class TwoTier(Checker):
    """An answer and its reason; feedback per combination of the two."""

    name = "two_tier"
    label = "answer and reason"
    fields = ("options", "reasons", "right_answer_wrong_reason", "wrong_answer_right_reason")
    default_placeholder = ('{"answer": "the letter of your answer", '
                           '"reason": "the letter of your reason"}')

    def __init__(self, spec: Mapping[str, Any], data_folder: Path):
        super().__init__(spec, data_folder)
        self.options = _scalars(spec, "options", minimum=2)
        self.reasons = _scalars(spec, "reasons", minimum=2)
        for field in ("right_answer_wrong_reason", "wrong_answer_right_reason"):
            if not isinstance(spec.get(field), str) or not spec[field].strip():
                raise SpecError("expected a text: the feedback for this combination", field)
        self.right = {self.parse(self.learner_form(spec.get("answer")))}
        for item in spec.get("accepted") or []:
            if isinstance(item, Mapping):
                self.right.add(self.parse(self.learner_form(item.get("answer"))))

    def learner_form(self, raw: Any) -> Any:
        if not isinstance(raw, Mapping) or set(raw) != set(TIERS):
            raise SpecError("expected {answer: <one of options>, reason: <one of reasons>}")
        return dict(raw)

    def _pair(self, value: Any) -> tuple[Any, Any]:
        if isinstance(value, Mapping):
            unknown = [k for k in value if k not in TIERS]
            if unknown:
                raise Invalid(f"{short_repr(unknown[0])} is not a part of the answer; give "
                              "'answer' and 'reason'.")
            return value.get("answer", ...), value.get("reason", ...)
        if isinstance(value, list | tuple) and len(value) == 2:
            return value[0], value[1]
        raise Invalid(f"{_kind(value)} is not an answer with its reason.")

    def parse(self, value: Any) -> tuple[str, str]:
        answer, reason = self._pair(value)
        return (_tier_key(self.options, answer, "answer"),
                _tier_key(self.reasons, reason, "reason"))

    def diagnose(self, got: tuple[str, str], want: tuple[str, str]) -> str:
        kind = outcome(got, self.right)
        if kind == OUTCOMES[1]:
            return f"Right answer, wrong reason. {self.spec['right_answer_wrong_reason']}"
        if kind == OUTCOMES[2]:
            return f"Right reason, wrong answer. {self.spec['wrong_answer_right_reason']}"
        return "Neither the answer nor the reason is one the text supports."

    def correct_message(self, got: tuple[str, str]) -> str | None:
        return f"{BOTH_RIGHT} The Solution button (or `.solution()`) shows why."

    def expects(self) -> str:
        return ('an answer and its reason by their letters, e.g. {"answer": "B", "reason": '
                f'"C"}} (answers A to {letter(len(self.options) - 1)}, reasons A to '
                f"{letter(len(self.reasons) - 1)}, as the two lists show them)")

    def choices(self) -> tuple[str, tuple[str, ...]]:
        return "Answers, then reasons:", (
            *(f"Answer {letter(n)}. {o}" for n, o in enumerate(self.options)),
            *(f"Reason {letter(n)}. {r}" for n, r in enumerate(self.reasons)))

    def choice_of(self, got: tuple[str, str]) -> str | None:
        places = [[n for n, o in enumerate(opts) if _scalar_key(o) == key]
                  for opts, key in ((self.options, got[0]), (self.reasons, got[1]))]
        return "/".join(letter(p[0]) for p in places) if all(places) else None

    def outcome_of(self, choice: str) -> str | None:
        """The combination a recorded choice ("B/C") was, for the class report."""
        try:
            return outcome(self.parse(tuple(choice.split("/"))), self.right)
        except (Invalid, TypeError):
            return None

    def mistake_form(self, raw: Any, answer: Any) -> Any:
        """A mistake may name one tier only; the other is taken from the answer."""
        if not isinstance(raw, Mapping) or not raw or not set(raw) <= set(TIERS):
            raise SpecError("a two-tier mistake is {answer: ...}, {reason: ...} or both")
        return {**self.learner_form(answer), **raw}

    def mistake_key(self, raw: Any, answer: Any) -> Any:
        full = self.parse(self.mistake_form(raw, answer))
        return {tier: full[n] for n, tier in enumerate(TIERS) if tier in raw}

    def mistake_matches(self, got: tuple[str, str], key: Mapping[str, str]) -> bool:
        return all(got[TIERS.index(tier)] == value for tier, value in key.items())

    def control(self, exercise: Any) -> AnswerControl:
        return TwoTierControl(self)

    def answer_key(self, answer: Any) -> AnswerKey:
        got = self.parse(self.learner_form(answer))
        first, second = (self.choice_of(got) or "?/?").split("/")
        others = [p for p in self.right if p != got]
        note = (f"{len(others)} other pair(s) accepted, each with its own explanation"
                if others else "")
        return AnswerKey(items=(f"Tier 1, the answer: {first}. {answer['answer']}",
                                f"Tier 2, the reason: {second}. {answer['reason']}"), note=note)


class TwoTierControl(AnswerControl):
    """Two lists of radio buttons: 1, the answer; 2, the reason. Nothing chosen: not attempted."""

    how = "Choose an answer in list 1 and the reason for it in list 2, then press Check."

    def __init__(self, checker: TwoTier):
        self.checker = checker
        self.answers = self._radios(checker.options, "1. Your answer")
        self.reasons = self._radios(checker.reasons, "2. Your reason")
        self.widget = widgets.VBox([self.answers, self.reasons])

    @staticmethod
    def _radios(options: list[Any], label: str) -> widgets.RadioButtons:
        return widgets.RadioButtons(
            options=[(f"{letter(n)}. {o}", n) for n, o in enumerate(options)], value=None,
            description=label, tooltip=f"{label}: choose one",
            layout=widgets.Layout(width="auto"), style={"description_width": "initial"})

    def value(self) -> Any:
        answer, reason = self.answers.value, self.reasons.value
        if answer is None and reason is None:
            return ...
        return {"answer": ... if answer is None else self.checker.options[answer],
                "reason": ... if reason is None else self.checker.reasons[reason]}

    def fill(self, answer: Any) -> None:
        got = self.checker.parse(answer)
        self.answers.value = next(n for n, o in enumerate(self.checker.options)
                                  if _scalar_key(o) == got[0])
        self.reasons.value = next(n for n, o in enumerate(self.checker.reasons)
                                  if _scalar_key(o) == got[1])

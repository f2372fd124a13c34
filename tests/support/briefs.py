"""A simulated class of thirty briefs, as a teacher collects them after lesson 06.

Learners s1 to s30 (so natural order matters: s2 before s10). Most write on their own:
their words are drawn, seeded, from the article's vocabulary, so no two share a run of
words by design. Among them: five hand in the model brief as it stands (s11 to s15),
one changes one word in ten of it (s16), two copy each other with small changes (s20
and s21), two fail checks of their own (s7: a five-word justification; s8: no
Washington paragraph), s25 hands in a file that is not a brief, and s30 hands in
nothing. Every expected value a test compares with is worked out here from these rules.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

from balancing_act.data import loaders as data
from balancing_act.data import model_inputs as params
from balancing_act.exercises import all_exercises
from balancing_act.policy_brief import evidence
from balancing_act.policy_brief.brief import CAPITALS, Brief, Claim, words
from balancing_act.policy_brief.markdown import parse_plan_text, to_markdown
from balancing_act.policy_brief.saved_copy import from_dict
from balancing_act.record import format as progress_record

LEARNERS = [f"s{n}" for n in range(1, 31)]
MODEL_COPIES = ["s11", "s12", "s13", "s14", "s15"]
NEAR_MODEL = "s16"
PAIR = ("s20", "s21")
SHORT_JUSTIFICATION = "s7"
NO_WASHINGTON = "s8"
NOT_A_BRIEF = "s25"
HANDED_IN_NOTHING = "s30"
#: Learners whose progress record says they viewed 06.3's solution.
VIEWED_SOLUTION = ["s11", "s12", "s16"]
#: Learners with no progress record handed in.
NO_RECORD = ["s3", "s30"]


def model() -> tuple[Brief, str]:
    """The course's model brief: the capstone's worked answer."""
    return from_dict(dict(all_exercises()["06.3"].example_answer))


def _vocabulary() -> list[str]:
    return sorted({w for text in data.sentence_texts().values() for w in words(text)
                   if len(w) > 3})


def _prose(rng: random.Random, vocab: list[str], n: int) -> str:
    return " ".join(rng.choice(vocab) for _ in range(n)) + "."


def own_brief(name: str) -> Brief:
    """A brief written on one's own: passes every check, shares no run with another."""
    rng = random.Random(name)
    vocab = _vocabulary()
    plan = parse_plan_text("safeguards+statements | invest+transparency | multilateral")
    claims = tuple(Claim(_prose(rng, vocab, 12), "interpretation", ("S02",), pid)
                   for pid in params.priority_labels())
    return Brief(author=name, plan=plan, justification=_prose(rng, vocab, 40),
                 perspectives={c: _prose(rng, vocab, 35) for c in CAPITALS}, claims=claims)


def _reworded(brief: Brief, every: int, seed: str) -> Brief:
    """The same brief with one word in ``every`` of each text replaced."""
    rng = random.Random(seed)
    vocab = _vocabulary()

    def change(text: str) -> str:
        parts, quoted, free = text.split(), False, []
        for n, part in enumerate(parts):  # words in quotation marks stay word for word
            marks = sum(part.count(q) for q in '"“”')
            if not quoted and not marks and "(" not in part:
                free.append(n)
            quoted ^= marks % 2 == 1
        for n in free[rng.randrange(every)::every]:
            parts[n] = rng.choice(vocab)
        return " ".join(parts)

    return replace(brief, justification=change(brief.justification),
                   perspectives={c: change(t) for c, t in brief.perspectives.items()},
                   claims=tuple(replace(c, text=change(c.text)) for c in brief.claims))


def brief_of(name: str) -> tuple[Brief, str]:
    """Each simulated learner's brief and constraint, by the rules in the docstring."""
    if name in MODEL_COPIES:
        return replace(model()[0], author=name), "concern_moscow"
    if name == NEAR_MODEL:
        return replace(_reworded(model()[0], 10, name), author=name), "concern_moscow"
    if name == PAIR[1]:
        return replace(_reworded(own_brief(PAIR[0]), 12, name), author=name), "concern_moscow"
    brief = own_brief(name)
    if name == SHORT_JUSTIFICATION:
        brief = replace(brief, justification="It keeps Moscow calm.")
    if name == NO_WASHINGTON:
        brief = replace(brief, perspectives={**brief.perspectives, "Washington": ""})
    return brief, "concern_moscow"


def write_class(folder: Path) -> list[Path]:
    """Every hand-in, as the brief builder exports it (``policy_brief_<name>.md``)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in LEARNERS:
        if name == HANDED_IN_NOTHING:
            continue
        path = folder / f"policy_brief_{name}.md"
        if name == NOT_A_BRIEF:
            path.write_text("my notes, not the export\n", encoding="utf-8")
        else:
            brief, constraint = brief_of(name)
            checks = evidence.check(brief, constraint)
            path.write_text(to_markdown(
                brief, constraint=evidence.constraint_words(constraint), verdict="(see checks)",
                checks=checks, sentences=data.sentence_texts(),
                priorities=params.priority_labels()), encoding="utf-8")
        written.append(path)
    return written


def write_records(folder: Path) -> list[Path]:
    """Each learner's progress.json in ``folder/<name>/``; 06.3's solution viewed by some."""
    written = []
    for name in LEARNERS:
        if name in NO_RECORD:
            continue
        entry = {"checks": 1, "correct": 1, "status": "correct", "first": "correct"}
        if name in VIEWED_SOLUTION:
            entry["solutions"] = 1
        record = {"format": progress_record.FORMAT, "version": progress_record.VERSION,
                  "exercises": {"06.3": entry}, "events": []}
        path = folder / name / "progress.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(record), encoding="utf-8")
        written.append(path)
    return written


def failing_checks(name: str) -> set[str]:
    """The checks a learner's brief does not pass, worked out by the rules above."""
    if name == SHORT_JUSTIFICATION:
        return {"the plan is justified"}
    if name == NO_WASHINGTON:
        return {"a paragraph for each capital"}
    return set()

"""A brief or a plan exercise from before the neutral words still reads (upgrade on read).

Until issue 23 a brief named its constraint 'mistrust' ("mistrust in Moscow at or
below 0.50") or 'trust' (a floor on trust in Washington), and a plan exercise could ask
for a final 'mistrust' or 'trust'. Each reads as today's key, with the same verdict.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from balancing_act import exercises
from balancing_act.data import loaders as data
from balancing_act.data import model_inputs as params
from balancing_act.policy_brief import evidence as brief_checks
from balancing_act.policy_brief import saved_copy
from balancing_act.policy_brief.markdown import from_markdown

STRONG = Path(__file__).resolve().parents[3] / "docs" / "briefs" / "strong.md"
OLD_LINE = "Constraint: mistrust (mistrust in Moscow at or below 0.50)"


def test_an_exported_brief_from_before_reads_with_todays_key_and_passes():
    today = STRONG.read_text(encoding="utf-8")
    old = today.replace("Constraint: concern_moscow (concern in Moscow at or below 0.50)",
                        OLD_LINE)
    assert OLD_LINE in old
    brief, key = from_markdown(old, params.priority_labels())
    assert key == "concern_moscow"
    checks = brief_checks.check(brief, key)
    assert checks["passed"].all(), checks.loc[~checks["passed"], "detail"].tolist()


@pytest.mark.parametrize(("old", "new"), [("mistrust", "concern_moscow"),
                                          ("trust", "concern_washington"),
                                          ("autonomy", "autonomy")])
def test_a_saved_brief_from_before_reads_with_todays_key(tmp_path, monkeypatch, old, new):
    monkeypatch.setenv("BALANCING_ACT_HOME", str(tmp_path))
    path = saved_copy.brief_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"author": "Ada", "plan": [["safeguards", "statements"], ["invest"]],
            "constraint": old, "justification": "", "perspectives": {}, "claims": []}
    path.write_text(json.dumps({"format": saved_copy.FORMAT, "version": 1, "brief": body}),
                    encoding="utf-8")
    brief, key = saved_copy.load()
    assert (brief.author, key) == ("Ada", new)
    assert brief_checks.constraint_words(old).startswith(f"{new} (")


def test_the_old_trust_floor_and_todays_ceiling_give_one_verdict():
    brief, _ = from_markdown(STRONG.read_text(encoding="utf-8"), params.priority_labels())
    old, new = (brief_checks.evidence(brief, key) for key in ("trust", "concern_washington"))
    assert (old.plan_ok, old.plan_verdict) == (new.plan_ok, new.plan_verdict)
    assert "concern in Washington" in new.plan_verdict


OLD_PLAN_ITEM = """\
lesson: "97"
title: A teacher's plan item from before the neutral words
exercises:
  - id: "97.1"
    type: plan
    skill: practice
    prompt: Keep mistrust low and trust high.
    conditions:
      min_phases: 2
      max_final:
        mistrust: 0.25
      min_final:
        trust: 0.25
    answer:
      - [safeguards, statements]
      - [invest, transparency]
    hints: [Reassure first.]
    explanation: Reassuring steps come first (S35).
    cites: [S35]
"""


def test_a_plan_item_asking_for_old_indicators_judges_the_same_plans(tmp_path):
    target = tmp_path / "lessons_data"
    shutil.copytree(data.data_dir(), target, ignore=shutil.ignore_patterns("exercises"))
    (target / "exercises").mkdir()
    (target / "exercises" / "97_old.yml").write_text(textwrap.dedent(OLD_PLAN_ITEM),
                                                     encoding="utf-8")
    item = exercises.all_exercises(target / "exercises")["97.1"]
    # trust at least 0.25 is concern in Washington at most 0.75: this plan ends at 0.71
    assert item.check([["safeguards", "statements"], ["invest", "transparency"]]).correct
    # invest twice: concern in Washington 0.70, within; concern in Moscow 0.32 > 0.25
    verdict = item.check([["invest"], ["invest"]])
    assert not verdict.correct
    assert "final concern in Moscow is 0.32; at most 0.25" in verdict.message

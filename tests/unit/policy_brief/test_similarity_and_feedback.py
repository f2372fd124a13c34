"""Word-shingle Jaccard between briefs (copies found, quotations of the same sentence not
counted as copying) and the feedback file handed back on one brief."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from balancing_act.policy_brief import similarity
from balancing_act.policy_brief.brief import Brief, Claim
from balancing_act.policy_brief.feedback import feedback_markdown

TEXT = ("the plan starts small because trust in Moscow falls slowly while trade with "
        "Washington grows, and each later step waits for the one before it to hold firm")


def brief(text: str) -> Brief:
    return Brief(justification=text, claims=(Claim(text, "interpretation", ("S02",), "P1"),))


def test_the_same_text_scores_one_and_different_texts_near_zero():
    a = similarity.shingles(brief(TEXT))
    assert similarity.jaccard(a, a) == 1.0
    other = similarity.shingles(brief(" ".join(reversed(TEXT.split()))))
    assert similarity.jaccard(a, other) < 0.1


def test_shared_quotations_and_sentence_ids_are_not_copying():
    quoted = '"maintaining a balanced approach amid complex geopolitical pressures" (S02)'
    a = brief(f"{TEXT} {quoted}")
    b = brief(f"{' '.join(reversed(TEXT.split()))} {quoted}")
    assert "balanced" not in similarity.own_words(a) and "s02" not in similarity.own_words(a)
    assert similarity.jaccard(similarity.shingles(a), similarity.shingles(b)) < 0.1


def test_a_copy_with_one_word_in_ten_changed_is_nearly_identical():
    changed = TEXT.split()
    for n in range(0, len(changed), 10):
        changed[n] = "banana"
    found = similarity.matches({"ada": brief(TEXT), "bo": brief(" ".join(changed))})
    assert len(found) == 1 and similarity.NEAR <= found[0].score < 1.0
    assert similarity.flags_for("bo", found) == [f"nearly identical to ada ({found[0].score:.2f})"]


def test_identical_copies_form_one_group_and_a_near_copy_one_pair():
    near = replace(brief(TEXT.replace("slowly", "gently")), author="x")
    found = similarity.matches({"a": brief(TEXT), "b": brief(TEXT), "c": near},
                               {"model": brief(TEXT)})
    groups = similarity.groups(found)
    assert [sorted(g) for g in groups] == [["a", "b", "model"]]
    assert len(similarity.near_pairs(found, groups)) == 1


def test_too_little_writing_is_never_flagged():
    assert similarity.matches({"a": brief("too short"), "b": brief("too short")}) == []


def test_feedback_lists_the_checks_and_the_teachers_marks():
    checks = pd.DataFrame([("a plan of your own", True, "2 phase(s)"),
                           ("the plan is justified", False, "write at least 25 words")],
                          columns=["check", "passed", "detail"])
    text = feedback_markdown("Ada", "policy_brief_ada.md", checks,
                             [("A. Evidence and citation", "3"), ("B. Plan", "")], "Good start.")
    assert text.startswith("# Feedback on your policy brief: Ada")
    assert "Checks not yet passed: 1 of 2" in text
    assert "- ✗ not yet: the plan is justified (write at least 25 words)" in text
    assert "A. Evidence and citation: 3 of 4" in text and "B. Plan" not in text
    assert text.rstrip().endswith("Good start.")
    assert "teacher's marks" not in feedback_markdown("Ada", "f.md", checks)

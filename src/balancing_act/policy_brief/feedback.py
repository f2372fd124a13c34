"""The feedback a teacher hands back on one brief: its checks in words, and the rubric
marks where the teacher gave them (pure text; ``class_report.brief_files`` writes it).

It is written for the learner, so it names no other learner: whether a brief matches
another one is the teacher's to raise, face to face.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["feedback_markdown"]


def _check_lines(checks: pd.DataFrame) -> list[str]:
    return [f"- {'✓ passed' if row.passed else '✗ not yet'}: {row.check} ({row.detail})"
            for row in checks.itertuples(index=False)]


def _rubric_lines(marks: Sequence[tuple[str, str]], comment: str) -> list[str]:
    given = [(name, mark) for name, mark in marks if mark]
    if not given and not comment:
        return []
    lines = ["", "## Your teacher's marks", ""]
    lines += [f"- {name}: {mark} of 4" for name, mark in given]
    return lines + (["", comment.strip()] if comment.strip() else [])


def feedback_markdown(author: str, source: str, checks: pd.DataFrame,
                      marks: Sequence[tuple[str, str]] = (), comment: str = "") -> str:
    """One brief's feedback as Markdown: the verdict, each check, then any rubric marks."""
    misses = int((~checks["passed"]).sum())
    verdict = (f"Checks not yet passed: {misses} of {len(checks)}. Each ✗ below says what "
               "to fix, in the order to fix it." if misses else
               f"All {len(checks)} checks pass: the brief is honest with the evidence. The "
               "checks do not say whether the argument is good; the rubric marks do.")
    lines = [f"# Feedback on your policy brief: {author}", "", f"Brief: {source}", "",
             verdict, "", "## The checks", "", *_check_lines(checks),
             *_rubric_lines(marks, comment)]
    return "\n".join(lines) + "\n"

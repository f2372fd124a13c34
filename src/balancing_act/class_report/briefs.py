"""A class's briefs marked together: one row per brief, the class's counts per check,
copies flagged, and whether each learner viewed the capstone's solution.

Rows are labelled by the brief's Author line (the file's name when it has none) and
sorted naturally, so ``s2`` comes before ``s10``. Similarity is
``policy_brief.similarity`` against the course's model brief (the answer of 06.3) and
between every pair of briefs; the progress records, when handed in too, are matched to
briefs by the learner's name (the Author line, or the file name after ``policy_brief_``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from balancing_act.class_report.records import LearnerRecord
from balancing_act.class_report.rubric import CRITERIA, Marks, marks_for
from balancing_act.policy_brief import evidence, similarity
from balancing_act.policy_brief.brief import Brief
from balancing_act.policy_brief.markdown import NotABrief
from balancing_act.policy_brief.saved_copy import from_dict
from balancing_act.support.errors import printable

__all__ = ["CAPSTONE", "MODEL", "BriefRow", "check_counts", "copy_flags", "marks_table",
           "model_brief",
           "natural_key", "read_briefs", "solution_viewed", "as_text", "without_brief"]

CAPSTONE = "06.3"  # the exercise whose Solution shows how the model brief is built
MODEL = "the model brief"
NO_NAME = "(no name given)"


@dataclass(frozen=True)
class BriefRow:
    """One handed-in brief: its file as named, its label, the brief and its checks."""

    source: str
    label: str
    brief: Brief
    checks: pd.DataFrame

    @property
    def misses(self) -> int:
        return int((~self.checks["passed"]).sum())

    @property
    def verdict(self) -> str:
        return (f"{self.misses} of {len(self.checks)} checks not yet passed" if self.misses
                else f"all {len(self.checks)} checks passed")


def natural_key(text: str) -> tuple:
    """'s10' after 's2': runs of digits compare as numbers, the rest without case."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                 for part in re.split(r"(\d+)", text) if part)


def stem_name(source: str) -> str:
    stem = Path(source).stem
    return re.sub(r"^policy_brief[_-]", "", stem) or stem


def _labels(found: Sequence[tuple[str, Brief]]) -> list[str]:
    """The Author line (else the file's name); a name two briefs share gets its file."""
    names = [b.author.strip() if b.author.strip() and b.author.strip() != NO_NAME
             else stem_name(s) for s, b in found]
    labels = [f"{n} ({Path(s).name})" if names.count(n) > 1 else n
              for n, (s, _) in zip(names, found, strict=True)]
    return [f"{n} ({s})" if labels.count(label) > 1 else label
            for label, n, (s, _) in zip(labels, names, found, strict=True)]


def _once_each(files: Iterable[str]) -> list[str]:
    """A file named twice (``*.md`` and ``s1.md``) is one brief, not a copy of itself."""
    seen: dict[str, str] = {}
    for name in files:
        try:
            key = str(Path(name).resolve())
        except (OSError, RuntimeError):
            key = name
        seen.setdefault(key, name)
    return list(seen.values())


def read_briefs(files: Iterable[str], folder: Path | str | None = None
                ) -> tuple[list[BriefRow], list[str]]:
    """Every brief checked, in natural order of its label, and one line per file that
    is not a brief ('FILE is not a brief: why')."""
    found: list[tuple[str, Brief, pd.DataFrame]] = []
    problems: list[str] = []
    for name in _once_each(files):
        try:
            brief, constraint = evidence.read_file(Path(name), folder)
        except NotABrief as exc:
            problems.append(f"{name} is not a brief: {exc}")
            continue
        found.append((name, brief, evidence.check(brief, constraint, folder)))
    labels = _labels([(s, b) for s, b, _ in found])
    rows = [BriefRow(s, label, b, c) for (s, b, c), label in zip(found, labels, strict=True)]
    return sorted(rows, key=lambda r: (natural_key(r.label), natural_key(r.source))), problems


def model_brief(exercises: Mapping) -> dict[str, Brief]:
    """The course's model brief (the capstone's worked answer), keyed by its label."""
    item = exercises.get(CAPSTONE)
    if item is None or item.type != "brief":
        return {}
    return {MODEL: from_dict(dict(item.example_answer))[0]}


def name_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def solution_viewed(rows: Sequence[BriefRow], records: Sequence[LearnerRecord],
                    exercise_id: str = CAPSTONE) -> dict[str, str]:
    """Per brief (by source): 'yes' / 'no' the learner viewed the exercise's solution,
    'no record' when no handed-in record has the learner's name, 'not in this record'
    for an old per-lesson export that does not say."""
    by_name = {name_key(r.learner): r for r in records}
    said = {}
    for row in rows:
        names = [name_key(row.brief.author), name_key(stem_name(row.source))]
        record = next((by_name[n] for n in names if n and n in by_name), None)
        if record is None:
            said[row.source] = "no record"
        elif not record.exercises:
            said[row.source] = "not in this record"
        else:
            entry = record.exercises.get(exercise_id)
            said[row.source] = "yes" if entry is not None and entry.solution else "no"
    return said


def without_brief(rows: Sequence[BriefRow], records: Sequence[LearnerRecord]) -> list[str]:
    """Learners whose progress record was handed in but whose brief was not (or was not
    a brief), in natural order: the ones to ask for it."""
    names = {name_key(n) for r in rows for n in (r.brief.author, stem_name(r.source))}
    return sorted({r.learner for r in records if name_key(r.learner) not in names},
                  key=natural_key)


def marks_table(rows: Sequence[BriefRow], flags: Mapping[str, Sequence[str]],
                viewed: Mapping[str, str] | None = None,
                rubric: Mapping[str, Marks] | None = None) -> pd.DataFrame:
    """One row per brief: author, file, each check (True/False), verdict, copies flagged,
    the solution viewed (with records) and the rubric marks (with a rubric file)."""
    table = []
    for row in rows:
        line: dict[str, object] = {"author": row.label, "file": row.source}
        line |= dict(zip(row.checks["check"], row.checks["passed"].astype(bool), strict=True))
        line |= {"checks_passed": len(row.checks) - row.misses, "verdict": row.verdict,
                 "similar": "; ".join(flags.get(row.label, []))}
        if viewed is not None:
            line[f"viewed_{CAPSTONE}_solution"] = viewed.get(row.source, "no record")
        if rubric is not None:
            marks = marks_for(rubric, row.source, row.label) or Marks()
            line |= {c: marks.marks.get(c) for c in CRITERIA}
            line |= {"rubric_total": marks.total, "rubric_comment": marks.comment}
        table.append(line)
    frame = pd.DataFrame(table)
    for column in [*CRITERIA, "rubric_total"] if rubric is not None else []:
        frame[column] = frame[column].astype("Int64")  # whole marks, blank where not given
    return frame


def check_counts(rows: Sequence[BriefRow]) -> pd.DataFrame:
    """Per check, in the order a learner fixes them: how many briefs pass it and not yet."""
    if not rows:
        return pd.DataFrame(columns=["check", "passed", "not_yet"])
    names = list(rows[0].checks["check"])
    passed = {n: sum(bool(r.checks.set_index("check").loc[n, "passed"]) for r in rows)
              for n in names}
    return pd.DataFrame({"check": names, "passed": [passed[n] for n in names],
                         "not_yet": [len(rows) - passed[n] for n in names]})


def copy_flags(rows: Sequence[BriefRow], model: Mapping[str, Brief]
               ) -> dict[str, list[str]]:
    """Per brief label, what it matches: 'identical to the model brief', 'nearly identical
    to s07 (0.72)'."""
    found = similarity.matches({r.label: r.brief for r in rows}, model)
    return {r.label: flags for r in rows if (flags := similarity.flags_for(r.label, found))}


def _screen_table(table: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """The table with each check as its number and ok / NO, for a terminal."""
    numbers = [str(i) for i in range(1, len(names) + 1)]
    shown = table.rename(columns=dict(zip(names, numbers, strict=True)))
    for number in numbers:
        shown[number] = shown[number].map({True: "ok", False: "NO"})
    keep = ["author", *numbers, "verdict", "similar"]
    keep += [c for c in shown.columns if c.startswith("viewed_") or c == "rubric_total"]
    shown = shown[keep].astype(object).where(shown[keep].notna(), "")
    shown["similar"] = shown["similar"].map(_first_flag)
    authors = shown["author"].map(printable)  # a learner's escape codes: shown, not obeyed
    shown["author"] = authors.str.ljust(max(len("author"), *map(len, authors)))
    shown["similar"] = shown["similar"].map(printable)
    return shown


def _first_flag(flags: str) -> str:
    """'identical to the model brief; identical to s12; ...' -> '... (+4 more)' on screen."""
    said = [f for f in flags.split("; ") if f]
    return f"{said[0]} (+{len(said) - 1} more)" if len(said) > 1 else "".join(said)


def _copy_lines(rows: Sequence[BriefRow], model: Mapping[str, Brief]) -> list[str]:
    """Identical briefs as groups, then nearly identical pairs (a group named by its first)."""
    found = similarity.matches({r.label: r.brief for r in rows}, model)
    order = {r.label: n for n, r in enumerate(rows, 1)}
    same = [sorted(g, key=lambda n: order.get(n, 0)) for g in similarity.groups(found)]
    lines = [f"  identical: {', '.join(printable(n) for n in g)}" for g in same]
    sizes = {g[0]: len(g) for g in same}
    for a, b, score in similarity.near_pairs(found, same):
        a, b = sorted((a, b), key=lambda n: -order.get(n, 0))  # the later brief first
        more = f" (and the {sizes[b] - 1} identical to it)" if sizes.get(b, 1) > 1 else ""
        lines.append(f"  nearly identical ({score:.2f}): {printable(a)} and {printable(b)}{more}")
    return lines or ["  none: no two briefs, and no brief and the model brief, are alike"]


def as_text(table: pd.DataFrame, rows: Sequence[BriefRow], details: bool = False,
            model: Mapping[str, Brief] | None = None) -> str:
    """What the teacher reads on screen: one row per brief, then the count per check and
    how ``similar`` is measured; ``details``: every check's detail, one line each."""
    names = list(rows[0].checks["check"])
    lines = [f"{len(rows)} brief(s), one row each (ok: passed, NO: not yet):",
             _screen_table(table, names).to_string(index=False), "",
             "Checks, and how many briefs pass each:"]
    lines += [f"{n:>3}. {c.check}: {c.passed} of {len(rows)} passed, {c.not_yet} not yet"
              for n, c in enumerate(check_counts(rows).itertuples(index=False), 1)]
    lines += ["", "Briefs alike (read them side by side; a match is a reason to look, not a "
              "verdict):", *_copy_lines(rows, model or {}),
              f"  alike: the share of runs of {similarity.SHINGLE} words in a row that two "
              "briefs' own words share (Jaccard; quotations and sentence ids left out), at "
              f"{similarity.NEAR:.2f} or more; 1.00 is the same text."]
    if details:
        for row in rows:
            source = printable(row.source)  # a tab or newline in a name: shown, not obeyed
            lines += [f"{source}\t{'passed' if c.passed else 'NOT YET'}\t"
                      f"{printable(c.check)}: {printable(c.detail)}"
                      for c in row.checks.itertuples(index=False)]
            lines.append(f"{source}: {row.verdict}")
    return "\n".join(lines)

"""The teacher's class report: where a class is stuck, from the learners' progress files.

Pure tables from ``class_records`` records: one row per exercise (attempted,
solved, solved first try, hints, solutions, the most frequent catalogued
mistake) and one row per learner (lessons started and finished). The HTML page
is drawn by ``class_report_html``; ``balancing-act class-report`` prints both tables.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from balancing_act.class_report.records import LearnerRecord

EXERCISE_COLUMNS = ["exercise", "lesson", "title", "attempted", "solved", "solved_first_try",
                    "not_solved", "used_hints", "hints", "solutions", "solution_first",
                    "top_mistake", "top_mistake_count"]
LEARNER_COLUMNS = ["learner", "file", "attempted", "solved", "not_solved", "first_try",
                   "hints", "solutions", "solution_first", "stuck_on", "lessons_started",
                   "lessons_finished", "not_started"]
#: Who needs help first: attempted nothing, then most exercises tried and not solved, then
#: most solutions viewed before solving, most hints, fewest solved.
NEED_ORDER = (["not_started", "not_solved", "solution_first", "hints", "solved", "learner"],
              [False, False, False, False, True, True])


@dataclass(frozen=True)
class CourseOutline:
    """What the report needs of the course: exercise ids in order, titles, mistake hints."""

    titles: dict[str, str]
    mistake_hints: dict[str, tuple[str, ...]]
    mistake_answers: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        return list(self.titles)

    def lesson_ids(self) -> dict[str, list[str]]:
        lessons: dict[str, list[str]] = {}
        for exercise_id in self.titles:
            lessons.setdefault(_lesson(exercise_id), []).append(exercise_id)
        return lessons


def course_outline() -> CourseOutline:
    """The installed course's exercises; an empty outline if they cannot be loaded."""
    from balancing_act import exercises  # late: only the report needs the whole course

    try:
        found = exercises.all_exercises()
    except Exception:  # a damaged course must not stop the report
        return CourseOutline({}, {})
    return CourseOutline({k: e.title or _short(e.prompt, 60) for k, e in found.items()},
                         {k: tuple(m.hint for m in e.mistakes) for k, e in found.items()},
                         {k: tuple(short_value(m.answer) for m in e.mistakes)
                          for k, e in found.items()})


def short_value(answer: Any, limit: int = 40) -> str:
    """A catalogued wrong answer as a short value ("6", "Russia", "A, C"): the course's
    own words, never a learner's, cut at a word boundary."""
    if isinstance(answer, list | tuple | set | frozenset):
        text = ", ".join(str(a) for a in answer)
    elif isinstance(answer, dict):
        text = ", ".join(f"{k}: {v}" for k, v in answer.items())
    else:
        text = str(answer)
    return _short(" ".join(text.split()), limit)


def _lesson(exercise_id: str) -> str:
    return exercise_id.split(".")[0]


def _sort_key(exercise_id: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isascii() and p.isdigit() and len(p) < 10 else 0
                 for p in exercise_id.split("."))


def exercise_table(records: list[LearnerRecord], outline: CourseOutline) -> pd.DataFrame:
    """One row per exercise of the course (and any other id the files name), in course order."""
    ids = outline.ids + sorted({k for r in records for k in r.exercises} - set(outline.titles),
                               key=_sort_key)
    rows = [_exercise_row(k, [r.exercises[k] for r in records if k in r.exercises], outline)
            for k in ids]
    table = pd.DataFrame(rows, columns=EXERCISE_COLUMNS)
    return table.astype({c: "int64" for c in EXERCISE_COLUMNS[3:11]} | {"top_mistake_count":
                                                                         "int64"})


def _exercise_row(exercise_id: str, done: list, outline: CourseOutline) -> dict:
    mistakes: Counter[int] = Counter()
    for item in done:  # counted in learners: one learner making it twice is one learner
        mistakes.update(set(item.mistakes))
    top, top_count = (min(mistakes.items(), key=lambda kv: (-kv[1], kv[0]))
                      if mistakes else (0, 0))
    attempted = sum(d.attempted for d in done)
    solved = sum(d.solved for d in done)
    return {"exercise": exercise_id, "lesson": _lesson(exercise_id),
            "title": outline.titles.get(exercise_id, ""),
            "attempted": attempted, "solved": solved,
            "solved_first_try": sum(bool(d.first_try) for d in done),
            "not_solved": sum(d.attempted and not d.solved for d in done),
            "used_hints": sum(d.hints > 0 for d in done), "hints": sum(d.hints for d in done),
            "solutions": sum(d.solution for d in done),
            "solution_first": sum(d.solution_before for d in done),
            "top_mistake": _mistake_label(exercise_id, top, outline) if top else "",
            "top_mistake_count": top_count}


def _mistake_label(exercise_id: str, number: int, outline: CourseOutline) -> str:
    answers = outline.mistake_answers.get(exercise_id, ())
    if 0 < number <= len(answers):
        return f"mistake {number}: {answers[number - 1]}"
    return f"mistake {number}"


def struggles(table: pd.DataFrame) -> pd.DataFrame:
    """Exercises someone attempted, most missed first (then fewest solved first try)."""
    tried = table[table["attempted"] > 0]
    return tried.sort_values(["not_solved", "solved_first_try", "exercise"],
                             ascending=[False, True, True], kind="stable").reset_index(drop=True)


def learner_table(records: list[LearnerRecord], outline: CourseOutline) -> pd.DataFrame:
    """One row per learner, who needs help first (``NEED_ORDER``): what they attempted and
    solved, the help they used, the exercise they are stuck on, the lessons they finished."""
    lessons = outline.lesson_ids()
    order = {k: n for n, k in enumerate(outline.ids)}
    rows = [_learner_row(r, lessons, order) for r in records]
    table = pd.DataFrame(rows, columns=LEARNER_COLUMNS)
    columns, ascending = NEED_ORDER
    return table.sort_values(columns, ascending=ascending, kind="stable").reset_index(drop=True)


def _learner_row(record: LearnerRecord, lessons: dict[str, list[str]],
                 order: dict[str, int]) -> dict:
    help_used = {"first_try": 0, "hints": 0, "solutions": 0, "solution_first": 0,
                 "stuck_on": ""}
    if record.lessons:  # an old per-lesson export: counts per lesson only
        started = [k for k, (_, att, _) in record.lessons.items() if att > 0]
        finished = [k for k, (n, _, ok) in record.lessons.items() if n and ok >= n]
        attempted = sum(att for _, att, _ in record.lessons.values())
        solved = sum(ok for _, _, ok in record.lessons.values())
    else:
        mine = record.exercises
        touched = {_lesson(k) for k, e in mine.items() if e.attempted or e.hints or e.solution}
        started = sorted(touched)
        finished = [lesson for lesson, ids in lessons.items()
                    if ids and all(mine.get(k) and mine[k].solved for k in ids)]
        attempted = sum(e.attempted for e in mine.values())
        solved = sum(e.solved for e in mine.values())
        help_used = _help_used(mine, order)
    file = record.source.name if record.source.is_file() else "(no progress file)"
    return {"learner": record.learner, "file": file, "attempted": attempted,
            "solved": solved, "not_solved": attempted - solved if attempted >= solved else 0,
            **help_used, "lessons_started": " ".join(sorted(started)),
            "lessons_finished": " ".join(sorted(finished)), "not_started": attempted == 0}


def _help_used(mine: dict, order: dict[str, int]) -> dict:
    """Hints, solutions and solutions before solving, and the exercise a learner is stuck
    on: the furthest one in the course they attempted and have not solved."""
    stuck = [k for k, e in mine.items() if e.attempted and not e.solved]
    furthest = max(stuck, key=lambda k: (order.get(k, len(order)), _sort_key(k)), default="")
    return {"first_try": sum(bool(e.first_try) for e in mine.values()),
            "hints": sum(e.hints for e in mine.values()),
            "solutions": sum(e.solution for e in mine.values()),
            "solution_first": sum(e.solution_before for e in mine.values()),
            "stuck_on": furthest}


def as_text(exercises: pd.DataFrame, learners: pd.DataFrame) -> str:
    """Both tables for a terminal; mistakes are named by number, with their hint cut short."""
    shown = exercises.drop(columns=["title"])
    shown["top_mistake"] = [_short(m, 50) for m in shown["top_mistake"]]
    worst = struggles(shown)
    people = learners.assign(not_started=learners["not_started"].map({True: "yes", False: ""}))
    return "\n\n".join([
        f"Where the class struggles ({len(learners)} learner file(s)), most missed first:\n"
        + (worst.to_string(index=False) if len(worst) else "(no exercise attempted yet)"),
        f"Learners:\n{people.to_string(index=False)}"])


def _short(text: str, limit: int) -> str:
    """Cut at a word boundary, never mid-word."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:(") + " …"

"""The course's exercises: every file of a folder, validated, cached until a file changes.

``exercise("02.1")`` is what a lesson calls; ``validate_folder`` is what
``balancing-act check-data`` calls. A kernel that is already running picks up a
teacher's edit the next time ``exercise(...)`` is called.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from balancing_act.data import loaders as data
from balancing_act.data.loaders import LessonDataError, Problem
from balancing_act.exercises.exercise import Exercise
from balancing_act.exercises.item_design import design_warnings
from balancing_act.exercises.loader import id_lines, load_file
from balancing_act.exercises.self_check import behaviour_problems
from balancing_act.support.safe_io import read_bytes

MAX_NOTEBOOK_BYTES = 20_000_000  # an executed lesson with widget state is a few MB

__all__ = ["Course", "all_exercises", "behaviour_problems_in", "course", "course_counts",
           "exercise", "load_course", "next_free_id", "unplaced", "validate_folder",
           "warnings_for"]


@dataclass(frozen=True)
class Course:
    """Every exercise that loaded, and every problem found on the way."""

    exercises: dict[str, Exercise]
    problems: list[Problem]
    #: Each exercise's file, as problems name it ('exercises/02_two_partners.yml').
    files: dict[str, str] = field(default_factory=dict)



def _sort_key(exercise_id: str) -> tuple[int, int]:
    lesson, number = exercise_id.split(".")
    return int(lesson), int(number)


def load_course(folder: Path | str) -> Course:
    """Read and validate every exercise file in ``folder`` (uncached)."""
    root = Path(folder)
    problems: list[Problem] = []
    if not root.is_dir():
        return Course({}, [Problem("exercises", f"folder {root} is missing; expected one "
                                   "<NN>_<name>.yml file per lesson")])
    try:
        known: set[str] | None = set(data.load_sentences(root.parent)["id"])
    except LessonDataError as exc:
        known = None
        problems.append(Problem("exercises", f"cannot check 'cites': sentences.csv did not load "
                                f"({exc.problems[0] if exc.problems else exc})"))
    found: dict[str, Exercise] = {}
    where: dict[str, Path] = {}
    twice: list[tuple[str, Path]] = []
    for path in sorted([*root.glob("*.yml"), *root.glob("*.yaml")]):
        try:
            built, file_problems = load_file(path, known, root.parent)
        except LessonDataError as exc:  # a data file is damaged: named as itself, once
            problems += [p for p in exc.problems if p not in problems]
            continue
        problems += file_problems
        for ex in built:
            if ex.id in found:
                twice.append((ex.id, path))
                continue
            found[ex.id], where[ex.id] = ex, path
    problems += _duplicate_problems(twice, where, set(found))
    return Course(dict(sorted(found.items(), key=lambda kv: _sort_key(kv[0]))), problems,
                  {eid: f"exercises/{path.name}" for eid, path in where.items()})


def next_free_id(lesson: str, used: set[str]) -> str:
    """The lesson's next free id: one more than its highest number ('02.6' after 02.5)."""
    numbers = [int(i.split(".")[1]) for i in used if i.startswith(f"{lesson}.")
               and i.split(".")[1].isdigit()]
    return f"{lesson}.{max(numbers, default=0) + 1}"


def _duplicate_problems(twice: list[tuple[str, Path]], where: dict[str, Path],
                        used: set[str]) -> list[Problem]:
    """An id written twice: both places with their lines, and the id to use instead."""
    problems = []
    seen: dict[tuple[str, Path], int] = {}
    for eid, path in twice:
        first_lines = [n for i, n in id_lines(where[eid]) if i == eid]
        lines = [n for i, n in id_lines(path) if i == eid]
        nth = seen.get((eid, path), 0) + (path == where[eid])  # the first is not a repeat
        seen[(eid, path)] = seen.get((eid, path), 0) + 1
        line = lines[min(nth, len(lines) - 1)] if lines else None
        first = f"exercises/{where[eid].name}" + (f" (line {first_lines[0]})"
                                                  if first_lines else "")
        problems.append(Problem(
            f"exercises/{path.name}", f"exercise '{eid}', field 'id'"
            f"{f' (line {line})' if line else ''}: the id is already used in {first}; ids "
            f"must be unique across the course, so use the next free id, "
            f"\"{next_free_id(eid.split('.')[0], used)}\""))
    return problems


def _stamp(root: Path) -> tuple:
    """File names, sizes and times: a teacher's edit is picked up without a restart."""
    files = [*root.glob("*.y*ml"), root.parent / "sentences.csv"]
    stats = []
    for path in sorted(files):
        try:
            info = path.stat()
            stats.append((path.name, info.st_mtime_ns, info.st_size))
        except OSError:
            stats.append((path.name, None, None))
    return tuple(stats)


@lru_cache(maxsize=8)
def _cached_course(folder: str, stamp: tuple) -> Course:
    return load_course(folder)


def _course(folder: Path | str | None) -> Course:
    root = Path(folder) if folder is not None else data.data_dir() / "exercises"
    root = root.resolve()
    return _cached_course(str(root), _stamp(root))


def course(folder: Path | str | None = None) -> Course:
    """The course's exercises and problems, cached until a file changes."""
    return _course(folder)


def validate_folder(folder: Path | str) -> list[Problem]:
    """Every problem in an exercises folder (used by ``balancing-act check-data``)."""
    return load_course(folder).problems


def behaviour_problems_in(folder: Path | str) -> list[Problem]:
    """Each exercise of a folder judged by its own file (``self_check``): run once every
    file is valid, since a damaged data file would make every judgement fail with it."""
    loaded = load_course(folder)
    return behaviour_problems(loaded.exercises, loaded.files)


def warnings_for(folder: Path | str) -> list[str]:
    """The design rules a folder's items break (``item_design``) and exercises no lesson
    notebook beside it uses yet: warnings only.

    A teacher's edit must still load on a class day, so these never stop a lesson;
    ``check-data`` prints them and the course's own suite holds the shipped files to none.
    """
    exercises = load_course(folder).exercises
    return design_warnings(exercises) + unplaced(exercises, Path(folder).parent.parent)


def unplaced(exercises: dict[str, Exercise], course_folder: Path) -> list[str]:
    """Exercises no lesson notebook of the course folder calls (none when it has no
    ``notebooks/``): written, but no learner would meet them."""
    notebooks = course_folder / "notebooks"
    if not notebooks.is_dir():
        return []
    texts = {}
    for path in sorted(notebooks.glob("[0-9][0-9]_*.ipynb")):
        try:
            raw = read_bytes(path, MAX_NOTEBOOK_BYTES)
        except OSError:
            continue
        texts[path.name[:2]] = (path.name, raw.decode("utf-8", errors="replace"))
    said = []
    for eid in exercises:
        name, text = texts.get(eid[:2], ("", ""))
        if name and f'exercise(\\"{eid}\\")' not in text and f"exercise('{eid}')" not in text:
            said.append(f"exercise {eid} is not used in notebooks/{name} yet; add a cell "
                        f'exercise("{eid}") where learners should answer it')
    return said


def all_exercises(folder: Path | str | None = None) -> dict[str, Exercise]:
    """Every exercise of the course by id, in course order; raises if any file is broken."""
    course = _course(folder)
    if course.problems:
        raise LessonDataError(course.problems)
    return dict(course.exercises)


def _normal_id(exercise_id: Any) -> str:
    if isinstance(exercise_id, float):  # 2.10 is the number 2.1: the id must be text
        raise TypeError(f"exercise id {exercise_id!r} is a number, and 2.10 would read as 2.1; "
                        f'write the id as text in quotes, e.g. exercise("02.10")')
    text = str(exercise_id).strip()
    match = re.fullmatch(r"(\d{1,2})\.(\d+)", text)
    return f"{int(match.group(1)):02d}.{match.group(2)}" if match else text


def exercise(exercise_id: str, folder: Path | str | None = None) -> Exercise:
    """The exercise with this id, e.g. ``exercise("02.1")``."""
    course = _course(folder)
    wanted = _normal_id(exercise_id)
    if wanted in course.exercises:
        return course.exercises[wanted]
    related = [p for p in course.problems if f"'{wanted}'" in p.message
               or p.file.startswith(f"exercises/{wanted[:2]}_")]
    if related:
        raise LessonDataError(related)
    same_lesson = [i for i in course.exercises if i.startswith(wanted[:3])]
    choices = same_lesson or list(course.exercises)
    if not choices:  # no exercise loaded at all: say why, not "expected one of: "
        raise LessonDataError(course.problems or [Problem(
            "exercises", "no exercise files found; expected <NN>_<name>.yml files")])
    raise LookupError(f"no exercise {wanted!r}; expected one of: {', '.join(choices[:20])}")


def course_counts(folder: Path | str | None = None) -> dict[str, int]:
    """Exercises per lesson of the course in ``folder`` (default: the installed course)."""
    counts: dict[str, int] = {}
    for exercise_id in course(folder).exercises:
        lesson = exercise_id.split(".")[0]
        counts[lesson] = counts.get(lesson, 0) + 1
    return counts

"""What a class does on the hub: the teacher's student repository and each learner's lesson.

Shared by tests/hub and `make bench`. Each learner gets a plan of their own (which
lesson-00 exercises they check, with which answers, where they ask for a hint or the
solution), and the record their progress file should gain is worked out here from the
course's own exercise files, so no expected value is written by hand.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.hubclass import Learner


def class_of(size: int) -> list[str]:
    """A class of `size` learners: learner01, learner02, ... (the benchmark's thirty)."""
    return [f"learner{n:02d}" for n in range(1, size + 1)]


#: The hub test's class: ten learners (the benchmark's class of thirty starts with them).
LEARNERS = class_of(10)
REPO_NAME = "balancing-act-student"
LESSON = "00_start_here.ipynb"
#: Run first in each learner's lesson kernel: where its course comes from, where it runs.
#: The last two: how the kernel talks to its server (ipc: Unix sockets) and where its
#: connection file and sockets are.
WHERE = ("import json, os, sys, balancing_act, nbgitpuller\n"
         "from ipykernel.connect import get_connection_file\n"
         "with open(get_connection_file(), encoding='utf-8') as f:\n"
         "    transport = json.load(f)['transport']\n"
         "print(balancing_act.__file__, nbgitpuller.__file__, sys.prefix, os.getcwd(),"
         " os.environ.get('BALANCING_ACT_HOME'), transport,"
         " os.path.dirname(get_connection_file()), sep='\\n')")
COUNTERS = ("checks", "correct", "incorrect", "invalid", "not_attempted", "solutions")
GIT_ID = ["-c", "user.name=Teacher", "-c", "user.email=teacher@example.invalid"]


# ---------------------------------------------------------------- the teacher's repository

def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *GIT_ID, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60, check=False)
    if done.returncode:
        raise RuntimeError(f"git {' '.join(args)} failed in {cwd}: {done.stderr.strip()}")
    return done.stdout


@dataclass
class StudentRepo:
    """`balancing-act student OUT`, committed and pushed to a bare repository on disk."""

    root: Path

    @property
    def remote(self) -> Path:
        return self.root / "remote" / REPO_NAME

    @property
    def clone(self) -> Path:
        return self.root / "teacher"

    @property
    def url(self) -> str:
        return self.remote.as_uri()

    def create(self) -> StudentRepo:
        cli = Path(sys.executable).with_name("balancing-act")
        command = [str(cli)] if cli.exists() else [sys.executable, "-m", "balancing_act.cli"]
        done = subprocess.run([*command, "student", str(self.clone)], capture_output=True,
                              text=True, timeout=120, check=False)
        if done.returncode:
            raise RuntimeError(f"balancing-act student failed: {done.stderr.strip()}")
        self.remote.mkdir(parents=True)
        git("init", "--quiet", "--bare", "--initial-branch=main", cwd=self.remote)
        git("init", "--quiet", "--initial-branch=main", cwd=self.clone)
        self.push("The student build of the course")
        return self

    def push(self, message: str) -> None:
        git("add", "--all", cwd=self.clone)
        git("commit", "--quiet", "-m", message, cwd=self.clone)
        if not git("remote", cwd=self.clone).strip():
            git("remote", "add", "origin", self.url, cwd=self.clone)
        git("push", "--quiet", "origin", "main", cwd=self.clone)

    def files(self) -> list[str]:
        return sorted(p.name for p in self.clone.iterdir() if p.is_file())

    def copy_of(self, name: str) -> Path:
        return self.clone / name


# ---------------------------------------------------------------- a learner's plan

@dataclass(frozen=True)
class Step:
    """One thing a learner does in code: check an answer, ask for a hint, or the solution."""

    kind: str          # "check" | "hint" | "solution"
    exercise: str
    answer: Any = None
    level: int = 1

    def code(self) -> str:
        call = {"check": f".check({self.answer!r})", "hint": f".hint({self.level})",
                "solution": ".solution()"}[self.kind]
        return ("from balancing_act.exercises import exercise\n"
                f'exercise("{self.exercise}"){call}')


def lesson_exercises(lesson: str = "00") -> list[Any]:
    from balancing_act.exercises import all_exercises

    return [ex for ex in all_exercises().values() if ex.id.startswith(f"{lesson}.")]


def _sendable(value: Any) -> bool:
    """True when the answer survives being written as Python source (a literal)."""
    try:
        return ast.literal_eval(repr(value)) == value
    except (ValueError, SyntaxError):
        return False


def plan_for(index: int) -> list[Step]:
    """Learner `index`'s own way through lesson 00: different exercises, answers and help."""
    steps: list[Step] = []
    for j, ex in enumerate(lesson_exercises()):
        turn = index + j
        if turn % 4 == 3:
            continue                                        # leaves this exercise alone
        wrong = [m.answer for m in ex.mistakes if _sendable(m.answer)]
        if turn % 3 == 1:
            steps.append(Step("check", ex.id, None))         # an answer of the wrong form
        if wrong and turn % 2:
            steps.append(Step("check", ex.id, wrong[turn % len(wrong)]))
        if turn % 3 == 2:
            steps.append(Step("hint", ex.id, level=1 + index % len(ex.hints)))
        if index % 5 == j:
            steps.append(Step("solution", ex.id))
        if turn % 5 != 4 and _sendable(ex.example_answer):
            steps.append(Step("check", ex.id, ex.example_answer))
    if not any(s.kind == "check" for s in steps):
        first = lesson_exercises()[0]
        steps.append(Step("check", first.id, first.example_answer))
    return steps


def expected_gain(steps: list[Step]) -> dict[str, dict[str, Any]]:
    """What each exercise's entry in the progress record should gain from these steps."""
    from balancing_act.exercises import exercise

    gain: dict[str, dict[str, Any]] = {}
    for step in steps:
        entry = gain.setdefault(step.exercise, dict.fromkeys(COUNTERS, 0) | {"hints": set()})
        if step.kind == "check":
            status = exercise(step.exercise).evaluate(step.answer).status
            entry["checks"] += 1
            entry[status] += 1
            entry["status"] = status
        elif step.kind == "hint":
            entry["hints"].add(min(step.level, len(exercise(step.exercise).hints)))
        else:
            entry["solutions"] += 1
    return gain


def record_problems(before: dict | None, after: dict | None, steps: list[Step]) -> list[str]:
    """How `after` differs from `before` plus exactly these steps ([] when it matches)."""
    if after is None:
        return ["no progress record in the learner's home"]
    old = (before or {}).get("exercises", {})
    new = after.get("exercises", {})
    gain = expected_gain(steps)
    problems = []
    for ex_id in sorted(set(old) | set(new) | set(gain)):
        was, now, want = old.get(ex_id, {}), new.get(ex_id, {}), gain.get(ex_id)
        if want is None:
            if was != now:
                problems.append(f"{ex_id} changed though this learner did not touch it")
            continue
        for name in COUNTERS:
            if now.get(name, 0) - was.get(name, 0) != want[name]:
                problems.append(f"{ex_id} {name}: {was.get(name, 0)} -> {now.get(name, 0)}, "
                                f"expected +{want[name]}")
        hints = sorted(set(was.get("hints", [])) | want["hints"])
        if now.get("hints", []) != hints:
            problems.append(f"{ex_id} hints: {now.get('hints')} , expected {hints}")
        if "status" in want and now.get("status") != want["status"]:
            problems.append(f"{ex_id} status: {now.get('status')}, expected {want['status']}")
    return problems


# ---------------------------------------------------------------- a learner's lesson

@dataclass
class LessonRun:
    """One learner's lesson 00: cell errors, feedback seen, records before and after."""

    learner: str
    steps: list[Step]
    cell_errors: list[str] = field(default_factory=list)
    feedback: list[tuple[Step, str]] = field(default_factory=list)
    before: dict | None = None
    after: dict | None = None
    last_check: float = 0.0
    where: list[str] = field(default_factory=list)
    reconnects: list[str] = field(default_factory=list)   # websocket drops picked up again

    def problems(self) -> list[str]:
        return self.cell_errors + record_problems(self.before, self.after, self.steps)


def code_cells(notebook: dict) -> list[str]:
    return [c["source"] if isinstance(c["source"], str) else "".join(c["source"])
            for c in notebook["cells"] if c["cell_type"] == "code"]


def run_lesson(learner: Learner, steps: list[Step],
               path: str = f"{REPO_NAME}/{LESSON}") -> LessonRun:
    """Run every code cell of the learner's copy of lesson 00, then their own steps."""
    run = LessonRun(learner.name, steps)
    with learner.kernel(path) as kernel:
        run.where = kernel.execute(WHERE).text.strip().splitlines()
        for n, code in enumerate(code_cells(learner.notebook(path))):
            done = kernel.execute(code)
            if done.error:
                run.cell_errors.append(f"cell {n}: {done.error}")
        run.before = learner.progress()
        for step in steps:
            done = kernel.execute(step.code())
            if done.error:
                run.cell_errors.append(f"{step.code()!r}: {done.error}")
            run.feedback.append((step, done.text))
            if step.kind == "check":
                run.last_check = done.finished
        run.after = learner.progress()
        run.reconnects = kernel.reconnects
    return run


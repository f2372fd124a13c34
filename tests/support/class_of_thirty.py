"""A simulated class of thirty, as a teacher meets it after a week: exports and rosters.

Each learner works through the course's own exercises with ``Exercise.check`` (the path a
lesson's Check button takes), in their own record, and exports it with their id inside.
The class holds the cases a teacher's report must not hide: a learner who reads every
Solution before checking, one who opens hints and attempts nothing, one on the roster with
no file, a file with no roster row, a learner who handed in twice (re-upload renamed by the
platform), one export from an older course version, ids differing from the roster in case.
The rosters are written as Canvas and Moodle export them: a byte-order mark, names with
commas, quotes and accents, Canvas's "Points Possible" row. Expected values in tests are
worked out from ``PLAN``, never copied from the report.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from balancing_act import progress
from balancing_act.exercises import exercise
from balancing_act.record import store
from balancing_act.record.format import MARKS

#: The exercises a learner works through, in course order (choice, numeric and text items).
SEQUENCE = ["00.1", "00.2", "00.3", "01.1", "01.4", "01.5", "02.2", "02.5", "03.2", "03.3"]
CAPSTONE = "06.3"
NAMES = [("Ada", "Lovelace"), ("Zoë", "Ó Briain"), ("José", "García-López"),
         ("Łukasz", "Wiśniewski"), ("Anh", "Nguyễn"), ("Mary-Jo", "O'Neill"),
         ('Jean "JJ"', "Dupont"), ("Søren", "Kierkegård"), ("Aïsha", "Benali"),
         ("Chloé", "Lefèvre"), ("Björn", "Ångström"), ("Nuria", "Peña, Jr."),
         ("Kofi", "Mensah"), ("Ines", "Müller"), ("Tomás", "D'Angelo"), ("Yuki", "Satō"),
         ("Oliver", "Smith"), ("Ana", "Conceição"), ("Liam", "Murphy"), ("Emma", "Brown"),
         ("Noah", "Wilson"), ("Mia", "Horvát"), ("Lucas", "Silva"), ("Sofía", "Ruiz"),
         ("Ethan", "Novák"), ("Hana", "Kovačević"), ("Jakub", "Dvořák"), ("Leïla", "Haddad"),
         ("Mateo", "Rossi"), ("Freya", "Ólafsdóttir")]
SIZE = len(NAMES)  # thirty
PEEKER, IDLE, ABSENT, TWICE, OLD_VERSION, SHOUTED = 7, 8, 29, 3, 5, 12
VISITOR = "guest.observer"
OLD = "0.0.9"


def login(i: int) -> str:
    """A school login: first letter and surname, accents dropped ("jgarcialopez")."""
    first, last = NAMES[i]
    plain = unicodedata.normalize("NFKD", f"{first[0]}{last}").encode("ascii", "ignore")
    return "".join(ch for ch in plain.decode().lower() if ch.isalnum())


def exported_id(i: int) -> str:
    """The id inside learner ``i``'s export; one learner's hub name is in capitals."""
    return login(i).upper() if i == SHOUTED else login(i)


@dataclass(frozen=True)
class Plan:
    """What learner ``i`` does: which exercises, how, and whether they stop stuck."""

    i: int

    @property
    def done(self) -> list[str]:
        return SEQUENCE[:4 + self.i % 6]

    @property
    def style(self) -> str:
        if self.i == PEEKER:
            return "peek"
        return ("wrong-option", "catalogued", "right")[self.i % 3]

    @property
    def stuck(self) -> str | None:
        """The last exercise, tried and left unsolved, for every fifth learner."""
        return self.done[-1] if self.i % 5 == 4 else None

    @property
    def brief(self) -> bool:
        return self.i % 4 == 0 and self.i != IDLE


def _wrong_option(eid: str) -> object | None:
    """An option that is wrong and in no catalogued mistake (an uncatalogued slip)."""
    ex = exercise(eid)
    options = list(getattr(ex.checker, "options", []) or [])
    for option in options:
        answer = [option] if ex.type == "multiple_choice" else option
        result = ex.evaluate(answer)
        if result.status == "incorrect" and result.mistake is None:
            return answer
    return None


def _work(eid: str, style: str, stuck: bool) -> None:
    ex = exercise(eid)
    if style == "peek":
        ex.solution()
    elif style == "wrong-option" and (option := _wrong_option(eid)) is not None:
        ex.check(option)
    elif style == "catalogued" and ex.mistakes:
        ex.check(ex.mistakes[0].answer)
        ex.hint(1)
    if stuck:
        ex.check(ex.mistakes[-1].answer if ex.mistakes else "no idea")
        return
    ex.check(ex.example_answer)


def play(i: int) -> None:
    """Learner ``i``'s week, into the record of the current ``BALANCING_ACT_HOME``."""
    plan = Plan(i)
    if i == IDLE:
        exercise(SEQUENCE[0]).hint(1)
        return
    for eid in plan.done:
        _work(eid, plan.style, eid == plan.stuck)
    if plan.brief:
        _work(CAPSTONE, "right", False)


#: With ``make_class(root, reasoning=True)`` every learner who works also answers these.
TWO_TIER, WRITTEN = "01.2", "01.3"
#: The (answer, reason) letters learner ``i`` picks first for the two-tier item, by ``i % 4``:
#: both right, the right answer for a wrong reason, the wrong answer for the right reason,
#: both wrong; then the key.
TWO_TIER_PICKS = (("D", "A"), ("D", "B"), ("A", "A"), ("A", "D"))


def self_marks(i: int, criteria: int) -> dict[str, str]:
    """Learner ``i``'s self-mark for each criterion of the written item."""
    return {str(n): MARKS[(i + n) % len(MARKS)] for n in range(1, criteria + 1)}


def reason(i: int) -> None:
    """Learner ``i`` answers the two-tier item (``TWO_TIER_PICKS``), then the written one
    with the model answer, and marks it (``self_marks``), as the form's buttons do."""
    answer, why = TWO_TIER_PICKS[i % len(TWO_TIER_PICKS)]
    two_tier = exercise(TWO_TIER)
    two_tier.check({"answer": answer, "reason": why})
    two_tier.check(two_tier.example_answer)
    written = exercise(WRITTEN)
    written.check(written.example_answer)
    store.record(WRITTEN, "self_mark", marks=self_marks(i, len(written.checker.rubric)))


def _set_column(path: Path, column: str, value: str) -> None:
    """Edit one column of an export, as an older edition or an earlier day wrote it."""
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows({**row, column: value} for row in rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def make_class(root: Path, *, reasoning: bool = False) -> Path:
    """The whole class under ``root``: ``handed_in/``, ``canvas.csv`` and ``moodle.csv``;
    the environment is as it was afterwards (a module's tests share one class). With
    ``reasoning``, every learner who works answers the two-tier and the written item too."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        folder = hand_in(root, monkeypatch, reasoning=reasoning)
    progress.reset_session()
    canvas_roster(root / "canvas.csv")
    moodle_roster(root / "moodle.csv")
    return folder


def hand_in(root: Path, monkeypatch: pytest.MonkeyPatch, *, reasoning: bool = False) -> Path:
    """Every learner's week and export into ``root/handed_in`` (platform-renamed files)."""
    folder = root / "handed_in"
    folder.mkdir(parents=True)
    for i in range(SIZE):
        if i == ABSENT:
            continue
        monkeypatch.setenv("BALANCING_ACT_HOME", str(root / "homes" / f"h{i}"))
        monkeypatch.setenv("JUPYTERHUB_USER", exported_id(i))
        progress.reset_session()
        if i == TWICE:  # an early export after two exercises, then the rest of the week
            for eid in SEQUENCE[:2]:
                _work(eid, "right", False)
            early = progress.export_csv(folder / f"{1000 + i}_progress.csv")
            _set_column(early, "exported_at", "2026-01-05T08:00:00+00:00")
        play(i)
        if reasoning and i != IDLE:
            reason(i)
        name = f"{1000 + i}_progress-2.csv" if i == TWICE else f"{1000 + i}_progress.csv"
        export = progress.export_csv(folder / name)
        if i == OLD_VERSION:
            _set_column(export, "course_version", OLD)
    monkeypatch.setenv("BALANCING_ACT_HOME", str(root / "homes" / "visitor"))
    progress.reset_session()
    exercise(SEQUENCE[0]).check(exercise(SEQUENCE[0]).example_answer)
    progress.export_csv(folder / "upload_77.csv", learner=VISITOR)
    progress.reset_session()
    return folder


def _write(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")  # both platforms add a BOM
    return path


def canvas_roster(path: Path) -> Path:
    """A Canvas gradebook export: identity columns, one assignment, read-only scores."""
    rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Essay 1 (3456)",
             "Current Score", "Final Score"],
            ["    Points Possible", "", "", "", "", "10.00", "(read only)", "(read only)"]]
    rows += [[f"{last}, {first}", str(5000 + i), f"SIS{i:03d}", login(i), "Period 2",
              str(5 + i % 5), f"{50 + i}.00", f"{50 + i}.00"]
             for i, (first, last) in enumerate(NAMES)]
    return _write(path, rows)


def moodle_roster(path: Path) -> Path:
    """A Moodle grader report export: names apart, e-mail addresses, grade items."""
    rows = [["First name", "Last name", "ID number", "Institution", "Department",
             "Email address", "Assignment: Essay (Real)", "Course total (Real)",
             "Last downloaded from this course"]]
    rows += [[first, last, f"{2026000 + i}", "Lakeside School", "History",
              f"{login(i)}@school.example", f"{5 + i % 5}.00", f"{50 + i}.00", "1767600000"]
             for i, (first, last) in enumerate(NAMES)]
    return _write(path, rows)

"""`class-report --gradebook canvas|moodle` over a class of thirty: the platform's own
export comes back whole, with one score column per lesson and one for the capstone."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from balancing_act.class_report import gradebook, rubric
from balancing_act.cli import commands as cli
from balancing_act.exercises import all_exercises
from tests.support import class_of_thirty as klass

LESSONS = sorted({k.split(".")[0] for k in all_exercises()})
COLUMNS = [f"Balancing Act {n}" for n in LESSONS] + ["Balancing Act capstone brief checks"]


@pytest.fixture(scope="module")
def classroom(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("class-of-thirty")
    klass.make_class(root)
    return root


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["class-report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def _expected(i: int, lesson: str, rule: str) -> str:
    """Learner ``i``'s score for ``lesson`` worked out from their plan, not the report."""
    plan = klass.Plan(i)
    ids = [k for k in all_exercises() if k.startswith(f"{lesson}.")]
    solved = [k for k in plan.done if k != plan.stuck] + ([klass.CAPSTONE] if plan.brief else [])
    if i == klass.TWICE:
        solved += klass.SEQUENCE[:2]
    if (rule == "mastery" and plan.style == "peek") or i == klass.IDLE:
        solved = []  # the peeker read every solution first; the idle one opened a hint
    return f"{round(100 * len(set(solved) & set(ids)) / len(ids), 1):g}"


@pytest.mark.parametrize("platform, rule", [("canvas", "completion"), ("moodle", "mastery")])
def test_the_roster_comes_back_whole_with_the_course_columns(classroom, capsys, tmp_path,
                                                             platform, rule):
    roster = classroom / f"{platform}.csv"
    out_file = tmp_path / "grades.csv"
    code, out, err = _run(capsys, str(classroom / "handed_in"), "--gradebook", platform,
                          "--roster", str(roster), "--out", str(out_file), "--score", rule)
    assert code == 0, err
    before, after = _rows(roster), _rows(out_file)
    assert out_file.read_bytes().startswith(b"\xef\xbb\xbf")  # the roster's BOM kept
    assert after[0] == before[0] + COLUMNS
    assert len(after) == len(before)
    assert [row[:len(before[0])] for row in after] == before  # every row kept, unchanged
    first_learner = 2 if platform == "canvas" else 1  # Canvas: "Points Possible" row first
    if platform == "canvas":
        assert after[1][len(before[0]):] == ["100"] * len(COLUMNS)
    for i in range(klass.SIZE):
        scores = after[first_learner + i][len(before[0]):]
        if i == klass.ABSENT:
            assert scores == [""] * len(COLUMNS)
            continue
        plan = klass.Plan(i)
        want = [_expected(i, lesson, rule) for lesson in LESSONS]
        brief = plan.brief and not (rule == "mastery" and plan.style == "peek")
        assert scores == [*want, "100" if brief else "0"], (i, klass.NAMES[i])
    assert f"no roster row for {klass.VISITOR}" in out
    assert f"29 of 30 roster learners scored ({rule}), 1 left blank" in out


def test_names_with_commas_quotes_and_accents_stay_one_cell(classroom, tmp_path, capsys):
    out_file = tmp_path / "grades.csv"
    code, _, err = _run(capsys, str(classroom / "handed_in"), "--gradebook", "canvas",
                        "--roster", str(classroom / "canvas.csv"), "--out", str(out_file))
    assert code == 0, err
    names = [row[0] for row in _rows(out_file)[2:]]
    assert names == [f"{last}, {first}" for first, last in klass.NAMES]
    assert '"Dupont, Jean ""JJ"""' in out_file.read_text(encoding="utf-8")


def test_the_peeker_earns_completion_but_not_mastery(classroom, tmp_path, capsys):
    scores = {}
    for rule in gradebook.RULES:
        out_file = tmp_path / f"{rule}.csv"
        _run(capsys, str(classroom / "handed_in"), "--gradebook", "moodle", "--roster",
             str(classroom / "moodle.csv"), "--out", str(out_file), "--score", rule)
        scores[rule] = _rows(out_file)[1 + klass.PEEKER][-len(COLUMNS):]
    assert scores["completion"][0] == "100" and scores["mastery"][0] == "0"


def test_a_second_run_needs_force_and_never_writes_over_the_roster(classroom, tmp_path,
                                                                   capsys):
    out_file = tmp_path / "grades.csv"
    args = [str(classroom / "handed_in"), "--gradebook", "canvas", "--roster",
            str(classroom / "canvas.csv")]
    assert _run(capsys, *args, "--out", str(out_file))[0] == 0
    code, _, err = _run(capsys, *args, "--out", str(out_file))
    assert code == 1 and "already exists" in err and "--force" in err
    assert _run(capsys, *args, "--out", str(out_file), "--force")[0] == 0
    before = (classroom / "canvas.csv").read_bytes()
    code, _, err = _run(capsys, *args, "--out", str(classroom / "canvas.csv"), "--force")
    assert code == 1 and "is the roster itself" in err and err.count("\n") == 1
    assert (classroom / "canvas.csv").read_bytes() == before


def test_an_earlier_import_is_filled_again_under_the_platforms_own_header(tmp_path):
    """Canvas exports an imported column as "Balancing Act 00 (4521)": updated, not doubled."""
    from balancing_act.class_report import roster as class_roster
    from balancing_act.class_report.records import ExerciseRecord, LearnerRecord

    text = ("Student,ID,SIS Login ID,Section,Balancing Act 00 (4521)\n"
            "\"Lovelace, Ada\",1,ada,A,50\n")
    roster = class_roster.parse(text, tmp_path / "r.csv", "canvas")
    done = ExerciseRecord(attempted=True, solved=True, first_try=True, hints=0, solution=False)
    record = LearnerRecord("ada", tmp_path / "a.csv", {"00.1": done, "00.2": done})
    book = gradebook.build(roster, {0: record}, {"00": ["00.1", "00.2", "00.3"]}, "completion")
    assert book.header == ["Student", "ID", "SIS Login ID", "Section", "Balancing Act 00 (4521)",
                           "Balancing Act capstone brief checks"]
    assert book.rows == [["Lovelace, Ada", "1", "ada", "A", "66.7", "0"]]


@pytest.mark.parametrize("args, said", [
    (["--gradebook", "canvas", "--out", "g.csv"], "--gradebook needs --roster"),
    (["--out", "g.csv"], "--out is the gradebook file"),
])
def test_a_gradebook_asked_for_wrongly_is_one_line(classroom, capsys, args, said):
    code, _, err = _run(capsys, str(classroom / "handed_in"), *args)
    assert code == 1 and said in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_roster_of_the_other_platform_or_without_the_match_column_is_one_line(
        classroom, capsys, tmp_path):
    code, _, err = _run(capsys, str(classroom / "handed_in"), "--gradebook", "canvas",
                        "--roster", str(classroom / "moodle.csv"), "--out",
                        str(tmp_path / "g.csv"))
    assert code == 1 and "is not a Canvas gradebook export" in err
    assert "it looks like a Moodle export" in err and err.count("\n") == 1
    code, _, err = _run(capsys, str(classroom / "handed_in"), "--roster",
                        str(classroom / "moodle.csv"), "--match", "Username")
    assert code == 1 and "has no column 'Username'" in err and "--match" in err


# ------------------------------------------------------------- the rubric marks beside it


def _marks(i: int) -> list[int]:
    """The rubric marks the teacher gave learner ``i``'s brief (1 to 4 per criterion)."""
    return [1 + (i + n) % 4 for n in range(len(rubric.CRITERIA))]


def _rubric_file(path: Path, briefs: list[int], *, blank: int | None = None,
                 stranger: bool = False) -> Path:
    """The file check-brief wrote and the teacher filled in: one brief per learner who
    wrote one, named by login (file) or by "First Last" (Author line, file by number)."""
    rows = [rubric.columns()]
    for i in briefs:
        first, last = klass.NAMES[i]
        source = f"briefs/{klass.login(i)}.md" if i % 2 else f"briefs/brief_{i:02d}.md"
        marks = ["" if i == blank and n == 0 else str(m) for n, m in enumerate(_marks(i))]
        rows.append([source, f"{first} {last}", *marks, "Well argued."])
    if stranger:
        rows.append(["briefs/visitor.md", "A. Visitor", "4", "4", "4", "4", ""])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")
    return path


BRIEFS = [i for i in range(klass.SIZE) if klass.Plan(i).brief] + [klass.ABSENT]


@pytest.mark.parametrize("platform", ["canvas", "moodle"])
def test_the_rubric_marks_reach_the_gradebook_beside_the_checks(classroom, capsys, tmp_path,
                                                                platform):
    """Every brief's rubric total is on its learner's row as a percentage, matched by the
    file's login or the Author line; a learner with a brief and no progress file still
    gets it; an incomplete row and a row naming no learner are one note each."""
    blank = BRIEFS[1]
    marks_file = _rubric_file(tmp_path / "rubric.csv", BRIEFS, blank=blank, stranger=True)
    out_file = tmp_path / "grades.csv"
    code, out, err = _run(capsys, str(classroom / "handed_in"), "--gradebook", platform,
                          "--roster", str(classroom / f"{platform}.csv"), "--out",
                          str(out_file), "--rubric", str(marks_file))
    assert code == 0, err
    rows = _rows(out_file)
    header = rows[0]
    assert header[-2:] == ["Balancing Act capstone brief checks",
                           "Balancing Act capstone brief rubric"]
    places = {name: n for n, name in enumerate(header)}
    column = places["Balancing Act capstone brief rubric"]
    first_learner = 2 if platform == "canvas" else 1  # Canvas's "Points Possible" row
    if platform == "canvas":
        assert rows[1][column] == "100"
    for i in range(klass.SIZE):
        row = rows[first_learner + i]
        want = (f"{round(100 * sum(_marks(i)) / 16, 1):g}" if i in BRIEFS and i != blank
                else "")
        assert row[column] == want, (i, klass.NAMES[i])
    assert rows[first_learner + klass.ABSENT][column]  # a brief and no progress file
    assert "briefs/visitor.md" in out and "no roster learner" in out
    assert "not every mark is given yet" in out


def test_rubric_without_a_gradebook_or_missing_is_one_line(classroom, capsys, tmp_path):
    code, _, err = _run(capsys, str(classroom / "handed_in"), "--rubric", "r.csv")
    assert code != 0 and "--rubric" in err and len(err.strip().splitlines()) <= 2
    code, _, err = _run(capsys, str(classroom / "handed_in"), "--gradebook", "canvas",
                        "--roster", str(classroom / "canvas.csv"), "--out",
                        str(tmp_path / "g.csv"), "--rubric", str(tmp_path / "none.csv"))
    assert code != 0 and "no such file" in err and "Traceback" not in err
    assert not (tmp_path / "g.csv").exists()
    bad = tmp_path / "bad.csv"
    bad.write_text("file,author,A_evidence,B_plan,C_perspectives,D_source,comment\n"
                   "x.md,X,7,1,1,1,\n", encoding="utf-8")
    code, _, err = _run(capsys, str(classroom / "handed_in"), "--gradebook", "moodle",
                        "--roster", str(classroom / "moodle.csv"), "--out",
                        str(tmp_path / "g.csv"), "--rubric", str(bad))
    assert code != 0 and "line 2, column 'A_evidence'" in err
    assert not (tmp_path / "g.csv").exists()

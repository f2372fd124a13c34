"""Brief marking for a class of thirty: one row per brief in natural order, labelled by
author, the class's counts per check, copies of the model brief and of each other
flagged, who viewed 06.3's solution, feedback files, the CSV and the rubric round trip.

The class is tests/support/briefs.py: every expected value comes from its rules.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from balancing_act.class_report import briefs as marking
from balancing_act.class_report import rubric
from balancing_act.cli import commands as cli
from balancing_act.policy_brief import similarity
from tests.support import briefs as sim

HANDED_IN = [n for n in sim.LEARNERS if n not in (sim.HANDED_IN_NOTHING, sim.NOT_A_BRIEF)]


@pytest.fixture(scope="module")
def hand_ins(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("class")
    files = sim.write_class(root / "handed_in")
    sim.write_records(root / "homes")
    return {"root": root, "files": files, "homes": root / "homes"}


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["check-brief", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_one_row_per_brief_in_natural_order_labelled_by_author(hand_ins, capsys):
    code, out, err = run(capsys, *map(str, hand_ins["files"]))
    assert code == 1  # s7 and s8 fail a check, s25 is not a brief
    assert err.count("\n") == 1 and "policy_brief_s25.md is not a brief" in err
    table = out.split("\n\n")[0].splitlines()[2:]
    assert [line.split()[0] for line in table] == HANDED_IN  # s2 before s10, s30 absent
    row = {line.split()[0]: line for line in table}
    assert "1 of 10 checks not yet passed" in row[sim.SHORT_JUSTIFICATION]
    assert row["s1"].split()[1:11] == ["ok"] * 10


def test_each_check_counted_over_the_class(hand_ins, capsys):
    _, out, _ = run(capsys, *map(str, hand_ins["files"]))
    n = len(HANDED_IN)
    rows, _ = marking.read_briefs(map(str, hand_ins["files"]))
    for name in rows[0].checks["check"]:
        failing = sum(name in sim.failing_checks(learner) for learner in HANDED_IN)
        assert f"{name}: {n - failing} of {n} passed, {failing} not yet" in out


def test_copies_of_the_model_brief_and_of_each_other_are_flagged(hand_ins, capsys):
    _, out, _ = run(capsys, *map(str, hand_ins["files"]))
    assert f"identical: {marking.MODEL}, {', '.join(sim.MODEL_COPIES)}" in out
    near = [line for line in out.splitlines() if "nearly identical (" in line]
    assert len(near) == 2, near
    assert any(f"{sim.NEAR_MODEL} and {marking.MODEL}" in line for line in near)
    assert any(f"{sim.PAIR[1]} and {sim.PAIR[0]}" in line for line in near)
    table = out.split("\n\n")[0]
    flagged = {line.split()[0] for line in table.splitlines()[2:] if "identical" in line}
    assert flagged == {*sim.MODEL_COPIES, sim.NEAR_MODEL, *sim.PAIR}


def test_learners_writing_on_their_own_share_almost_nothing(hand_ins):
    rows, _ = marking.read_briefs(map(str, hand_ins["files"]))
    own = [r for r in rows if r.label not in {*sim.MODEL_COPIES, sim.NEAR_MODEL, *sim.PAIR}]
    found = similarity.matches({r.label: r.brief for r in own}, near=0.0)
    assert found and max(m.score for m in found) < 0.05


def test_viewing_06_3s_solution_is_shown_where_the_record_is_handed_in(hand_ins, capsys):
    out_csv = hand_ins["root"] / "marks.csv"
    cli.main(["check-brief", *map(str, hand_ins["files"]), "--progress",
              str(hand_ins["homes"]), "--csv", str(out_csv), "--force"])
    out = capsys.readouterr().out
    assert f"A progress record but no brief from: {sim.NOT_A_BRIEF}\n" in out  # s30: neither
    said = {r["author"]: r[f"viewed_{marking.CAPSTONE}_solution"] for r in _csv(out_csv)}
    for learner in HANDED_IN:
        expected = ("no record" if learner in sim.NO_RECORD else
                    "yes" if learner in sim.VIEWED_SOLUTION else "no")
        assert said[learner] == expected, learner


def test_the_csv_holds_author_file_each_check_and_verdict(hand_ins, capsys):
    out_csv = hand_ins["root"] / "csv" / "marks.csv"
    out_csv.parent.mkdir()
    run(capsys, *map(str, hand_ins["files"]), "--csv", str(out_csv))
    rows = _csv(out_csv)
    assert [r["author"] for r in rows] == HANDED_IN
    s7 = next(r for r in rows if r["author"] == sim.SHORT_JUSTIFICATION)
    assert s7["the plan is justified"] == "not yet" and s7["checks_passed"] == "9"
    assert s7["file"].endswith("policy_brief_s7.md")
    assert "viewed_06.3_solution" not in s7  # no records given: no such column
    code, _, _ = run(capsys, *map(str, hand_ins["files"]), "--csv", str(out_csv))
    assert code == 1 and out_csv.exists()  # its own earlier file is replaced freely


def test_a_csv_the_command_did_not_write_is_never_replaced(hand_ins, capsys):
    theirs = hand_ins["root"] / "gradebook.csv"
    theirs.write_text("Student,ID\nAda,1\n", encoding="utf-8")
    code, _, err = run(capsys, *map(str, hand_ins["files"]), "--csv", str(theirs))
    assert code == 1 and "was not written by this command" in err and "--force" in err
    assert theirs.read_text(encoding="utf-8") == "Student,ID\nAda,1\n"


def test_one_feedback_file_per_brief_with_its_checks_and_no_other_name(hand_ins, capsys):
    folder = hand_ins["root"] / "feedback"
    run(capsys, *map(str, hand_ins["files"]), "--feedback", str(folder))
    names = sorted(p.name for p in folder.glob("*.md"))
    assert names == sorted(f"policy_brief_{n}.feedback.md" for n in HANDED_IN)
    text = (folder / f"policy_brief_{sim.SHORT_JUSTIFICATION}.feedback.md").read_text("utf-8")
    assert "✗ not yet: the plan is justified" in text and text.count("✓ passed") == 9
    copy = (folder / f"policy_brief_{sim.MODEL_COPIES[0]}.feedback.md").read_text("utf-8")
    assert not any(n in copy.replace(sim.MODEL_COPIES[0], "") for n in sim.MODEL_COPIES[1:])
    learner_wrote = folder / "policy_brief_s1.feedback.md"
    learner_wrote.write_text("my own notes\n", encoding="utf-8")
    code, _, err = run(capsys, *map(str, hand_ins["files"]), "--feedback", str(folder))
    assert "was not written by this command" in err
    assert learner_wrote.read_text(encoding="utf-8") == "my own notes\n"


def test_the_rubric_file_is_written_blank_then_read_back_beside_the_checks(hand_ins, capsys):
    root = hand_ins["root"] / "rubric"
    root.mkdir()
    marks_file, out_csv = root / "rubric.csv", root / "marks.csv"
    files = list(map(str, hand_ins["files"]))
    _, out, _ = run(capsys, *files, "--rubric", str(marks_file))
    assert "rubric file written to" in out
    rows = _csv(marks_file)
    assert [r["author"] for r in rows] == HANDED_IN and set(rows[0]) == set(rubric.columns())
    for row in rows:  # the teacher fills in two learners' marks, as a spreadsheet saves it
        if row["author"] == "s2":
            row |= {"A_evidence": "4", "B_plan": "3", "C_perspectives": "4", "D_source": "2",
                    "comment": "Name the assumption your plan depends on."}
        if row["author"] == "s10":
            row |= {"A_evidence": "3"}
    with marks_file.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=rubric.columns())
        writer.writeheader()
        writer.writerows(rows)
    before = marks_file.read_bytes()
    feedback = root / "feedback"
    run(capsys, *files, "--rubric", str(marks_file), "--csv", str(out_csv),
        "--feedback", str(feedback))
    assert marks_file.read_bytes() == before  # the teacher's file is never written again
    by_author = {r["author"]: r for r in _csv(out_csv)}
    assert by_author["s2"]["rubric_total"] == "13" and by_author["s2"]["B_plan"] == "3"
    assert by_author["s10"]["A_evidence"] == "3" and by_author["s10"]["rubric_total"] == ""
    text = (feedback / "policy_brief_s2.feedback.md").read_text(encoding="utf-8")
    assert "B. Plan and justification: 3 of 4" in text
    assert "Name the assumption your plan depends on." in text


def test_a_mark_out_of_range_is_one_line_naming_line_and_column(tmp_path, hand_ins, capsys):
    marks_file = tmp_path / "rubric.csv"
    marks_file.write_text(",".join(rubric.columns()) + "\n"
                          f"{hand_ins['files'][0]},s1,5,,,,\n", encoding="utf-8")
    code, out, err = run(capsys, str(hand_ins["files"][0]), "--rubric", str(marks_file))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "line 2, column 'A_evidence': '5' is not a mark" in err


def test_an_author_line_that_looks_like_a_formula_is_written_as_text(tmp_path, hand_ins,
                                                                      capsys):
    text = hand_ins["files"][0].read_text(encoding="utf-8")
    sly = tmp_path / "sly.md"
    sly.write_text(text.replace("Author: s1", "Author: =HYPERLINK(\"x\")"), encoding="utf-8")
    run(capsys, str(sly), "--csv", str(tmp_path / "marks.csv"), "--rubric",
        str(tmp_path / "rubric.csv"))
    for name in ("marks.csv", "rubric.csv"):
        assert _csv(tmp_path / name)[0]["author"] == "'=HYPERLINK(\"x\")", name


def test_natural_order_and_labels_without_an_author_line(tmp_path, hand_ins):
    assert sorted(["s10", "s2", "S1", "s1b"], key=marking.natural_key) == [
        "S1", "s1b", "s2", "s10"]
    text = hand_ins["files"][0].read_text(encoding="utf-8")
    (tmp_path / "policy_brief_ada.md").write_text(text.replace("Author: s1", "Author: "),
                                                  encoding="utf-8")
    (tmp_path / "again").mkdir()
    (tmp_path / "again" / "late.md").write_text(text, encoding="utf-8")
    files = [str(tmp_path / "policy_brief_ada.md"), str(hand_ins["files"][0]),
             str(tmp_path / "again" / "late.md"), str(hand_ins["files"][0])]
    rows, _ = marking.read_briefs(files)
    assert [r.label for r in rows] == ["ada", "s1 (late.md)", "s1 (policy_brief_s1.md)"]

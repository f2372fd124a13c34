"""The class list read from the platforms' own gradebook exports, as they write them."""

from __future__ import annotations

from pathlib import Path

import pytest

from balancing_act.class_report import roster as class_roster
from balancing_act.support.errors import CourseError

CANVAS = ("\ufeffStudent,ID,SIS User ID,SIS Login ID,Section,Essay 1 (3456),Current Score\r\n"
          "    Points Possible,,,,,10.00,(read only)\r\n"
          "\"Lovelace, Ada\",101,S1,alovelace,P2,8,80.00\r\n"
          "\"Dupont, Jean \"\"JJ\"\"\",102,S2,jdupont,P2,,\r\n"
          "\"Ó Briain, Zoë\",103,S3,zobriain,P2,7,70.00\r\n")
MOODLE = ("\ufeffFirst name;Last name;ID number;Email address;Quiz: One (Real)\n"
          "Zoë;Ó Briain;2026001;zobriain@school.example;5.00\n"
          "Nuria;\"Peña, Jr.\";2026002;NPena@school.example;-\n")


def test_a_canvas_export_is_read_with_its_bom_quotes_accents_and_points_row(tmp_path):
    path = tmp_path / "canvas.csv"
    path.write_text(CANVAS, encoding="utf-8")
    roster = class_roster.read(path)
    assert roster.platform.name == "canvas" and roster.bom
    assert roster.header[0] == "Student"  # no BOM left in the first column's name
    assert roster.learner_rows() == [1, 2, 3]  # "Points Possible" is no learner
    assert [roster.display_name(r) for r in roster.learner_rows()] == [
        "Lovelace, Ada", 'Dupont, Jean "JJ"', "Ó Briain, Zoë"]


def test_a_moodle_export_is_read_with_its_own_delimiter(tmp_path):
    path = tmp_path / "moodle.csv"
    path.write_text(MOODLE, encoding="utf-8")
    roster = class_roster.read(path, "moodle")
    assert roster.delimiter == ";" and roster.learner_rows() == [0, 1]
    assert roster.display_name(1) == "Nuria Peña, Jr."


def test_learners_match_without_case_spacing_or_accent_forms_mattering(tmp_path):
    roster = class_roster.parse(MOODLE, tmp_path / "m.csv", "moodle")
    found = class_roster.match(roster, ["ZOBRIAIN@school.example ", "npena", "visitor"])
    assert found.column == "Email address"
    assert found.rows == {0: "ZOBRIAIN@school.example ", 1: "npena"}  # local part too
    assert found.no_row == ["visitor"] and found.no_file == []
    decomposed = class_roster.parse(CANVAS, tmp_path / "c.csv")
    assert class_roster.match(decomposed, ["O\u0301 Briain, Zoe\u0308"], "Student").rows == {3: (
        "O\u0301 Briain, Zoe\u0308")}


def test_an_id_several_rows_hold_fills_none_of_them(tmp_path):
    text = "Student,ID,SIS Login ID\nA,1,sam\nB,2,SAM\nC,3,kim\n"
    found = class_roster.match(class_roster.parse(text, tmp_path / "r.csv"), ["sam", "kim"])
    assert found.rows == {2: "kim"} and found.no_file == [0, 1]
    assert found.ambiguous == ["sam: roster rows 2, 3 all hold 'sam' in 'SIS Login ID', so "
                               "none of them is filled"]


@pytest.mark.parametrize("text, platform, said", [
    ("name,mark\nada,7\n", None, "is neither a Canvas nor a Moodle gradebook export"),
    (MOODLE, "canvas", "it looks like a Moodle export"),
    ("", "moodle", "is not a Moodle gradebook export"),
])
def test_a_file_that_is_not_the_platforms_export_is_one_sentence(tmp_path, text, platform,
                                                                  said):
    with pytest.raises(CourseError, match=said) as caught:
        class_roster.parse(text, tmp_path / "r.csv", platform)
    assert "\n" not in str(caught.value) and "Export" in str(caught.value)


def test_a_roster_that_is_not_utf8_or_missing_is_one_sentence(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("Student,ID\nZoë,1\n".encode("latin-1"))
    with pytest.raises(CourseError, match="is not UTF-8 text.*CSV UTF-8"):
        class_roster.read(path)
    with pytest.raises(CourseError, match="cannot read roster"):
        class_roster.read(Path(tmp_path / "missing.csv"))


def test_a_roster_that_is_a_fifo_is_refused_without_waiting(tmp_path):
    import os

    fifo = tmp_path / "roster.csv"
    os.mkfifo(fifo)
    with pytest.raises(CourseError, match="FIFO"):
        class_roster.read(fifo)


def test_short_rows_and_an_unclosed_quote_are_read_not_fatal(tmp_path):
    text = 'Student,ID,SIS Login ID,Section\n"Lovelace, Ada",1\n"Unclosed, Quote,2,uq\n'
    roster = class_roster.parse(text, tmp_path / "r.csv", "canvas")
    found = class_roster.match(roster, ["uq", "ada"])
    assert found.rows == {} and found.no_row == ["uq", "ada"]
    assert roster.cell(0, "Section") == ""

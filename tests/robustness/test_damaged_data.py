"""Issue 14, defect 8: every data problem names its file (and row), an extra column or an
oversized cell is called what it is, and check-data lists CSV and YAML problems in one run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from balancing_act.cli import commands as cli
from balancing_act.data import loaders as data
from balancing_act.data import model_inputs as params

DATA = data.data_dir()


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "lessons_data"
    shutil.copytree(DATA, target)
    return target


def edit(path: Path, change) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(change(lines)) + "\n", encoding="utf-8")


def check_data(folder: Path, capsys) -> tuple[int, list[str]]:
    code = cli.main(["check-data", str(folder)])
    return code, capsys.readouterr().err.splitlines()


def test_a_missing_rating_names_the_file(copy, capsys):
    edit(copy / "model" / "ratings.csv", lambda lines: [lines[0], *lines[2:]])
    with pytest.raises(data.LessonDataError, match=r"^model/ratings.csv: ratings lack O1/P1"):
        params.load_params(str(copy))
    code, err = check_data(copy, capsys)
    assert code == 1
    assert err[0].startswith("model/ratings.csv: ratings lack O1/P1 (option/criterion); "
                             "expected a row rating every option on every criterion")


def test_a_bad_cross_reference_names_the_file_and_row(copy, capsys):
    edit(copy / "model" / "ratings.csv",
         lambda lines: [lines[0], lines[1].replace("O1,P1,", "O1,P9,", 1), *lines[2:]])
    code, err = check_data(copy, capsys)
    assert code == 1
    assert err[0].startswith("model/ratings.csv, row 1 (line 2), column 'criterion_id': "
                             "ratings name criterion 'P9'; expected one of: P1, P2, P3")


def test_a_parameter_out_of_range_names_its_row(copy):
    def change(lines):
        return [line.replace("baseline_concern_moscow,0.20,", "baseline_concern_moscow,1.5,")
                for line in lines]

    edit(copy / "model" / "parameters.csv", change)
    with pytest.raises(data.LessonDataError) as err:
        params.load_params(str(copy))
    assert str(err.value).startswith("model/parameters.csv, row 2 (line 3), column 'value': "
                                     "parameter baseline_concern_moscow is 1.5; expected 0 to 1")


def test_an_extra_column_is_reported(copy, capsys):
    edit(copy / "glossary.csv", lambda lines: [lines[0] + ",notes", *(x + "," for x in lines[1:])])
    code, err = check_data(copy, capsys)
    assert code == 1
    assert ("glossary.csv, column 'notes': column is not part of this file; expected only: "
            "term, definition, source, mentioned_in") in err[0]


def test_an_oversized_cell_is_called_oversized_not_broken_quoting(copy, capsys):
    edit(copy / "glossary.csv", lambda lines: [*lines, "huge," + "x" * 200_000 + ",S01,S01"])
    code, err = check_data(copy, capsys)
    assert code == 1
    assert "a cell is longer than 131,072 characters" in err[0]
    assert "quoting" not in err[0]


def test_an_oversized_file_is_refused_before_it_is_read_whole(copy, capsys):
    with open(copy / "glossary.csv", "a", encoding="utf-8") as handle:
        handle.write("x" * (data.MAX_FILE_BYTES + 1))
    code, err = check_data(copy, capsys)
    assert code == 1
    assert err[0] == "glossary.csv: file is larger than 5,000,000 bytes; expected a small table " \
                     "(a few kilobytes)"


def test_check_data_shows_csv_and_yaml_problems_in_one_run(copy, capsys):
    edit(copy / "glossary.csv", lambda lines: [lines[0] + ",notes", *(x + "," for x in lines[1:])])
    (copy / "exercises" / "97_broken.yml").write_text('lesson: "97"\nlesson: "97"\n',
                                                      encoding="utf-8")
    code, err = check_data(copy, capsys)
    assert code == 1
    assert any(line.startswith("glossary.csv") for line in err)
    assert "exercises/97_broken.yml: line 2: 'lesson' is written twice; keep one" in err


def test_check_data_on_a_file_is_one_line(tmp_path, capsys):
    target = tmp_path / "x.csv"
    target.write_text("a,b\n", encoding="utf-8")
    assert cli.main(["check-data", str(target)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"balancing-act: {target} is not a folder; give the lessons_data folder, "
                   "e.g. balancing-act check-data lessons_data"]

"""The README's worked example, applied to a copy of lessons_data as written, and
``check-data`` on it: valid as written, the README's own error line for a typo, a
duplicate id with both lines and the next free id, an untagged item as a warning, and
an answer the checker itself marks wrong as an error."""

from __future__ import annotations

import re

import nbformat
import pytest

from balancing_act.cli import commands as cli
from tests.support.courses import course_copy
from tests.support.readme_example import FILE, apply_worked_example, example_id, readme_text


@pytest.fixture()
def data(tmp_path):
    return course_copy(tmp_path, notebooks=False) / "lessons_data"


def check_data(capsys, data) -> tuple[int, str, str]:
    code = cli.main(["check-data", str(data)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_example_applies_as_written_with_a_free_id(data, capsys):
    assert apply_worked_example(data) == example_id()  # the README's id, free as written
    code, out, err = check_data(capsys, data)
    assert (code, err) == (0, "") and out.strip().endswith("all data files are valid")


def test_the_readmes_error_line_is_what_check_data_says(data, capsys):
    apply_worked_example(data)
    target = data / FILE
    target.write_text(target.read_text(encoding="utf-8").replace(
        "cites: [S13, S14, S15]          #", "cites: [S13, S14, S51]          #"),
        encoding="utf-8")
    said = re.search(r"Had you typed.*?```\n(.*?)\n```", readme_text(), re.S).group(1)
    code, _, err = check_data(capsys, data)
    assert code == 1 and said in err.splitlines()


def test_a_duplicate_id_names_both_lines_and_the_next_free_id(data, capsys):
    target = data / FILE
    text = target.read_text(encoding="utf-8")
    taken = re.findall(r'- id: "(02\.\d+)"', text)[-1]
    first = next(n for n, line in enumerate(text.splitlines(), 1) if f'"{taken}"' in line)
    apply_worked_example(data)
    text = target.read_text(encoding="utf-8").replace(f'id: "{example_id()}"', f'id: "{taken}"')
    target.write_text(text, encoding="utf-8")
    again = next(n for n, line in enumerate(text.splitlines(), 1)
                 if f'"{taken}"' in line and n != first)
    code, _, err = check_data(capsys, data)
    assert code == 1
    assert (f"exercise '{taken}', field 'id' (line {again}): the id is already used in {FILE} "
            f"(line {first})") in err
    assert 'use the next free id, "02.6"' in err


def test_an_untagged_item_is_a_warning_and_passes(data, capsys):
    new_id = apply_worked_example(data, skill=None)
    code, out, err = check_data(capsys, data)
    assert code == 0 and "all data files are valid" in out
    assert err.splitlines() == [f"WARNING: exercises: exercise {new_id}: no 'skill'; add "
                                "skill: reasoning, finding or practice (what the item asks "
                                "of a learner; an honest 'finding' is fine)"]


def test_two_finding_items_warn_about_the_reasoning_share_and_pass(data, capsys):
    apply_worked_example(data)
    apply_worked_example(data)
    code, _, err = check_data(capsys, data)
    assert code == 0
    assert "WARNING: exercises: lesson 02: 4 of 7 items are tagged reasoning" in err


def test_an_answer_the_checker_marks_wrong_is_an_error(data, capsys):
    target = data / "exercises" / "06_capstone.yml"
    text = target.read_text(encoding="utf-8")
    at = text.index("      - [statements, safeguards]\n")  # the worked answer's plan, first
    target.write_text(text[:at] + "      - [big_upfront]\n" + text[at:], encoding="utf-8")
    code, _, err = check_data(capsys, data)
    assert code == 1
    assert ("exercises/06_capstone.yml: exercise '06.3', field 'answer': the checker marks "
            "the answer itself incorrect") in err


def test_an_exercise_no_notebook_uses_yet_is_named_until_its_cell_is_added(tmp_path, capsys):
    course = course_copy(tmp_path)  # with notebooks/ beside lessons_data/, as a checkout
    new_id = apply_worked_example(course / "lessons_data")
    code, _, err = check_data(capsys, course / "lessons_data")
    assert code == 0 and err.splitlines() == [
        f"WARNING: exercises: exercise {new_id} is not used in notebooks/02_two_partners.ipynb "
        f'yet; add a cell exercise("{new_id}") where learners should answer it']
    notebook = course / "notebooks" / "02_two_partners.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(f'exercise("{new_id}").form(answer=3)',
                                              metadata={"tags": ["solution"]}))
    nbformat.write(nb, notebook)
    assert check_data(capsys, course / "lessons_data")[:3:2] == (0, "")

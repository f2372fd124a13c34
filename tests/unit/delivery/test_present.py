"""Presentation and student build: what the class sees, checked without a browser."""

from __future__ import annotations

import nbformat
import pytest

from balancing_act.cli import commands as cli
from balancing_act.delivery import present, student_build
from balancing_act.delivery.cell_markers import markers_to_tags
from balancing_act.delivery.student_build import is_solution
from balancing_act.support import paths


def _lesson(number: str) -> nbformat.NotebookNode:
    return nbformat.read(paths.find_lesson(number), as_version=4)


def test_presentation_is_the_student_version_without_answer_cells():
    nb = _lesson("03")
    shown = present.presentation_notebook(nb)
    solutions = [c.source for c in nb.cells if is_solution(c) and c.cell_type == "code"]
    assert solutions, "lesson 03 should have worked answers to leave out"
    sources = [c.source for c in shown.cells]
    assert not any(s in sources for s in solutions)
    assert not any(c.get("outputs") for c in shown.cells)  # nothing from the instructor's run
    assert "widgets" not in shown.metadata  # no stored slider positions
    assert "display: none" in shown.cells[0].source  # the page-setup cell hides code-only text


def test_presentation_leaves_out_cells_tagged_code_only():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A lesson"),
                nbformat.v4.new_markdown_cell("Run the cell below with Shift+Enter.",
                                              metadata={"tags": [present.CODE_ONLY_TAG]})]
    shown = present.presentation_notebook(nb)
    assert [c.source for c in shown.cells[1:]] == ["# A lesson"]


def test_present_serves_the_student_version_unless_told_otherwise(monkeypatch, capsys):
    served = []
    monkeypatch.setattr(present.subprocess, "call",
                        lambda cmd, cwd=None: served.append(nbformat.read(cmd[3], 4)) or 0)
    args = cli.build_parser().parse_args(["present", "03"])
    assert args.func(args) == 0
    assert "the student version" in capsys.readouterr().out
    args = cli.build_parser().parse_args(["present", "03", "--instructor"])
    assert args.func(args) == 0
    assert "INSTRUCTOR" in capsys.readouterr().out
    student, instructor = served
    tagged = [c for c in instructor.cells if is_solution(c)]
    assert tagged and not any(is_solution(c) for c in student.cells)


def test_present_rejects_a_bad_port(capsys):
    assert cli.main(["present", "03", "--port", "70000"]) == 1
    assert "not a port" in capsys.readouterr().err


@pytest.mark.parametrize("marker, tag", [("NBVAL_IGNORE_OUTPUT", "nbval-ignore-output"),
                                         ("NBVAL_SKIP", "nbval-skip")])
def test_student_build_turns_test_markers_into_tags(marker, tag):
    cell = nbformat.v4.new_code_cell(f"# {marker}\n# your whole record\nshow_progress()")
    markers_to_tags(cell)
    assert cell.source == "# your whole record\nshow_progress()"
    assert cell.metadata["tags"] == [tag]


def test_no_student_lesson_shows_a_test_marker(tmp_path):
    for path in student_build.build_student(paths.NOTEBOOKS_DIR, tmp_path):
        nb = nbformat.read(path, as_version=4)
        assert not any("NBVAL" in c.source for c in nb.cells), path.name


def test_a_learner_changes_a_rating_in_the_notebook_and_the_ranking_follows():
    from balancing_act import widgets
    from balancing_act.widgets import ratings_editor as model_editors

    panel = widgets.weights_panel()
    editor = model_editors.ratings_editor(panel)
    low_option = panel.answer[-1]
    for crit in panel.ratings.columns:
        editor.boxes[(low_option, crit)].value = 10
    assert panel.answer[0] == low_option  # rated top everywhere, it now leads
    editor.reset()
    assert panel.answer[-1] == low_option
    box = next(iter(editor.boxes.values()))
    assert box.description and "," in box.description  # each box has an accessible name

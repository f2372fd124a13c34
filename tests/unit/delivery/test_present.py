"""Presentation and student build: what the class sees, checked without a browser."""

from __future__ import annotations

import os
import socket

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
                        lambda cmd, **_: served.append(nbformat.read(cmd[3], 4)) or 0)
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


def test_presentation_folds_the_key_points_and_unlinks_other_notebooks():
    """Key points restate answers (03.2's, 01.1's): folded shut until the class has answered.
    Voilà serves one notebook, so "Next: [04](04_...ipynb)" would open "403: Forbidden"."""
    shown = present.presentation_notebook(_lesson("03"))
    text = "\n".join(c.source for c in shown.cells if c.cell_type == "markdown")
    assert ".ipynb" not in text and "Next:** 04 · Expert recommendations" in text
    closing = next(c.source for c in shown.cells if "Key points" in c.source)
    assert closing.index("<details") < closing.index("Lukashenko's three priorities")
    assert "## Key points" not in closing and "## Review questions" in closing


def test_no_key_point_of_lesson_03_names_the_answer_of_03_2():
    from balancing_act import exercises

    nb = _lesson("03")
    points = next(c.source for c in nb.cells if "## Key points" in c.source)
    points = points.split("## Review")[0]
    spec = exercises.exercise("03.2").spec
    for answer in [spec["answer"], *(a["answer"] for a in spec.get("accepted") or [])]:
        stated = [line for line in points.splitlines()
                  if answer.split()[-1] in line and "Background" not in line]
        assert stated == [], f"a key point states 03.2's answer {answer!r}: {stated}"


def test_the_projector_page_is_large_and_asks_before_a_solution():
    setup = present.presentation_notebook(_lesson("03")).cells[0].source
    assert "font-size: 20px" in setup and present.HIDDEN_SELECTOR in setup
    assert "ba-solution" in setup and "Press Solution again" in setup


def test_feedback_marks_its_code_asides_for_the_projector_and_keeps_its_text():
    from balancing_act.exercises import exercise

    result = exercise("00.1").evaluate(41)
    assert "(or `.hint()`)" in str(result)  # the notebook's plain text is as before
    shown = result._repr_html_()
    assert f"<span class='{present.CODE_ONLY_CLASS}'> (or <code>.hint()</code>)</span>" in shown
    assert "ba-solution" in exercise("00.1").form().solution_button._dom_classes


def test_the_voila_process_records_nothing_in_the_teachers_progress(tmp_path):
    env = present.presenter_env(tmp_path, {"BALANCING_ACT_HOME": "/home/teacher/.ba"})
    assert env["BALANCING_ACT_HOME"] == str(tmp_path / "progress")
    template = tmp_path / "jupyter" / "voila" / "templates" / present.TEMPLATE
    assert env["JUPYTER_PATH"].split(os.pathsep)[0] == str(tmp_path / "jupyter")
    assert "cdn.jsdelivr" in (template / "index.html.j2").read_text()  # only inside replace()
    assert "--Voila.port_retries=0" in present.voila_command(tmp_path / "x.ipynb", 8866)


def test_the_template_removes_links_voilas_lab_template_really_has():
    import sys
    from pathlib import Path

    lab = Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates" / "lab" / "index.html.j2"
    text = lab.read_text()
    assert all(link in text for link in present._CDN_LINKS)


def test_a_busy_port_is_said_and_the_real_address_announced(monkeypatch, capsys):
    served = []
    monkeypatch.setattr(present.subprocess, "call",
                        lambda cmd, **kw: served.append((cmd, kw["env"])) or 0)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert not present.port_is_free(port)
        assert cli.main(["present", "03", "--port", str(port)]) == 0
    out = capsys.readouterr().out
    cmd, env = served[0]
    real = int(next(a for a in cmd if a.startswith("--port=")).split("=")[1])
    assert real != port and f"Port {port} is in use" in out
    assert f"at http://127.0.0.1:{real}/" in out and f"127.0.0.1:{port}/" not in out
    assert env["BALANCING_ACT_HOME"] != os.environ.get("BALANCING_ACT_HOME")


def test_make_present_passes_its_port():
    makefile = (paths.NOTEBOOKS_DIR.parent / "Makefile").read_text()
    assert "PORT ?= 8866" in makefile and "present $(LESSON) --port $(PORT)" in makefile


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

"""Issue 14, defects 2 and 4: no command overwrites a learner's work or the course's files,
and every path mistake is one line on stderr (``balancing-act: <what>; <what to do>``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from balancing_act.cli import commands as cli
from balancing_act.delivery import student_build
from balancing_act.support import errors, paths

LESSON = paths.lesson_notebooks()[0]


def one_line(capsys) -> str:
    """The single stderr line a failed command printed (asserting there is exactly one)."""
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("balancing-act: ") and "; " in err[0], err[0]
    return err[0]


def test_student_refuses_to_replace_a_learners_edited_notebook(tmp_path, capsys):
    work = tmp_path / "my_work"
    work.mkdir()
    mine = work / LESSON.name
    mine.write_text("my edited notebook", encoding="utf-8")
    assert cli.main(["student", str(work)]) == 1
    line = one_line(capsys)
    assert LESSON.name in line and "--force" in line
    assert mine.read_text(encoding="utf-8") == "my edited notebook"
    assert not (work / paths.lesson_notebooks()[1].name).exists()  # nothing half-written
    assert cli.main(["student", str(work), "--force"]) == 0
    assert 'exercise(\\"00.1\\")' in mine.read_text(encoding="utf-8")  # the empty form


def test_student_rebuilds_its_own_output_but_not_an_edit_made_since(tmp_path, capsys):
    out = tmp_path / "student"
    assert cli.main(["student", str(out)]) == 0
    assert cli.main(["student", str(out)]) == 0  # its own, unchanged output: no --force needed
    (out / LESSON.name).write_text("a learner's edit", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["student", str(out)]) == 1
    assert "changed since" in one_line(capsys)
    assert (out / LESSON.name).read_text(encoding="utf-8") == "a learner's edit"


def test_student_never_writes_through_a_link_to_the_instructor_notebook(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / LESSON.name).symlink_to(LESSON)
    before = LESSON.read_bytes()
    assert cli.main(["student", str(out)]) == 1
    assert "symbolic link" in one_line(capsys)
    assert LESSON.read_bytes() == before
    assert cli.main(["student", str(out), "--force"]) == 0  # replaces the link, not its target
    assert LESSON.read_bytes() == before
    assert not (out / LESSON.name).is_symlink()


@pytest.mark.parametrize("where", [".", "src/balancing_act", "notebooks", "lessons_data"])
def test_student_refuses_the_source_tree(where, capsys, monkeypatch):
    monkeypatch.chdir(paths.CHECKOUT)
    before = sorted(os.listdir(paths.CHECKOUT / where))
    assert cli.main(["student", where]) == 1
    line = one_line(capsys)
    assert "inside the course's own files" in line or "overwrite the notebooks" in line
    assert sorted(os.listdir(paths.CHECKOUT / where)) == before


def test_student_refuses_a_folder_linked_into_the_source_tree(tmp_path, capsys):
    link = tmp_path / "handout"
    link.symlink_to(paths.PACKAGE_DIR)
    assert cli.main(["student", str(link)]) == 1
    assert "inside the course's own files" in one_line(capsys)


def test_student_and_answer_key_onto_a_file_say_so(tmp_path, capsys):
    target = tmp_path / "notes.txt"
    target.write_text("keep me", encoding="utf-8")
    for command in ("student", "answer-key"):
        assert cli.main([command, str(target)]) == 1
        assert "is a file, not a folder" in one_line(capsys)
    assert target.read_text(encoding="utf-8") == "keep me"


def test_answer_key_never_goes_into_a_student_build(tmp_path, capsys):
    out = tmp_path / "build" / "student"
    assert cli.main(["student", str(out)]) == 0
    capsys.readouterr()
    assert cli.main(["answer-key", str(out)]) == 1
    assert "must not go there" in one_line(capsys)
    assert not (out / "answer_key.md").exists()
    assert cli.main(["answer-key", str(out), "--force"]) == 1  # no override for this one
    assert not (out / "answer_key.md").exists()


def test_answer_key_refuses_a_foreign_file_of_the_same_name(tmp_path, capsys):
    out = tmp_path / "key"
    out.mkdir()
    (out / "answer_key.md").write_text("my own notes", encoding="utf-8")
    assert cli.main(["answer-key", str(out)]) == 1
    assert "--force" in one_line(capsys)
    assert (out / "answer_key.md").read_text(encoding="utf-8") == "my own notes"


def test_export_into_a_missing_folder_a_folder_or_an_unwritable_place(tmp_path, capsys):
    cases = {str(tmp_path / "nope" / "p.csv"): "does not exist",
             str(tmp_path): "is a folder",
             "/proc/balancing-act-progress.csv": "cannot write"}
    for target, said in cases.items():
        assert cli.main(["progress", "--export", target]) == 1, target
        assert said in one_line(capsys), target


def test_export_never_replaces_a_file_silently(tmp_path, capsys):
    target = tmp_path / "lesson.ipynb"
    target.write_text("a notebook", encoding="utf-8")
    assert cli.main(["progress", "--export", str(target)]) == 1
    assert "--force" in one_line(capsys)
    assert target.read_text(encoding="utf-8") == "a notebook"
    assert cli.main(["progress", "--export", str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith("exercise,lesson,")


def test_the_learners_copy_is_never_made_through_a_link(tmp_path):
    work = tmp_path / "my_work"
    work.mkdir()
    (work / LESSON.name).symlink_to(tmp_path / "elsewhere.ipynb")  # a dangling link
    with pytest.raises(errors.CourseError, match="symbolic link"):
        student_build.add_missing_student_copies(paths.NOTEBOOKS_DIR, work)
    assert not (tmp_path / "elsewhere.ipynb").exists()
    linked = tmp_path / "linked_work"
    linked.symlink_to(paths.NOTEBOOKS_DIR)
    with pytest.raises(errors.CourseError, match="inside the course's own files"):
        student_build.add_missing_student_copies(paths.NOTEBOOKS_DIR, linked)


def test_a_failing_command_prints_no_traceback(tmp_path):
    env = {**os.environ, "BALANCING_ACT_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "balancing_act.cli", "progress", "--export",
                           str(tmp_path / "missing" / "x.csv")],
                          capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"balancing-act: folder {tmp_path / 'missing'} does not exist; create it first or "
        "choose an existing folder"]


def test_unexpected_errors_are_one_line_too(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("disk\non fire")

    from balancing_act.record import views

    monkeypatch.setattr(views, "summary", broken)
    assert cli.main(["progress"]) == 1
    assert one_line(capsys).startswith("balancing-act: unexpected RuntimeError: disk on fire")


def test_the_course_folders_are_protected():
    from balancing_act.support import overwrite_policy as safe_paths

    protected = safe_paths.protected_folders()
    assert paths.NOTEBOOKS_DIR.resolve() in protected
    assert paths.PACKAGE_DIR.resolve() in protected
    assert Path(paths.CHECKOUT / "lessons_data").resolve() in protected


def test_html_refuses_to_replace_pages_it_did_not_write(tmp_path, capsys):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("<p>my own home page</p>", encoding="utf-8")
    assert cli.main(["html", str(out)]) == 1  # refused before any lesson is executed
    assert "--force" in one_line(capsys)
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>my own home page</p>"


@pytest.mark.parametrize("argv, said", [
    (["present", "03", "--port", "0"], "--port 0 is not a port; give a number from 1 to 65535"),
    (["present", "42"], "no lesson '42'; expected one of: 00, 01"),
])
def test_present_mistakes_are_one_line(argv, said, capsys):
    assert cli.main(argv) == 1
    assert said in one_line(capsys)


def test_export_may_go_in_the_checkouts_top_folder_but_not_into_its_sources(capsys,
                                                                            monkeypatch):
    monkeypatch.chdir(paths.CHECKOUT)
    target = paths.CHECKOUT / "progress_test_export.csv"
    try:
        assert cli.main(["progress", "--export", target.name]) == 0
        assert target.read_text(encoding="utf-8").startswith("exercise,lesson,")
    finally:
        target.unlink(missing_ok=True)
    capsys.readouterr()
    assert cli.main(["progress", "--export", "notebooks/p.csv"]) == 1
    assert "inside the course's own files" in one_line(capsys)
    assert not (paths.NOTEBOOKS_DIR / "p.csv").exists()

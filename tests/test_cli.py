"""The command line: what `make lab` starts and hands the learner, and the commands' help."""

from __future__ import annotations

import subprocess
import sys

import nbformat

from balancing_act import cli, paths


def test_lab_listens_on_loopback_keeps_the_token_and_opens_lesson_00(tmp_path):
    cmd = cli.lab_command(tmp_path, ["--no-browser"])
    assert "--ServerApp.ip=127.0.0.1" in cmd
    assert f"--ServerApp.root_dir={tmp_path}" in cmd
    assert not any("token" in part.lower() or "password" in part.lower() for part in cmd)
    assert "--LabApp.default_url=/lab/tree/00_start_here.ipynb" in cmd
    assert cmd[-1] == "--no-browser"


def test_lab_gives_the_learner_a_student_copy_and_never_overwrites_it(tmp_path, monkeypatch):
    work = tmp_path / "my_work"
    seen = []
    monkeypatch.setattr(paths, "WORK_DIR", work)
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd: seen.append(cmd) or 0)
    assert cli.main(["lab", "--no-browser", "--port", "8899"]) == 0
    assert seen[0][-3:] == ["--no-browser", "--port", "8899"]
    assert f"--ServerApp.root_dir={work}" in seen[0]
    copies = sorted(p.name for p in work.glob("*.ipynb"))
    assert copies == [p.name for p in paths.lesson_notebooks()]
    first = nbformat.read(work / "01_reading_the_article.ipynb", as_version=4)
    answers = [c.source for c in first.cells if c.cell_type == "code" and "answer = " in c.source]
    assert answers and all("answer = ..." in a for a in answers)
    # the learner's edits survive the next start
    (work / "01_reading_the_article.ipynb").write_text("my work", encoding="utf-8")
    (work / "02_two_partners.ipynb").unlink()
    assert cli.main(["lab"]) == 0
    assert (work / "01_reading_the_article.ipynb").read_text(encoding="utf-8") == "my work"
    assert (work / "02_two_partners.ipynb").exists()


def test_lab_instructor_opens_the_worked_notebooks(monkeypatch):
    seen = []
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd: seen.append(cmd) or 0)
    assert cli.main(["lab", "--instructor"]) == 0
    assert f"--ServerApp.root_dir={paths.NOTEBOOKS_DIR}" in seen[0]


def test_other_commands_refuse_unknown_options(capsys):
    try:
        cli.main(["check-data", "--fast"])
    except SystemExit as exc:
        assert exc.code == 2
    assert "unrecognized arguments: --fast" in capsys.readouterr().err


def test_every_command_is_listed_in_the_help():
    done = subprocess.run([sys.executable, "-m", "balancing_act.cli", "--help"],
                          capture_output=True, text=True, timeout=60)
    for command in ("check-data", "progress", "lab", "student", "answer-key", "present", "html",
                    "class-report"):
        assert command in done.stdout


def test_progress_export_writes_a_csv(tmp_path):
    target = tmp_path / "mine.csv"
    assert cli.main(["progress", "--export", str(target)]) == 0
    assert target.read_text(encoding="utf-8").splitlines()[0].startswith("exercise,lesson")
    lessons = tmp_path / "lessons.csv"
    assert cli.main(["progress", "--export", str(lessons), "--per", "lesson"]) == 0
    assert lessons.read_text(encoding="utf-8").splitlines()[0].startswith("lesson,")


def test_check_data_on_another_folder_leaves_the_course_data_alone(tmp_path, monkeypatch):
    import os
    import shutil

    from balancing_act import data

    monkeypatch.delenv("BALANCING_ACT_DATA", raising=False)
    copy = tmp_path / "lessons_data"
    shutil.copytree(data.data_dir(), copy)
    assert cli.main(["check-data", str(copy)]) == 0
    assert "BALANCING_ACT_DATA" not in os.environ
    assert data.data_dir() != copy

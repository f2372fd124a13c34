"""The command line: what `make lab` starts and hands the learner, and the commands' help."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat

from balancing_act.cli import commands as cli
from balancing_act.support import paths


def test_lab_listens_on_loopback_keeps_the_token_and_opens_lesson_00(tmp_path):
    cmd = cli.lab_command(tmp_path, ["--no-browser"], as_root=False)
    assert "--ServerApp.ip=127.0.0.1" in cmd
    assert f"--ServerApp.root_dir={tmp_path}" in cmd
    assert not any("token" in part.lower() or "password" in part.lower() for part in cmd)
    assert "--LabApp.default_url=/lab/tree/00_start_here.ipynb" in cmd
    assert "--allow-root" not in cmd
    assert cmd[-1] == "--no-browser"
    if os.name != "nt":  # a terminal keeps the PATH the course set (no login profile reset)
        assert any(part.startswith("--ServerApp.terminado_settings=shell_command=")
                   for part in cmd)


def test_lab_as_root_says_so_and_passes_allow_root(tmp_path, monkeypatch, capsys):
    seen = []
    from balancing_act.delivery import lab

    monkeypatch.setattr(lab, "as_root_now", lambda: True)
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd, env: seen.append((cmd, env)) or 0)
    assert cli.main(["lab", "--dir", str(tmp_path), "--no-browser"]) == 0
    cmd, env = seen[0]
    assert cmd.count("--allow-root") == 1 and cmd[-1] == "--no-browser"
    lines = [x for x in capsys.readouterr().out.splitlines() if "as root" in x]
    assert len(lines) == 1 and "--allow-root" in lines[0]
    # the news prompt is switched off through a settings default, the user's own settings win
    config = env["JUPYTER_CONFIG_PATH"].split(os.pathsep)[0]
    overrides = json.loads((Path(config) / "labconfig" / "default_setting_overrides.json")
                           .read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_lab_gives_the_learner_a_student_copy_and_never_overwrites_it(tmp_path, monkeypatch):
    work = tmp_path / "my_work"
    seen = []
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd, env: seen.append(cmd) or 0)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["lab", "--dir", "my_work", "--no-browser", "--port", "8899"]) == 0
    assert seen[0][-3:] == ["--no-browser", "--port", "8899"]
    assert f"--ServerApp.root_dir={work}" in seen[0]
    copies = sorted(p.name for p in work.glob("*.ipynb"))
    assert copies == [p.name for p in paths.lesson_notebooks()]
    first = nbformat.read(work / "01_reading_the_article.ipynb", as_version=4)
    code = [c.source for c in first.cells if c.cell_type == "code"]
    assert 'exercise("01.1")' in code  # an empty answer form, nothing to replace
    assert not [c for c in code if "= ..." in c or "answer=" in c]
    # the learner's edits survive the next start, from the folder itself (the default)
    (work / "01_reading_the_article.ipynb").write_text("my work", encoding="utf-8")
    (work / "02_two_partners.ipynb").unlink()
    monkeypatch.chdir(work)
    assert cli.main(["lab"]) == 0
    assert f"--ServerApp.root_dir={work}" in seen[1]
    assert (work / "01_reading_the_article.ipynb").read_text(encoding="utf-8") == "my work"
    assert (work / "02_two_partners.ipynb").exists()


def test_lab_instructor_opens_the_worked_notebooks_in_place(monkeypatch):
    seen = []
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd, env: seen.append(cmd) or 0)
    before = {p: p.stat().st_mtime_ns for p in paths.lesson_notebooks()}
    assert cli.main(["lab", "--instructor", "--dir", str(paths.notebooks_dir())]) == 0
    assert f"--ServerApp.root_dir={paths.notebooks_dir()}" in seen[0]
    assert {p: p.stat().st_mtime_ns for p in paths.lesson_notebooks()} == before


def test_lab_instructor_copies_the_worked_notebooks_elsewhere(tmp_path, monkeypatch):
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd, env: 0)
    assert cli.main(["lab", "--instructor", "--dir", str(tmp_path)]) == 0
    for lesson in paths.lesson_notebooks():
        assert (tmp_path / lesson.name).read_bytes() == lesson.read_bytes()


def test_lab_into_a_folder_it_cannot_make_is_one_line(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert cli.main(["lab", "--dir", str(tmp_path / "notes.txt")]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--dir FOLDER" in err
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_version_prints_the_course_version(capsys):
    try:
        cli.main(["--version"])
    except SystemExit as exc:
        assert exc.code == 0
    assert capsys.readouterr().out.strip() == f"balancing-act {paths.version()}"


def test_a_course_folder_without_course_files_is_one_line_not_a_traceback(
        tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(paths.COURSE_ENV, "")
    for argv in (["student", str(tmp_path / "out")], ["check-data"], ["answer-key"],
                 ["lab", "--dir", str(tmp_path / "w")], ["present", "03"], ["html"]):
        assert cli.main(["--course", str(tmp_path), *argv]) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1, err
        assert str(tmp_path) in err and "--course" in err
    assert not (tmp_path / "out").exists() and not (tmp_path / "w").exists()


def test_no_installed_copy_and_no_checkout_names_both_places(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(paths.COURSE_ENV, raising=False)
    monkeypatch.setattr(paths, "PACKAGED", tmp_path / "site-packages" / "course")
    monkeypatch.setattr(paths, "CHECKOUT", tmp_path / "checkout")
    for argv in (["student"], ["check-data"], ["lab"], ["html"]):
        assert cli.main(argv) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1, err
        assert str(paths.PACKAGED) in err and str(paths.CHECKOUT) in err and "reinstall" in err


def test_course_option_reads_another_course_folder(tmp_path, monkeypatch):
    import shutil

    monkeypatch.setenv(paths.COURSE_ENV, "")
    shutil.copytree(paths.data_dir(), tmp_path / "course" / "lessons_data")
    shutil.copytree(paths.notebooks_dir(), tmp_path / "course" / "notebooks")
    (tmp_path / "course" / "notebooks" / "01_reading_the_article.ipynb").unlink()
    names = [p.name for p in paths.lesson_notebooks() if not p.name.startswith("01_")]
    out = tmp_path / "out"
    assert cli.main(["--course", str(tmp_path / "course"), "student", str(out)]) == 0
    assert sorted(p.name for p in out.glob("*.ipynb")) == names


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

    from balancing_act.data import loaders as data

    monkeypatch.delenv("BALANCING_ACT_DATA", raising=False)
    copy = tmp_path / "lessons_data"
    shutil.copytree(data.data_dir(), copy)
    assert cli.main(["check-data", str(copy)]) == 0
    assert "BALANCING_ACT_DATA" not in os.environ
    assert data.data_dir() != copy

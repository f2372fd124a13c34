"""Issue 26, points 3 and 4: a full disk or Ctrl+C never leaves half a file (a 0-byte lesson
would count as the learner's work for good), every build records each file as it writes
it, so its re-run finishes without --force, and Ctrl+C stops a command with one line.

The full disks are real: small tmpfs mounts (root only; skipped, saying why, elsewhere)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from balancing_act.cli import commands as cli
from balancing_act.delivery import site_assets, static_site, student_build
from balancing_act.support import overwrite_policy, paths
from balancing_act.support.overwrite_policy import MANIFEST
from tests.support.courses import course_copy

LESSONS = paths.lesson_notebooks()


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on ``folder`` for the test's length."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"a small tmpfs is needed for a real full disk ({done.stderr.strip()})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def resize(folder: Path, size: str) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(folder)], check=True)


def lines(capsys) -> list[str]:
    return capsys.readouterr().err.strip().splitlines()


def no_strays(folder: Path) -> None:
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def _interruptible() -> None:
    """In the child: SIGINT as a terminal delivers it. A pytest-xdist worker may run with
    SIGINT ignored, and a child inherits that, so Ctrl+C would never reach the command."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_lab_on_a_full_disk_leaves_no_empty_lesson(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd, env: 0)
    with small_disk(tmp_path / "disk", "28k") as disk:
        assert cli.main(["lab", "--dir", str(disk)]) == 1
        assert len(err := lines(capsys)) == 1 and "No space left" in err[0], err
        for lesson in disk.glob("*.ipynb"):  # the ones that fitted are whole
            nbformat.validate(nbformat.reads(lesson.read_text(encoding="utf-8"), 4))
        no_strays(disk)
        got = {p.name for p in disk.glob("*.ipynb")}
        assert got < {p.name for p in LESSONS}
        resize(disk, "1m")
        assert cli.main(["lab", "--dir", str(disk)]) == 0  # the rest added, the first kept
        assert {p.name for p in disk.glob("*.ipynb")} == {p.name for p in LESSONS}


def test_an_empty_lesson_an_older_version_left_is_replaced(tmp_path, monkeypatch):
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd, env: 0)
    work = tmp_path / "work"
    work.mkdir()
    (work / LESSONS[0].name).touch()
    (work / LESSONS[1].name).write_text("my own work", encoding="utf-8")
    assert cli.main(["lab", "--dir", str(work)]) == 0
    assert 'exercise(\\"00.1\\")' in (work / LESSONS[0].name).read_text(encoding="utf-8")
    assert (work / LESSONS[1].name).read_text(encoding="utf-8") == "my own work"


def test_an_interrupted_student_build_is_finished_by_its_rerun(tmp_path, monkeypatch, capsys):
    out = tmp_path / "student"
    real, calls = student_build.student_text, []

    def interrupted(path, hints):
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(path, hints)

    monkeypatch.setattr(student_build, "student_text", interrupted)
    assert cli.main(["student", str(out)]) == 130
    assert lines(capsys) == ["balancing-act: stopped (Ctrl+C)"]
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(p.name for p in LESSONS[:2])
    no_strays(out)
    monkeypatch.setattr(student_build, "student_text", real)
    assert cli.main(["student", str(out)]) == 0  # no --force: its own files
    assert len(list(out.glob("*.ipynb"))) == len(LESSONS)


def test_an_answer_key_cut_short_by_a_full_disk_is_finished_by_its_rerun(tmp_path, capsys):
    with small_disk(tmp_path / "disk", "60k") as disk:  # the Markdown fits, the page does not
        assert cli.main(["answer-key", str(disk)]) == 1
        assert len(err := lines(capsys)) == 1 and "No space left" in err[0], err
        assert not (disk / "answer_key.html").exists()  # never half a page
        no_strays(disk)
        resize(disk, "1m")
        assert cli.main(["answer-key", str(disk)]) == 0, lines(capsys)
        assert (disk / "answer_key.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_a_progress_export_on_a_full_disk_leaves_no_partial_csv(tmp_path, capsys, home):
    from balancing_act import progress

    for n in range(1, 5):
        progress.record(f"0{n}.1", "check", "incorrect")
    with small_disk(tmp_path / "disk", "8k") as disk:
        (disk / "filler").write_bytes(b"x" * 7000)
        assert cli.main(["progress", "--export", str(disk / "p.csv")]) == 1
        assert len(lines(capsys)) == 1
        assert not (disk / "p.csv").exists()
        no_strays(disk)


# --------------------------------------------------------------------------- the site


@pytest.fixture()
def stand_in_assets(tmp_path) -> Path:
    assets = tmp_path / "assets"
    assets.mkdir()
    for name in site_assets.REQUIRED_ASSETS:
        (assets / name).write_text("/* stand-in */")
    (assets / "MANIFEST.txt").write_text("\n".join(site_assets.REQUIRED_ASSETS))
    return assets


def tiny_lessons(folder: Path, count: int = 3, code: str = "1 + 1") -> list[Path]:
    folder.mkdir()
    made = []
    for n in range(count):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(f"# Lesson {n}"), nbformat.v4.new_code_cell(code)]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        nbformat.write(nb, folder / f"0{n}_tiny.ipynb")
        made.append(folder / f"0{n}_tiny.ipynb")
    return made


class KernelInterrupted(Exception):
    """What nbclient raises when the kernel's cell got the terminal's Ctrl+C."""

    ename, evalue = "KeyboardInterrupt", ""


@pytest.mark.parametrize("how", [KeyboardInterrupt, KernelInterrupted])
def test_ctrl_c_stops_the_site_build_and_its_rerun_needs_no_force(how, tmp_path,
                                                                   stand_in_assets):
    lessons = tiny_lessons(tmp_path / "src")
    ran = []

    def execute(path, env):
        ran.append(path.name)
        if len(ran) == 2:
            raise how()
        return nbformat.read(path, as_version=4)

    out = tmp_path / "site"
    with pytest.raises(KeyboardInterrupt):
        static_site.build_site(out, lessons, assets=stand_in_assets, log=lambda line: None,
                               execute=execute)
    assert ran == [lessons[0].name, lessons[1].name]  # not taken as a failed lesson
    assert not list(out.glob("*.error.txt"))
    names = ["index.html", *(f"{p.stem}.html" for p in lessons)]
    overwrite_policy.check_output(out, names, kind="html")  # its own files: no --force


def test_ctrl_c_during_a_real_site_build_is_one_line(tmp_path, stand_in_assets):
    """The terminal's Ctrl+C reaches the command and its kernel (one process group)."""
    pytest.importorskip("ipykernel")
    course = course_copy(tmp_path / "course", notebooks=False)
    (course / "notebooks").mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import time\nprint('started', flush=True)\n"
                                          "time.sleep(120)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(nb, course / "notebooks" / "00_sleep.ipynb")
    script = ("import sys; from pathlib import Path\n"
              "from balancing_act.delivery import static_site\n"
              f"static_site.site_assets = lambda: Path({str(stand_in_assets)!r})\n"
              "from balancing_act.cli import main\nsys.exit(main())\n")
    # a terminal's Ctrl+C: the child must not inherit a test worker's ignored SIGINT
    env = {**os.environ, "BALANCING_ACT_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen([sys.executable, "-c", script, "--course", str(course), "html",
                             str(tmp_path / "site")], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True,
                            preexec_fn=_interruptible)
    try:
        first = proc.stdout.readline()
        assert first.startswith("lesson 00 (1 of 1)"), first
        time.sleep(6)  # the kernel has started and runs the cell
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=90)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, (out, err)
    assert err.strip().splitlines() == ["balancing-act: stopped (Ctrl+C)"], err
    assert "FAILED" not in out


def test_ctrl_c_in_any_command_is_one_line_and_no_traceback(tmp_path):
    script = ("import os, signal, sys, time\nfrom balancing_act.cli import commands as c\n"
              "def slow(args):\n    os.kill(os.getpid(), signal.SIGINT)\n    time.sleep(30)\n"
              "c._student = slow\nsys.exit(c.main())\n")
    env = {**os.environ, "BALANCING_ACT_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", script, "student", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=60, env=env,
                          preexec_fn=_interruptible)
    assert done.returncode == 130
    assert done.stderr.strip().splitlines() == ["balancing-act: stopped (Ctrl+C)"]

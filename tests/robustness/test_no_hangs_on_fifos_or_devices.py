"""Issue 26, point 2: no command waits on a FIFO or reads a device for ever. Each ends with
one line saying what it will not read or write. The devices are real ones, made with
mknod in the test's own folder (root only), so a failing test never touches /dev."""

from __future__ import annotations

import os
import signal
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from balancing_act.cli import commands as cli
from balancing_act.support.overwrite_policy import MANIFEST
from tests.support.courses import course_copy, no_course_left_named  # noqa: F401

DEVICES = {"zero": (1, 5), "full": (1, 7), "urandom": (1, 9)}
#: Seconds; a command that hangs fails here instead of hanging the suite.
LIMIT = int(os.environ.get("HANG_LIMIT", "60"))


class Hung(Exception):
    pass


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    def stop(signum, frame):
        raise Hung(f"still running after {LIMIT} s")

    before = signal.signal(signal.SIGALRM, stop)
    signal.alarm(LIMIT)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, before)


def special(folder: Path, kind: str) -> Path:
    """A FIFO, or a character device like /dev/<kind> (skips where mknod is not allowed)."""
    path = folder / f"{kind}.thing"
    if kind == "fifo":
        os.mkfifo(path)
        return path
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(*DEVICES[kind]))
    except PermissionError:
        pytest.skip("making a device node needs root (CAP_MKNOD)")
    return path


def one_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("balancing-act: "), err[0]
    return err[0]


WORDS = {"fifo": "FIFO", "zero": "character device", "full": "character device",
         "urandom": "character device"}


@pytest.mark.parametrize("kind", ["fifo", "zero", "full"])
def test_progress_export_to_a_fifo_or_device(kind, tmp_path, capsys):
    target = special(tmp_path, kind)
    assert cli.main(["progress", "--export", str(target)]) == 1
    assert WORDS[kind] in one_line(capsys)
    assert stat.S_ISFIFO(os.lstat(target).st_mode) or stat.S_ISCHR(os.lstat(target).st_mode)


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_class_report_html_to_a_fifo_or_device(kind, tmp_path, capsys):
    hand_in = tmp_path / "progress_ada.csv"
    hand_in.write_text("exercise,checks,last_status,ever_correct,hints_used,solution_viewed\n"
                       "00.1,1,correct,True,0,False\n", encoding="utf-8")
    target = special(tmp_path, kind)
    assert cli.main(["class-report", str(hand_in), "--html", str(target), "--force"]) == 1
    assert WORDS[kind] in one_line(capsys)


@pytest.mark.parametrize("kind", ["fifo", "zero", "urandom"])
def test_check_brief_on_a_fifo_or_device(kind, tmp_path, capsys):
    target = special(tmp_path, kind)
    assert cli.main(["check-brief", str(target)]) == 1
    assert WORDS[kind] in one_line(capsys)


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_a_class_report_over_a_folder_with_a_fifo_in_it(kind, tmp_path, capsys):
    (tmp_path / "hand_ins").mkdir()
    special(tmp_path / "hand_ins", kind).rename(tmp_path / "hand_ins" / "progress_bo.csv")
    assert cli.main(["class-report", str(tmp_path / "hand_ins")]) == 1  # nothing readable
    err = capsys.readouterr().err
    assert f"skipped {tmp_path / 'hand_ins' / 'progress_bo.csv'}" in err and WORDS[kind] in err


@pytest.mark.parametrize("where", ["exercises/02_two_partners.yml", "sentences.csv",
                                   "model/parameters.csv"])
def test_check_data_with_a_fifo_in_place_of_a_file(where, tmp_path, capsys):
    course = course_copy(tmp_path / "course", notebooks=False)
    target = course / "lessons_data" / where
    target.unlink()
    os.mkfifo(target)
    assert cli.main(["check-data", str(course / "lessons_data")]) == 1
    err = capsys.readouterr().err
    assert "FIFO" in err and Path(where).name in err


def test_a_build_whose_manifest_is_a_fifo(tmp_path, capsys):
    out = tmp_path / "student"
    out.mkdir()
    os.mkfifo(out / MANIFEST)
    assert cli.main(["student", str(out)]) == 1
    assert "FIFO" in one_line(capsys)


def test_a_student_build_of_a_course_with_a_fifo_for_a_lesson(tmp_path, capsys):
    course = course_copy(tmp_path / "course")
    lesson = sorted((course / "notebooks").glob("01_*.ipynb"))[0]
    lesson.unlink()
    os.mkfifo(lesson)
    assert cli.main(["--course", str(course), "student", str(tmp_path / "out")]) == 1
    assert "FIFO" in one_line(capsys)


@pytest.mark.parametrize("kind", ["fifo", "zero"])
@pytest.mark.parametrize("option", ["--rubric", "--csv"])
def test_brief_marking_files_on_a_fifo_or_device(kind, option, tmp_path, capsys):
    """A rubric file or a CSV that is a FIFO or a device: refused in one line, never read
    or written (the class's table is printed first, so only stderr is one line)."""
    brief = Path(__file__).resolve().parents[2] / "docs" / "briefs" / "strong.md"
    target = special(tmp_path, kind)
    assert cli.main(["check-brief", str(brief), option, str(target)]) == 1
    assert WORDS[kind] in one_line(capsys)
    assert stat.S_ISFIFO(os.lstat(target).st_mode) or stat.S_ISCHR(os.lstat(target).st_mode)

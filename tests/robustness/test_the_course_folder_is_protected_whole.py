"""Issue 26, point 6: ``--course FOLDER`` pointed at a checkout protects the whole checkout
(its top folder, src/, tests/ ...), not only notebooks/ and lessons_data/; its git-ignored
build/ stays open to builds."""

from __future__ import annotations

import os

import pytest

from balancing_act.cli import commands as cli
from tests.support.courses import course_copy, no_course_left_named  # noqa: F401


@pytest.fixture()
def clone(tmp_path):
    """A checkout of the course, as ``git clone`` gives it (the parts that matter here)."""
    folder = course_copy(tmp_path / "clone")
    (folder / "pyproject.toml").write_text("[project]\nname = 'balancing-act'\n")
    for part in ("src", "tests", "docs"):
        (folder / part).mkdir()
        (folder / part / "keep.txt").write_text("the checkout's own file")
    return folder


def listing(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("command, where", [
    ("student", "."), ("student", "src"), ("answer-key", "tests"), ("answer-key", "."),
    ("student", "docs/handout"), ("answer-key", "lessons_data/key"),
])
def test_a_build_into_a_named_checkout_is_refused(command, where, clone, capsys):
    before = listing(clone)
    assert cli.main(["--course", str(clone), command, str(clone / where)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "inside the course's own files" in err[0], err
    assert listing(clone) == before


def test_its_build_folder_stays_open(clone, capsys, monkeypatch):
    monkeypatch.chdir(clone)
    assert cli.main(["--course", str(clone), "student", "build/student"]) == 0
    assert len(os.listdir(clone / "build" / "student")) > 1


def test_the_folder_is_protected_however_it_is_spelled(clone, tmp_path, capsys):
    link = tmp_path / "linked"
    link.symlink_to(clone / "src")
    assert cli.main(["--course", str(clone), "student", str(link)]) == 1
    assert "inside the course's own files" in capsys.readouterr().err
    assert listing(clone / "src") == ["keep.txt"]

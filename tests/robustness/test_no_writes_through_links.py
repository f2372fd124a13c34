"""Issue 26, point 1: nothing the course writes goes through a symbolic link, and nothing is
renamed or read through one where a learner could plant it. Run as root here, as kernels
in many containers are, so each planted link points at a root-owned file in /tmp."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from balancing_act import progress
from balancing_act.class_report import records as class_records
from balancing_act.cli import commands as cli
from balancing_act.policy_brief import saved_copy
from balancing_act.support import atomic_files, safe_io
from balancing_act.support.overwrite_policy import MANIFEST

PASSWD = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n"


@pytest.fixture()
def victim(tmp_path) -> Path:
    """A file that is not the course's (a copy of /etc/passwd, owned by whoever runs this)."""
    target = tmp_path / "x" / "passwd"
    target.parent.mkdir()
    target.write_text(PASSWD, encoding="utf-8")
    return target


def test_the_issues_reproduction_leaves_the_target_whole(victim, tmp_path):
    """The issue's own commands: a check with progress.json linked to a passwd copy."""
    home = victim.parent / "h"
    home.mkdir()
    (home / "progress.json").symlink_to(victim)
    env = {**os.environ, "BALANCING_ACT_HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", "from balancing_act.exercises import exercise;"
                           " print(exercise('00.1').check(42).status)"],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert "symbolic link" in done.stderr and "Traceback" not in done.stderr
    assert victim.read_text(encoding="utf-8") == PASSWD
    assert sorted(p.name for p in victim.parent.iterdir()) == ["h", "passwd"]  # no .damaged-1
    assert (home / "progress.json").is_symlink() and os.listdir(home) == ["progress.json"]


def test_a_linked_lock_file_is_never_created_through(home, tmp_path):
    home.mkdir()
    planted = tmp_path / "made-by-the-link"
    (home / "progress.json.lock").symlink_to(planted)
    with pytest.warns(progress.ProgressWarning, match="symbolic link"):
        progress.record("00.1", "check", "correct")
    assert not planted.exists()
    assert not (home / "progress.json").exists()


def test_a_linked_saved_brief_is_neither_read_nor_written_through(home, victim):
    from balancing_act.policy_brief.brief import Brief

    home.mkdir()
    saved_copy.brief_path().symlink_to(victim)
    with pytest.raises(saved_copy.BriefFileProblem, match="symbolic link"):
        saved_copy.load()
    with pytest.raises(saved_copy.BriefFileProblem, match="symbolic link"):
        saved_copy.save(Brief(author="Ada"), "concern_moscow")
    assert victim.read_text(encoding="utf-8") == PASSWD
    assert os.listdir(victim.parent) == ["passwd"]  # not moved aside either


def test_the_progress_export_from_a_notebook_refuses_a_link(victim, tmp_path):
    link = tmp_path / "progress.csv"
    link.symlink_to(victim)
    with pytest.raises(safe_io.NotARegularFile, match="symbolic link"):
        progress.export_csv(link)
    assert victim.read_text(encoding="utf-8") == PASSWD


def test_a_damaged_file_is_moved_aside_only_when_it_is_a_file(victim, tmp_path):
    link = tmp_path / "progress.json"
    link.symlink_to(victim)
    with pytest.raises(safe_io.NotARegularFile):
        atomic_files.move_aside(link)
    assert victim.read_text(encoding="utf-8") == PASSWD and link.is_symlink()


def test_the_class_report_never_reads_a_link_planted_in_a_learners_home(victim, tmp_path):
    homes = tmp_path / "home"
    (homes / "mallory").mkdir(parents=True)
    (homes / "mallory" / "progress.json").symlink_to(victim)
    records, skipped = class_records.read_all([homes])
    assert len(skipped) == 1 and "symbolic link" in skipped[0].reason, skipped
    assert records == []  # skipped like any other file that is not a record


def test_a_learner_copy_of_the_worked_lessons_is_never_made_through_a_link(tmp_path, capsys):
    from balancing_act.support import paths

    work = tmp_path / "work"
    work.mkdir()
    planted = tmp_path / "elsewhere.ipynb"
    (work / paths.lesson_notebooks()[0].name).symlink_to(planted)  # dangling: copy2 made it
    from balancing_act.delivery import lab

    with pytest.raises(Exception, match="symbolic link"):
        lab.copy_missing(paths.notebooks_dir(), work, student=False)
    assert not planted.exists()


def test_a_builds_manifest_linked_elsewhere_is_replaced_not_written_through(victim, tmp_path):
    out = tmp_path / "key"
    out.mkdir()
    (out / MANIFEST).symlink_to(victim)
    assert cli.main(["answer-key", str(out)]) == 0
    assert victim.read_text(encoding="utf-8") == PASSWD
    assert not (out / MANIFEST).is_symlink()
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8"))["kind"] == "answer-key"


def test_a_sites_static_folder_linked_elsewhere_is_refused(tmp_path):
    from balancing_act.delivery import site_assets

    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "require.js").write_text("/* stand-in */")
    (assets / "MANIFEST.txt").write_text("require.js")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    site = tmp_path / "site"
    site.mkdir()
    (site / "static").symlink_to(elsewhere)
    with pytest.raises(safe_io.NotARegularFile, match="symbolic link"):
        site_assets.copy_assets(assets, site)
    assert os.listdir(elsewhere) == []


def test_the_brief_export_never_writes_through_a_dangling_link(tmp_path):
    from balancing_act.widgets import brief_builder

    planted = tmp_path / "planted.md"
    (tmp_path / "policy_brief_ada.md").symlink_to(planted)
    assert brief_builder.free_path(tmp_path, "policy_brief_ada.md").name == "policy_brief_ada-2.md"
    atomic_files.create_text(tmp_path / "new.md", "text")
    with pytest.raises(FileExistsError):
        atomic_files.create_text(tmp_path / "policy_brief_ada.md", "text")
    assert not planted.exists()


@pytest.mark.parametrize("force", [False, True])
def test_a_feedback_file_planted_as_a_link_is_never_written_through(victim, tmp_path, capsys,
                                                                    force):
    """A link where check-brief's feedback file goes (to a passwd copy): refused, or with
    --force replaced by a file of its own; the target stays whole either way."""
    brief = Path(__file__).resolve().parents[2] / "docs" / "briefs" / "strong.md"
    folder = tmp_path / "feedback"
    folder.mkdir()
    (folder / "strong.feedback.md").symlink_to(victim)
    code = cli.main(["check-brief", str(brief), "--feedback", str(folder),
                     *(["--force"] if force else [])])
    capsys.readouterr()
    assert victim.read_text(encoding="utf-8") == PASSWD
    assert code == (0 if force else 1)
    assert (folder / "strong.feedback.md").is_symlink() != force

"""The command line: what `make lab` starts, and the commands' help."""

from __future__ import annotations

import subprocess
import sys

from balancing_act import cli


def test_lab_listens_on_loopback_keeps_the_token_and_opens_lesson_00():
    cmd = cli.lab_command(["--no-browser"])
    assert "--ServerApp.ip=127.0.0.1" in cmd
    assert not any("token" in part.lower() or "password" in part.lower() for part in cmd)
    assert "--LabApp.default_url=/lab/tree/00_start_here.ipynb" in cmd
    assert cmd[-1] == "--no-browser"


def test_lab_refuses_nothing_but_passes_other_options_through(monkeypatch):
    seen = []
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd: seen.append(cmd) or 0)
    assert cli.main(["lab", "--no-browser", "--port", "8899"]) == 0
    assert seen[0][-3:] == ["--no-browser", "--port", "8899"]


def test_every_command_is_listed_in_the_help():
    done = subprocess.run([sys.executable, "-m", "balancing_act.cli", "--help"],
                          capture_output=True, text=True, timeout=60)
    for command in ("check-data", "progress", "lab", "student", "answer-key", "present", "html"):
        assert command in done.stdout


def test_progress_export_writes_a_csv(tmp_path):
    target = tmp_path / "mine.csv"
    assert cli.main(["progress", "--export", str(target)]) == 0
    assert target.read_text(encoding="utf-8").splitlines()[0].startswith("lesson")

"""`make lab`, the README's first command, run as written from a clean clone.

The clone is made with git (so only committed files count), `make lab` runs in
the background, the URL it prints is opened in headless Chromium, and the page
must show lesson 00 of the learner's own copy (my_work/, student version) with no
"Jupyter news" prompt. As root, the one line saying so must be printed. The
server is stopped by its process group and everything is removed.

The Makefile's install step is the slow part (a minute or more of pip on two
cores) and `make install` / `make test` run it anyway, so by default the clone's
environment is prepared first (the clone installed editable, dependencies linked:
see venvkit) and `make lab` is given it with VENV=. BALANCING_ACT_FULL_INSTALL=1
lets `make lab` create and fill its own .venv, exactly as on a fresh machine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import labdriver, venvkit

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """Everything this test makes lives here and is removed, whatever happens."""
    with venvkit.scratch_folder("balancing-act-make-lab-") as tmp:
        yield tmp
    assert not tmp.exists()


def _make_args(scratch: Path, clone: Path) -> list[str]:
    """Extra `make` variables: none for a full install, else a prepared VENV for the clone."""
    if venvkit.FULL:
        return []
    venv = scratch / "venv"
    python = venvkit.linked_venv(venv)
    venvkit.pip(python, "install", "--no-deps", "--editable", str(clone))
    (venv / ".installed-stamp").touch()  # newer than the clone's pyproject.toml: no reinstall
    return [f"VENV={venv}"]


@pytest.mark.skipif(shutil.which("make") is None or shutil.which("git") is None,
                    reason="needs make and git")
def test_make_lab_from_a_clean_clone_serves_lesson_00_of_the_learners_copy(scratch, browser):
    clone = scratch / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    make = ["make", "--no-print-directory", "lab", *_make_args(scratch, clone),
            f"LAB_ARGS=--no-browser --ServerApp.port={labdriver.free_port()}"]
    log = scratch / "make-lab.log"
    proc = venvkit.start(make, clone, venvkit.isolated_env(scratch / "home"), log)
    try:
        url = venvkit.wait_for_url(proc, log, timeout=900 if venvkit.FULL else 120)
        shown = venvkit.open_first_lesson(browser, url, terminal_out=scratch / "terminal.txt")
    finally:
        venvkit.stop(proc)
    printed = log.read_text(errors="replace")
    assert url.startswith("http://127.0.0.1:") and "token=" in url
    assert sorted(p.name for p in (clone / "my_work").glob("*.ipynb")) == LESSONS
    assert shown["tab"] == "00_start_here.ipynb"
    assert shown["heading"].strip()
    assert any(s.strip() == 'exercise("00.1")' for s in shown["sources"])  # empty form
    assert shown["news"] == 0
    # the optional terminal route: a terminal opened in this lab finds the course's command,
    # the one of the environment `make lab` runs in (.venv is never activated)
    version, found = shown["terminal"].strip().splitlines()[-2:]
    assert version.startswith("balancing-act "), shown["terminal"]
    if not venvkit.FULL:
        assert found == str(scratch / "venv" / "bin" / "balancing-act"), shown["terminal"]
    root_lines = [line for line in printed.splitlines() if "Running as root" in line]
    assert len(root_lines) == (1 if os.geteuid() == 0 else 0), printed[-3000:]
    assert "Running as root is not recommended" not in printed

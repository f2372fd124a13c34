"""The course as people install it: a wheel, a fresh venv outside the checkout, an empty folder.

Builds the wheel (and the sdist, and the wheel from the sdist), installs it into a
new virtual environment in a temporary folder, and runs the commands a learner or
a teacher runs from an empty folder: check-data, student (lessons 00 and 04 then
run clean in a fresh kernel), answer-key, progress and lab (its printed URL opened in
headless Chromium). Everything made is removed at the end. See tests/support/venvkit.py
for how the venv is made fast (BALANCING_ACT_FULL_INSTALL=1: a full pip install).
"""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from balancing_act.delivery import lab_settings
from balancing_act.support import paths
from tests.support import labdriver, venvkit

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
LESSONS = [p.name for p in sorted((ROOT / "notebooks").glob(paths.LESSON_GLOB))]

#: Run from the installed course: the first lesson (progress record, forms) and the model
#: lesson (every model table, scenarios, planner). Every lesson's student build also runs
#: in tests/unit/delivery/test_student_build_and_key.py and in the browser; here the point
#: is the installed files.
#: Where a wheel's shared data puts the course's JupyterLab settings in an environment.
LAB_SETTINGS = "share/jupyter/lab/settings/overrides.json"
RUN_HERE = [LESSONS[0], next(n for n in LESSONS if n.startswith("04_"))]
#: Run by the installed venv's python: one notebook, in a fresh kernel.
RUN_NOTEBOOKS = """
import sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
failed = 0
for path in [Path(sys.argv[1]) / sys.argv[2]]:
    nb = nbformat.read(path, as_version=4)
    try:
        NotebookClient(nb, timeout=180, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        print("ok", path.name)
    except CellExecutionError as exc:
        failed += 1
        print("FAILED", path.name, str(exc)[-1500:])
sys.exit(1 if failed else 0)
"""


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """One temporary folder for everything the tests make; removed, whatever happens."""
    with venvkit.scratch_folder("balancing-act-install-") as tmp:
        yield tmp
    assert not tmp.exists()


@pytest.fixture(scope="module")
def wheels(scratch) -> tuple[Path, Path]:
    """The wheel built from the checkout, and the one built from the sdist."""
    return (venvkit.build_wheel(ROOT, scratch / "direct", "--wheel"),
            venvkit.build_wheel(ROOT, scratch / "via-sdist"))


@pytest.fixture(scope="module")
def venv(scratch, wheels) -> Path:
    """A fresh venv outside the checkout with the course installed from its wheel by pip."""
    folder = scratch / "venv"
    if venvkit.FULL:
        python = venvkit.full_venv(folder)
        venvkit.pip(python, "install", str(wheels[0]))
    else:
        python = venvkit.linked_venv(folder)
        venvkit.pip(python, "install", "--no-deps", "--no-index", str(wheels[0]))
    venvkit.pip(python, "check")  # the wheel's dependencies are all there, in range
    return folder


@pytest.fixture()
def learner(scratch, venv, request) -> tuple[Path, dict[str, str]]:
    """An empty folder to run commands from, and an environment with a private home."""
    folder = scratch / request.node.name / "empty"
    folder.mkdir(parents=True)
    return folder, venvkit.isolated_env(scratch / request.node.name / "home", venv)


def _run(venv: Path, learner, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    cwd, env = learner
    return subprocess.run([str(venv / "bin" / "balancing-act"), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def _record(wheel: Path) -> list[str]:
    """The wheel's files with their hashes (RECORD, minus its own line)."""
    with zipfile.ZipFile(wheel) as archive:
        record = next(n for n in archive.namelist() if n.endswith(".dist-info/RECORD"))
        lines = archive.read(record).decode().splitlines()
    return sorted(line for line in lines if not line.startswith(record))


def test_the_sdist_builds_the_same_wheel(wheels):
    direct, via_sdist = wheels
    assert _record(direct) == _record(via_sdist)


def test_the_wheel_carries_both_licences_and_says_so(wheels):
    """A school's packaging check reads the licence from the metadata; both texts travel
    with the wheel (and, built from the sdist, the sdist held them too)."""
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
            metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA")))
        assert "License-Expression: MIT AND CC-BY-4.0" in metadata.decode()
        licences = [n.split("/licenses/", 1)[1] for n in names if "/licenses/" in n]
        assert sorted(licences) == ["LICENSE", "LICENSES/CC-BY-4.0.txt"]


def test_the_wheel_carries_the_whole_course(wheels):
    with zipfile.ZipFile(wheels[0]) as archive:
        names = set(archive.namelist())
    course = "balancing_act/course/"
    assert {f"{course}notebooks/{name}" for name in LESSONS} <= names
    data = {f"{course}{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "lessons_data").rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}
    assert data <= names
    assert "balancing_act/jupyter_config/labconfig/default_setting_overrides.json" in names
    assert not [n for n in names if ".ipynb_checkpoints" in n or n.endswith(".pyc")]


def test_the_wheel_gives_every_jupyterlab_in_its_environment_the_course_settings(
        wheels, venv, learner):
    """Not only `balancing-act lab`: a plain `jupyter lab` (a hub's, Binder's) has them too."""
    packaged = lab_settings.overrides()
    with zipfile.ZipFile(wheels[0]) as archive:
        shipped = [n for n in archive.namelist() if n.endswith(".data/data/" + LAB_SETTINGS)]
        assert len(shipped) == 1, shipped
        assert json.loads(archive.read(shipped[0])) == packaged
    installed = venv / LAB_SETTINGS
    assert installed.is_file() and not installed.is_symlink()
    cwd, env = learner
    with labdriver.running_lab(cwd, env, python=str(venv / "bin" / "python")) as lab:
        missing = labdriver.settings_not_applied(
            lambda plugin: lab.api("GET", f"/lab/api/settings/{plugin}"), packaged)
    assert missing == [], missing


def test_installed_commands_work_from_an_empty_folder(venv, learner):
    cwd, env = learner
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "from balancing_act.support import "
                            "paths; print(paths.course_dir())"], cwd=cwd, env=env,
                           capture_output=True, text=True, timeout=60)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stderr

    version = _run(venv, learner, "--version")
    assert version.stdout.strip() == f"balancing-act {paths.version()}"

    check = _run(venv, learner, "check-data")
    assert check.returncode == 0, check.stderr
    assert "all data files are valid" in check.stdout and str(venv) in check.stdout

    student = _run(venv, learner, "student", "OUT")
    assert student.returncode == 0, student.stderr
    assert sorted(p.name for p in (cwd / "OUT").glob("*.ipynb")) == LESSONS
    runs = [subprocess.Popen([str(venv / "bin" / "python"), "-c", RUN_NOTEBOOKS,
                              str(cwd / "OUT"), name], cwd=cwd, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            for name in RUN_HERE]  # two kernels at a time: one per core
    output = "".join(proc.communicate(timeout=900)[0] for proc in runs)
    assert all(proc.returncode == 0 for proc in runs), output[-5000:]
    assert sorted(line.split()[1] for line in output.splitlines()
                  if line.startswith("ok ")) == sorted(RUN_HERE)

    saved = Path(env["BALANCING_ACT_HOME"]) / "progress.json"
    assert not saved.exists(), "running the lessons recorded an answer nobody gave"
    answered = subprocess.run([str(venv / "bin" / "python"), "-c", "from balancing_act."
                               'exercises import exercise; exercise("00.1").check(42)'],
                              cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert answered.returncode == 0, answered.stderr
    record = json.loads(saved.read_text("utf-8"))
    assert record["events"] and {e["course"] for e in record["events"]} == {paths.version()}

    key = _run(venv, learner, "answer-key", "KEY")
    assert key.returncode == 0, key.stderr
    assert "Lesson 00" in (cwd / "KEY" / "answer_key.md").read_text(encoding="utf-8")
    assert (cwd / "KEY" / "answer_key.html").is_file()

    progress = _run(venv, learner, "progress")
    assert progress.returncode == 0, progress.stderr
    assert sorted(p.name for p in cwd.iterdir()) == ["KEY", "OUT"]  # nothing else written here


def test_installed_commands_say_where_they_looked_when_the_course_is_missing(venv, learner):
    cwd, _ = learner
    # tests/unit/cli/test_commands.py tries every command
    for command in (["student", "OUT"], ["lab"]):
        done = _run(venv, learner, "--course", str(cwd), *command)
        assert done.returncode == 2, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert str(cwd) in done.stderr and "Traceback" not in done.stderr
    assert list(cwd.iterdir()) == []


@pytest.mark.skipif(not labdriver.CHROMIUM.exists(), reason=f"{labdriver.CHROMIUM} not found: "
                    "install Debian's chromium to run this browser test; .ci/run does this")
def test_installed_lab_serves_the_learners_copy_of_lesson_00(venv, learner, scratch):
    cwd, env = learner
    log = scratch / "lab.log"
    proc = venvkit.start([str(venv / "bin" / "balancing-act"), "lab", "--no-browser",
                          f"--ServerApp.port={labdriver.free_port()}"], cwd, env, log)
    try:
        url = venvkit.wait_for_url(proc, log, timeout=90)
        shown = venvkit.with_own_browser(venvkit.open_first_lesson, url)
    finally:
        venvkit.stop(proc)
    assert sorted(p.name for p in cwd.glob("*.ipynb")) == LESSONS  # the learner's own copy
    assert shown["tab"] == "00_start_here.ipynb"
    assert shown["heading"].strip()
    assert any(s.strip() == 'exercise("00.1")' for s in shown["sources"])  # empty form
    assert shown["news"] == 0
    printed = log.read_text(errors="replace")
    assert ("as root" in printed) == (os.geteuid() == 0)

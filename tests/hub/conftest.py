"""A real class on a real JupyterHub, shared by every test in this folder (marked `hub`).

One hub and ten learners' servers serve the whole module: starting them costs most of
the time. The hub environment (jupyterhub, nbgitpuller, the course wheel) and the proxy
are installed on first use into a cache folder (tests/support/hubenv.py); `.ci/run` installs
them before the tests. Without npm the tests skip, saying how to get it.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support import classwork, hubbrowser, hubclass, hubenv

LEARNERS = classwork.LEARNERS
IN_BROWSER = hubbrowser.IN_BROWSER


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.hub)


@dataclass
class Classroom:
    """The running hub, the teacher's repository and the class, with what each did."""

    hub: hubclass.Hub
    repo: classwork.StudentRepo
    learners: dict[str, hubclass.Learner]
    link: str
    pulls: dict[str, list[dict]]
    runs: dict[str, classwork.LessonRun] = field(default_factory=dict)
    edits: dict[str, str] = field(default_factory=dict)
    reports: dict[str, dict] = field(default_factory=dict)
    browser: hubbrowser.BrowserThread | None = None
    pages: dict[str, object] = field(default_factory=dict)
    leftovers: list[str] | None = None

    def plan(self, name: str) -> list[classwork.Step]:
        return classwork.plan_for(LEARNERS.index(name))


def _unavailable() -> str | None:
    if not Path("/proc/self/stat").exists():
        return "the hub test tracks processes through /proc (Linux only)"
    if shutil.which("git") is None:
        return "git not found: nbgitpuller needs it (apt-get install git)"
    return None


@pytest.fixture(scope="module")
def classroom(tmp_path_factory) -> Iterator[Classroom]:
    if reason := _unavailable():
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("hub-class")
    with contextlib.ExitStack() as stack:
        stack.enter_context(hubenv.lock())
        try:
            proxy = hubenv.proxy_command()
        except hubenv.HubUnavailable as exc:
            pytest.skip(str(exc))
        python = hubenv.hub_python()
        repo = classwork.StudentRepo(work / "course").create()
        hub = hubclass.Hub(python, proxy, work / "hub", extra_args=hubbrowser.EXTRA_ARGS)
        stack.callback(hub.stop)
        hub.start()
        hub.add_learners(LEARNERS)
        learners = {lr.name: lr for lr in hub.start_servers(LEARNERS)}
        link = hubclass.pull_link(repo.url, classwork.REPO_NAME, classwork.LESSON)
        api_learners = [n for n in LEARNERS if n not in IN_BROWSER]
        with concurrent.futures.ThreadPoolExecutor(len(api_learners)) as pool:
            pulls = dict(zip(api_learners,
                             pool.map(lambda n: learners[n].pull(link), api_learners),
                             strict=True))
        yield Classroom(hub, repo, learners, link, pulls)


@pytest.fixture(scope="module")
def chromium(classroom) -> Iterator[hubbrowser.BrowserThread]:
    """Debian's Chromium for the learners who work in a browser (skips when missing)."""
    if not hubbrowser.CHROMIUM.exists():
        pytest.skip(f"{hubbrowser.CHROMIUM} not found: apt-get install chromium (.ci/run does)")
    browser = hubbrowser.BrowserThread()
    classroom.browser = browser
    try:
        yield browser
    finally:
        classroom.browser = None
        browser.close()

"""Fresh virtual environments, background servers and the learner's first page, for the
install tests (tests/integration/test_install.py) and the `make lab` test (test_make_lab.py).

A fresh environment with every dependency installed by pip takes over a minute on
two cores, so by default the course is installed by pip from its wheel (or
editable from a clone) into a new venv whose dependencies are *linked* from the
environment running the tests: the course itself, its entry point and its files
come only from what was installed. BALANCING_ACT_FULL_INSTALL=1 installs the
dependencies too, as a learner's `pip install` does (pip's cache makes it offline).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tests.support import labdriver

FULL = os.environ.get("BALANCING_ACT_FULL_INSTALL") == "1"
ISOLATED_DIRS = ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR",
                 "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "BALANCING_ACT_HOME")
#: What JupyterLab prints once it listens: the full URL with its token.
LAB_URL = re.compile(r"http://127\.0\.0\.1:\d+/\S*\?token=[0-9a-f]+")
NEWS_PROMPT = "official Jupyter news"


def _ours(name: str) -> bool:
    """Entries of site-packages that belong to the course (never linked) or are .pth hooks."""
    return name.startswith(("balancing_act", "_editable_impl_balancing_act", "__editable__"))


def linked_venv(dest: Path) -> Path:
    """A new venv whose third-party packages are symlinks into this one; returns its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(dest)], check=True)
    python = dest / "bin" / "python"
    here = Path(sysconfig.get_paths()["purelib"])
    there = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig."
                                 "get_paths()['purelib'])"], capture_output=True, text=True,
                                check=True).stdout.strip())
    for entry in here.iterdir():
        if not _ours(entry.name) and entry.suffix != ".pth":
            (there / entry.name).symlink_to(entry)
    # server extensions: real folders, linked files, so that a package installed into the
    # new venv (nbgitpuller's config file) lands there and never in this one
    _link_files(Path(sys.prefix) / "etc/jupyter", dest / "etc/jupyter")
    _link_entries(Path(sys.prefix) / "share/jupyter", dest / "share/jupyter", keep=("lab",))
    _link_entries(Path(sys.prefix) / "share/jupyter/lab", dest / "share/jupyter/lab",
                  keep=("settings",))
    return python


def _link_entries(source: Path, dest: Path, keep: tuple[str, ...]) -> None:
    """Link each entry of ``source`` into a real folder ``dest``, except those in ``keep``.

    JupyterLab's assets are shared, but lab/settings is the new environment's own: the
    course wheel installs its overrides.json there, never through a link into this one.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.name not in keep:
            (dest / entry.name).symlink_to(entry)


def _link_files(source: Path, dest: Path) -> None:
    """``source``'s folders made anew under ``dest``, each file in them a link."""
    for folder, _dirs, files in os.walk(source):
        there = dest / Path(folder).relative_to(source)
        there.mkdir(parents=True, exist_ok=True)
        for name in files:
            (there / name).symlink_to(Path(folder) / name)


def linked_names() -> set[str]:
    """Normalised names of the distributions a linked venv borrows from this one."""
    purelib = Path(sysconfig.get_paths()["purelib"])
    return {_normalise(entry.name.rsplit("-", 1)[0]) for entry in purelib.glob("*.dist-info")
            if not _ours(entry.name)}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def install_beside_links(python: Path, *requirements: str) -> list[str]:
    """pip-install ``requirements`` into a linked venv, only what it does not borrow yet.

    pip would replace a borrowed package it wants in another version, and so delete the
    files of this environment through the link: a dry run asks first, and such a plan
    raises ``ValueError`` (the caller makes a venv of its own instead). Returns the names
    installed.
    """
    with tempfile.TemporaryDirectory(prefix="balancing-act-pip-report-") as tmp:
        report = Path(tmp) / "report.json"
        pip(python, "install", "--dry-run", "--report", str(report), *requirements)
        planned = [item["metadata"]["name"]
                   for item in json.loads(report.read_text("utf-8"))["install"]]
    clashes = sorted(set(map(_normalise, planned)) & linked_names())
    if clashes:
        raise ValueError("pip would replace packages linked from the test environment: "
                         + ", ".join(clashes))
    pip(python, "install", *requirements)
    return planned


def full_venv(dest: Path) -> Path:
    """A new venv with its own pip (dependencies get installed for real)."""
    subprocess.run([sys.executable, "-m", "venv", str(dest)], check=True)
    return dest / "bin" / "python"


def build_wheel(project: Path, out: Path, *args: str) -> Path:
    """The course's wheel, built into ``out`` (``--wheel``: from the tree; no args: from the
    sdist, which is also written to ``out``)."""
    done = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out),
                           *args, str(project)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (wheel,) = out.glob("*.whl")
    return wheel


def pip(python: Path, *args: str, timeout: float = 600) -> str:
    """Run this environment's pip against another environment's python."""
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), *args,
                           "--disable-pip-version-check", "--quiet"],
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"pip {' '.join(args)} failed:\n{done.stderr[-3000:]}"
    return done.stdout


def isolated_env(home: Path, venv: Path | None = None) -> dict[str, str]:
    """An environment with Jupyter, IPython, cache and progress state under ``home``.

    Unlike the browser tests' own, it holds no JupyterLab settings override: what
    silences the news prompt must come from the course itself.
    """
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "JUPYTER_CONFIG_PATH", "JUPYTER_PATH",
                        "BALANCING_ACT_COURSE")}
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    env.setdefault("PIP_CACHE_DIR", str(cache / "pip"))  # pip's own (warm) cache, read as usual
    for var in ISOLATED_DIRS:
        (home / var.lower()).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / var.lower())
    env["HOME"] = str(home)
    env["MPLBACKEND"] = "Agg"
    if venv is not None:
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(venv)
    return env


def start(cmd: list[str], cwd: Path, env: dict[str, str], log: Path) -> subprocess.Popen:
    """A background process in its own process group, stdout and stderr in ``log``."""
    with open(log, "wb") as out:
        return subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)


def wait_for_url(proc: subprocess.Popen, log: Path, timeout: float) -> str:
    """The URL with the token that JupyterLab printed, once the server answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if found := LAB_URL.search(text):
            return found.group(0)
        if proc.poll() is not None:
            raise AssertionError(f"exited with {proc.returncode} before printing a URL:\n"
                                 f"{text[-3000:]}")
        time.sleep(0.3)
    raise AssertionError(f"no URL with a token within {timeout:.0f} s:\n"
                         f"{log.read_text(errors='replace')[-3000:]}")


def stop(proc: subprocess.Popen) -> None:
    """Stop a background process and its children (JupyterLab, kernels) by process group."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def open_first_lesson(browser: Any, url: str, timeout: float = 90,
                      terminal_out: Path | None = None) -> dict[str, Any]:
    """Open the printed URL as a learner would; report what the page shows.

    Returns the open tab's label, the lesson's first heading, the server's copy of
    the notebook (through the contents API, with the page's own token) and whether
    the "Jupyter news" prompt appeared within a few seconds of the page settling; with
    ``terminal_out``, what a terminal opened in that lab printed (``terminal_output``).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(timeout * 1000)
        page.goto(url)
        page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell")
        page.wait_for_selector(".jp-NotebookPanel .jp-RenderedMarkdown h1")
        page.wait_for_timeout(3000)  # the news prompt shows once the app is restored
        base, token = url.split("/lab")[0], url.rsplit("token=", 1)[1]
        notebook = page.evaluate(
            """async ([base, token]) => (await (await fetch(
                 `${base}/api/contents/00_start_here.ipynb?content=1&token=${token}`)).json())""",
            [base, token])
        return {
            "tab": page.locator(".lm-DockPanel-tabBar .lm-mod-current .lm-TabBar-tabLabel")
            .first.inner_text(),
            "heading": page.locator(".jp-NotebookPanel .jp-RenderedMarkdown h1").first
            .inner_text(),
            "sources": ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                        for c in notebook["content"]["cells"]],
            "news": page.get_by_text(NEWS_PROMPT).count(),
            "terminal": terminal_output(page, terminal_out) if terminal_out else "",
        }
    finally:
        context.close()


def terminal_output(page: Any, out: Path, timeout_ms: int = 60_000) -> str:
    """Open File > New > Terminal, run ``balancing-act --version`` there (and where the shell
    found it), written to ``out``; returns what arrived ("" if nothing did)."""
    page.click('.lm-MenuBar-itemLabel:text-is("File")')  # as a learner does: File > New >
    page.hover('.lm-Menu-itemLabel:text-is("New")')
    page.click('.lm-Menu-itemLabel:text-is("Terminal")')
    page.wait_for_selector(".jp-Terminal .xterm-screen", timeout=timeout_ms)
    page.wait_for_timeout(1500)  # the shell's prompt
    page.locator(".jp-Terminal .xterm-screen").first.click()
    page.keyboard.type(f"(balancing-act --version; command -v balancing-act) > {out} 2>&1")
    page.keyboard.press("Enter")
    for _ in range(timeout_ms // 500):
        if out.is_file() and out.read_text(errors="replace").count("\n") >= 2:
            return out.read_text(errors="replace")
        page.wait_for_timeout(500)
    from balancing_act.support import paths  # what the learner saw, for the failure report

    page.screenshot(path=str(paths.BUILD_DIR / "screenshots" / "make_lab_terminal.png"))
    return out.read_text(errors="replace") if out.is_file() else ""


def with_own_browser(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(browser, *args)`` with a Chromium of its own, run in a thread of its own.

    Playwright's sync API refuses to start inside another one's running loop, which
    the browser tests' session-wide Chromium keeps open in the main thread.
    """
    def run() -> Any:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = labdriver.launch_browser(pw)
            try:
                return fn(browser, *args)
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@contextlib.contextmanager
def scratch_folder(prefix: str, wait: float = 10) -> Iterator[Path]:
    """A temporary folder removed at the end, whatever happens. A stopped server's last
    kernel may still be writing its history for a moment, so removal is retried."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        deadline = time.monotonic() + wait
        while True:
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists() or time.monotonic() > deadline:
                break
            time.sleep(0.2)

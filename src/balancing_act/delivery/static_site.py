"""The offline site: each lesson executed and exported to HTML with its widget state.

Pages load scripts only from the site's ``static/`` folder (see site_assets and
site_page), so the site works from a USB stick with no network. One lesson
failing does not stop the others. Each page says it is a reading copy whose controls
do nothing, and shows no code, as on the projector: a learner's reading copy is the
lesson's words, tables and charts. Lessons are numbered 00 to 06, as everywhere else.
"""

from __future__ import annotations

import atexit
import contextlib
import html
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from balancing_act.delivery import site_page
from balancing_act.delivery.answer_key import PAGE_CSS, lesson_titles
from balancing_act.delivery.present import CODE_ONLY_TAG
from balancing_act.delivery.site_assets import copy_assets, site_assets
from balancing_act.delivery.site_page import STATIC
from balancing_act.delivery.student_build import placeholders, read_notebook, write_student
from balancing_act.support import html_page, paths
from balancing_act.support.overwrite_policy import BuildFiles

#: nbconvert's lab template made to work offline (see site_page).
_OFFLINE_TEMPLATE = site_page.OFFLINE_TEMPLATE


def html_exporter() -> Any:
    """An HTMLExporter whose pages load scripts only from the site's own static/ folder,
    with the code left out (inputs and prompts; cells tagged ``code-only``)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="lab", template_file="offline.html.j2",
                            extra_loaders=[DictLoader({"offline.html.j2": _OFFLINE_TEMPLATE})],
                            require_js_url=f"{STATIC}/require.js",
                            widget_renderer_url=f"{STATIC}/embed-amd.js",
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={CODE_ONLY_TAG}),
                                   enabled=True)
    return exporter


#: A Unix socket's path must stay under 108 bytes (sun_path, with its NUL).
SOCKET_PATH_MAX = 107


def kernel_config(sockets: Path) -> Any:
    """The kernel on Unix sockets in ``sockets`` (new, private), where the path is short enough.

    With TCP, jupyter_client picks free ports, lets go of them and the kernel binds them a
    moment later; on a machine starting many kernels at once (a hub, a build beside a
    class, a test suite) another process can take one in between, and the kernel dies
    before it answers. Socket files in a folder of the build's own cannot be taken.
    """
    from traitlets.config import Config

    config = Config()
    if len(str(sockets / "kernel-ipc-99")) <= SOCKET_PATH_MAX:   # its longest socket path
        config.KernelManager.transport = "ipc"
        config.KernelManager.connection_file = str(sockets / "kernel.json")
    return config


def execute_notebook(path: Path, env: Mapping[str, str], timeout: int = 600) -> Any:
    """Run a notebook in a fresh kernel (cwd: its folder), keeping the widget state."""
    with tempfile.TemporaryDirectory(prefix="ba-kernel-") as sockets:
        return _execute(path, env, timeout, kernel_config(Path(sockets)))


def _execute(path: Path, env: Mapping[str, str], timeout: int, config: Any) -> Any:
    from nbclient import NotebookClient

    nb = read_notebook(path)
    client = NotebookClient(nb, timeout=timeout, store_widget_state=True, config=config,
                            resources={"metadata": {"path": str(path.parent)}})
    failed: list[BaseException] = []

    def run() -> None:
        try:
            client.execute(env=dict(env), stderr=subprocess.DEVNULL)  # kernel logs: not cells
        except BaseException as exc:  # handed to the main thread below
            failed.append(exc)

    # In a thread of its own, nbclient installs no SIGINT handler of its own (in the main
    # thread it does, and Ctrl+C then shuts the kernel down and fails the lesson while the
    # build goes on); Ctrl+C stays the main thread's, which stops the kernel and the build.
    worker = threading.Thread(target=run, name=f"execute {path.name}", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.1)
    except KeyboardInterrupt:
        _kill_kernel(client)
        worker.join(30)
        atexit.unregister(client._cleanup_kernel)  # its kernel is gone: nothing to clean up
        raise
    if failed:
        raise failed[0]
    return nb


def _kill_kernel(client: Any) -> None:
    """Stop a kernel at once (Ctrl+C): the thread running it then ends with an error."""
    process = getattr(getattr(getattr(client, "km", None), "provisioner", None), "process", None)
    with contextlib.suppress(Exception):
        process.kill()


def lesson_title(path: Path, titles: Mapping[str, str] | None = None) -> str:
    """A lesson's title: ``titles`` (by file name), else the first heading, else the file name."""
    if titles and path.name in titles:
        return titles[path.name]
    nb = read_notebook(path)
    for cell in nb.cells:
        match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
        if cell.cell_type == "markdown" and match:
            return match.group(1).strip()
    return path.stem.replace("_", " ")


@dataclass
class SiteReport:
    """What a site build produced: pages by lesson, and failures with their reasons."""

    out_dir: Path
    pages: dict[str, Path] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failures


def _failure_summary(exc: BaseException) -> str:
    """One line: the kernel's error name and value when there is one."""
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    first = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {first[0] if first else ''}"


def link_pages(body: str, stems: Iterable[str]) -> str:
    """Point links to sibling notebooks (``02_two_partners.ipynb#x``) at their pages."""
    names = "|".join(re.escape(stem) for stem in stems)
    if not names:
        return body
    return re.sub(rf'href="(?:\./)?({names})\.ipynb(#[^"]*)?"', r'href="\1.html\2"', body)


#: How a lesson becomes an executed notebook: ``execute_notebook`` in a build; a test suite
#: that has executed the same lesson already passes a function that returns that run.
Execute = Callable[[Path, Mapping[str, str]], Any]


def _export(path: Path, files: BuildFiles, title: str, env: Mapping[str, str],
            stems: Iterable[str], execute: Execute) -> Path:
    nb = execute(path, env)
    nb.metadata["title"] = title
    body, _ = html_exporter().from_notebook_node(
        nb, resources={"metadata": {"name": title, "lesson_file": path.name}})
    return files.write(f"{path.stem}.html", link_pages(body, stems))


def lesson_number(path: Path) -> str:
    """The lesson's own number, "03" of 03_balancing_strategy.ipynb (else its name)."""
    match = re.match(r"(\d+)_", path.name)
    return match.group(1) if match else path.stem


#: What the home page says before the list: a reading copy, and how to get the lessons live.
READING_COPY = ("A reading copy: each page shows a lesson as it ran, with its tables and "
                "charts. Its buttons, sliders and answer forms do nothing here; to use them, "
                "open the lesson in JupyterLab (make lab, or balancing-act lab).")


def index_html(lessons: list[tuple[str, str | None]], note: str = "") -> str:
    """The site's home page: each lesson's title (numbered as the lessons are, "03 · ...")
    and page (None when its build failed)."""
    items = [f'<li><a href="{html.escape(page)}">{html.escape(title)}</a></li>' if page
             else f"<li>{html.escape(title)} (not available: its build failed)</li>"
             for title, page in lessons]
    return html_page.page(
        "Balancing Act: lessons",
        "<main id=\"main\"><h1>Balancing Act: lessons</h1>\n"
        f"<p>{html.escape(note)}</p>\n<p>{html.escape(READING_COPY)}</p>\n"
        f"<ul class=\"lessons\">{''.join(items)}</ul>\n</main>",
        css=PAGE_CSS + " ul.lessons { list-style: none; padding-left: 0; }")


def _say(line: str) -> None:
    """Progress lines, flushed at once so that `make html` shows them as they happen."""
    print(line, flush=True)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class _Interrupts:
    """Whether Ctrl+C came during the build: the kernel gets it too, and its cell then
    fails with KeyboardInterrupt, which must stop the build, not count as a failed lesson."""

    def __init__(self) -> None:
        self.hit = False
        self._before: Any = None

    def __enter__(self) -> _Interrupts:
        if threading.current_thread() is threading.main_thread():
            self._before = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum: int, frame: Any) -> None:
        self.hit = True
        raise KeyboardInterrupt

    def __exit__(self, *exc: object) -> None:
        if self._before is not None:
            signal.signal(signal.SIGINT, self._before)

    def stopped(self, exc: BaseException) -> bool:
        return self.hit or getattr(exc, "ename", None) == "KeyboardInterrupt"


def _build_page(path: Path, report: SiteReport, files: BuildFiles, env: Mapping[str, str],
                stems: list[str], title: str, log: Callable[[str], None], execute: Execute,
                interrupts: _Interrupts) -> str | None:
    """Export one lesson into the report; return its page name, or None when it failed."""
    start = time.perf_counter()
    error_file = f"{path.stem}.error.txt"
    try:
        page = _export(path, files, title, env, stems, execute)
    except Exception as exc:  # any failure is reported, by lesson, and the build goes on
        if interrupts.stopped(exc):
            raise KeyboardInterrupt from None
        report.failures[path.name] = _ANSI.sub("", _failure_summary(exc))
        files.write(error_file, _ANSI.sub("", str(exc)))
        log(f"  FAILED: {report.failures[path.name]} (details: {error_file})")
        return None
    report.pages[path.name] = page
    report.seconds[path.name] = time.perf_counter() - start
    files.remove(error_file)
    log(f"  ok ({report.seconds[path.name]:.1f} s)")
    return page.name


def build_site(out_dir: Path, notebooks: list[Path] | None = None, *, student: bool = False,
               assets: Path | None = None, log: Callable[[str], None] = _say,
               execute: Execute = execute_notebook) -> SiteReport:
    """Execute each notebook (with ``execute``) and export it to ``out_dir`` with its
    widget state.

    One lesson failing does not stop the others: the report lists each failure,
    ``<lesson>.error.txt`` keeps the full error. Kernels record progress in a
    throw-away folder, never in the teacher's own progress file. Every file is written
    whole and recorded in the build's manifest as it is written, so a build stopped by
    Ctrl+C (which stops it, with ``KeyboardInterrupt``) is finished by its re-run.
    """
    notebooks = list(notebooks if notebooks is not None else paths.lesson_notebooks())
    report = SiteReport(Path(out_dir))
    report.out_dir.mkdir(parents=True, exist_ok=True)
    files = BuildFiles(report.out_dir, "html-student" if student else "html")
    copy_assets(assets or site_assets(), report.out_dir, files.write)
    titles = lesson_titles("notebook")
    listed: list[tuple[str, str | None]] = []
    with tempfile.TemporaryDirectory() as tmp, _Interrupts() as interrupts:
        env = {**os.environ, "BALANCING_ACT_HOME": str(Path(tmp) / "progress")}
        if student:
            hints = placeholders(None)
            notebooks = [write_student(p, Path(tmp) / "student" / p.name, hints)
                         for p in notebooks]
        stems = [p.stem for p in notebooks]
        for n, path in enumerate(notebooks, start=1):
            title = lesson_title(path, titles)
            log(f"lesson {lesson_number(path)} ({n} of {len(notebooks)}): {path.name} ...")
            try:
                page = _build_page(path, report, files, env, stems, title, log, execute,
                                   interrupts)
            except BaseException:  # asyncio turns a Ctrl+C into CancelledError, say
                if interrupts.hit:
                    raise KeyboardInterrupt from None
                raise
            listed.append((f"{lesson_number(path)} · {title}", page))
    note = "Student edition: solutions removed." if student else "Executed notebooks with outputs."
    files.write("index.html", index_html(listed, note))
    return report

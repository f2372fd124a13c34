"""Drive JupyterLab in headless Chromium: shared by the browser tests and `make bench`.

One module so that the tests and the latency benchmark start the server, open a
lesson and press a slider key in exactly the same way. Nothing here asserts:
functions report what the page shows and the callers decide.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("BALANCING_ACT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
#: Plugin settings that keep toasts (news, update checks) from covering cells.
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
}
ENV_DIRS = [("JUPYTER_CONFIG_DIR", "jupyter-config"), ("JUPYTER_DATA_DIR", "jupyter-data"),
            ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"), ("IPYTHONDIR", "ipython"),
            ("XDG_CONFIG_HOME", "xdg-config"), ("XDG_CACHE_HOME", "xdg-cache"),
            ("BALANCING_ACT_HOME", "progress")]
#: Outputs that mean a cell failed. JupyterLab 4.6 draws `error` outputs and stderr
#: streams alike (.jp-RenderedText, data-mime-type application/vnd.jupyter.stderr), so
#: the words tell a traceback from a warning; the notebook model is read as well.
ERROR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
ERROR_WORDS = ("Traceback", "Error:")
BROKEN_WIDGET = "Error displaying widget"
CONTROLS = {"slider": ".widget-slider .noUi-handle",
            "dropdown": ".widget-dropdown select",
            "select": ".widget-select-multiple select",
            "button": "button.jupyter-button"}


# ---------------------------------------------------------------- environment

def isolated_env(home: Path) -> dict[str, str]:
    """Environment that keeps Jupyter, IPython, Chromium and progress state under `home`."""
    env = dict(os.environ)
    for var, sub in ENV_DIRS:
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env["HOME"] = str(home)
    write_lab_overrides(Path(env["JUPYTER_CONFIG_DIR"]))
    return env


def write_lab_overrides(config_dir: Path) -> Path:
    """Silence the news toast through the config dir (no write into the shared venv)."""
    from balancing_act.delivery import (
        lab_settings,  # the course's own defaults, as `make lab` has them
    )

    return lab_settings.write_overrides(config_dir, LAB_OVERRIDES)


def copy_notebooks(source: Path, dest: Path) -> Path:
    """A throw-away copy of the notebooks folder, so runs never touch committed files."""
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return dest


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- server

@dataclass
class LabServer:
    """A JupyterLab server started in its own process group, stopped by its PID."""

    root_dir: Path
    env: dict[str, str]
    port: int = field(default_factory=free_port)
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    proc: subprocess.Popen | None = None
    #: The environment's python the server runs from (another venv's: an installed course).
    python: str = sys.executable

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        # `-m jupyterlab`, not `-m jupyter lab`: the latter may run another environment's
        # `jupyter-lab` found on PATH, and so read that environment's settings.
        cmd = [self.python, "-m", "jupyterlab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root_dir}", "--LabApp.news_url=None",
               "--LabApp.expose_app_in_browser=True"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        return cmd

    #: Seconds a server may take to answer: about 5 on a quiet machine, over 60 when
    #: the whole suite and other work share 2 cores (waiting costs no CPU).
    START_TIMEOUT = 180.0

    def start(self, timeout: float = START_TIMEOUT) -> LabServer:
        log = open(Path(self.env["HOME"]) / f"jupyterlab-{self.port}.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(self.command(), env=self.env, stdout=log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self._wait_ready(timeout, Path(log.name))
        return self

    def _wait_ready(self, timeout: float, log: Path) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                tail = log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"jupyter lab exited with {self.proc.returncode}:\n{tail}")
            with contextlib.suppress(OSError):
                self.api("GET", "/api/status")
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"jupyter lab did not answer /api/status within {timeout:.0f} s")

    def api(self, method: str, path: str) -> Any:
        """Call the REST API with the token; returns parsed JSON (or None)."""
        sep = "&" if "?" in path else "?"
        req = urllib.request.Request(f"{self.base}{path}{sep}token={self.token}", method=method)
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 (loopback only)
            body = resp.read()
        return json.loads(body) if body else None

    def delete_sessions(self) -> int:
        """Shut down every kernel session, so a lesson never re-attaches an old kernel."""
        sessions = self.api("GET", "/api/sessions")
        for session in sessions:
            self.api("DELETE", f"/api/sessions/{session['id']}")
        return len(sessions)

    def url(self, workspace: str, rel_path: str = "") -> str:
        """A URL that opens a fresh, named workspace (and a notebook in it, if given)."""
        tree = f"/tree/{rel_path}" if rel_path else ""
        return f"{self.base}/lab/workspaces/{workspace}{tree}?reset&token={self.token}"

    def stop(self) -> None:
        """Stop the server and its children by process group; kernels go with the server."""
        if self.proc is None or self.proc.poll() is not None:
            return
        with contextlib.suppress(OSError):
            self.delete_sessions()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)


def settings_not_applied(read: Callable[[str], Any],
                         wanted: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Which of ``wanted`` (plugin -> settings) a JupyterLab does not have as its defaults.

    ``read(plugin)`` is the server's answer to ``GET lab/api/settings/<plugin>``, whose
    schema carries the defaults after every override file is applied. [] when all hold.
    """
    missing = []
    for plugin, settings in wanted.items():
        properties = read(plugin)["schema"]["properties"]
        for key, value in settings.items():
            default = properties.get(key, {}).get("default")
            if not _holds(default, value):
                missing.append(f"{plugin} {key}: {default!r}, expected {value!r}")
    return missing


def _holds(default: Any, value: Any) -> bool:
    """True when ``default`` has ``value`` (a dict only needs the keys ``value`` names)."""
    if isinstance(value, Mapping):
        return isinstance(default, Mapping) and all(
            _holds(default.get(k), v) for k, v in value.items())
    return default == value


@contextlib.contextmanager
def running_lab(root_dir: Path, env: dict[str, str],
                python: str = sys.executable) -> Iterator[LabServer]:
    """Start JupyterLab (from ``python``'s environment) for the duration of a `with` block."""
    server = LabServer(root_dir=root_dir, env=env, python=python).start()
    try:
        yield server
    finally:
        server.stop()


def launch_browser(playwright: Any) -> Any:
    """Debian's Chromium, headless; never a downloaded browser."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


# ---------------------------------------------------------------- one notebook in a page

#: The open notebook's code cells from its model (offscreen cells may have no editor DOM):
#: [index, non-empty source, execution count, running, error outputs "Name: value"].
_CODE_CELLS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.model.cells, found = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== 'code') continue;
    const errors = cell.outputs.toJSON().filter(o => o.output_type === 'error')
      .map(o => `${o.ename}: ${o.evalue}`);
    found.push([i, cell.sharedModel.getSource().trim() !== '', cell.executionCount,
                cell.executionState === 'running', errors]);
  }
  return found;
}"""

#: True once Run All has finished: kernel idle, nothing queued, every non-empty code
#: cell numbered (or a cell failed, which stops Run All).
_DONE_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  const cells = window.__baCodeCells();
  if (cells.some(c => c[3])) return false;
  return cells.every(c => !c[1] || c[2] !== null) || cells.some(c => c[4].length);
}"""

#: How many of a cell's stored widget views are not drawn (0 for a Markdown cell).
_UNDRAWN_JS = """(cell) => {
  if (cell.model.type !== 'code') return 0;
  const mime = 'application/vnd.jupyter.widget-view+json';
  const views = cell.model.outputs.toJSON().filter(o => o.data && o.data[mime]).length;
  const drawn = cell.node.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length;
  return Math.max(0, views - drawn);
}"""

#: True once every widget output in the model has a rendered view in its cell.
_WIDGETS_SHOWN_JS = f"""() => window.jupyterapp.shell.currentWidget.content.widgets
  .every(cell => ({_UNDRAWN_JS})(cell) === 0)"""

#: True once the notebook at `path` is current, its kernel connected and idle, Run All enabled.
_READY_JS = """(path) => {
  const app = window.jupyterapp, panel = app && app.shell.currentWidget;
  if (!panel || !panel.context || panel.context.path !== path) return false;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
    && panel.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle'
    && app.commands.isEnabled('notebook:run-all-cells');
}"""

#: Every output in the notebook that shows an error, as [cell index, text].
_ERRORS_JS = """([selector, words, broken]) => {
  const cells = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')];
  const found = [];
  cells.forEach((cell, i) => {
    for (const el of cell.querySelectorAll(selector)) {
      const text = el.textContent || '';  // not innerText: offscreen cells are not laid out
      if (words.some(w => text.includes(w))) found.push([i, text.slice(0, 1500)]);
    }
    for (const el of cell.querySelectorAll('.jp-OutputArea-output')) {
      const text = el.textContent || '';
      if (text.includes(broken)) found.push([i, text.slice(0, 500)]);
    }
  });
  return found;
}"""

#: The visible result a widget cell shows (tables, HTML, Output widgets, images).
_RESULT_JS = """(cell) => [...cell.querySelectorAll(
    '.widget-html-content, .widget-output, img')]
  .map(el => el.tagName === 'IMG' ? el.src.slice(-200) : el.innerHTML).join('\\n')"""


#: Counts the kernel's returns to idle, so a widget test knows the kernel has answered.
_COUNT_IDLE_JS = """() => {
  window.__baIdle = 0;
  window.jupyterapp.shell.currentWidget.sessionContext.statusChanged.connect((_, status) => {
    if (status === 'idle') { window.__baIdle += 1; window.__baIdleAt = performance.now(); }
  });
}"""


def open_lab(context: Any, server: LabServer, workspace: str = "tests",
             timeout: float = 90) -> Any:
    """A tab with JupyterLab loaded once (seconds of scripts); notebooks open inside it."""
    page = context.new_page()
    page.set_default_timeout(timeout * 1000)
    page.goto(server.url(workspace))
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.commands"
                           "  && window.jupyterapp.commands.hasCommand('docmanager:open')"
                           "  && document.querySelector('.jp-LabShell')", polling=100)
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    page.evaluate(f"() => {{ window.__baCodeCells = {_CODE_CELLS_JS}; }}")
    return page


def open_notebook(page: Any, rel_path: str, timeout: float = 60) -> Any:
    """Open `rel_path` in the lab tab (File -> Open) and wait for its kernel to be idle."""
    # The learner's tab is the one in front. A tab behind another (a later test's page in
    # the same browser) gets no idle time, and JupyterLab draws off-screen cells' outputs
    # only when idle: a reopened lesson's widgets below the fold were never drawn.
    page.bring_to_front()
    # Not awaited: the command's promise settles well after the kernel is ready.
    page.evaluate("(path) => { window.jupyterapp.commands.execute('docmanager:open', {path}); }",
                  rel_path)
    page.wait_for_function(_READY_JS, arg=rel_path, polling=100, timeout=timeout * 1000)
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")
    page.evaluate(_COUNT_IDLE_JS)
    return page


def close_notebook(page: Any) -> None:
    """Close the open notebook without the 'save changes?' dialog (the copy is throw-away)."""
    page.evaluate("""async () => {
      for (const w of [...window.jupyterapp.shell.widgets('main')]) {
        if (w.context) { w.context.model.dirty = false; }
        w.close();
      }
    }""")
    page.wait_for_function("() => !document.querySelector('.jp-NotebookPanel')", polling=100)


@contextlib.contextmanager
def notebook_open(server: LabServer, page: Any, rel_path: str) -> Iterator[Any]:
    """Open a notebook with a fresh kernel; close it and delete kernel sessions afterwards."""
    server.delete_sessions()
    try:
        yield open_notebook(page, rel_path)
    finally:
        close_notebook(page)
        server.delete_sessions()


def run_all(page: Any, timeout: float = 120) -> float:
    """Clear stored outputs, Run -> Run All Cells, wait for the kernel and the widget views.

    Returns the seconds from the click until every cell ran and every widget showed.
    """
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    start = time.monotonic()
    page.click('.lm-MenuBar-itemLabel:text-is("Run")')
    page.click('.lm-Menu-itemLabel:text-is("Run All Cells")')
    page.wait_for_function(_DONE_JS, timeout=timeout * 1000, polling=100)
    page.wait_for_function(_WIDGETS_SHOWN_JS, timeout=timeout * 1000, polling=100)
    return time.monotonic() - start


def unrun_cells(page: Any) -> list[int]:
    """Indices of non-empty code cells that have no execution count (Run All stopped)."""
    return [c[0] for c in page.evaluate("() => window.__baCodeCells()") if c[1] and c[2] is None]


#: Each cell whose stored widget views are not all drawn: [index, undrawn, its text].
_WIDGETS_MISSING_JS = f"""() => {{
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session?.kernel;
  const missing = panel.content.widgets.map((cell, i) => [i, ({_UNDRAWN_JS})(cell),
    ((cell.node.querySelector('.jp-OutputArea') || {{}}).innerText || '').slice(0, 160)])
    .filter(c => c[1] > 0);
  return {{kernel: kernel ? `${{kernel.connectionStatus}}/${{kernel.status}}` : 'none', missing}};
}}"""


def widgets_shown_or_why(page: Any, timeout_ms: float) -> None:
    """Wait until every stored widget view is drawn; else fail naming the cells still
    without theirs, what they show instead and the kernel's state (for a rare CI failure)."""
    try:
        page.wait_for_function(_WIDGETS_SHOWN_JS, timeout=timeout_ms, polling=250)
    except Exception as exc:  # playwright's TimeoutError
        raise AssertionError(f"widget views not drawn in {timeout_ms / 1000:.0f} s: "
                             f"{page.evaluate(_WIDGETS_MISSING_JS)}") from exc


def error_outputs(page: Any) -> list[tuple[int, str]]:
    """Error outputs as (cell index, text): tracebacks, errors and broken widget views.

    Reads the page (stderr-styled outputs holding a traceback or an error) and,
    for errors the page may not have drawn yet, the notebook model.
    """
    shown = [tuple(x) for x in page.evaluate(_ERRORS_JS,
                                             [ERROR_OUTPUT, list(ERROR_WORDS), BROKEN_WIDGET])]
    seen = {i for i, _ in shown}
    modelled = [(c[0], "; ".join(c[4])) for c in page.evaluate("() => window.__baCodeCells()")
                if c[4] and c[0] not in seen]
    return shown + modelled


@contextlib.contextmanager
def whole_notebook_in_view(page: Any, max_height: int = 16000) -> Iterator[Any]:
    """The viewport as tall as the notebook, scrolled to its top, for the `with` block.

    axe skips what is scrolled out of view, so an audit run where the last screenshot
    left the notebook (its end) saw only the last screens; this way it sees every cell.
    """
    size = page.viewport_size
    height = page.evaluate("""() => {
      const nb = document.querySelector(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
      nb.scrollTop = 0; return nb.scrollHeight; }""")
    page.set_viewport_size({"width": size["width"], "height": min(max_height, height + 300)})
    page.wait_for_timeout(500)
    page.evaluate("""() => { document.querySelector(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer').scrollTop = 0; }""")
    page.wait_for_timeout(300)
    try:
        yield page
    finally:
        page.set_viewport_size(size)


def screenshot(page: Any, path: Path, max_height: int = 12000) -> Path:
    """The whole notebook in one image: the viewport grows to the notebook's height."""
    path.parent.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("""() => {
      const nb = document.querySelector(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
      nb.scrollTop = 0; return nb.scrollHeight; }""")
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(max_height, height + 200)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    return path


# ---------------------------------------------------------------- widgets

@dataclass
class Interaction:
    """What one control change did to the visible result of its cell."""

    cell: int
    control: str
    action: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def widget_cells(page: Any) -> list[int]:
    """Indices of cells whose output holds at least one slider, dropdown or button."""
    return page.evaluate("""(sel) => [...document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')].flatMap(
        (cell, i) => cell.querySelector('.jp-OutputArea ' + sel) ? [i] : [])""",
        ", .jp-OutputArea ".join(CONTROLS.values()))


def _cell(page: Any, index: int) -> Any:
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").nth(index)


def _act(control: str, element: Any) -> str:
    """Change one control the way a person would; returns what was done."""
    element.scroll_into_view_if_needed()
    if control == "slider":
        now, top = (float(element.get_attribute(a) or 0)
                    for a in ("aria-valuenow", "aria-valuemax"))
        key = "ArrowLeft" if now >= top else "ArrowRight"
        element.focus()
        element.press(key)
        return f"{key} on slider at {now:g}"
    if control == "dropdown":
        values = element.evaluate("el => [...el.options].map(o => o.value)")
        current = element.input_value()
        pick = values[1] if current == values[0] else values[0]  # back to "all"/"choose"
        element.select_option(pick)
        return f"dropdown {current!r} -> {pick!r}"
    if control == "select":
        values = element.evaluate("el => [...el.options].map(o => o.value)")
        chosen = element.evaluate("el => [...el.selectedOptions].map(o => o.value)")
        pick = next((v for v in values if [v] != chosen), values[0])
        element.select_option(pick)
        return f"select {chosen!r} -> [{pick!r}]"
    label = element.inner_text().strip()
    element.click()
    return f"click {label!r}"


_IDLE_STATE_JS = """() => [window.__baIdle || 0, performance.now() - (window.__baIdleAt || 0),
  window.jupyterapp.shell.currentWidget.sessionContext.kernelDisplayStatus === 'idle']"""


def _idle_count(page: Any) -> int:
    return page.evaluate(_IDLE_STATE_JS)[0]


def _wait_for_change(page: Any, cell: Any, before: str, idle_before: int, timeout: float,
                     settle_ms: float = 400) -> str:
    """The cell's result once it differs from `before` with the kernel idle again.

    Gives up early, returning the unchanged result, once the kernel has answered
    the change (a busy -> idle cycle) and `settle_ms` more passed without a change.
    """
    deadline = time.monotonic() + timeout
    after = before
    while time.monotonic() < deadline:
        page.wait_for_timeout(50)
        after = cell.evaluate(_RESULT_JS)
        idles, since_idle, idle = page.evaluate(_IDLE_STATE_JS)
        if after != before and idle:
            return after
        if idles > idle_before and idle and since_idle > settle_ms:
            return after
    return after


def try_controls(page: Any, index: int, timeout: float = 4) -> list[Interaction]:
    """Change the cell's controls in turn (sliders, dropdowns, buttons) until one shows."""
    cell = _cell(page, index)
    tried = []
    for control, selector in CONTROLS.items():
        for element in cell.locator(f".jp-OutputArea {selector}").all():
            if not element.is_visible() or element.is_disabled():
                continue
            before, idles = cell.evaluate(_RESULT_JS), _idle_count(page)
            action = _act(control, element)
            after = _wait_for_change(page, cell, before, idles, timeout)
            tried.append(Interaction(index, control, action, before, after))
            if tried[-1].changed:
                return tried
    return tried


# ---------------------------------------------------------------- latency

_ARM_JS = """(cell) => {
  const state = {start: null, last: null, count: 0};
  const handle = cell.querySelector('.widget-slider .noUi-handle');
  handle.addEventListener('keydown', () => { state.start = performance.now(); },
                          {capture: true, once: true});
  const results = '.widget-html-content, .widget-output';
  const obs = new MutationObserver(muts => {
    if (state.start === null) return;
    for (const m of muts) {
      const node = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      if (node && node.closest(results)) { state.last = performance.now(); state.count++; }
    }
  });
  obs.observe(cell, {subtree: true, childList: true, characterData: true});
  state.stop = () => obs.disconnect();
  window.__baLatency = state;
}"""

_SETTLED_JS = """(quiet) => {
  const s = window.__baLatency;
  const idle = document.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]');
  return s.last !== null && idle && performance.now() - s.last > quiet;
}"""


def slider_latency(page: Any, index: int, presses: int = 20, quiet_ms: int = 250,
                   timeout: float = 10) -> list[float]:
    """Milliseconds from a key press on the cell's first slider to its last result update.

    Measured in the page: performance.now() when keydown is dispatched, and the time
    of the last mutation of the result (table/HTML/Output widget) in the update burst.
    Presses alternate right and left so the slider stays in range.
    """
    cell = _cell(page, index)
    handle = cell.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    samples = []
    for i in range(presses):
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        key = "ArrowLeft" if (i % 2 or at_max) else "ArrowRight"
        cell.evaluate(_ARM_JS)
        handle.focus()
        handle.press(key)
        page.wait_for_function(_SETTLED_JS, arg=quiet_ms, timeout=timeout * 1000, polling=20)
        samples.append(page.evaluate(
            "() => { const s = window.__baLatency; s.stop(); return s.last - s.start; }"))
    return samples


def latency_cell(page: Any) -> int | None:
    """The first cell whose slider changes a visible result, or None."""
    for index in widget_cells(page):
        cell = _cell(page, index)
        if not cell.locator(".jp-OutputArea .widget-slider .noUi-handle").count():
            continue
        handle = cell.locator(".widget-slider .noUi-handle").first
        before, idles = cell.evaluate(_RESULT_JS), _idle_count(page)
        _act("slider", handle)
        if _wait_for_change(page, cell, before, idles, timeout=5) != before:
            return index
    return None


# ---------------------------------------------------------------- editing a cell

def type_into_cell(page: Any, index: int, text: str) -> str:
    """Click into the cell's editor, select all, type `text`; returns the cell's new source."""
    editor = _cell(page, index).locator(".cm-content")
    editor.scroll_into_view_if_needed()
    editor.click()
    page.keyboard.press("Control+A")
    for n, line in enumerate(text.split("\n")):
        if n:  # Enter, then drop the editor's auto-indent: the text brings its own
            page.keyboard.press("Enter")
            page.keyboard.press("Shift+Home")
            page.keyboard.press("Delete")
        page.keyboard.type(line)
    return page.evaluate("(i) => window.jupyterapp.shell.currentWidget.content.model.cells"
                         ".get(i).sharedModel.getSource()", index)


def cell_output_text(page: Any, index: int) -> str:
    """What the cell's output area shows now, as text."""
    return _cell(page, index).locator(".jp-OutputArea").inner_text()


def run_cell(page: Any, index: int, timeout: float = 30) -> str:
    """Run the cell being edited (Ctrl+Enter) and return its output text once it has run."""
    cell = _cell(page, index)
    before = cell.locator(".jp-InputPrompt").inner_text()
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+Enter")
    page.wait_for_function("""([i, before]) => {
      const cell = document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')[i];
      const prompt = cell.querySelector('.jp-InputPrompt').textContent;
      const idle = document.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]');
      return idle && prompt !== before && /\\[\\d+\\]/.test(prompt);
    }""", arg=[index, before], timeout=timeout * 1000, polling=50)
    return cell.locator(".jp-OutputArea").inner_text()


# ---------------------------------------------------------------- an answer form's Check

_ARM_CHECK_JS = """(cell) => {
  const state = {start: null, at: null};
  const button = [...cell.querySelectorAll('button')].find(b => b.textContent.trim() === 'Check');
  button.addEventListener('click', () => { state.start = performance.now(); },
                          {capture: true, once: true});
  const obs = new MutationObserver(muts => {
    if (state.start === null || state.at !== null) return;
    for (const m of muts) {
      const node = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      const box = node && node.closest('.widget-html-content');
      if (box && box.querySelector('.balancing-act-result')) { state.at = performance.now(); }
    }
  });
  obs.observe(cell, {subtree: true, childList: true, characterData: true});
  state.stop = () => obs.disconnect();
  window.__baCheck = state;
}"""


def check_latency(page: Any, cell: Any, answers: list[str], presses: int = 30,
                  timeout: float = 10) -> list[float]:
    """Milliseconds from a click on the form's Check button to its feedback being drawn.

    Measured in the page: performance.now() when the click is dispatched, and when
    the feedback region first changes to a result. Answers alternate (right, wrong)
    so that every press draws a different result.
    """
    field = cell.get_by_role("textbox", name="Your answer")
    check = cell.get_by_role("button", name="Check", exact=True)
    samples = []
    for n in range(presses):
        field.fill(answers[n % len(answers)])
        page.wait_for_function(
            "() => document.querySelector('.jp-Notebook-ExecutionIndicator[data-status=\"idle\"]')",
            timeout=timeout * 1000, polling=20)
        page.wait_for_timeout(100)  # the field's value has reached the kernel
        cell.evaluate(_ARM_CHECK_JS)
        check.click()
        page.wait_for_function("() => window.__baCheck.at !== null", timeout=timeout * 1000,
                               polling=10)
        samples.append(page.evaluate(
            "() => { const s = window.__baCheck; s.stop(); return s.at - s.start; }"))
    return samples

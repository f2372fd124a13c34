"""Serving a lesson as `make present` does (Voilà), reading what a presentation hides, and
opening a page offline: shared by the browser tests of the presentation and the delivery."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat

from balancing_act.delivery import present


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, seconds: float = 90) -> None:
    """Return once the server accepts connections (a GET would execute the notebook twice)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"voila exited with code {proc.returncode} before listening")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.2)
    raise TimeoutError(f"voila did not listen on port {port} within {seconds} s")


def hidden_code_lines(nb: nbformat.NotebookNode) -> list[str]:
    """Long code lines of `nb` that its Markdown and outputs do not also show."""
    shown = "\n".join([c.source for c in nb.cells if c.cell_type == "markdown"]
                      + [_output_text(c) for c in nb.cells if c.cell_type == "code"])
    return [ln.strip() for c in nb.cells if c.cell_type == "code"
            for ln in c.source.splitlines() if len(ln.strip()) > 25 and ln.strip() not in shown]


def _output_text(cell: nbformat.NotebookNode) -> str:
    """What a code cell's stored outputs show, as text (code may legitimately echo there)."""
    return "\n".join(str(out.get("text", "")) + str(out.get("data", {}).get("text/plain", ""))
                     for out in cell.get("outputs", []))


@contextlib.contextmanager
def voila(notebook: Path, env: dict[str, str], port: int | None = None) -> Iterator[str]:
    """Serve a notebook with the command and environment `make present` uses (its template,
    a throw-away progress folder beside the notebook); stop it by its PID."""
    port = port or _free_port()
    cmd = present.voila_command(notebook, port, open_browser=False)
    proc = subprocess.Popen(cmd, env=present.presenter_env(notebook.parent / "voila", env),
                            cwd=notebook.parent, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(port, proc)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def open_offline(browser: Any, url: str) -> tuple[Any, Any, list[str]]:
    """A page in an offline context that reads file:// only; returns it and what went wrong.

    The list collects console errors, uncaught exceptions and failed requests.
    """
    context = browser.new_context(offline=True, viewport={"width": 1366, "height": 768})
    problems: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            problems.append(f"blocked request {r.request.url}")
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: problems.append(f"console {m.text[:300]}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"uncaught {str(e)[:300]}"))
    page.on("requestfailed", lambda r: problems.append(f"missing {r.url} ({r.failure})"))
    page.goto(url)
    return context, page, problems

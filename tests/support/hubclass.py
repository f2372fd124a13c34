"""A real JupyterHub and a class of learners on 127.0.0.1: shared by tests/hub and `make bench`.

The hub loads deploy/jupyterhub_config.py itself (through a small file that adds only
the test's internal ports and a service token), with the throwaway `dummy` authenticator
and the `simple` spawner chosen through the config's own environment variables. Learners
are created and their servers started through the hub's REST API; each learner then acts
with a token of their own. Nothing here asserts: functions report what happened and the
callers decide. Every process the hub starts is tracked, so `stop()` can say what was left.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import requests

from tests.support.procs import alive, descendants, describe, processes_in

REPO = Path(__file__).resolve().parents[2]
DEPLOY_CONFIG = REPO / "deploy" / "jupyterhub_config.py"
SERVICE = "class-probe"
PROGRESS = Path(".local") / "share" / "balancing-act" / "progress.json"
#: The course's JupyterLab settings, as the wheel installs them into the hub's environment.
LAB_SETTINGS = Path("share") / "jupyter" / "lab" / "settings" / "overrides.json"
OVERRIDES = """\
# Test-only additions to the shipped configuration: internal ports and a service token.
load_subconfig({deploy!r})
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.JupyterHub.services = [{{"name": {service!r}, "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{"name": {service!r}, "services": [{service!r}],
    "scopes": ["admin:users", "admin:servers", "tokens", "read:users", "access:servers"]}}]
c.Spawner.args = list(c.Spawner.args) + {extra_args!r}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- a learner's server

class BrowserSession(requests.Session):
    """A learner's HTTP client that, as a browser does, sends a request once more when the
    connection it reused was closed before any answer came.

    The proxy (configurable-http-proxy, Node) closes a kept-alive connection after 5 s idle;
    a request sent on it at that moment gets no response at all ("Remote end closed
    connection without response"). Browsers resend such a request on a new connection and
    the learner never knows; `requests` does not. Each resend is kept in `resent`, so a
    caller can report how often it happened.
    """

    def __init__(self) -> None:
        super().__init__()
        self.resent: list[str] = []

    def request(self, method: str | bytes, url: str | bytes, *args: Any,
                **kwargs: Any) -> requests.Response:
        try:
            return super().request(method, url, *args, **kwargs)
        except requests.ConnectionError as exc:
            if not _dropped_before_answer(exc):
                raise
            self.resent.append(f"{method!s} {url!s}")
            return super().request(method, url, *args, **kwargs)


def _dropped_before_answer(exc: requests.ConnectionError) -> bool:
    """The connection closed with no response byte (never a timeout, never mid-body)."""
    reason = exc.args[0] if exc.args else None
    return any(isinstance(part, http.client.RemoteDisconnected)
               for part in (reason, *getattr(reason, "args", ())))


@dataclass
class Execution:
    """What one cell did: its outputs as plain text, and its error, if any."""

    text: str
    error: str | None
    finished: float


class Kernel:
    """A kernel of a learner's server, driven over its websocket like a notebook frontend."""

    #: How often one cell may lose its websocket and pick it up again before giving up.
    RECONNECTS = 3

    def __init__(self, learner: Learner, notebook: str) -> None:
        body = {"path": notebook, "type": "notebook", "name": Path(notebook).name,
                "kernel": {"name": "python3"}}
        self.learner = learner
        self.session = learner.call("POST", "api/sessions", body)
        self.id = uuid.uuid4().hex
        self.reconnects: list[str] = []
        self.ws = self._connect()

    def _connect(self) -> Any:
        """Open the kernel's channels; the same session id lets the server replay what it
        buffered while the socket was down, as JupyterLab's reconnection relies on."""
        import websocket

        learner = self.learner
        url = (f"ws://127.0.0.1:{learner.port}/user/{learner.name}/api/kernels/"
               f"{self.session['kernel']['id']}/channels?session_id={self.id}")
        return websocket.create_connection(
            url, header=[f"Authorization: token {learner.token}"], timeout=120)

    def _recv(self) -> dict:
        """The next message; a dropped socket is opened again and the replay read on."""
        while True:
            with self._dropped("receiving"):
                raw = self.ws.recv()
                if raw:
                    return json.loads(raw)
                raise ConnectionError("the server closed the websocket")

    @contextlib.contextmanager
    def _dropped(self, doing: str) -> Iterator[None]:
        """Reconnect (at most RECONNECTS times) when the socket drops while `doing`."""
        import websocket

        try:
            yield
        except (websocket.WebSocketConnectionClosedException, ConnectionError) as exc:
            if len(self.reconnects) >= self.RECONNECTS:
                raise
            self.reconnects.append(f"{doing}: {type(exc).__name__}: {exc}")
            with contextlib.suppress(Exception):
                self.ws.close()
            time.sleep(0.5)
            self.ws = self._connect()

    def execute(self, code: str, timeout: float = 120) -> Execution:
        msg_id = uuid.uuid4().hex
        request = json.dumps({
            "header": {"msg_id": msg_id, "username": "", "session": self.id, "version": "5.3",
                       "msg_type": "execute_request", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}})
        for _ in range(self.RECONNECTS + 1):   # a request that was never sent is sent again
            with self._dropped("sending"):
                self.ws.send(request)
                break
        texts, error, idle, replied = [], None, False, False
        deadline = time.monotonic() + timeout
        while not (idle and replied):
            if time.monotonic() > deadline:
                raise TimeoutError(f"a cell did not finish within {timeout:.0f} s: {code[:80]!r}"
                                   f" (websocket reconnects: {self.reconnects})")
            msg = self._recv()
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                texts.append(content["text"])
            elif kind in ("execute_result", "display_data"):
                texts.append(content["data"].get("text/plain", ""))
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                replied = True
        return Execution("\n".join(texts), error, time.perf_counter())

    def close(self) -> None:
        """Close the websocket; the kernel runs on, as when a learner closes a tab."""
        with contextlib.suppress(Exception):
            self.ws.close()

    def shut_down(self, learner: Learner) -> None:
        """Close the websocket and end the kernel's session (File > Close and Shut Down)."""
        self.close()
        learner.call("DELETE", f"api/sessions/{self.session['id']}")


@dataclass
class Learner:
    """One learner: a hub user with a token of their own and a server in their own home."""

    name: str
    token: str
    port: int
    home: Path
    requested: float            # perf_counter() when their server was asked to start
    ready: float = 0.0
    logged_in: bool = False
    http: BrowserSession = field(default_factory=BrowserSession)

    def __post_init__(self) -> None:
        self.http.headers["Authorization"] = f"token {self.token}"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def call(self, method: str, path: str, body: Any = None) -> Any:
        """The learner's own server's REST API (`api/contents/...`, `api/sessions`, ...)."""
        resp = self.http.request(method, f"{self.base}/user/{self.name}/{path}", json=body,
                                 timeout=60)
        resp.raise_for_status()
        return resp.json() if resp.content else None

    def log_in(self, password: str = "any password") -> None:
        """Log in through the hub's login form, as a browser does (a cookie session)."""
        self.http.get(f"{self.base}/hub/login", timeout=60).raise_for_status()
        form = {"username": self.name, "password": password,
                "_xsrf": self.http.cookies.get("_xsrf", "")}
        resp = self.http.post(f"{self.base}/hub/login", data=form, timeout=60,
                              headers={"Authorization": None})
        resp.raise_for_status()
        if "/hub/login" in resp.url:
            raise RuntimeError(f"{self.name} could not log in: {resp.status_code} {resp.url}")

    def visit(self, link: str) -> requests.Response:
        """Follow a hub link (`/hub/user-redirect/...`) in the learner's logged-in session."""
        if not self.logged_in:
            self.log_in()
            self.logged_in = True
        return self.http.get(self.base + link, timeout=60,
                             headers={"Authorization": None})

    def pull(self, link: str) -> list[dict]:
        """Visit an nbgitpuller link, then run the pull its page starts; returns the events."""
        page = self.visit(link)
        page.raise_for_status()
        api = page.url.split("?", 1)
        if not api[0].endswith(f"/user/{self.name}/git-pull") or len(api) < 2:
            raise RuntimeError(f"{self.name}: the link led to {page.url}, not nbgitpuller")
        stream = self.http.get(api[0].rstrip("/") + "/api?" + api[1], stream=True, timeout=120)
        stream.raise_for_status()
        events = []
        for line in stream.iter_lines(decode_unicode=True):
            if line and line.startswith("data: "):
                events.append(json.loads(line[6:]))
                if events[-1].get("phase") in ("finished", "error"):
                    break
        stream.close()
        return events

    def notebook(self, path: str) -> dict:
        return self.call("GET", f"api/contents/{quote(path)}?content=1")["content"]

    def save_notebook(self, path: str, content: dict) -> None:
        self.call("PUT", f"api/contents/{quote(path)}",
                  {"type": "notebook", "format": "json", "content": content})

    @contextlib.contextmanager
    def kernel(self, notebook: str) -> Iterator[Kernel]:
        kernel = Kernel(self, notebook)
        try:
            yield kernel
        finally:
            kernel.close()

    def progress(self) -> dict | None:
        """The learner's progress record, read from their own home (None when absent)."""
        path = self.home / PROGRESS
        return json.loads(path.read_text("utf-8")) if path.exists() else None


# ---------------------------------------------------------------- the hub

@dataclass
class Hub:
    """JupyterHub from the hub environment, loading deploy/jupyterhub_config.py."""

    python: Path
    proxy: Path
    work: Path
    port: int = field(default_factory=free_port)
    token: str = field(default_factory=lambda: secrets.token_hex(24))
    proc: subprocess.Popen | None = None
    started_in: float = 0.0
    seen: set[tuple[int, int]] = field(default_factory=set)
    learners: dict[str, Learner] = field(default_factory=dict)
    extra_args: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def homes(self) -> Path:
        return self.work / "homes"

    def env(self) -> dict[str, str]:
        """The config's own variables, set as a trial hub on loopback would set them."""
        settings = {"IP": "127.0.0.1", "PORT": str(self.port), "AUTHENTICATOR": "dummy",
                    "SPAWNER": "simple", "HOMES": str(self.homes),
                    "STATE": str(self.work / "state"), "PROXY": str(self.proxy),
                    "START_TIMEOUT": "180"}
        env = {**os.environ, **{f"BALANCING_ACT_HUB_{k}": v for k, v in settings.items()}}
        # Set for the hub itself, so a learner's record landing here would show a leak.
        env["BALANCING_ACT_HOME"] = str(self.trap)
        return env

    @property
    def trap(self) -> Path:
        """The hub's own BALANCING_ACT_HOME, which no learner's server may inherit."""
        return self.work / "hub-progress-home"

    def start(self, timeout: float = 120) -> Hub:
        (self.work / "state").mkdir(parents=True, exist_ok=True)
        config = self.work / "state" / "test_config.py"
        config.write_text(OVERRIDES.format(deploy=str(DEPLOY_CONFIG), hub_port=free_port(),
                                           api_port=free_port(), service=SERVICE,
                                           token=self.token, extra_args=self.extra_args),
                          encoding="utf-8")
        began = time.perf_counter()
        with open(self.work / "jupyterhub.log", "wb") as log:   # the hub keeps its own copy
            self.proc = subprocess.Popen(
                [str(self.python.with_name("jupyterhub")), "-f", str(config)], env=self.env(),
                cwd=self.work / "state", stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"jupyterhub exited with {self.proc.returncode}:\n"
                                   f"{self.log()[-3000:]}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.base}/hub/api/", timeout=2).ok:
                    self.started_in = time.perf_counter() - began
                    self.track()
                    return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"jupyterhub did not answer within {timeout:.0f} s:\n"
                           f"{self.log()[-3000:]}")

    def log(self) -> str:
        return (self.work / "jupyterhub.log").read_text("utf-8", errors="replace")

    def api(self, method: str, path: str, body: Any = None) -> Any:
        """The hub's REST API with the service token."""
        resp = requests.request(method, f"{self.base}/hub/api{path}", json=body, timeout=60,
                                headers={"Authorization": f"token {self.token}"})
        if not resp.ok:
            raise RuntimeError(f"{method} /hub/api{path}: {resp.status_code} {resp.text[:300]}")
        return resp.json() if resp.content else None

    def add_learners(self, names: list[str]) -> None:
        self.api("POST", "/users", {"usernames": names})

    def start_server(self, name: str, timeout: float = 240) -> Learner:
        """Start one learner's server and wait until the hub says it is ready."""
        token = self.api("POST", f"/users/{name}/tokens",
                         {"note": "class test", "expires_in": 7200})["token"]
        learner = Learner(name, token, self.port, self.homes / name, time.perf_counter())
        self.api("POST", f"/users/{name}/server")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.api("GET", f"/users/{name}").get("servers", {}).get("", {})
            if server.get("ready"):
                learner.ready = time.perf_counter()
                self.learners[name] = learner
                return learner
            time.sleep(0.3)
        raise TimeoutError(f"{name}'s server was not ready within {timeout:.0f} s")

    def start_servers(self, names: list[str]) -> list[Learner]:
        """Start every learner's server at once, as a class logging in together."""
        with concurrent.futures.ThreadPoolExecutor(len(names)) as pool:
            learners = list(pool.map(self.start_server, names))
        self.track()
        return learners

    def track(self) -> None:
        """Remember every process below the hub now (proxy, servers, kernels)."""
        if self.proc is not None and self.proc.poll() is None:
            self.seen |= descendants(self.proc.pid)
        self.seen |= processes_in(self.homes)

    def stop(self, wait: float = 30) -> list[str]:
        """Stop the servers, then the hub; returns what was still running (then killed)."""
        if self.proc is None:
            return []
        self.track()
        if self.proc.poll() is None:
            with concurrent.futures.ThreadPoolExecutor(max(1, len(self.learners))) as pool:
                list(pool.map(self._stop_server, list(self.learners)))
            self.proc.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=wait)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and self._left():
            time.sleep(0.2)
        left = self._left()
        report = [describe(pid) for pid, _ in sorted(left)]
        for pid, _ in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None
        return report

    def _stop_server(self, name: str) -> None:
        with contextlib.suppress(RuntimeError, requests.RequestException):
            self.api("DELETE", f"/users/{name}/server")

    def _left(self) -> set[tuple[int, int]]:
        return {i for i in self.seen | processes_in(self.homes) if alive(i)}


def pull_link(repo_url: str, repo_name: str, notebook: str, branch: str = "main") -> str:
    """The README's nbgitpuller link, without the host: /hub/user-redirect/git-pull?..."""
    query = urlencode({"repo": repo_url, "branch": branch,
                       "urlpath": f"lab/tree/{repo_name}/{notebook}"}, quote_via=quote)
    return f"/hub/user-redirect/git-pull?{query}"

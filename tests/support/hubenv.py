"""What a real class hub needs on this machine: the proxy from npm and a hub environment.

Shared by tests/hub/ and `make bench` (benchmarks/bench_hub.py), and by `.ci/run`
(`python -m tests.support.hubenv`), so all three install the same things in the same places.

- configurable-http-proxy, installed with npm into the cache folder when missing.
- The hub's Python environment: a venv with the project's `hub` extra (jupyterhub,
  nbgitpuller) and the course installed from a wheel built from this checkout, as a hub
  admin would install it, never from the checkout itself. By default the packages the
  test environment already holds (JupyterLab, pandas, ...) are linked into it, as the
  install tests do (tests/support/venvkit.py), and pip installs only what the hub adds:
  a few seconds instead of minutes of pip on two cores. BALANCING_ACT_FULL_INSTALL=1
  (or a hub extra that needs other versions than the test environment has) makes a venv
  with everything installed by pip. The venv is cached (keyed by the project's dependency
  lists, and a linked one by the environment it links to); only the course wheel is
  reinstalled, and only when it changed.

The cache is $BALANCING_ACT_CACHE, else $XDG_CACHE_HOME/balancing-act, else
~/.cache/balancing-act. A lock keeps two runs from changing one environment at once.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from tests.support import venvkit

REPO = Path(__file__).resolve().parents[2]
PROXY_PACKAGE = "configurable-http-proxy@4"
#: How long a second run waits for the first to finish with the shared hub environment.
LOCK_TIMEOUT = 1200.0


class HubUnavailable(RuntimeError):
    """Something a hub needs cannot be installed here (the message says what and how)."""


def cache_dir() -> Path:
    """Where the proxy and the hub environment are kept between runs."""
    explicit = os.environ.get("BALANCING_ACT_CACHE")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "balancing-act"


def lock():
    """A file lock around everything that uses the shared hub environment."""
    from filelock import FileLock

    cache_dir().mkdir(parents=True, exist_ok=True)
    return FileLock(str(cache_dir() / "hub-env.lock"), timeout=LOCK_TIMEOUT)


def _run(cmd: list[str], what: str, timeout: float = 900, **kwargs) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False,
                          **kwargs)
    if done.returncode:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise HubUnavailable(f"{what} failed ({' '.join(cmd[:4])} ...): " + " / ".join(tail))


def proxy_command() -> Path:
    """configurable-http-proxy from the cache, installed there with npm when missing."""
    folder = cache_dir() / "proxy"
    binary = folder / "node_modules" / ".bin" / "configurable-http-proxy"
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None:
        raise HubUnavailable("npm not found: install Node.js and npm (apt-get install npm) "
                             "to fetch configurable-http-proxy; .ci/run does this")
    folder.mkdir(parents=True, exist_ok=True)
    _run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(folder), PROXY_PACKAGE],
         "npm install configurable-http-proxy", timeout=300)
    return binary


def _env_key() -> str:
    """Changes when the dependencies the hub environment installs change."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = {"python": sys.version_info[:2], "requires": project["requires-python"],
              "dependencies": project["dependencies"],
              "hub": project.get("optional-dependencies", {}).get("hub", [])}
    return hashlib.sha256(json.dumps(wanted, sort_keys=True).encode()).hexdigest()[:12]


def build_wheel(out: Path) -> Path:
    """`pip wheel --no-deps .` of this checkout: the course as a hub admin installs it."""
    out.mkdir(parents=True, exist_ok=True)
    # The test extra brings hatchling: build with it here rather than in a fresh build env.
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", *isolation, str(REPO),
          "-w", str(out)], "building the course wheel", timeout=300)
    wheels = sorted(out.glob("balancing_act-*.whl"))
    if not wheels:
        raise HubUnavailable(f"pip wheel wrote no balancing_act wheel into {out}")
    return wheels[-1]


def _linked_key() -> str:
    """Changes with the hub's dependency lists and with the environment a linked hub
    venv borrows its packages from (its place and the distributions it holds)."""
    held = sorted(venvkit.linked_names())
    wanted = [_env_key(), sys.prefix, held]
    return hashlib.sha256(json.dumps(wanted).encode()).hexdigest()[:12]


def _full_venv(venv: Path, wheel: Path) -> None:
    """A venv of its own, every package installed by pip (what a hub admin does)."""
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "venv", str(venv)], "creating the hub venv")
    _run([str(python), "-m", "pip", "install", "--quiet", f"{wheel}[hub]"],
         "installing the course wheel with its [hub] extra")


def _linked_venv(venv: Path, wheel: Path) -> bool:
    """A venv borrowing the test environment's packages; pip adds the hub's own and the
    course wheel. False (and nothing left) when pip would have to replace a borrowed one."""
    python = venvkit.linked_venv(venv)
    try:
        venvkit.install_beside_links(python, f"{wheel}[hub]")
    except ValueError:
        shutil.rmtree(venv, ignore_errors=True)
        return False
    except AssertionError as exc:  # venvkit.pip: pip failed, its message says why
        raise HubUnavailable(f"installing the course wheel with its [hub] extra: {exc}") from exc
    return True


def _made(venv: Path, digest: str) -> Path:
    """Mark a new venv complete, with the digest of the course wheel installed in it."""
    (venv / ".course-wheel").write_text(digest + "\n")
    (venv / ".complete").write_text("ok\n")
    return venv


def _make_venv(wheel: Path, digest: str) -> Path:
    """The hub venv for this run, made when missing: linked unless FULL or impossible."""
    if not venvkit.FULL:
        venv = cache_dir() / f"hub-env-linked-{_linked_key()}"
        if (venv / ".complete").exists():
            return venv
        shutil.rmtree(venv, ignore_errors=True)
        if _linked_venv(venv, wheel):
            return _made(venv, digest)
    venv = cache_dir() / f"hub-env-{_env_key()}"
    if not (venv / ".complete").exists():
        shutil.rmtree(venv, ignore_errors=True)
        _full_venv(venv, wheel)
        return _made(venv, digest)
    return venv


def hub_python() -> Path:
    """The hub environment's python, with the hub extra and this checkout's wheel in it.

    Call it while holding `lock()`.
    """
    with tempfile.TemporaryDirectory(prefix="balancing-act-wheel-") as tmp:
        wheel = build_wheel(Path(tmp))
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        venv = _make_venv(wheel, digest)
        python = venv / "bin" / "python"
        stamp = venv / ".course-wheel"
        if not stamp.exists() or stamp.read_text().strip() != digest:
            venvkit.pip(python, "install", "--no-deps", "--force-reinstall", str(wheel))
            stamp.write_text(digest + "\n")
    return python


if __name__ == "__main__":
    # `.ci/run`: fetch the proxy and build the hub environment before the tests start.
    try:
        with lock():
            print(f"hub proxy: {proxy_command()}")
            print(f"hub python: {hub_python()}")
    except HubUnavailable as exc:
        sys.exit(f"hubenv: {exc}")

"""JupyterHub for one small class of Balancing Act, on one server.

    sudo BALANCING_ACT_HUB_ADMINS=teacher jupyterhub -f deploy/jupyterhub_config.py

Each learner logs in, gets a JupyterLab server of their own that starts in their own
home folder, and finds the course package (`balancing_act`, with the article data and
the exercises) and nbgitpuller installed: they are installed in the environment that
runs this hub, and every learner's server runs from that same environment. Lessons are
handed out with an nbgitpuller link (README, "Teaching a whole class").

Each learner's progress record is `~/.local/share/balancing-act/progress.json` in their
own home: the hub does not pass BALANCING_ACT_HOME (nor XDG_DATA_HOME) on to learners'
servers, so two learners never share a record.

The course's JupyterLab settings (long lines wrap, no news pop-up, widget state saved)
come with the course wheel, as share/jupyter/lab/settings/overrides.json in this same
environment, which every learner's JupyterLab reads; this file only warns when it is missing.

The settings that differ between hubs come from environment variables (every one
optional; deploy/README.md lists them). tests/hub/ runs a real class of ten learners
against this very file, overriding only those variables and the hub's internal ports.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import os
import pwd
import random
import shutil
import socket
import sys
import tempfile
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)


def _env(name: str, default: str) -> str:
    return os.environ.get(f"BALANCING_ACT_HUB_{name}", "").strip() or default


def _seconds_or_port(name: str, default: str) -> int:
    """A whole number from the environment, or one line saying which variable is wrong."""
    raw = _env(name, default)
    if not raw.isdigit():
        sys.exit(f"deploy/jupyterhub_config.py: BALANCING_ACT_HUB_{name}={raw!r} is not a "
                 "whole number; expected e.g. " + default)
    return int(raw)


def _names(name: str) -> set[str]:
    return {n.strip() for n in _env(name, "").split(",") if n.strip()}


def _require(*modules: str) -> None:
    """Stop with one line when the learners' environment lacks the course or nbgitpuller."""
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        sys.exit(f"deploy/jupyterhub_config.py: {', '.join(missing)} not installed in "
                 f"{sys.prefix}; install it where the hub runs: "
                 "pip install 'balancing-act[hub]' (or the course wheel with [hub])")


def _lab_settings_check() -> None:
    """Say in one line when the course's JupyterLab settings are not where every lab reads them.

    The course wheel installs them as {sys.prefix}/share/jupyter/lab/settings/overrides.json
    (long lines wrap, no news pop-up, widget state saved); the learners' servers run from this
    environment, so this file gives them the settings and nothing here repeats them.
    """
    settings = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    if not settings.is_file():
        print(f"deploy/jupyterhub_config.py: warning: {settings} is missing, so learners get "
              "JupyterLab's defaults instead of the course's settings; install the course "
              "into this environment itself (pip install, not pip install --user)",
              file=sys.stderr)


_require("balancing_act", "nbgitpuller", "jupyterlab")
_lab_settings_check()

# --- Where the hub listens and keeps its state --------------------------------------
c.JupyterHub.ip = _env("IP", "")                    # "" = every interface of the server
c.JupyterHub.port = _seconds_or_port("PORT", "8000")
STATE = Path(_env("STATE", os.getcwd()))
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.ConfigurableHTTPProxy.command = [_env("PROXY", "configurable-http-proxy")]

# --- Who may log in -----------------------------------------------------------------
# pam: the server's own accounts (one per learner); "dummy" only for a trial.
c.JupyterHub.authenticator_class = _env("AUTHENTICATOR", "pam")
c.Authenticator.admin_users = _names("ADMINS")
if _names("LEARNERS"):
    c.Authenticator.allowed_users = _names("LEARNERS")
else:
    c.Authenticator.allow_all = True               # every account on this server
# An admin who adds a learner on the hub's admin page also creates their account.
c.LocalAuthenticator.create_system_users = True

# --- Each learner's server ----------------------------------------------------------
# localprocess: each learner's server runs as their own account in /home/<name>.
# simple: a trial without accounts; every server runs as the hub's user, each in its own
# folder under BALANCING_ACT_HUB_HOMES. Never use it for a real class.
SPAWNER = _env("SPAWNER", "localprocess")
c.JupyterHub.spawner_class = SPAWNER
if SPAWNER == "simple":
    c.SimpleLocalProcessSpawner.home_dir_template = str(
        Path(_env("HOMES", "/srv/balancing-act/homes")) / "{username}")
# The learners' servers run from the environment that runs the hub, where the course
# and nbgitpuller are installed (not whatever `jupyterhub-singleuser` is first on PATH).
BIN = Path(sys.executable).parent
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
# ... and find its commands first: `!balancing-act progress --export ...` in a notebook.
c.Spawner.environment = {
    "PATH": os.pathsep.join([str(BIN), os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin")])}
c.Spawner.default_url = "/lab"                     # JupyterLab, not the classic tree
c.Spawner.notebook_dir = "~"                       # nbgitpuller clones into the home
# The course's lab settings reach every server through the environment's overrides.json
# (_lab_settings_check); these two also keep the server itself from asking for news.
UNUSED_EXTENSIONS = ("jupyter_lsp", "voila.server_extension", "notebook_shim")
c.Spawner.args = [
    "--LabApp.news_url=None",                      # no "Jupyter news" pop-up for learners
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    # Server extensions a learner's lab never uses, each loaded thirty times when a class
    # logs in at once: language servers (none installed), Voila (teachers present with
    # `balancing-act present`, its own server) and the classic-notebook shim.
    "--ServerApp.jpserver_extensions=" + repr(dict.fromkeys(UNUSED_EXTENSIONS, False)),
    # Where a kernel does fall back to TCP ports (_kernel_sockets): with cached ports a
    # kernel whose port another process took meanwhile restarts on that same taken port
    # until it is given up. Uncached, a restart gets new ones.
    "--KernelManager.cache_ports=False",
]
if SPAWNER == "simple" and hasattr(os, "geteuid") and os.geteuid() == 0:
    c.Spawner.args.append("--allow-root")          # trial hubs in containers run as root
# A whole class logs in at the start of a lesson: thirty servers on 2 cores were ready only
# after about 72 s (README, Performance), so the limit leaves room above that.
c.Spawner.start_timeout = c.Spawner.http_timeout = _seconds_or_port("START_TIMEOUT", "300")

# --- Each learner's kernels talk to their server over local sockets -----------------
# With TCP, a kernel's ports are picked free, closed, and bound again by the kernel a
# moment later; thirty servers starting kernels at once take each other's ports in that
# moment ("Address already in use") and a learner loses their kernel. Unix sockets
# (`--KernelManager.transport=ipc`) are files named after the kernel, so no two can meet.
# A socket's path must stay under 108 bytes, and ~/.local/share/jupyter/runtime in a long
# home is too long, so each learner's runtime folder is a short one of their own:
# <tmp>/ba-k-XXXXXXXX/<hub user id>, the parent made by this hub (mkdtemp: new, private,
# not one another account could have made first) and only traversable (0711), the
# learner's folder theirs alone (0700).
SOCKET_PATH_MAX = 107                                 # sun_path is 108 bytes with its NUL
KERNEL_SOCKET_NAME = len("/kernel-") + 36 + len("-ipc-") + 2   # <uuid>, channel 1..99


@functools.cache
def _kernel_sockets_root() -> Path:
    """Made at the first spawn, once per hub (so loading this file creates nothing), and
    removed when the hub exits having stopped every server (JupyterHub's cleanup_servers)."""
    root = Path(tempfile.mkdtemp(prefix="ba-k-"))
    root.chmod(0o711)
    atexit.register(_remove_kernel_sockets, root)
    return root


def _remove_kernel_sockets(root: Path) -> None:
    hub = getattr(sys.modules.get("jupyterhub.app"), "JupyterHub", None)
    if hub is None or not hub.initialized() or hub.instance().cleanup_servers:
        shutil.rmtree(root, ignore_errors=True)   # servers left running keep their folders


def _kernel_sockets(spawner) -> None:
    """A short private runtime folder for the learner, and their kernels on Unix sockets."""
    folder = _kernel_sockets_root() / str(spawner.user.id)
    if len(str(folder)) + KERNEL_SOCKET_NAME > SOCKET_PATH_MAX:
        spawner.log.warning("kernel sockets under %s would be too long; %s's kernels use TCP",
                            folder, spawner.user.name)
        return
    folder.mkdir(mode=0o700, exist_ok=True)
    if SPAWNER != "simple" and os.geteuid() == 0:     # the learner's own account owns it
        account = pwd.getpwnam(spawner.user.name)
        os.chown(folder, account.pw_uid, account.pw_gid)
    # New objects, not edits: the configured dict and list are shared by every spawner.
    spawner.environment = {**spawner.environment, "JUPYTER_RUNTIME_DIR": str(folder)}
    spawner.args = [*spawner.args, "--KernelManager.transport=ipc"]


# --- Each learner's server on a port no other learner's server was given ------------
# JupyterHub picks a server's port by binding port 0 and letting go of it; thirty servers
# starting at once can be handed the same port (or one an outgoing connection takes
# meanwhile), and then one server fails to start while the hub, hearing the other answer
# on that port, sends the learner there: "404 Not Found". So this hub hands out the
# ports itself: each free when handed, none handed to two learners at once, all below
# the range the system takes ports for outgoing connections from.
def _outgoing_ports_start(table: Path = Path("/proc/sys/net/ipv4/ip_local_port_range")) -> int:
    try:
        return int(table.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768                                   # Linux's default


class ServerPorts:
    """The port each learner's server was given by this hub, one per learner (hub user id)."""

    def __init__(self, ports: range) -> None:
        self.ports, self.given = ports, {}

    def give(self, learner: int) -> int:
        others = {port for who, port in self.given.items() if who != learner}
        for port in random.sample(self.ports, len(self.ports)):
            if port not in others and _free(port):
                self.given[learner] = port
                return port
        raise RuntimeError(f"no free port for a learner's server in {self.ports.start}-"
                           f"{self.ports.stop - 1}: widen BALANCING_ACT_HUB_SERVER_PORTS")

    def give_back(self, learner: int) -> None:
        self.given.pop(learner, None)


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("", port))
        except OSError:
            return False
    return True


def _port_range(name: str) -> range:
    """FIRST-LAST from the environment (default: 20000 up to the outgoing range), or one line."""
    default = f"20000-{max(20000, _outgoing_ports_start() - 1)}"
    raw = _env(name, default)
    first, _, last = raw.partition("-")
    if not (first.isdigit() and last.isdigit() and 1024 <= int(first) <= int(last) <= 65535):
        sys.exit(f"deploy/jupyterhub_config.py: BALANCING_ACT_HUB_{name}={raw!r} is not a "
                 f"range of ports; expected FIRST-LAST between 1024 and 65535, e.g. {default}")
    return range(int(first), int(last) + 1)


SERVER_PORTS = ServerPorts(_port_range("SERVER_PORTS"))


def _before_spawn(spawner) -> None:
    """pre_spawn_hook: the learner's server port, and their kernels on Unix sockets."""
    spawner.port = SERVER_PORTS.give(spawner.user.id)
    _kernel_sockets(spawner)


c.Spawner.pre_spawn_hook = _before_spawn
# A stopped server's port may go to another learner.
c.Spawner.post_stop_hook = lambda spawner: SERVER_PORTS.give_back(spawner.user.id)

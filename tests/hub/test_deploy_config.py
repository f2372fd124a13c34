"""deploy/jupyterhub_config.py on its own: defaults for a real class, variables, one-line errors.

Loaded the way JupyterHub loads it (traitlets' PyFileConfigLoader), in a fresh Python,
so these run in a second and need no hub; tests/hub/test_class_on_hub.py runs it for real.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.hubclass import DEPLOY_CONFIG

#: Loads the config with `find_spec` answering "missing" for argv[2] and "installed" for
#: everything else it asks about, and `sys.prefix` set to argv[3] (the environment whose
#: share/jupyter the config looks at; "": a new one holding the course's lab settings), so
#: the test does not depend on this environment.
LOAD = """
import atexit, importlib.util, json, pathlib, shutil, sys, tempfile
hide = set(sys.argv[2].split(",")) - {""}
sys.prefix = sys.argv[3] or tempfile.mkdtemp()
if not sys.argv[3]:
    atexit.register(shutil.rmtree, sys.prefix)
    settings = pathlib.Path(sys.prefix, "share/jupyter/lab/settings/overrides.json")
    settings.parent.mkdir(parents=True)
    settings.write_text("{}")
importlib.util.find_spec = lambda name, *a: None if name in hide else object()
from traitlets.config.loader import PyFileConfigLoader
cfg = PyFileConfigLoader(sys.argv[1]).load_config()
print(json.dumps({k: {n: v for n, v in section.items() if isinstance(v, (str, int, list, set))}
                  for k, section in cfg.items()}, default=sorted))
"""


#: Where the course wheel puts its JupyterLab settings, inside an environment's prefix.
LAB_SETTINGS = Path("share", "jupyter", "lab", "settings", "overrides.json")


def _load(env: dict[str, str] | None = None, hide: str = "",
          prefix: str = "") -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BALANCING_ACT_HUB_")}
    return subprocess.run([sys.executable, "-c", LOAD, str(DEPLOY_CONFIG), hide, prefix],
                          env=clean | (env or {}), capture_output=True, text=True, timeout=60,
                          check=False)


def _config(env: dict[str, str] | None = None) -> dict:
    done = _load(env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_defaults_are_a_real_class_on_one_server():
    cfg = _config()
    hub, spawner = cfg["JupyterHub"], cfg["Spawner"]
    assert (hub["ip"], hub["port"]) == ("", 8000)
    assert (hub["authenticator_class"], hub["spawner_class"]) == ("pam", "localprocess")
    assert cfg["Authenticator"]["allow_all"] is True
    assert spawner["default_url"] == "/lab" and spawner["notebook_dir"] == "~"
    assert Path(spawner["cmd"][0]).name == "jupyterhub-singleuser"
    assert "--LabApp.news_url=None" in spawner["args"]
    # a kernel that finds a port taken when a class starts at once restarts on new ones
    assert "--KernelManager.cache_ports=False" in spawner["args"]
    assert "--allow-root" not in spawner["args"], "real learners' servers never run as root"


def test_the_variables_set_what_differs_between_hubs():
    cfg = _config({
        "BALANCING_ACT_HUB_IP": "127.0.0.1", "BALANCING_ACT_HUB_PORT": "9123",
        "BALANCING_ACT_HUB_AUTHENTICATOR": "dummy", "BALANCING_ACT_HUB_SPAWNER": "simple",
        "BALANCING_ACT_HUB_HOMES": "/srv/class/homes", "BALANCING_ACT_HUB_ADMINS": "teacher",
        "BALANCING_ACT_HUB_LEARNERS": "ana, ben", "BALANCING_ACT_HUB_STATE": "/srv/class"})
    hub = cfg["JupyterHub"]
    assert (hub["ip"], hub["port"], hub["authenticator_class"]) == ("127.0.0.1", 9123, "dummy")
    assert hub["db_url"] == "sqlite:////srv/class/jupyterhub.sqlite"
    assert cfg["SimpleLocalProcessSpawner"]["home_dir_template"] == "/srv/class/homes/{username}"
    assert cfg["Authenticator"]["admin_users"] == ["teacher"]
    assert cfg["Authenticator"]["allowed_users"] == ["ana", "ben"]


def test_a_missing_course_or_a_bad_port_is_one_clear_line():
    done = _load(hide="nbgitpuller,balancing_act")
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert "balancing_act, nbgitpuller not installed" in done.stderr
    assert "pip install 'balancing-act[hub]'" in done.stderr
    done = _load({"BALANCING_ACT_HUB_PORT": "80a"})
    assert done.returncode == 1 and done.stderr.strip().count("\n") == 0, done.stderr
    assert "BALANCING_ACT_HUB_PORT='80a' is not a whole number" in done.stderr


def test_the_hub_relies_on_the_lab_settings_the_wheel_installs(tmp_path):
    """Present: nothing said. Missing (a `pip install --user`, say): one line, hub still up."""
    (tmp_path / "with" / LAB_SETTINGS).parent.mkdir(parents=True)
    (tmp_path / "with" / LAB_SETTINGS).write_text("{}\n", encoding="utf-8")
    quiet = _load(prefix=str(tmp_path / "with"))
    assert quiet.returncode == 0 and quiet.stderr == "", quiet.stderr
    (tmp_path / "without").mkdir()
    warned = _load(prefix=str(tmp_path / "without"))
    assert warned.returncode == 0, warned.stderr
    assert warned.stderr.strip().count("\n") == 0, warned.stderr
    assert str(tmp_path / "without" / LAB_SETTINGS) in warned.stderr
    assert "JupyterLab's defaults instead of the course's settings" in warned.stderr
    assert json.loads(warned.stdout)["Spawner"]["default_url"] == "/lab"


#: Loads the config as LOAD does and runs its pre_spawn_hook for two learners (hub ids 7
#: and 8) on stand-in spawners that share one configured dict and list, as JupyterHub's do;
#: with BA_STOP_ANA set, ana's server stops (post_stop_hook) before ben's starts.
SPAWN = LOAD.split("from traitlets")[0] + """
import logging, os, stat, types
from traitlets.config.loader import PyFileConfigLoader
cfg = PyFileConfigLoader(sys.argv[1]).load_config()
shared_env, shared_args = dict(cfg.Spawner.environment), list(cfg.Spawner.args)
seen = {}
for uid, name in ((7, "ana"), (8, "ben")):
    spawner = types.SimpleNamespace(user=types.SimpleNamespace(id=uid, name=name),
                                    environment=shared_env, args=shared_args,
                                    log=logging.getLogger("hub"))
    cfg.Spawner.pre_spawn_hook(spawner)
    if name == "ana" and os.environ.get("BA_STOP_ANA"):
        cfg.Spawner.post_stop_hook(spawner)
    folder = spawner.environment.get("JUPYTER_RUNTIME_DIR")
    seen[name] = {"folder": folder, "args": spawner.args, "port": spawner.port,
                  "mode": folder and oct(stat.S_IMODE(os.stat(folder).st_mode)),
                  "parent": folder and oct(stat.S_IMODE(os.stat(os.path.dirname(folder)).st_mode))}
seen["shared"] = {"environment": shared_env, "args": shared_args}
print(json.dumps(seen))
"""


def _spawn(tmpdir: Path, ports: str = "", stop_ana: bool = False) -> tuple[dict, str]:
    done = _spawning(tmpdir, ports, stop_ana)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


def _spawning(tmpdir: Path, ports: str = "", stop_ana: bool = False
              ) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BALANCING_ACT_HUB_")}
    return subprocess.run([sys.executable, "-c", SPAWN, str(DEPLOY_CONFIG), "", ""],
                          env=clean | {"BALANCING_ACT_HUB_SPAWNER": "simple",
                                       "BALANCING_ACT_HUB_SERVER_PORTS": ports,
                                       "BA_STOP_ANA": "1" if stop_ana else "",
                                       "TMPDIR": str(tmpdir)},
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A folder in /tmp itself: pytest's own (…/pytest-12/popen-gw0/…) is too deep for a
    socket path, which is what the next test but one is about."""
    folder = Path(tempfile.mkdtemp(prefix="ba-t-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder)


def test_each_learners_kernels_use_sockets_in_a_short_folder_of_their_own(short_tmp):
    """Unix sockets, not TCP ports thirty kernels starting at once could take from each
    other; each learner's runtime folder private (0700) in one only this hub made (0711)."""
    short = short_tmp                      # as short as /tmp/ba-k-XXXXXXXX/7 on a real hub
    seen, said = _spawn(short)
    assert said == "", said                # nothing logged, nothing failing at exit
    ana, ben = seen["ana"], seen["ben"]
    assert Path(ana["folder"]).parent == Path(ben["folder"]).parent
    assert Path(ana["folder"]).parent.parent == short
    assert (Path(ana["folder"]).name, Path(ben["folder"]).name) == ("7", "8")
    assert (ana["mode"], ana["parent"]) == ("0o700", "0o711")
    assert ana["args"].count("--KernelManager.transport=ipc") == 1
    assert ben["args"].count("--KernelManager.transport=ipc") == 1
    # the configured dict and list every spawner shares are left as they were
    assert "JUPYTER_RUNTIME_DIR" not in seen["shared"]["environment"]
    assert "--KernelManager.transport=ipc" not in seen["shared"]["args"]
    assert list(short.iterdir()) == [], "the hub's socket folder is removed when it exits"


def test_a_temporary_folder_too_long_for_a_socket_leaves_kernels_on_tcp(tmp_path):
    deep = tmp_path / ("d" * 60)
    deep.mkdir()
    seen, said = _spawn(deep)
    assert said.count("would be too long; ana's kernels use TCP") == 1, said
    assert seen["ana"]["folder"] is None
    assert "--KernelManager.transport=ipc" not in seen["ana"]["args"]
    assert "--KernelManager.cache_ports=False" in seen["ana"]["args"]


def _three_free_ports() -> int:
    """The first of three consecutive ports nothing listens on (just now)."""
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first = probe.getsockname()[1]
        if first + 2 <= 65535 and all(_bindable(first + n) for n in range(3)):
            return first


def _bindable(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("", port))
        except OSError:
            return False
    return True


def test_each_learners_server_gets_a_port_of_its_own_that_nothing_holds(short_tmp):
    """Thirty servers handed ports by JupyterHub can be handed the same one; this hub
    hands them out itself: free, one per learner, below the outgoing-connection range."""
    seen, _ = _spawn(short_tmp)
    assert seen["ana"]["port"] != seen["ben"]["port"]
    assert all(20000 <= seen[n]["port"] < 32768 for n in ("ana", "ben")), seen
    first = _three_free_ports()
    with socket.socket() as held:          # another program listens on the middle one
        held.bind(("", first + 1))
        held.listen()
        seen, _ = _spawn(short_tmp, f"{first}-{first + 2}")
        assert {seen["ana"]["port"], seen["ben"]["port"]} == {first, first + 2}
        full = _spawning(short_tmp, f"{first}-{first + 1}")
        after_stop, _ = _spawn(short_tmp, f"{first}-{first + 1}", stop_ana=True)
    assert after_stop["ana"]["port"] == after_stop["ben"]["port"] == first, "given back"
    assert full.returncode != 0
    assert f"no free port for a learner's server in {first}-{first + 1}" in full.stderr


def test_a_bad_port_range_is_one_clear_line():
    done = _load({"BALANCING_ACT_HUB_SERVER_PORTS": "20000-80"})
    assert done.returncode == 1 and done.stderr.strip().count("\n") == 0, done.stderr
    assert "BALANCING_ACT_HUB_SERVER_PORTS='20000-80' is not a range of ports" in done.stderr

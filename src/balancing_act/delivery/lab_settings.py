"""The course's JupyterLab defaults: no news prompt, no update check, long lines wrap, and
widget state saved with the notebook (a lesson reopened without its kernel shows its last
view, not "model not found").

They live in one packaged file, ``jupyter_config/labconfig/default_setting_overrides.json``.
JupyterLab reads default setting overrides from every folder on ``JUPYTER_CONFIG_PATH``;
``lab_env`` puts the packaged folder first on that path for the JupyterLab that
``balancing-act lab`` starts, so nothing is written at launch and the learner's own
settings still win. Test labs copy the same defaults with ``write_overrides``. The same
environment puts this Python's own scripts folder first on ``PATH``, so a terminal opened
in that JupyterLab finds ``balancing-act`` (the course's environment need not be activated).
"""

from __future__ import annotations

import json
import os
import sys
import sysconfig
from collections.abc import Mapping
from pathlib import Path

from balancing_act.support import paths
from balancing_act.support.atomic_files import replace_text

#: The one source of the settings. The wheel also installs this very file as
#: {sys.prefix}/share/jupyter/lab/settings/overrides.json (pyproject's shared-data), so every
#: JupyterLab in the course's environment has them: a hub's, Binder's, a plain `jupyter lab`.
CONFIG_DIR = paths.PACKAGE_DIR / "jupyter_config"
OVERRIDES_FILE = Path("labconfig") / "default_setting_overrides.json"


def overrides() -> dict[str, dict[str, object]]:
    """plugin id -> settings, as packaged."""
    return json.loads((CONFIG_DIR / OVERRIDES_FILE).read_text(encoding="utf-8"))


def write_overrides(config_dir: Path, extra: Mapping[str, dict] | None = None) -> Path:
    """Write the course's defaults (plus ``extra``) where JupyterLab looks in ``config_dir``."""
    merged = {k: dict(v) for k, v in overrides().items()}
    for plugin, settings in (extra or {}).items():
        merged.setdefault(plugin, {}).update(settings)
    target = Path(config_dir) / OVERRIDES_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    replace_text(target, json.dumps(merged, indent=1) + "\n")  # whole, never through a link
    return target


def lab_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with the course's defaults on the path."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        p for p in (str(CONFIG_DIR), env.get("JUPYTER_CONFIG_PATH", "")) if p)
    env["PATH"] = os.pathsep.join(p for p in (scripts_dir(), env.get("PATH", "")) if p)
    return env


def scripts_dir() -> str:
    """Where this Python's commands (``balancing-act``, ``jupyter``) are installed."""
    return sysconfig.get_path("scripts") or os.path.dirname(sys.executable)

"""JupyterLab defaults for the course: long code lines wrap inside their cell.

At 1366x768 a long line of code ran past the cell's edge. JupyterLab reads
default setting overrides from ``labconfig/default_setting_overrides.json`` in
every folder on ``JUPYTER_CONFIG_PATH``; ``lab_env`` writes that file into the
build folder and puts it on the path for the JupyterLab that ``balancing-act
lab`` starts. The learner's own settings still win over these defaults.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from . import paths

#: plugin id -> settings; wrapping instead of clipping, for code and Markdown cells.
OVERRIDES: dict[str, dict[str, object]] = {
    "@jupyterlab/notebook-extension:tracker": {
        "codeCellConfig": {"lineWrap": True},
        "markdownCellConfig": {"lineWrap": True},
    },
}
CONFIG_DIR = paths.BUILD_DIR / "lab-config"


def write_overrides(config_dir: Path, extra: Mapping[str, dict] | None = None) -> Path:
    """Write the overrides (plus ``extra``) where JupyterLab looks for them in ``config_dir``."""
    merged = {k: dict(v) for k, v in OVERRIDES.items()}
    for plugin, settings in (extra or {}).items():
        merged.setdefault(plugin, {}).update(settings)
    target = Path(config_dir) / "labconfig" / "default_setting_overrides.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(merged, indent=1) + "\n", encoding="utf-8")
    return target


def lab_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with the course's lab defaults on the path."""
    env = dict(os.environ if base is None else base)
    write_overrides(CONFIG_DIR)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        p for p in (str(CONFIG_DIR), env.get("JUPYTER_CONFIG_PATH", "")) if p)
    return env

"""The JupyterLab that `balancing-act lab` starts: no news prompt, long code lines wrap."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

from balancing_act.delivery import lab_settings


def test_lab_env_puts_the_packaged_defaults_first_on_jupyters_config_path():
    env = lab_settings.lab_env({"JUPYTER_CONFIG_PATH": "/elsewhere"})
    first, rest = env["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert rest == "/elsewhere"
    written = json.loads((Path(first) / "labconfig" / "default_setting_overrides.json")
                         .read_text(encoding="utf-8"))
    assert written["@jupyterlab/notebook-extension:tracker"]["codeCellConfig"]["lineWrap"]
    assert written["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_extra_overrides_are_merged_not_lost(tmp_path):
    target = lab_settings.write_overrides(tmp_path, {"@x/y:z": {"a": 1}})
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["@x/y:z"] == {"a": 1} and "@jupyterlab/notebook-extension:tracker" in written


def test_the_wheel_ships_this_very_file_as_every_labs_overrides():
    """pyproject's shared-data maps the packaged defaults, and nothing else, to the path every
    JupyterLab in the environment reads: one source, so a setting added there reaches both."""
    root = Path(lab_settings.__file__).resolve().parents[3]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    shared = project["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]
    sources = [src for src, dest in shared.items()
               if dest == "share/jupyter/lab/settings/overrides.json"]
    assert [(root / s).resolve() for s in sources] == [
        (lab_settings.CONFIG_DIR / lab_settings.OVERRIDES_FILE).resolve()]
def test_widget_state_is_saved_with_the_notebook():
    """A lesson reopened without its kernel then shows its last view, not "model not found"."""
    assert lab_settings.overrides()["@jupyter-widgets/jupyterlab-manager:plugin"] == {
        "saveState": True}


def test_a_terminal_in_the_course_lab_finds_balancing_act(tmp_path):
    """`make lab` opens JupyterLab without activating .venv: its terminals get its scripts."""
    env = lab_settings.lab_env({"PATH": "/usr/bin"})
    first, rest = env["PATH"].split(os.pathsep, 1)
    assert rest == "/usr/bin" and (Path(first) / "balancing-act").exists()

"""The JupyterLab that `balancing-act lab` starts: no news prompt, long code lines wrap."""

from __future__ import annotations

import json
import os
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

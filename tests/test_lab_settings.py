"""The JupyterLab that `make lab` starts wraps long code lines (nothing runs off at 1366 px)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from balancing_act import lab_settings


def test_lab_env_puts_the_course_defaults_on_jupyters_config_path(tmp_path, monkeypatch):
    monkeypatch.setattr(lab_settings, "CONFIG_DIR", tmp_path / "lab-config")
    env = lab_settings.lab_env({"JUPYTER_CONFIG_PATH": "/elsewhere"})
    first, rest = env["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert rest == "/elsewhere"
    written = json.loads((Path(first) / "labconfig" / "default_setting_overrides.json")
                         .read_text(encoding="utf-8"))
    tracker = written["@jupyterlab/notebook-extension:tracker"]
    assert tracker["codeCellConfig"]["lineWrap"] is True


def test_extra_overrides_are_merged_not_lost(tmp_path):
    target = lab_settings.write_overrides(tmp_path, {"@x/y:z": {"a": 1}})
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["@x/y:z"] == {"a": 1} and "@jupyterlab/notebook-extension:tracker" in written

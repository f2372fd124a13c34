"""environment.yml (conda, Binder, JupyterHub) must agree with pyproject.toml."""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _split(spec: str) -> tuple[str, str]:
    """('pandas', '<4,>=3.0') from 'pandas>=3.0,<4' or 'pandas >=3.0,<4'."""
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*)", spec)
    assert match, f"cannot read dependency {spec!r}"
    name, ranges = match.groups()
    parts = sorted(p.strip() for p in ranges.replace(" ", "").split(",") if p.strip())
    return name.lower().replace("_", "-"), ",".join(parts)


#: conda-forge names that differ from the PyPI name.
CONDA_NAMES = {"python-build": "build"}


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _conda() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def test_every_runtime_dependency_has_the_same_range_in_both_files():
    project = _pyproject()["project"]
    extras = project["optional-dependencies"]
    runtime = (project["dependencies"] + extras["present"] + extras["test"]
               + extras["hub"])
    wanted = dict(_split(d) for d in runtime)
    conda = dict(_split(d) for d in _conda()["dependencies"] if isinstance(d, str))
    conda = {CONDA_NAMES.get(name, name): ranges for name, ranges in conda.items()}
    for name, ranges in wanted.items():
        assert name in conda, f"environment.yml lacks {name} (pyproject.toml has {name}{ranges})"
        assert conda[name] == ranges, (
            f"{name}: environment.yml says {conda[name]!r}, pyproject.toml {ranges!r}")
    extra = set(conda) - set(wanted) - {"python", "pip"}
    assert not extra, f"environment.yml has packages pyproject.toml does not: {sorted(extra)}"


def test_python_versions_agree():
    project = _pyproject()["project"]
    conda = dict(_split(d) for d in _conda()["dependencies"] if isinstance(d, str))
    assert conda["python"] == project["requires-python"]


def test_environment_installs_the_package_itself_with_pip():
    pip_sections = [d["pip"] for d in _conda()["dependencies"] if isinstance(d, dict)]
    assert pip_sections and "." in pip_sections[0]


def test_a_conda_or_binder_user_can_run_the_notebook_checks():
    conda = dict(_split(d) for d in _conda()["dependencies"] if isinstance(d, str))
    for name in ("nbval", "pytest", "hypothesis"):
        assert name in conda, f"environment.yml lacks {name}: `pytest --nbval` would not run"


def test_a_jupyter_process_starts_without_compiling_the_iri_grammar():
    """jsonschema 4.25+ imports rfc3987-syntax, which builds 35 Earley parsers on import:
    2 s of CPU in every lab server and notebook run, thirty times over for a class on a hub.
    pyproject.toml keeps jsonschema below 4.25; this holds that the installed one obeys."""
    code = ("import sys, nbformat, jupyter_server.serverapp, jupyterlab\n"
            "print(sorted(m for m in ('rfc3987_syntax', 'lark') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "[]", (
        f"a Jupyter start imports {done.stdout.strip()}: jsonschema is "
        f"{importlib.metadata.version('jsonschema')}; pyproject.toml asks for <4.25")

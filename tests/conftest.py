"""Every test writes progress to its own temporary folder, never to the user's own record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def progress_home(tmp_path_factory, monkeypatch) -> Iterator[Path]:
    """A fresh, not yet created BALANCING_ACT_HOME and a fresh session, for every test."""
    from balancing_act import progress

    folder = tmp_path_factory.mktemp("progress-home") / "home"
    monkeypatch.setenv("BALANCING_ACT_HOME", str(folder))
    progress.reset_session()
    yield folder
    progress.reset_session()


@pytest.fixture()
def home(progress_home: Path) -> Path:
    """The test's progress folder, by its short name."""
    return progress_home


#: Test files that take minutes, longest first. They are collected first, so that with
#: `pytest -n` none of them starts late and becomes the tail of the run while the other
#: workers sit idle (longest-processing-time-first scheduling). Figures: `--durations`.
LONG_FIRST = ("hub/test_class_on_hub.py", "browser/test_student_view.py",
              "browser/test_delivery_a11y.py", "browser/test_forms_in_lab.py",
              "browser/test_presentation_a11y.py",
              "browser/test_classroom_browser.py", "integration/test_install.py",
              "browser/test_make_lab.py", "unit/delivery/test_student_build_and_key.py",
              "browser/test_lab_harness.py")
TESTS_DIR = Path(__file__).resolve().parent


def _long_first_rank(item: pytest.Item) -> int:
    path = Path(item.path)
    name = path.relative_to(TESTS_DIR).as_posix() if path.is_relative_to(TESTS_DIR) else ""
    return LONG_FIRST.index(name) if name in LONG_FIRST else len(LONG_FIRST)


def pytest_configure(config: pytest.Config) -> None:
    """Keep the files in collection order under `pytest -n --dist loadfile`: pytest-xdist 3
    otherwise hands out the files with the most tests first, so the hub class (17 tests,
    the longest file) started seven minutes into a run and ended it alone."""
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Long files first; everything else keeps its order, and each file stays together."""
    items.sort(key=_long_first_rank)

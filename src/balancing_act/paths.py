"""Where the course's folders are, relative to the package, never to the caller's cwd."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: The checkout's top folder (src/balancing_act/ -> ../..), where notebooks/ lives.
REPO_DIR = PACKAGE_DIR.parents[1]
NOTEBOOKS_DIR = REPO_DIR / "notebooks"
BUILD_DIR = REPO_DIR / "build"
#: The learner's own copy of the lessons (student version), made once by `make lab`.
WORK_DIR = REPO_DIR / "my_work"


def lesson_notebooks() -> list[Path]:
    """The lesson notebooks in course order (00_... to 06_...)."""
    return sorted(p for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def find_lesson(number: str) -> Path:
    """The notebook for a lesson number such as '3' or '03'."""
    key = f"{int(number):02d}_" if str(number).isdigit() else str(number)
    matches = [p for p in lesson_notebooks() if p.name.startswith(key)]
    if not matches:
        names = ", ".join(p.name[:2] for p in lesson_notebooks())
        raise SystemExit(f"no lesson {number!r}; expected one of: {names}")
    return matches[0]

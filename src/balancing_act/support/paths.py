"""Where the course's files are: the one answer every module and command uses.

The course is a folder holding ``notebooks/`` (the instructor lessons) and
``lessons_data/`` (the article, tables, model parameters and exercises). It is,
in this order:

1. the folder named by ``balancing-act --course FOLDER`` (which sets
   ``$BALANCING_ACT_COURSE``, so the kernels a command starts see it too);
2. the copy packaged in the installed wheel (``balancing_act/course/``);
3. the checkout around ``src/balancing_act`` (an editable install, for development).

Where a command writes (``build/``, the learner's copy) is not the course: see
``build_dir`` and ``cache_dir``.
"""

from __future__ import annotations

import os
from pathlib import Path

from balancing_act.support.errors import CourseError

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # balancing_act/, not support/
#: Set by ``balancing-act --course FOLDER``; read here only.
COURSE_ENV = "BALANCING_ACT_COURSE"
PACKAGED = PACKAGE_DIR / "course"
CHECKOUT = PACKAGE_DIR.parent.parent
#: The file that tells a course folder from any other folder.
MARKER = Path("lessons_data") / "sentences.csv"
LESSON_GLOB = "[0-9][0-9]_*.ipynb"


class CourseNotFound(CourseError, FileNotFoundError):
    """The course's files are not where they should be; the message says where and what to do."""

    exit_code = 2


def _is_course(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def developing() -> bool:
    """True in a checkout (editable install): no packaged copy, the checkout's files instead."""
    return not _is_course(PACKAGED) and _is_course(CHECKOUT)


def course_dir() -> Path:
    """The course folder (holding notebooks/ and lessons_data/), or CourseNotFound."""
    named = os.environ.get(COURSE_ENV)
    if named:
        try:
            folder = Path(named).expanduser().resolve()
        except (OSError, RuntimeError):  # a loop of symbolic links
            raise CourseNotFound(f"{named} (named by --course or ${COURSE_ENV}) is a symbolic "
                                 "link that loops back on itself; name the course folder "
                                 "itself") from None
        if _is_course(folder):
            return folder
        raise CourseNotFound(
            f"no course files in {folder} (named by --course or ${COURSE_ENV}): expected "
            f"{MARKER} there; name a folder that holds notebooks/ and lessons_data/")
    for folder in (PACKAGED, CHECKOUT):
        if _is_course(folder):
            return folder
    raise CourseNotFound(
        f"the course files are missing: looked for {MARKER} in {PACKAGED} (installed) and "
        f"{CHECKOUT} (checkout); reinstall the course package (pip install --force-reinstall "
        "with the wheel or git address you installed from) or name a course folder with "
        "--course FOLDER")


def data_dir() -> Path:
    """The course's lessons_data folder."""
    return course_dir() / "lessons_data"


def notebooks_dir() -> Path:
    """The course's instructor notebooks folder."""
    return course_dir() / "notebooks"


def lesson_notebooks() -> list[Path]:
    """The lesson notebooks in course order (00_... to 06_...); CourseNotFound if none."""
    folder = notebooks_dir()
    found = sorted(folder.glob(LESSON_GLOB))
    if not found:
        raise CourseNotFound(f"no lesson notebooks ({LESSON_GLOB}) in {folder}; reinstall the "
                             "course or name a course folder with --course FOLDER")
    return found


def find_lesson(number: str) -> Path:
    """The notebook for a lesson number such as '3' or '03'."""
    text = str(number)
    key = f"{int(text):02d}_" if text.isascii() and text.isdigit() and len(text) < 4 else text
    lessons = lesson_notebooks()
    matches = [p for p in lessons if p.name.startswith(key)]
    if not matches:
        names = ", ".join(p.name[:2] for p in lessons)
        raise SystemExit(f"no lesson {number!r}; expected one of: {names}")
    return matches[0]


def build_dir() -> Path:
    """Where commands write by default: the checkout's build/ (git ignores it), else ./build."""
    return CHECKOUT / "build" if developing() else Path.cwd() / "build"


def cache_dir() -> Path:
    """Downloads kept between builds: build/cache in a checkout, else the user's cache folder."""
    if developing():
        return CHECKOUT / "build" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "balancing-act"


def version() -> str:
    """The course's version (pyproject reads it from __init__): editions told apart by it."""
    from balancing_act import __version__

    return __version__


def __getattr__(name: str) -> Path:
    """``NOTEBOOKS_DIR`` and ``BUILD_DIR``, kept for callers written before the functions."""
    if name == "NOTEBOOKS_DIR":
        return notebooks_dir()
    if name == "BUILD_DIR":
        return build_dir()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

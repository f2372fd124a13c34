"""``balancing-act``: the course's command line.

Each sub-command is a thin shell over a library function so that tests and
notebooks call the same code; heavy modules load only for the command run.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from . import paths


def _model_problems(folder: Path) -> list:
    """Cross-file model checks (every option rated, plans use known steps, ...)."""
    from . import data, params

    try:
        params.load_params(str(folder))
        params.load_plans(str(folder))
    except data.LessonDataError as exc:
        return exc.problems
    except ValueError as exc:
        return [data.Problem("model", str(exc))]
    return []


def _check_data(args: argparse.Namespace) -> int:
    from . import data, exercises

    folder = Path(args.folder) if args.folder else paths.data_dir()
    problems = data.validate_folder(folder)
    if not problems:
        problems = _model_problems(folder) + exercises.validate_folder(folder / "exercises")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    print(f"{folder}: all data files are valid")
    return 0


def _progress(args: argparse.Namespace) -> int:
    from . import progress

    table = progress.summary()
    if args.export:
        progress.export_csv(Path(args.export))
        print(f"progress written to {args.export}")
    else:
        print(table.to_string(index=False) if len(table) else "no progress recorded yet")
    return 0


#: JupyterLab settings defaults (no "Jupyter news" prompt, no update check) read through
#: JUPYTER_CONFIG_PATH for this launch only: the user's own settings still win.
LAB_CONFIG = paths.PACKAGE_DIR / "jupyter_config"


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_command(root: Path, extra: list[str] | None = None, *,
                as_root: bool | None = None) -> list[str]:
    """JupyterLab on loopback only, opening the first lesson in ``root``.

    The token is left to JupyterLab: it makes a fresh random one each start and
    prints the full URL with it (one we set ourselves would be masked in its log).
    No news feed and no update check: nothing leaves the machine.
    """
    first = paths.lesson_notebooks()[0].name
    root_flag = ["--allow-root"] if (_as_root() if as_root is None else as_root) else []
    return [sys.executable, "-m", "jupyterlab", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.root_dir={root}", f"--LabApp.default_url=/lab/tree/{first}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            *root_flag, *(extra or [])]


def lab_env() -> dict[str, str]:
    """This process's environment plus the course's JupyterLab settings defaults."""
    env = dict(os.environ)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        p for p in (str(LAB_CONFIG), env.get("JUPYTER_CONFIG_PATH", "")) if p)
    return env


def _copy_missing(src: Path, dest: Path, student: bool) -> tuple[list[Path], int]:
    """Lessons added to ``dest`` (student or worked version) and how many were already there."""
    from . import classroom

    lessons = paths.lesson_notebooks()
    if student:
        added = classroom.add_missing_student_copies(src, dest)
    else:
        dest.mkdir(parents=True, exist_ok=True)
        added = [Path(shutil.copy2(p, dest / p.name)) for p in lessons
                 if not (dest / p.name).exists()]
    return added, len(lessons) - len(added)


def _lab_dir(args: argparse.Namespace) -> Path:
    """--dir, else the current folder (the top of a checkout: its git-ignored my_work/)."""
    if args.dir:
        return Path(args.dir).resolve()
    here = Path.cwd()
    return here / "my_work" if paths.developing() and here == paths.CHECKOUT else here


def _lab(args: argparse.Namespace) -> int:
    root = _lab_dir(args)
    try:
        added, kept = _copy_missing(paths.notebooks_dir(), root, student=not args.instructor)
    except OSError as exc:
        print(f"balancing-act lab: cannot write the lessons into {root} "
              f"({exc.strerror or exc}); name a folder you can write to with --dir FOLDER",
              file=sys.stderr)
        return 1
    version = "worked (instructor)" if args.instructor else "student"
    print(f"The {version} lessons are in {root} ({len(added)} added now, {kept} already "
          "there and left as they were): your work there is never overwritten.")
    if not args.instructor:
        print("Teachers: --instructor opens the worked notebooks.")
    extra = list(args.extra)
    if _as_root() and "--allow-root" not in extra:
        print("Running as root (a container or lab image?): passing --allow-root to JupyterLab.")
    print("Opening JupyterLab on 127.0.0.1 (token on); if no browser opens, copy the URL "
          "with ?token=... that JupyterLab prints below. Ctrl+C stops it.", flush=True)
    try:
        return subprocess.call(lab_command(root, [e for e in extra if e != "--allow-root"]),
                               env=lab_env())
    except KeyboardInterrupt:  # JupyterLab got the Ctrl+C too and has shut down
        return 0


def _needs_course(func: Callable[[argparse.Namespace], int], *, check_first: bool = True):
    """Run a command; missing course files end it with one line, never a traceback.

    ``--course FOLDER`` is put in the environment, so kernels the command starts
    read the same course. The course is looked up before any heavy import.
    """
    @functools.wraps(func)
    def run(args: argparse.Namespace) -> int:
        if getattr(args, "course", None):
            os.environ[paths.COURSE_ENV] = str(Path(args.course).expanduser().resolve())
        try:
            if check_first:
                paths.course_dir()
            return func(args)
        except paths.CourseNotFound as exc:
            print(f"balancing-act {args.command}: {exc}", file=sys.stderr)
            return 2
    return run


def _classroom(name: str, out: str | None = None):
    def run(args: argparse.Namespace) -> int:
        from . import classroom

        if out is not None and not args.out:
            args.out = str(paths.build_dir() / out)
        return getattr(classroom, name)(args)

    return _needs_course(run)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="balancing-act", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"balancing-act {paths.version()}")
    parser.add_argument("--course", metavar="FOLDER",
                        help="use the course (notebooks/ and lessons_data/) in FOLDER instead "
                        "of the installed one")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check-data", help="validate a lessons_data folder (default: the "
                       "course's own)")
    p.add_argument("folder", nargs="?")
    p.set_defaults(func=_needs_course(_check_data, check_first=False))

    p = sub.add_parser("progress", help="show your progress, or export it for hand-in")
    p.add_argument("--export", metavar="FILE.csv", help="write the progress table as CSV")
    p.set_defaults(func=_needs_course(_progress, check_first=False))

    p = sub.add_parser("lab", help="copy the lessons you lack into a folder and open it in "
                       "JupyterLab (localhost, token on); other options go to jupyter lab, "
                       "e.g. --no-browser")
    p.add_argument("--dir", metavar="FOLDER",
                   help="your folder for the lessons (default: the current folder; "
                   "my_work/ at the top of a checkout)")
    p.add_argument("--instructor", action="store_true",
                   help="copy the instructor notebooks (worked answers) instead")
    p.set_defaults(func=_needs_course(_lab))

    p = sub.add_parser("student", help="write the student notebooks (no solutions)")
    p.add_argument("out", nargs="?", help="output folder (default: build/student)")
    p.set_defaults(func=_classroom("student_command", "student"))

    p = sub.add_parser("answer-key", help="write the answer key (Markdown and HTML)")
    p.add_argument("out", nargs="?", help="output folder (default: build/answer_key)")
    p.set_defaults(func=_classroom("answer_key_command", "answer_key"))

    p = sub.add_parser("present", help="present a lesson with Voila (code hidden)")
    p.add_argument("lesson", help="lesson number, e.g. 03")
    p.add_argument("--port", type=int, default=8866)
    p.set_defaults(func=_classroom("present_command"))

    p = sub.add_parser("html", help="build the offline static site")
    p.add_argument("out", nargs="?", help="output folder (default: build/html)")
    p.add_argument("--student", action="store_true",
                   help="export the student notebooks (solutions removed)")
    p.set_defaults(func=_classroom("html_command", "html"))
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "lab":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.extra = extra
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())

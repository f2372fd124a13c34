"""``balancing-act``: the course's command line.

Each sub-command is a thin shell over a library function so that tests and
notebooks call the same code; heavy modules load only for the command run.
"""

from __future__ import annotations

import argparse
import functools
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from balancing_act.delivery import lab, lab_settings
from balancing_act.delivery.lab import lab_command
from balancing_act.support import overwrite_policy as safe_paths
from balancing_act.support import paths
from balancing_act.support.errors import CourseError, one_line, printable


def _model_problems(folder: Path) -> list:
    """Cross-file model checks (every option rated, plans use known steps, ...)."""
    from balancing_act.data import loaders as data
    from balancing_act.data import model_inputs as params

    try:
        params.load_params(str(folder))
        params.load_plans(str(folder))
    except data.LessonDataError as exc:
        return exc.problems
    except ValueError as exc:
        return [data.Problem("model", str(exc))]
    return []


def _check_data(args: argparse.Namespace) -> int:
    from balancing_act import exercises
    from balancing_act.data import loaders as data
    from balancing_act.exercises.course import behaviour_problems_in

    folder = Path(args.folder) if args.folder else paths.data_dir()
    if not folder.is_dir():
        raise CourseError(f"{folder} is not a folder", "give the lessons_data folder, e.g. "
                          "balancing-act check-data lessons_data")
    problems = data.validate_folder(folder)
    if not problems:  # the model's cross-checks need every table to have loaded
        problems = _model_problems(folder)
    problems += [p for p in exercises.validate_folder(folder / "exercises")  # YAML: always
                 if p not in problems]  # a data file a checker reads is named once
    if not problems:  # every file valid: each exercise judged by its own file, as make unit
        problems = behaviour_problems_in(folder / "exercises")
    for problem in problems:  # one line each, whatever a file or folder name holds
        print(printable(problem), file=sys.stderr)
    for warning in exercises.warnings_for(folder / "exercises"):  # cues: named, not fatal
        print(printable(f"WARNING: exercises: {warning}"), file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {printable(folder)}", file=sys.stderr)
        return 1
    print(f"{printable(folder)}: all data files are valid")
    return 0


def _progress(args: argparse.Namespace) -> int:
    from balancing_act.exercises.course import course_counts
    from balancing_act.record import identity, store, views

    record = store.state("all")
    table = views.summary(record, course_counts())
    if args.export:
        target = Path(args.export)
        safe_paths.check_output(target.parent, [target.name], kind="export", force=args.force,
                                create=False)
        who = identity.learner_id(args.learner, os.environ, identity.login_name())
        identity.export(record, target, per=args.per, counts=course_counts(), learner=who,
                        version=paths.version())
        print(f"progress written to {args.export}")
        if args.with_written:
            _export_written(target, args.force)
    else:
        print(table.to_string(index=False) if len(table) else "no progress recorded yet")
    return 0


def _export_written(progress_file: Path, force: bool) -> None:
    """The learner's written answers beside the progress export: FILE's name + .written.md."""
    from balancing_act.record import written

    target = progress_file.with_name(progress_file.stem + ".written.md")
    safe_paths.check_output(target.parent, [target.name], kind="export", force=force,
                            create=False)
    try:
        answers = written.load_all()
    except written.WrittenFileProblem as exc:
        raise CourseError(str(exc), "write your answers again in the lesson") from None
    target.write_text(written.as_markdown(answers), encoding="utf-8")
    print(f"{len(answers)} written answer(s) written to {target}")


def _class_report(args: argparse.Namespace) -> int:
    from balancing_act.class_report import handins, lessons, wrong_answers
    from balancing_act.class_report import page as class_report_html
    from balancing_act.class_report import records as class_records
    from balancing_act.class_report import tables as class_report
    from balancing_act.exercises import all_exercises

    _gradebook_args(args)
    roster = _read_roster(args)  # a wrong roster is said before any report is printed
    marks = _read_rubric(args)  # and so is a wrong rubric file
    records, skipped = class_records.read_all(args.paths)
    for item in skipped:
        print(one_line(str(item)), file=sys.stderr)
    if not records:
        raise CourseError("no progress file could be read", "give the learners' `progress "
                          "--export` CSV files, their progress.json files or a folder of them")
    records, notes = handins.one_per_learner(records)
    if warning := handins.version_warning(records):
        print(one_line(f"WARNING: {warning}"), file=sys.stderr)
        notes.append(warning)
    roster, nothing = _roster_for(roster, args, records, notes)
    outline = class_report.course_outline()
    exercises = class_report.exercise_table(records, outline)
    learners = class_report.learner_table(records, outline)
    text = class_report.as_text(exercises, learners)  # names come from the hand-ins' files
    print("\n".join(printable(line) for line in text.splitlines()))
    per_lesson = lessons.lesson_table(exercises, records, outline)
    print(f"\nPer lesson:\n{per_lesson.to_string(index=False)}")
    wrong = wrong_answers.top_wrong(wrong_answers.wrong_answers(records, all_exercises()))
    if len(wrong):
        print("\nMost chosen wrong answers (learners):")
        print("\n".join(printable(ln) for ln in wrong.to_string(index=False).splitlines()))
    choices, chosen_wrong = _print_choices(records)
    for line in notes:
        print(printable(f"Note: {line}"))
    if nothing:
        print(printable(f"Handed in nothing ({len(nothing)}): {', '.join(nothing)}"))
    if args.html:
        target = Path(args.html)
        again = class_report_html.is_report(target)  # an earlier report: replaced freely
        safe_paths.check_output(target.parent, [target.name], kind="report",
                                force=args.force or again, create=False)
        class_report_html.write(target, class_report_html.page(
            exercises, learners, [str(s) for s in skipped], lessons=per_lesson, wrong=wrong,
            nothing=nothing, notes=notes, choices=choices, chosen_wrong=chosen_wrong))
        print(f"class report page written to {target}")
    if roster is not None and args.gradebook:
        _write_gradebook(args, roster, records, marks)
    return 0


def _gradebook_args(args: argparse.Namespace) -> None:
    """--gradebook needs a roster and a file to write; --out and --match need --gradebook."""
    if args.gradebook and not (args.roster and args.out):
        raise CourseError("--gradebook needs --roster ROSTER.csv (the platform's gradebook "
                          "export) and --out GRADES.csv", "add both, e.g. --gradebook canvas "
                          "--roster canvas_export.csv --out grades.csv")
    if args.out and not args.gradebook:
        raise CourseError("--out is the gradebook file", "add --gradebook canvas or "
                          "--gradebook moodle, with --roster ROSTER.csv")
    if args.rubric and not args.gradebook:
        raise CourseError("--rubric carries the brief's rubric marks into the gradebook",
                          "add --gradebook canvas or --gradebook moodle, with --roster "
                          "ROSTER.csv and --out GRADES.csv")
    if args.gradebook:  # checked before any work: a refused file costs no report
        target = Path(args.out)
        if target.resolve() == Path(args.roster).resolve():
            raise CourseError(f"--out {target} is the roster itself", "write the grades to a "
                              "new file, e.g. --out grades.csv")
        safe_paths.check_output(target.parent, [target.name], kind="gradebook",
                                force=args.force, create=False)


def _read_roster(args: argparse.Namespace):
    """The roster named by --roster (None without), its match column checked."""
    from balancing_act.class_report import roster as class_roster

    if not args.roster:
        return None
    roster = class_roster.read(Path(args.roster), args.gradebook)
    class_roster.match(roster, [], args.match)  # the column exists, or one line now
    return roster


def _roster_for(roster, args: argparse.Namespace, records: list, notes: list[str]):
    """The roster and its match (or None) and the roster's learners who handed in nothing;
    a file with no roster row and an id several rows share are one note each."""
    from balancing_act.class_report import roster as class_roster

    if roster is None:
        return None, []
    handed = [r.learner for r in records if r.source.is_file()]
    found = class_roster.match(roster, handed, args.match)
    notes += found.ambiguous
    notes += [f"no roster row for {name} (matched by {found.column!r})"
              for name in found.no_row]
    return (roster, found), [roster.display_name(r) for r in found.no_file]


def _read_rubric(args: argparse.Namespace) -> dict | None:
    """The filled-in rubric file named by --rubric (None without), or one line on it."""
    if not args.rubric:
        return None
    from balancing_act.class_report import rubric

    if not os.path.lexists(args.rubric):
        raise CourseError(f"--rubric {args.rubric}: no such file", "write it with `balancing-"
                          "act check-brief BRIEFS --rubric FILE`, fill in the marks, then "
                          "give it here")
    return rubric.read(Path(args.rubric))


def _write_gradebook(args: argparse.Namespace, roster_match, records: list,
                     marks: dict | None = None) -> None:
    from balancing_act.class_report import gradebook
    from balancing_act.class_report import tables as class_report
    from balancing_act.support.atomic_files import replace_text

    roster, found = roster_match
    target = Path(args.out)
    by_name = {r.learner: r for r in records}
    marked, notes = (None, []) if marks is None else gradebook.rubric_scores(
        marks, roster, found.rows)
    book = gradebook.build(roster, {row: by_name[name] for row, name in found.rows.items()},
                           class_report.course_outline().lesson_ids(), args.score, marked)
    book.notes += notes
    replace_text(target, gradebook.to_csv(book, roster), prefix=f".{target.name}-")
    for line in book.notes:
        print(printable(f"Note: {line}"))
    print(f"{roster.platform.label} gradebook written to {target}: {len(found.rows)} of "
          f"{len(roster.learner_rows())} roster learners scored ({args.score}), "
          f"{len(found.no_file)} left blank; import it in {roster.platform.label} "
          f"({roster.platform.back})")


def _print_choices(records: list) -> tuple[Any, dict[str, Any]]:
    """What the class chose first per item (letters and the course's option texts only),
    printed; the table and each item's most chosen wrong option, for the page too."""
    from balancing_act.class_report import reasoning
    from balancing_act.exercises import all_exercises

    course = all_exercises()
    table = reasoning.choice_table(records, course)
    worst = reasoning.most_chosen_wrong(table, course)
    if len(table):
        print("\nWhat the class chose (first check), right answers for wrong reasons, "
              "self-marks:")
        print(reasoning.shown(table).to_string(index=False))
        for eid, (_, what, n) in worst.items():
            print(f"{eid}: most chosen wrong option: {what} ({n} learner{'s' * (n != 1)})")
    return table, worst


def _check_brief(args: argparse.Namespace) -> int:
    """One row per brief on screen, the class's counts and copies; the files on request."""
    from balancing_act.class_report import brief_files, rubric
    from balancing_act.class_report import briefs as marking
    from balancing_act.exercises import all_exercises

    rows, not_briefs = marking.read_briefs(args.files)
    for line in not_briefs:
        print(one_line(line), file=sys.stderr)
    if not rows:
        return 1
    model = marking.model_brief(all_exercises())
    flags = marking.copy_flags(rows, model)
    records = _records(args.progress) if args.progress else []
    viewed = marking.solution_viewed(rows, records) if args.progress else None
    marks = _rubric(args.rubric, rows) if args.rubric else None
    table = marking.marks_table(rows, flags, viewed, marks)
    details = args.details or len(rows) == 1  # one brief: every check's detail, too
    print(marking.as_text(table, rows, details=details, model=model))  # learners' text escaped
    if missing := marking.without_brief(rows, records):
        print(printable(f"\nA progress record but no brief from: {', '.join(missing)}"))
    if args.csv:
        target = brief_files.write_csv(Path(args.csv), table, args.force)
        print(f"one row per brief written to {target}")
    if args.feedback:
        written = brief_files.write_feedback(Path(args.feedback), rows, marks, args.force)
        print(f"{len(written)} feedback file(s) written to {args.feedback}")
    if args.rubric and marks is None:
        brief_files.write_rubric_template(Path(args.rubric), rows)
        print(f"rubric file written to {args.rubric}: fill in {', '.join(rubric.CRITERIA)} "
              "(1 to 4) and a comment per brief, then run the same command again")
    return 1 if not_briefs or any(r.misses for r in rows) else 0


def _records(paths_given: list[str]) -> list:
    from balancing_act.class_report import records as class_records

    records, skipped = class_records.read_all(paths_given)
    for item in skipped:
        print(one_line(str(item)), file=sys.stderr)
    return records


def _rubric(name: str, rows: list) -> dict | None:
    """The filled-in rubric, or None when the file is still to be written."""
    import os

    from balancing_act.class_report import rubric

    if not os.path.lexists(name):
        return None
    marks = rubric.read(Path(name))
    for source in rubric.unmatched(marks, [(r.source, r.label) for r in rows]):
        print(one_line(f"{name}: the row for {source} matches no brief given"), file=sys.stderr)
    return marks


def _lab_dir(args: argparse.Namespace) -> Path:
    """--dir, else the current folder (the top of a checkout: its git-ignored my_work/)."""
    if args.dir:
        return Path(args.dir).resolve()
    here = Path.cwd()
    return here / "my_work" if paths.developing() and here == paths.CHECKOUT else here


def _lab(args: argparse.Namespace) -> int:
    root = _lab_dir(args)
    try:
        added, kept = lab.copy_missing(paths.notebooks_dir(), root, student=not args.instructor)
    except OSError as exc:
        raise CourseError(f"cannot write the lessons into {root} ({exc.strerror or exc})",
                          "name a folder you can write to with --dir FOLDER") from None
    version = "worked (instructor)" if args.instructor else "student"
    print(f"The {version} lessons are in {root} ({len(added)} added now, {kept} already "
          "there and left as they were): your work there is never overwritten.")
    if not args.instructor:
        print("Teachers: --instructor opens the worked notebooks.")
    extra = list(args.extra)
    if lab.as_root_now() and "--allow-root" not in extra:
        print("Running as root (a container or lab image?): passing --allow-root to JupyterLab.")
    print("Opening JupyterLab on 127.0.0.1 (token on); if no browser opens, copy the URL "
          "with ?token=... that JupyterLab prints below. Ctrl+C stops it.", flush=True)
    try:
        return subprocess.call(lab_command(root, [e for e in extra if e != "--allow-root"]),
                               env=lab_settings.lab_env())
    except KeyboardInterrupt:  # JupyterLab got the Ctrl+C too and has shut down
        return 0


def _needs_course(func: Callable[[argparse.Namespace], int], *, check_first: bool = True):
    """Run a command with the course it names; missing course files are one line (main).

    ``--course FOLDER`` is put in the environment, so kernels the command starts
    read the same course. The course is looked up before any heavy import.
    """
    @functools.wraps(func)
    def run(args: argparse.Namespace) -> int:
        if getattr(args, "course", None):
            try:
                folder = Path(args.course).expanduser().resolve(strict=False)
            except (OSError, RuntimeError):  # a loop of symbolic links
                raise CourseError(f"--course {args.course} is a symbolic link that loops back "
                                  "on itself", "name the course folder itself") from None
            os.environ[paths.COURSE_ENV] = str(folder)
        if check_first:
            paths.course_dir()
        return func(args)
    return run


def _default_out(args: argparse.Namespace, folder: str) -> None:
    """OUT defaults to a folder of build/ (the checkout's, or the working folder's)."""
    if not args.out:
        args.out = str(paths.build_dir() / folder)


def _student(args: argparse.Namespace) -> int:
    """``balancing-act student OUT``."""
    from balancing_act.delivery.student_build import build_student

    _default_out(args, "student")
    try:
        written = build_student(paths.notebooks_dir(), Path(args.out),
                                force=bool(getattr(args, "force", False)))
    except ValueError as exc:
        raise CourseError(f"student build: {str(exc).split('; ')[0]}",
                          "choose another output folder, e.g. build/student") from None
    if not written:
        raise CourseError(f"no notebooks found in {paths.notebooks_dir()}",
                          "reinstall the course or name a course folder with --course FOLDER")
    print(f"{len(written)} student notebook(s) written to {args.out} (solutions removed)")
    return 0


def _answer_key(args: argparse.Namespace) -> int:
    """``balancing-act answer-key OUT``."""
    from balancing_act.delivery.answer_key import build_answer_key

    _default_out(args, "answer_key")
    try:
        md, page = build_answer_key(Path(args.out), force=bool(getattr(args, "force", False)))
    except CourseError:
        raise
    except ValueError as exc:
        raise CourseError(f"answer key: {' '.join(str(exc).split())}",
                          "run balancing-act check-data to see every problem") from None
    print(f"answer key written to {md} and {page}")
    return 0


def _worksheets(args: argparse.Namespace) -> int:
    """``balancing-act worksheets OUT [--paper a4|letter]``."""
    from balancing_act.delivery.worksheets import build_worksheets

    _default_out(args, "worksheets")
    try:
        written = build_worksheets(Path(args.out), paper=args.paper,
                                   force=bool(getattr(args, "force", False)))
    except CourseError:
        raise
    except ValueError as exc:
        raise CourseError(f"worksheets: {' '.join(str(exc).split())}",
                          "run balancing-act check-data to see every problem") from None
    print(f"{len(written) - 1} worksheet(s) for {args.paper.upper()} paper written to {args.out} "
          f"(open {written[-1].name} and print each page)")
    return 0


def _html(args: argparse.Namespace) -> int:
    """``balancing-act html OUT``: progress by lesson, non-zero exit if any lesson failed."""
    from balancing_act.delivery.site_assets import SiteBuildError
    from balancing_act.delivery.static_site import build_site

    _default_out(args, "html")
    if not paths.lesson_notebooks():
        raise CourseError(f"no lesson notebooks found in {paths.notebooks_dir()}",
                          "reinstall the course or name a course folder with --course FOLDER")
    student = bool(getattr(args, "student", False))
    kind = "html-student" if student else "html"
    names = ["index.html", *(f"{p.stem}.html" for p in paths.lesson_notebooks())]
    safe_paths.check_output(args.out, names, kind=kind, force=bool(getattr(args, "force", False)))
    try:
        report = build_site(Path(args.out), student=student)  # records each file it writes
    except SiteBuildError as exc:
        raise CourseError(f"html: {exc}") from None
    total = len(report.pages) + len(report.failures)
    if report.failures:
        print(f"{len(report.failures)} of {total} lesson(s) failed:", file=sys.stderr)
        for name, reason in report.failures.items():
            print(f"  {name}: {reason}", file=sys.stderr)
        return 1
    print(f"site written to {Path(args.out) / 'index.html'} ({total} lesson(s))")
    return 0


def _present(args: argparse.Namespace) -> int:
    from balancing_act.delivery import present

    return present.present_command(args)


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
    p.add_argument("--learner", metavar="NAME",
                   help="with --export: the id written into the file (default: "
                   "$BALANCING_ACT_LEARNER, else $JUPYTERHUB_USER, else your login name)")
    p.add_argument("--per", choices=["exercise", "lesson"], default="exercise",
                   help="one row per exercise (default; what class-report reads) or per lesson")
    p.add_argument("--force", action="store_true", help="replace FILE.csv if it exists")
    p.add_argument("--with-written", action="store_true",
                   help="with --export: also write your written answers to FILE.written.md "
                        "(they are never in the progress file)")
    p.set_defaults(func=_needs_course(_progress, check_first=False))

    p = sub.add_parser("class-report", help="a teacher's report over the learners' progress "
                       "files: where the class struggles, who has not started")
    p.add_argument("paths", nargs="+", metavar="FILES_OR_FOLDER",
                   help="progress exports (.csv) and progress.json files, or folders holding "
                   "them (searched through, e.g. the hub's /home)")
    p.add_argument("--html", metavar="OUT.html", help="also write the report as an offline page")
    p.add_argument("--roster", metavar="ROSTER.csv", help="the class list: the Canvas or Moodle "
                   "gradebook export; those who handed in nothing are listed")
    p.add_argument("--gradebook", choices=["canvas", "moodle"], help="write the roster back "
                   "with one score column per lesson, as that platform imports it (--out)")
    p.add_argument("--out", metavar="GRADES.csv", help="with --gradebook: the file to write")
    p.add_argument("--match", metavar="COLUMN", help="the roster column holding the learner "
                   "ids of the exports (default: Canvas 'SIS Login ID', Moodle 'Email address')")
    p.add_argument("--score", choices=["completion", "mastery"], default="completion",
                   help="completion: an exercise solved; mastery: solved without viewing its "
                   "solution first (default: completion)")
    p.add_argument("--rubric", metavar="RUBRIC.csv", help="with --gradebook: the rubric file "
                   "check-brief --rubric wrote and you filled in; adds a column with each "
                   "brief's rubric total (a percentage) beside the capstone's checks")
    p.add_argument("--force", action="store_true", help="replace OUT.html or GRADES.csv if "
                   "it exists")
    p.set_defaults(func=_needs_course(_class_report, check_first=False))

    p = sub.add_parser("check-brief", help="check handed-in policy briefs (the Markdown "
                       "exported in lesson 06): one row per brief, the class's counts, copies")
    p.add_argument("files", nargs="+", metavar="FILE.md")
    p.add_argument("--csv", metavar="FILE.csv", help="also write the table, one row per brief")
    p.add_argument("--feedback", metavar="FOLDER",
                   help="write one feedback file per brief into FOLDER, to hand back")
    p.add_argument("--rubric", metavar="RUBRIC.csv",
                   help="the rubric marks: written blank the first time, to fill in; read "
                   "back into --csv and --feedback on every later run (and into the "
                   "gradebook by class-report --gradebook ... --rubric)")
    p.add_argument("--progress", action="append", metavar="FILES_OR_FOLDER",
                   help="the learners' progress files too: says who viewed 06.3's solution "
                   "(may be given more than once)")
    p.add_argument("--details", action="store_true",
                   help="also print every check's detail, one line per brief and check "
                   "(always, for a single brief)")
    p.add_argument("--force", action="store_true",
                   help="replace --csv or feedback files this command did not write")
    p.set_defaults(func=_needs_course(_check_brief))

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
    p.add_argument("--force", action="store_true", help="replace notebooks already in OUT")
    p.set_defaults(func=_needs_course(_student))

    p = sub.add_parser("answer-key", help="write the answer key (Markdown and HTML)")
    p.add_argument("out", nargs="?", help="output folder (default: build/answer_key)")
    p.add_argument("--force", action="store_true", help="replace key files already in OUT")
    p.set_defaults(func=_needs_course(_answer_key))

    p = sub.add_parser("worksheets", help="write printable worksheets, one page per lesson "
                       "(no answers)")
    p.add_argument("out", nargs="?", help="output folder (default: build/worksheets)")
    p.add_argument("--paper", choices=["a4", "letter"], default="a4", help="paper size")
    p.add_argument("--force", action="store_true", help="replace worksheets already in OUT")
    p.set_defaults(func=_needs_course(_worksheets))

    p = sub.add_parser("present", help="present a lesson with Voila: the student version, "
                       "code hidden, widgets live")
    p.add_argument("lesson", help="lesson number, e.g. 03")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--instructor", action="store_true",
                   help="present the instructor notebook (worked answers): for your own screen")
    p.set_defaults(func=_needs_course(_present))

    p = sub.add_parser("html", help="build the offline static site")
    p.add_argument("out", nargs="?", help="output folder (default: build/html)")
    p.add_argument("--student", action="store_true",
                   help="export the student notebooks (solutions removed)")
    p.add_argument("--force", action="store_true", help="replace pages already in OUT")
    p.set_defaults(func=_needs_course(_html))
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "lab":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.extra = extra
    try:
        return int(args.func(args) or 0)
    except Exception as exc:  # every failure is one line on stderr, never a traceback
        print(failure_line(exc), file=sys.stderr)
        return getattr(exc, "exit_code", 1) if isinstance(exc, CourseError) else 1
    except SystemExit as exc:  # a helper's SystemExit("message"): the same one-line form
        if isinstance(exc.code, str):
            print(one_line(exc.code), file=sys.stderr)
            return 1
        raise
    except KeyboardInterrupt:
        print(one_line("stopped (Ctrl+C)"), file=sys.stderr, flush=True)
        if argv is None:  # the command itself, ending now: the line above is its last word
            _quiet_exit()
        return 130


def _quiet_exit() -> None:
    """After Ctrl+C, the process ends with the one line printed: a second Ctrl+C, or a
    library's clean-up complaining at exit (a kernel already gone), prints nothing more."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - open until the process ends


def failure_line(exc: BaseException) -> str:
    """``balancing-act: <what>; <what to do>`` for any failure of a command."""
    from balancing_act.data.loaders import LessonDataError

    if isinstance(exc, CourseError):
        return one_line(str(exc))
    if isinstance(exc, LessonDataError):
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        first = exc.problems[0] if exc.problems else exc
        return one_line(f"{first}{more}; run balancing-act check-data to see every problem")
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        return one_line(f"cannot write or read{where} ({exc.strerror or type(exc).__name__}); "
                        "check that the folder exists and that you may write there")
    return one_line(f"unexpected {type(exc).__name__}: {exc}; please report this with the "
                    "command you ran")


if __name__ == "__main__":
    raise SystemExit(main())

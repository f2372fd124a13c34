"""The files brief marking writes: the class's CSV, one feedback file per brief, and the
rubric file to fill in; each written whole, and never over a file this command did not
write (``support.overwrite_policy``: a teacher's filled-in rubric is never replaced).

A cell a learner controls (the Author line) that starts with ``=``, ``+``, ``-`` or
``@`` is written with a leading apostrophe, so a spreadsheet shows it instead of
running it as a formula.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from balancing_act.class_report import rubric as rubric_file
from balancing_act.class_report.briefs import BriefRow
from balancing_act.policy_brief.feedback import feedback_markdown
from balancing_act.support import overwrite_policy as safe_paths

__all__ = ["KIND", "feedback_names", "table_csv", "write_csv", "write_feedback",
           "write_rubric_template"]

KIND = "brief-marks"


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return "passed" if value else "not yet"
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return rubric_file.spreadsheet_safe(value) if isinstance(value, str) else value


def table_csv(table: pd.DataFrame) -> str:
    """The marks table as CSV text: checks as 'passed' / 'not yet', blanks empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(table.columns))
    for row in table.itertuples(index=False):
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def _write(folder: Path, names: Sequence[str], texts: Sequence[str], force: bool,
           create: bool) -> list[Path]:
    safe_paths.check_output(folder, names, kind=KIND, force=force, create=create)
    files = safe_paths.BuildFiles(folder, KIND)
    return [files.write(name, text) for name, text in zip(names, texts, strict=True)]


def write_csv(target: Path, table: pd.DataFrame, force: bool = False) -> Path:
    """``--csv FILE``: the class's table, replacing only an earlier file of this command."""
    return _write(target.parent, [target.name], [table_csv(table)], force, create=False)[0]


def feedback_names(rows: Sequence[BriefRow]) -> list[str]:
    """'<brief file's name>.feedback.md' per brief; a name two folders share gets -2, -3."""
    names: list[str] = []
    for row in rows:
        base = Path(row.source).stem or "brief"
        name, n = f"{base}.feedback.md", 1
        while name in names:
            n += 1
            name = f"{base}-{n}.feedback.md"
        names.append(name)
    return names


def write_feedback(folder: Path, rows: Sequence[BriefRow],
                   rubric: Mapping[str, rubric_file.Marks] | None = None,
                   force: bool = False) -> list[Path]:
    """``--feedback FOLDER``: one Markdown file per brief to hand back to its learner."""
    texts = []
    for row in rows:
        marks = rubric_file.marks_for(rubric or {}, row.source, row.label)
        texts.append(feedback_markdown(row.label, Path(row.source).name, row.checks,
                                       marks.labelled() if marks else (),
                                       marks.comment if marks else ""))
    return _write(folder, feedback_names(rows), texts, force, create=True)


def write_rubric_template(target: Path, rows: Sequence[BriefRow]) -> Path:
    """The rubric file to fill in; only ever made where no file is (never replaced)."""
    if os.path.lexists(target):
        raise FileExistsError(target)
    text = rubric_file.template((r.source, r.label) for r in rows)
    return _write(target.parent, [target.name], [text], False, create=False)[0]

"""Test markers belong in cell metadata, not in code a learner reads.

nbval reads a marker either as a comment line (``# NBVAL_IGNORE_OUTPUT``) or as
a cell tag (``nbval-ignore-output``). Learners should see neither tool names nor
test plumbing, so the student build turns any marker comment it finds into the
equivalent tag and drops the line.
"""

from __future__ import annotations

import re

import nbformat

#: nbval's comment markers and the tags it reads in their place.
MARKER_TAGS = {
    "NBVAL_IGNORE_OUTPUT": "nbval-ignore-output",
    "NBVAL_CHECK_OUTPUT": "nbval-check-output",
    "NBVAL_RAISES_EXCEPTION": "raises-exception",
    "NBVAL_SKIP": "nbval-skip",
}
_MARKER_LINE = re.compile(r"^\s*#\s*(" + "|".join(MARKER_TAGS) + r")\s*$")


def markers_to_tags(cell: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Move nbval comment markers of a code cell into its tags (the cell is changed in place)."""
    if cell.get("cell_type") != "code":
        return cell
    lines = cell.source.splitlines(keepends=True)
    found = [m.group(1) for line in lines if (m := _MARKER_LINE.match(line))]
    if not found:
        return cell
    cell.source = "".join(line for line in lines if not _MARKER_LINE.match(line))
    tags = list(cell.metadata.get("tags", []))
    cell.metadata["tags"] = tags + [MARKER_TAGS[f] for f in found if MARKER_TAGS[f] not in tags]
    return cell

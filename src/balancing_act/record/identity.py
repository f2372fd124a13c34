"""Whose an exported progress file is, and which edition of the course wrote it.

A learning platform renames uploads ("-2" on a re-upload, ids prefixed on a bulk
download), so an export must say whose it is inside the file, not in its name. The
learner's id comes from ``--learner NAME``, else ``$BALANCING_ACT_LEARNER``, else
``$JUPYTERHUB_USER``, else the login name; the caller passes the environment and the
login name in, so nothing here reads hidden state.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "ENV_NAMES", "MAX_ID", "clean_id", "learner_id", "stamp"]

#: Where the learner's id is looked up, in order, after an explicit ``--learner``.
ENV_NAMES = ("BALANCING_ACT_LEARNER", "JUPYTERHUB_USER")
#: The columns every export carries on every row (so a spreadsheet sort keeps them).
COLUMNS = ("learner_id", "course_version", "exported_at")
MAX_ID = 80  # a name, an e-mail address or an SIS id; never a paragraph


def clean_id(value: str | None) -> str:
    """An id as it is written into a file: one line, no control characters, bounded."""
    text = " ".join(str(value or "").split())
    return "".join(ch for ch in text if ch.isprintable())[:MAX_ID]


def learner_id(explicit: str | None, environ: Mapping[str, str], login: str | None) -> str:
    """The first non-empty of ``explicit``, the ``ENV_NAMES`` variables and ``login``."""
    for candidate in (explicit, *(environ.get(name) for name in ENV_NAMES), login):
        if cleaned := clean_id(candidate):
            return cleaned
    return ""


def stamp(table: pd.DataFrame, learner: str, version: str, exported_at: str) -> pd.DataFrame:
    """The table with whose it is, the course version and the export time on every row."""
    return table.assign(learner_id=clean_id(learner), course_version=clean_id(version),
                        exported_at=exported_at)

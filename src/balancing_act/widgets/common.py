"""What every widget shares: accessible tables, verdicts in words, charts with alt text."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import pandas as pd

from balancing_act.model.parameters import INDICATOR_LABELS
from balancing_act.support import html_tables

WIDE = {"description_width": "initial"}


def fit_layout() -> widgets.Layout:
    """A button as wide as its label (the default 148 px cut "Remove last phase" short)."""
    return widgets.Layout(width="auto")


#: The value of a Dropdown's "all" / "not chosen" entry (None would show a blank Dropdown).
ALL = ""
#: Verdict colours from JupyterLab's theme, so the words read in the light and the dark theme
#: (a blue and a red, 5:1 or more on either theme's page); off the theme, Okabe-Ito blue and a
#: darkened vermillion on white. The icon and the words carry the verdict, colour repeats it.
HOLDS_COLOUR = "var(--jp-content-link-color,#0072B2)"
BROKEN_COLOUR = "var(--jp-error-color1,#B84A00)"


def html_table(frame: pd.DataFrame, caption: str,
               formats: Mapping[str, Callable[[Any], str]] | None = None,
               headers: Mapping[str, str] | None = None) -> str:
    """An accessible HTML table (see ``html_tables``): the first column heads each row.

    Column names are shown as words (``source_ids`` -> "Source ids"); ``headers``
    renames columns further. Text is left-aligned, numbers right with fixed decimals,
    booleans yes/no, every cell escaped. Deterministic, so a stored notebook output
    never drifts.
    """
    shown = {c: pretty(str(c)) for c in frame.columns} | dict(headers or {})
    return html_tables.frame_table(frame, caption, headers=shown, formats=formats,
                                   row_headers=True)


def rows_html(columns: Sequence[str], rows: Sequence[Sequence[object]], caption: str,
               empty: str = "No rows match.") -> str:
    return html_tables.rows_table(columns, rows, caption, row_headers=True, empty=empty)


def status_html(ok: bool, text: str) -> str:
    """A verdict in words, with an icon and a colour; read out by screen readers."""
    colour, icon = (HOLDS_COLOUR, "✔") if ok else (BROKEN_COLOUR, "✖")
    return (f'<p role="status" style="color:{colour};font-weight:bold">'
            f"{icon} {html.escape(text)}</p>")


def img_html(png: bytes, alt: str) -> str:
    """A chart as an <img> with alt text, so a screen reader reads the chart's summary."""
    data_uri = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data_uri}" alt="{html.escape(alt)}">'


def pretty(column: str) -> str:
    """``source_ids`` -> ``Source ids``; names keep their capitals (``Belarus-US``), and a
    model column says its indicator in words (``concern_moscow`` -> ``Concern in Moscow``)."""
    if column in INDICATOR_LABELS:  # the model's own words for its indicators
        return INDICATOR_LABELS[column]
    text = re.sub(r"\b(moscow|washington|minsk)\b", lambda m: m.group(1).title(),
                  column.replace("_", " "))
    return text[:1].upper() + text[1:]


def sentence_list(ids: Sequence[str], sentences: pd.DataFrame, heading: str) -> str:
    if not ids:
        return f"<p>{html.escape(heading)}: no sentence cited.</p>"
    items = []
    for sid in ids:
        if sid in sentences.index:
            row = sentences.loc[sid]
            items.append(f"<li><strong>{sid}</strong> <em>({html.escape(str(row['section']))}, "
                         f"{html.escape(str(row['kind']))})</em> {html.escape(str(row['text']))}"
                         "</li>")
        else:
            items.append(f"<li><strong>{html.escape(sid)}</strong> (background: not from the "
                         "article)</li>")
    return f"<p>{html.escape(heading)}:</p><ul>{''.join(items)}</ul>"

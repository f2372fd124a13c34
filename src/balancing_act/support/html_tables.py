"""Every HTML table of the package, rendered one way: readable and accessible.

JupyterLab drops ``<style>`` elements inside outputs and right-aligns every
table cell by default, so long text sat right-aligned. Each cell here carries its
alignment as an inline ``style``: text left, numbers right with a fixed number
of decimals per column. Words are never broken mid-line, and a table never gets
a scroll box of its own. A caption names the table; headers have ``scope``.
"""

from __future__ import annotations

import html
import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_KEEP_WORDS = "overflow-wrap:normal;word-break:normal;hyphens:none"
_CELL = f"border:1px solid #999;padding:0.2em 0.5em;vertical-align:top;{_KEEP_WORDS}"
TABLE_STYLE = "border-collapse:collapse;margin:0.3em 0;font-size:0.92em;line-height:1.4"
CAPTION_STYLE = "caption-side:top;text-align:left;font-weight:bold;padding:0.2em 0"
TEXT_STYLE = f"{_CELL};text-align:left"
NUMBER_STYLE = f"{_CELL};text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap"
#: Header cells take JupyterLab's theme colours (a grey band with the theme's text colour, in
#: the light and the dark theme alike); pages without the theme get the light values.
_HEAD = (";background:var(--jp-layout-color2,#eee);color:var(--jp-ui-font-color1,#1a1a1a)"
         ";font-weight:bold")


@dataclass(frozen=True)
class Column:
    """One column: its key, its header, and whether (and how) it holds numbers.

    ``decimals`` fixes how many decimals every number of the column shows;
    ``fmt`` overrides formatting (its text is still escaped).
    """

    key: str
    label: str = ""
    numeric: bool = False
    decimals: int = 0
    fmt: Callable[[Any], str] | None = None

    @property
    def header(self) -> str:
        return self.label or self.key


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def cell_text(value: object, column: Column) -> str:
    """A value as the table shows it (not escaped): yes/no, blanks, fixed decimals."""
    if column.fmt is not None:
        return column.fmt(value)
    if _missing(value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if column.numeric and isinstance(value, numbers.Real):
        return f"{float(value):.{column.decimals}f}"
    return str(value)


def _cell(tag: str, text: str, numeric: bool, extra: str = "") -> str:
    scope = ' scope="row"' if tag == "th" else ""
    style = (NUMBER_STYLE if numeric else TEXT_STYLE) + extra
    return f'<{tag}{scope} style="{style}">{text}</{tag}>'


def render(columns: Sequence[Column], rows: Iterable[Sequence[object]], caption: str, *,
           row_headers: bool = False, empty: str = "No rows match.",
           escape: bool = True) -> str:
    """An accessible HTML table of ``rows`` (one value per column, in order).

    ``row_headers`` makes the first cell of each row its header (``scope="row"``).
    ``escape=False`` is for cells that already hold safe HTML (``<code>`` in the key).
    """
    quote = html.escape if escape else str
    head = "".join(f'<th scope="col" style="{NUMBER_STYLE if c.numeric else TEXT_STYLE}{_HEAD}">'
                   f"{html.escape(c.header)}</th>" for c in columns)
    body = []
    for row in rows:
        cells = [_cell("th" if row_headers and i == 0 else "td",
                       quote(cell_text(v, c)), c.numeric)
                 for i, (c, v) in enumerate(zip(columns, row, strict=True))]
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        body.append(f'<tr><td colspan="{max(len(columns), 1)}" style="{TEXT_STYLE}">'
                    f"{html.escape(empty)}</td></tr>")
    return (f'<table class="ba-table" style="{TABLE_STYLE}">'
            f'<caption style="{CAPTION_STYLE}">{html.escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")


def _decimals(values: Sequence[object]) -> int:
    """0 for whole numbers (ratings 6, 7), else 2: the same for every cell of a column."""
    floats = [float(v) for v in values if isinstance(v, numbers.Real) and not _missing(v)]
    return 0 if all(f.is_integer() for f in floats) else 2


#: A number as text ("7", "-0.25", "1,200", "40%"); "02.1" or "03" are ids, not numbers.
_NUMBER_TEXT = re.compile(r"[-+−]?(0|[1-9]\d{0,2}(,\d{3})+|[1-9]\d*)(\.\d+)?%?")


def _is_number_text(value: object) -> bool:
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return True
    return bool(_NUMBER_TEXT.fullmatch(str(value).strip()))


def columns_for(keys: Sequence[str], rows: Sequence[Sequence[object]],
                headers: Mapping[str, str] | None = None,
                formats: Mapping[str, Callable[[Any], str]] | None = None) -> list[Column]:
    """Column specs read off the values: a column of numbers (or number texts) is numeric."""
    headers, formats = headers or {}, formats or {}
    specs = []
    for i, key in enumerate(keys):
        values = [row[i] for row in rows if not _missing(row[i]) and row[i] != ""]
        real = [v for v in values if isinstance(v, numbers.Real) and not isinstance(v, bool)]
        numeric = bool(values) and (len(real) == len(values)
                                    or all(_is_number_text(v) for v in values))
        specs.append(Column(key, headers.get(key, key), numeric,
                            _decimals(real) if real else 0, formats.get(key)))
    return specs


def frame_table(frame: Any, caption: str, *, headers: Mapping[str, str] | None = None,
                formats: Mapping[str, Callable[[Any], str]] | None = None,
                row_headers: bool = False, empty: str = "No rows match.") -> str:
    """A pandas DataFrame as an accessible table (its index is not shown)."""
    keys = [str(c) for c in frame.columns]
    rows = list(frame.itertuples(index=False, name=None))
    return render(columns_for(keys, rows, headers, formats), rows, caption,
                  row_headers=row_headers, empty=empty)


def rows_table(keys: Sequence[str], rows: Sequence[Sequence[object]], caption: str,
               **options: Any) -> str:
    """Plain rows (tuples) as an accessible table; headers are the keys themselves."""
    rows = [tuple(r) for r in rows]
    escape = options.pop("escape", True)
    return render(columns_for(keys, rows), rows, caption, escape=escape, **options)

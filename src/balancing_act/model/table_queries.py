"""Filtering, sorting and pivoting the article's tables, as the explorers and lessons ask.

Pure functions over DataFrames: the same table and filters give the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from balancing_act.model.parameters import PARTNER_COLUMNS, cell_ids, need_columns


def _as_values(values: object, column: str) -> list[object] | None:
    """None or an empty selection mean 'no filter'; a lone string means one value."""
    if values is None:
        return None
    if isinstance(values, str):
        return [values]
    if isinstance(values, Iterable):
        chosen = list(values)
        return chosen or None
    raise ValueError(f"filter for {column!r} is {values!r}; expected a value or a list of values")


def filter_rows(table: pd.DataFrame, filters: Mapping[str, object]) -> pd.DataFrame:
    """Keep the rows whose value in each filtered column is one of the chosen values.

    ``filters`` maps a column to a value or a list of values; None or an empty
    list leaves that column unfiltered. A value the column never holds raises
    ValueError listing the values it does hold, so a typo is not mistaken for
    "no rows match".
    """
    need_columns(table, "table", ())
    mask = np.ones(len(table), dtype=bool)
    for column, values in filters.items():
        if column not in table.columns:
            raise ValueError(f"cannot filter on {column!r}; expected one of the columns: "
                             f"{', '.join(map(str, table.columns))}")
        chosen = _as_values(values, column)
        if chosen is None:
            continue
        allowed = distinct_values(table[column])
        unknown = [v for v in chosen if v not in allowed]
        if unknown:
            raise ValueError(f"{column!r} has no value {unknown[0]!r}; expected one of: "
                             f"{', '.join(map(str, allowed))}")
        mask &= table[column].isin(chosen).to_numpy()
    return table[mask]


def distinct_values(series: pd.Series) -> list[object]:
    """The values a column holds: its categories in their order, else first-seen order."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return list(series.cat.categories)
    return list(dict.fromkeys(series.dropna()))


def sort_rows(table: pd.DataFrame, by: str | None = None, descending: bool = False) -> pd.DataFrame:
    """Sort by one column, keeping ties in their current order (stable).

    ``by=None`` keeps the table as it is (the article's order). A categorical
    column sorts in its category order, which for the article's tables is the
    order the article uses.
    """
    need_columns(table, "table", ())
    if by is None:
        return table
    if by not in table.columns:
        raise ValueError(f"cannot sort by {by!r}; expected one of the columns: "
                         f"{', '.join(map(str, table.columns))}")
    return table.sort_values(by, ascending=not descending, kind="stable", na_position="last")


_PARTNER_FILTERS = {"aspects": "aspect", "partners": "partner", "statuses": "status"}


def filter_partners(table: pd.DataFrame, aspects: object = None, partners: object = None,
                    statuses: object = None) -> pd.DataFrame:
    """Rows of the long-form partner table (``load_table("partner_ties")``) that match.

    Example: ``filter_partners(ties, partners="United States", statuses="prospective")``.
    """
    need_columns(table, "partner table", ("aspect", "partner", "tie", "status"))
    chosen = {"aspects": aspects, "partners": partners, "statuses": statuses}
    return filter_rows(table, {_PARTNER_FILTERS[k]: v for k, v in chosen.items()})


def sort_partners(table: pd.DataFrame, by: str = "aspect", descending: bool = False):
    """The partner table sorted by one column (stable; aspects in the article's order)."""
    need_columns(table, "partner table", ("aspect", "partner", "tie", "status"))
    return sort_rows(table, by, descending)


def pivot_partners(table: pd.DataFrame) -> pd.DataFrame:
    """Back to the article's wide form: Aspect / Belarus-Russia / Belarus-US.

    Aspects keep the order they have in ``table``; a partner missing from
    ``table`` (filtered out) has no column, and a missing cell is an empty string.
    """
    need_columns(table, "partner table", ("aspect", "partner", "tie"))
    aspects = list(dict.fromkeys(str(a) for a in table["aspect"]))
    present = set(table["partner"].astype(str))
    unknown = sorted(present - set(PARTNER_COLUMNS))
    if unknown:
        raise ValueError(f"partner {unknown[0]!r} is not in the article's table; expected one "
                         f"of: {', '.join(PARTNER_COLUMNS)}")
    cells = {(str(a), str(p)): str(t) for a, p, t in
             zip(table["aspect"], table["partner"], table["tie"], strict=True)}
    wide = {"Aspect": aspects}
    for partner, column in PARTNER_COLUMNS.items():
        if partner in present:
            wide[column] = [cells.get((a, partner), "") for a in aspects]
    return pd.DataFrame(wide, columns=list(wide))


def filter_sentences(sentences: pd.DataFrame, sections: object = None, kinds: object = None,
                     actor: str | None = None, text: str = "") -> pd.DataFrame:
    """Sentences in the chosen sections and kinds that name ``actor`` and contain ``text``.

    ``text`` is a plain, case-insensitive substring (never a pattern), so any
    learner input is safe. ``actor`` matches one name in the ``actors`` column.
    """
    need_columns(sentences, "sentences", ("id", "section", "kind", "text", "actors"))
    out = filter_rows(sentences, {"section": sections, "kind": kinds})
    if actor:
        named = out["actors"].map(lambda cell: actor in cell_ids(cell))
        out = out[named.to_numpy(dtype=bool)]
    if not isinstance(text, str):
        raise ValueError(f"search text is {text!r}; expected a string")
    needle = text.strip().casefold()
    if needle:
        hits = [needle in str(t).casefold() for t in out["text"]]
        out = out[np.asarray(hits, dtype=bool)]
    return out

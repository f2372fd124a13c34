"""Static tables shown whole, with codes of the model named beside them."""

from __future__ import annotations

import pandas as pd

from balancing_act.data.model_inputs import load_params
from balancing_act.widgets.common import html_table, pretty

#: Code columns of the model's tables -> the column that shows each code with its name.
_CODE_COLUMNS = {"option_id": "option", "criterion_id": "priority"}


def with_names(frame: pd.DataFrame) -> pd.DataFrame:
    """Codes shown with their names beside them ("O1 Phased deal with safeguards").

    A bare O1 or P2 sends the reader to another table; the names come from
    lessons_data (model/options.csv, priorities.csv), never typed here.
    """
    present = [c for c in _CODE_COLUMNS if c in frame.columns]
    if not present:
        return frame
    params = load_params()
    names = {"option_id": {o.id: o.label for o in params.options},
             "criterion_id": {c.id: c.label for c in params.criteria}}
    out = frame.copy()
    for column in present:
        out[column] = [f"{v} {names[column][v]}" if v in names[column] else v
                       for v in out[column]]
    return out.rename(columns={c: _CODE_COLUMNS[c] for c in present})


class Table:
    """A static table shown whole (no truncated cells, no index column), with a caption.

    Renders as accessible HTML in JupyterLab and as plain text elsewhere; codes
    of the model (O1, P2) carry their names.
    """

    def __init__(self, frame: pd.DataFrame, caption: str):
        self.frame, self.caption = with_names(frame.reset_index(drop=True)), caption

    def _repr_html_(self) -> str:
        return html_table(self.frame, self.caption, headers={c: pretty(c) for c in self.frame})

    def __repr__(self) -> str:
        return f"{self.caption}\n{self.frame.to_string(index=False)}"


def show_table(frame: pd.DataFrame, caption: str) -> Table:
    """Show a DataFrame in full with a caption, e.g. ``show_table(data.load_table(...), "...")``."""
    if not isinstance(frame, pd.DataFrame) or not isinstance(caption, str):
        raise TypeError(f"show_table takes a DataFrame and a caption text; got "
                        f"{type(frame).__name__} and {type(caption).__name__}")
    return Table(frame, caption)

"""Classification grids: one dropdown per item, for sorting sentences or claims."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import pandas as pd

from balancing_act.data import loaders as data
from balancing_act.widgets.common import ALL, html_table

#: Every label takes one column's width and wraps inside it, so the dropdowns line up in a
#: column instead of starting wherever each label happens to end.
GRID_CSS = (
    "<style>.ba-grid .widget-dropdown{height:auto!important;align-items:center;"
    "margin:0.15em 0}"
    ".ba-grid .widget-dropdown>.widget-label{white-space:normal!important;"
    "overflow:visible!important;text-overflow:clip!important;height:auto!important;"
    "line-height:1.35;text-align:left!important;padding-right:0.8em}</style>")
MIN_LABEL_EM, MAX_LABEL_EM = 4, 26  # short ids keep room; longer labels wrap


def label_width(items: Sequence[str]) -> str:
    """One width for every label: the longest (about 0.55 em a character), within bounds."""
    longest = max(len(item) for item in items)
    return f"{max(MIN_LABEL_EM, min(longest * 0.55 + 1, MAX_LABEL_EM)):.1f}em"


class ClassificationGrid(widgets.VBox):
    """One Dropdown per item; ``answer`` maps each answered item to its category.

    Controls: ``dropdowns`` (item -> Dropdown; ``ALL`` ("") = not answered yet).
    Results: ``answer`` (unanswered items absent), ``table`` (item, category or None).
    """

    def __init__(self, items: Sequence[str], categories: Sequence[str]):
        style = {"description_width": label_width(items)}
        self.dropdowns = {item: widgets.Dropdown(
            options=[("— choose —", ALL)] + [(c, c) for c in categories], value=ALL,
            description=item, style=style, layout=widgets.Layout(width="max-content"))
            for item in items}
        self.status = widgets.HTML()
        super().__init__([*self.dropdowns.values(), self.status])
        self.add_class("ba-grid")
        self.add_class("ba-aligned")  # the browser tests check that the dropdowns line up
        for dropdown in self.dropdowns.values():
            dropdown.observe(self._update, names="value")
        self._update()

    def _update(self, change: object = None) -> None:
        chosen = {item: d.value or None for item, d in self.dropdowns.items()}
        self.answer = {item: c for item, c in chosen.items() if c is not None}
        self.table = pd.DataFrame({"item": list(chosen), "category": list(chosen.values())},
                                  dtype=object)  # keeps None for "not answered"
        self.status.value = (f'{GRID_CSS}<p role="status">{len(self.answer)} of {len(chosen)} '
                             "answered.</p>")


def _check_labels(values: object, what: str) -> list[str]:
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise ValueError(f"{what} must be a list of strings; got {type(values).__name__}")
    labels = list(values)
    if not labels or not all(isinstance(v, str) and v.strip() for v in labels):
        raise ValueError(f"{what} must be a non-empty list of non-empty strings")
    if len(set(labels)) != len(labels):
        twice = next(v for v in labels if labels.count(v) > 1)
        raise ValueError(f"{what} list {twice!r} twice; expected each once")
    return labels


def classification_grid(items: Sequence[str], categories: Sequence[str]) -> ClassificationGrid:
    """Sort items into categories with one Dropdown each; pass ``.answer`` to a check.

    Example::

        grid = classification_grid(["S02", "S29"], ["report", "recommendation"])
        grid.dropdowns["S02"].value = "report"
        grid.answer         # {'S02': 'report'}
    """
    return ClassificationGrid(_check_labels(items, "items"),
                              _check_labels(categories, "categories"))


def classification_grid_for(exercise: Any) -> ClassificationGrid:
    """A grid with a classification exercise's items and categories, ready for its check.

    When the items are sentence ids, the sentences are shown above the grid so
    the learner reads what they classify. Example::

        ex = exercise("01.3"); grid = classification_grid_for(ex); ex.check(grid.answer)
    """
    if isinstance(exercise, str):
        raise TypeError(f"classification_grid_for takes an exercise, not its id; write "
                        f'classification_grid_for(exercise("{exercise}"))')
    if not hasattr(exercise, "checker"):
        raise TypeError(f'classification_grid_for takes an exercise such as exercise("01.3"); '
                        f"got {type(exercise).__name__}")
    checker = exercise.checker
    if not hasattr(checker, "categories"):
        raise ValueError(f"exercise {exercise.id} is a {exercise.type} exercise; expected a "
                         "classification exercise")
    items = [str(i) for i in checker.items]
    grid = classification_grid(items, [str(c) for c in checker.categories])
    if all(data.SENTENCE_ID.fullmatch(i) for i in items):
        sentences = data.load_sentences().set_index("id").loc[items, ["text"]].reset_index()
        grid.children = (widgets.HTML(html_table(sentences, "The sentences to classify",
                                                 headers={"id": "Id", "text": "Sentence"})),
                         *grid.children)
    return grid

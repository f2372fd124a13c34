"""Thin ipywidgets glue over ``balancing_act.model`` and the ``data`` loaders.

Each builder returns one widget (a ``VBox`` subclass) that exposes its controls
as attributes (so a test or a notebook can set ``.value`` or ``.click()``) and
its current result as ``.table`` (a DataFrame), ``.answer`` (what an exercise
checks) and, for charts, ``.chart_data`` and ``.chart_png``. Tables render into
``HTML`` widgets, and so do charts (an ``<img>`` whose alt text is the chart's
one-line summary, also shown beside it); nothing is printed inside an
``Output`` context, so nbval sees the same cell outputs every run (RECIPES.md).

Model parameters come from ``balancing_act.params`` (re-exported here as
``load_params`` for notebooks and tests). One module per kind of widget: ``common``
(tables, verdicts, charts), ``explorers``, ``weights``, ``planner`` (with the what-if
table), ``grids`` and ``tables``; every builder is re-exported here.
"""
from __future__ import annotations

from ..params import load_params
from .common import ALL, html_table
from .explorers import SentenceExplorer as SentenceExplorer
from .explorers import TableExplorer as TableExplorer
from .explorers import glossary_table, sentence_explorer, table_explorer
from .grids import ClassificationGrid as ClassificationGrid
from .grids import classification_grid, classification_grid_for
from .planner import DealPlanner as DealPlanner
from .planner import WhatIfTable as WhatIfTable
from .planner import deal_planner, what_if_table
from .tables import Table as Table
from .tables import show_table
from .tables import with_names as with_names
from .weights import WeightsPanel as WeightsPanel
from .weights import weights_panel

__all__ = [
    "load_params",
    "table_explorer",
    "glossary_table",
    "weights_panel",
    "deal_planner",
    "sentence_explorer",
    "classification_grid",
    "classification_grid_for",
    "what_if_table",
    "html_table",
    "show_table",
    "ALL",
]

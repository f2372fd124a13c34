"""Thin ipywidgets glue over ``balancing_act.model`` and the ``data`` loaders.

Each builder returns one widget (a ``VBox`` subclass) that exposes its controls
as attributes (so a test or a notebook can set ``.value`` or ``.click()``) and
its current result as ``.table`` (a DataFrame), ``.answer`` (what an exercise
checks) and, for charts, ``.chart_data`` and ``.chart_png``. Tables render into
``HTML`` widgets, and so do charts (an ``<img>`` whose alt text is the chart's
one-line summary, also shown beside it); nothing is printed inside an
``Output`` context, so nbval sees the same cell outputs every run (RECIPES.md).

Model parameters come from ``balancing_act.data.model_inputs`` (re-exported here as
``load_params`` for notebooks and tests). One module per kind of widget: ``common``
(tables, verdicts, charts), ``explorers``, ``weights``, ``planner`` (with the what-if
table), ``grids``, ``tables`` and ``sentence_lookup``; every builder is re-exported here.
"""
from __future__ import annotations

from balancing_act.data.model_inputs import load_params
from balancing_act.widgets.article_view import ArticleView as ArticleView
from balancing_act.widgets.article_view import article
from balancing_act.widgets.common import ALL, html_table
from balancing_act.widgets.explorers import SentenceExplorer as SentenceExplorer
from balancing_act.widgets.explorers import TableExplorer as TableExplorer
from balancing_act.widgets.explorers import glossary_table, sentence_explorer, table_explorer
from balancing_act.widgets.grids import ClassificationGrid as ClassificationGrid
from balancing_act.widgets.grids import classification_grid, classification_grid_for
from balancing_act.widgets.named_tables import Table as Table
from balancing_act.widgets.named_tables import show_table
from balancing_act.widgets.named_tables import with_names as with_names
from balancing_act.widgets.planner import DealPlanner as DealPlanner
from balancing_act.widgets.planner import WhatIfTable as WhatIfTable
from balancing_act.widgets.planner import deal_planner, what_if_table
from balancing_act.widgets.sentence_lookup import sentence_lookup
from balancing_act.widgets.sourcing import SourcingForm as SourcingForm
from balancing_act.widgets.sourcing import sourcing_form
from balancing_act.widgets.weights import WeightsPanel as WeightsPanel
from balancing_act.widgets.weights import weights_panel

__all__ = [
    "article",
    "sourcing_form",
    "load_params",
    "table_explorer",
    "glossary_table",
    "weights_panel",
    "deal_planner",
    "sentence_explorer",
    "sentence_lookup",
    "classification_grid",
    "classification_grid_for",
    "what_if_table",
    "html_table",
    "show_table",
    "ALL",
]

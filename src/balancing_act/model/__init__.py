"""The classroom model: pure functions over the article's tables and the model parameters.

Nothing here reads files or builds widgets, so a lesson, a test or a learner can
call every function with tables of their own and get the same answer each time.
The numbers in ``lessons_data/model/*.csv`` are illustrative classroom
assumptions, not forecasts; this module only makes their consequences visible.

Four modules, re-exported here so ``model.X`` is the one way lessons call them:

* ``parameters``: ``ModelParams`` and its parts, built and validated by
  ``params_from_tables`` from the loaded tables, and ``ratings_table``;
* ``tables``: ``filter_rows``, ``sort_rows``, ``filter_partners``, ``sort_partners``,
  ``pivot_partners``, ``filter_sentences``;
* ``scorecard``, the weighted scorecard: ``normalise_weights``, ``scorecard``,
  ``ranking``, ``sensitivity``;
* ``simulation``, the phased deal: ``simulate_plan``, ``constraints``,
  ``constraint_message``.

``params.load_params()`` does the loading, so this package stays free of I/O.
"""

from __future__ import annotations

from balancing_act.model.parameters import (
    ASSUMPTION,
    CEILING_INDICATORS,
    FLOOR_INDICATORS,
    INDICATOR_DECIMALS,
    INDICATOR_LABELS,
    INDICATORS,
    LEGACY_CONSTRAINTS,
    PARTNER_COLUMNS,
    RATING_RANGE,
    SCORE_DECIMALS,
    Criterion,
    ModelParams,
    Option,
    Step,
    TableError,
    constraint_key,
    params_from_tables,
    ratings_table,
)
from balancing_act.model.scorecard import normalise_weights, ranking, scorecard, sensitivity
from balancing_act.model.simulation import (
    Constraint,
    check_plan,
    constraint_message,
    constraints,
    first_breach,
    simulate_plan,
)
from balancing_act.model.table_queries import (
    distinct_values,
    filter_partners,
    filter_rows,
    filter_sentences,
    pivot_partners,
    sort_partners,
    sort_rows,
)

__all__ = [
    "ASSUMPTION",
    "CEILING_INDICATORS",
    "FLOOR_INDICATORS",
    "LEGACY_CONSTRAINTS",
    "constraint_key",
    "INDICATOR_DECIMALS",
    "RATING_RANGE",
    "SCORE_DECIMALS",
    "INDICATORS",
    "INDICATOR_LABELS",
    "PARTNER_COLUMNS",
    "Option",
    "Criterion",
    "Step",
    "ModelParams",
    "TableError",
    "params_from_tables",
    "filter_rows",
    "sort_rows",
    "filter_partners",
    "sort_partners",
    "pivot_partners",
    "filter_sentences",
    "distinct_values",
    "ratings_table",
    "normalise_weights",
    "scorecard",
    "ranking",
    "sensitivity",
    "check_plan",
    "simulate_plan",
    "first_breach",
    "constraint_message",
    "Constraint",
    "constraints",
]


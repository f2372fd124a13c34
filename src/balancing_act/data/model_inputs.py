"""Where the loaders meet the model: parameters, named plans and scenarios, loaded once.

``model`` does no I/O and ``data`` must not depend on the model, so this small
module builds the model's inputs from ``lessons_data/model/*.csv``. Widgets and
the plan / brief exercises both use it, so neither imports the other.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from balancing_act import model
from balancing_act.data import loaders as data
from balancing_act.model import scenarios

MODEL_INPUTS = ("options", "criteria", "ratings", "steps", "parameters")


def load_params(folder: str | None = None) -> model.ModelParams:
    """The model's parameters from ``lessons_data/model/*.csv`` (validated on the way)."""
    return _params(data.folder_key(folder))


def load_plans(folder: str | None = None) -> dict[str, list[list[str]]]:
    """The named example plans (model/plans.csv), each checked against the steps."""
    return _plans(data.folder_key(folder))


def _table_file(table: str) -> str:
    """'ratings' -> 'model/ratings.csv' (the file a teacher opens); other names as they are."""
    if table in data.MODEL_TABLES:
        return data.MODEL_TABLES[table].file
    if table in data.TABLES:
        return data.TABLES[table].file
    return f"model/{table}"


@cache
def _params(folder: str) -> model.ModelParams:
    tables = {name: data.load_model_table(name, folder) for name in MODEL_INPUTS}
    try:
        return model.params_from_tables(**tables,
                                        priorities=data.load_table("priorities", folder))
    except model.TableError as exc:  # the model's cross-checks, told as file, row and column
        problem = data.Problem(_table_file(exc.table), str(exc), exc.row, exc.column)
        raise data.LessonDataError([problem]) from None


@cache
def _plans(folder: str) -> dict[str, list[list[str]]]:
    plans = scenarios.named_plans(data.load_model_table("plans", folder))
    params = _params(folder)
    for row, (name, plan) in enumerate(plans.items(), start=1):
        try:
            model.simulate_plan(plan, params)
        except ValueError as exc:
            problem = data.Problem("model/plans.csv", f"plan '{name}': {exc}", row, "phases")
            raise data.LessonDataError([problem]) from None
    return plans


def load_scenarios(folder: str | None = None) -> pd.DataFrame:
    """The what-if scenarios (model/scenarios.csv)."""
    return data.load_model_table("scenarios", folder)


def priority_labels(folder: str | None = None) -> dict[str, str]:
    """Priority id -> label, e.g. 'P1' -> 'Economic diversification'."""
    table = data.load_table("priorities", folder)
    return dict(zip(table["id"], table["priority"], strict=True))


def clear() -> None:
    """Forget loaded parameters (after a teacher edits the model files in a running kernel)."""
    data.clear_cache()
    for loader in (_params, _plans):
        loader.cache_clear()

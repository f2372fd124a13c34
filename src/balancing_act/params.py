"""Where the loaders meet the model: parameters, named plans and scenarios, loaded once.

``model`` does no I/O and ``data`` must not depend on the model, so this small
module builds the model's inputs from ``lessons_data/model/*.csv``. Widgets and
the plan / brief exercises both use it, so neither imports the other.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from . import data, model, scenarios

MODEL_INPUTS = ("options", "criteria", "ratings", "steps", "parameters")


def load_params(folder: str | None = None) -> model.ModelParams:
    """The model's parameters from ``lessons_data/model/*.csv`` (validated on the way)."""
    return _params(data.folder_key(folder))


def load_plans(folder: str | None = None) -> dict[str, list[list[str]]]:
    """The named example plans (model/plans.csv), each checked against the steps."""
    return _plans(data.folder_key(folder))


@cache
def _params(folder: str) -> model.ModelParams:
    tables = {name: data.load_model_table(name, folder) for name in MODEL_INPUTS}
    return model.params_from_tables(**tables, priorities=data.load_table("priorities", folder))


@cache
def _plans(folder: str) -> dict[str, list[list[str]]]:
    plans = scenarios.named_plans(data.load_model_table("plans", folder))
    params = _params(folder)
    for name, plan in plans.items():
        try:
            model.simulate_plan(plan, params)
        except ValueError as exc:
            problem = data.Problem("model/plans.csv", f"plan '{name}': {exc}")
            raise data.LessonDataError([problem]) from None
    return plans


def load_scenarios() -> pd.DataFrame:
    """The what-if scenarios (model/scenarios.csv)."""
    return data.load_model_table("scenarios")


@cache
def priority_labels() -> dict[str, str]:
    """Priority id -> label, e.g. 'P1' -> 'Economic diversification'."""
    table = data.load_table("priorities")
    return dict(zip(table["id"], table["priority"], strict=True))


def clear() -> None:
    """Forget loaded parameters (after a teacher edits the model files in a running kernel)."""
    data.clear_cache()
    for loader in (_params, _plans, priority_labels):
        loader.cache_clear()

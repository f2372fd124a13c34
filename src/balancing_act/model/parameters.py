"""The model's parameters: options, priorities, ratings, plan steps and scalars, validated.

Built by ``params_from_tables`` from tables already loaded (``params.load_params()``
reads the files), frozen, so every function of the model gets the same numbers.
The numbers are illustrative classroom assumptions, not forecasts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

ASSUMPTION = "illustrative classroom assumption"
#: The simulation's indicators, each an index from 0 to 1, in display order. The two
#: capitals get the same word and the same direction (lower is better for both), so the
#: model names neither side more warmly than the other (issue 23).
INDICATORS = ("gain", "concern_moscow", "concern_washington", "autonomy")
INDICATOR_LABELS = MappingProxyType({
    "gain": "Economic gain",
    "concern_moscow": "Concern in Moscow",
    "concern_washington": "Concern in Washington",
    "autonomy": "Autonomy",
})
#: Constraint keys of courses before issue 23 -> today's ("trust" was a floor on trust in
#: Washington; it is now the same limit read as a ceiling on concern, 1 - trust).
LEGACY_CONSTRAINTS = MappingProxyType({"mistrust": "concern_moscow",
                                       "trust": "concern_washington"})
#: Wide-form column for each partner, as in the article's first table (S13-S15).
PARTNER_COLUMNS = MappingProxyType({"Russia": "Belarus-Russia", "United States": "Belarus-US"})
#: Ratings run from 0 (does nothing for the priority) to 10 (serves it fully).
RATING_RANGE = (0.0, 10.0)
#: Scores closer than this count as equal, so float noise never decides a ranking.
SCORE_DECIMALS = 9
#: Indicator values are rounded to this many decimals after each phase (inputs have 2).
INDICATOR_DECIMALS = 6
#: Indicators that may carry a ceiling or a floor a learner can choose instead of the
#: ceiling on concern in Moscow (parameters.csv: ``<indicator>_ceiling``, ``_floor``).
CEILING_INDICATORS = ("concern_washington",)
FLOOR_INDICATORS = ("autonomy",)
_PARAMETER_NAMES = (
    "baseline_gain", "baseline_concern_moscow", "baseline_concern_washington",
    "baseline_autonomy", "concern_moscow_ceiling", "shock_limit", "shock_rate", "max_phases",
)


def constraint_key(key: object) -> object:
    """A constraint key as the model names it today: 'mistrust' (a plan or brief saved
    before issue 23) reads as 'concern_moscow', 'trust' as 'concern_washington'."""
    return LEGACY_CONSTRAINTS.get(key, key) if isinstance(key, str) else key


# --------------------------------------------------------------------------- parameters


@dataclass(frozen=True)
class Option:
    """One option of the scorecard."""

    id: str
    label: str
    description: str
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Criterion:
    """One criterion of the scorecard: a priority from priorities.csv."""

    id: str
    label: str
    default_weight: float
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """One step a plan phase may contain, with its effect on each indicator per phase."""

    id: str
    label: str
    kind: str  # "recommended" (from the article) or "contrast" (a model assumption)
    effects: Mapping[str, float]
    source_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModelParams:
    """Every number the model uses, in one immutable bundle.

    ``ratings`` maps ``(option_id, criterion_id)`` to a rating; ``steps`` keeps
    the file order, which is also the order steps are listed in a phase.
    """

    options: tuple[Option, ...]
    criteria: tuple[Criterion, ...]
    ratings: Mapping[tuple[str, str], float]
    steps: Mapping[str, Step]
    baseline: Mapping[str, float]
    threshold: float
    shock_limit: float
    shock_rate: float
    max_phases: int
    rating_range: tuple[float, float] = RATING_RANGE
    #: Lowest acceptable autonomy, for a constraint a learner may choose instead of the
    #: ceiling on concern in Moscow (``constraints``).
    floors: Mapping[str, float] = field(default_factory=dict)
    #: Highest acceptable concern in Washington, the other capital's ceiling, likewise.
    ceilings: Mapping[str, float] = field(default_factory=dict)

    def ratings_table(self) -> pd.DataFrame:
        """Ratings as options x criteria (see ``ratings_table``)."""
        return ratings_table(self)

    def default_weights(self) -> dict[str, float]:
        """The starting weight of each criterion, keyed by criterion label."""
        return {c.label: c.default_weight for c in self.criteria}


class TableError(ValueError):
    """A problem across the model's tables: which table, which data row (from 1), which column.

    ``params.load_params`` turns it into a ``LessonDataError`` naming the file
    (``model/<table>.csv``), so a teacher reads where to look.
    """

    def __init__(self, table: str, message: str, row: int | None = None,
                 column: str | None = None):
        super().__init__(message)
        self.table, self.row, self.column = table, row, column


def cell_ids(cell: object) -> tuple[str, ...]:
    if not isinstance(cell, str):
        return ()
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def need_columns(table: pd.DataFrame, name: str, columns: Iterable[str]) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TableError(name, f"{name} must be a pandas DataFrame; got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise TableError(name, f"{name} lacks column(s) {', '.join(missing)}; "
                         f"expected columns: {', '.join(columns)}", column=missing[0])


def finite(value: object, what: str, table: str | None = None, row: int | None = None) -> float:
    """A finite float; a ``TableError`` when ``table`` names where the value came from."""
    def error(message: str) -> ValueError:
        return ValueError(message) if table is None else TableError(table, message, row)

    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise error(f"{what} is {value!r}; expected a number") from None
    if not math.isfinite(number):
        raise error(f"{what} is {number}; expected a finite number")
    return number


def _build_criteria(criteria: pd.DataFrame, priorities: pd.DataFrame) -> tuple[Criterion, ...]:
    need_columns(criteria, "criteria", ("id", "default_weight", "source_ids"))
    need_columns(priorities, "priorities", ("id", "priority"))
    labels = dict(zip(priorities["id"], priorities["priority"], strict=True))
    out = []
    for n, row in enumerate(criteria.itertuples(index=False), start=1):
        if row.id not in labels:
            raise TableError("criteria", f"criterion {row.id!r} is not a priority id; expected "
                             f"one of: {', '.join(labels)}", n, "id")
        weight = finite(row.default_weight, f"default weight of {row.id}", "criteria", n)
        if weight < 0:
            raise TableError("criteria", f"default weight of {row.id} is {weight}; expected 0 "
                             "or more", n, "default_weight")
        out.append(Criterion(row.id, str(labels[row.id]), weight, cell_ids(row.source_ids)))
    if not out:
        raise TableError("criteria", "criteria has no rows; expected one row per priority")
    return tuple(out)


def _build_ratings(ratings: pd.DataFrame, options: tuple[Option, ...],
                   criteria: tuple[Criterion, ...],
                   scale: tuple[float, float]) -> Mapping[tuple[str, str], float]:
    need_columns(ratings, "ratings", ("option_id", "criterion_id", "rating"))
    option_ids = [o.id for o in options]
    criterion_ids = [c.id for c in criteria]
    found: dict[tuple[str, str], float] = {}
    for n, row in enumerate(ratings.itertuples(index=False), start=1):
        key = (str(row.option_id), str(row.criterion_id))
        if key[0] not in option_ids:
            raise TableError("ratings", f"ratings name option {key[0]!r}; expected one of: "
                             f"{', '.join(option_ids)}", n, "option_id")
        if key[1] not in criterion_ids:
            raise TableError("ratings", f"ratings name criterion {key[1]!r}; expected one of: "
                             f"{', '.join(criterion_ids)}", n, "criterion_id")
        if key in found:
            raise TableError("ratings", f"option {key[0]} is rated twice on {key[1]}; expected "
                             "once", n)
        value = finite(row.rating, f"rating of {key[0]} on {key[1]}", "ratings", n)
        if not scale[0] <= value <= scale[1]:
            raise TableError("ratings", f"rating of {key[0]} on {key[1]} is {value}; expected "
                             f"{scale[0]:g} to {scale[1]:g}", n, "rating")
        found[key] = value
    missing = [f"{o}/{c}" for o in option_ids for c in criterion_ids if (o, c) not in found]
    if missing:
        raise TableError("ratings", f"ratings lack {', '.join(missing)} (option/criterion); "
                         "expected a row rating every option on every criterion")
    return MappingProxyType(found)


def _build_steps(steps: pd.DataFrame) -> Mapping[str, Step]:
    need_columns(steps, "steps", ("id", "label", "kind", *INDICATORS))
    out: dict[str, Step] = {}
    for n, row in enumerate(steps.to_dict("records"), start=1):
        sid = str(row["id"])
        if sid in out:
            raise TableError("steps", f"step id {sid!r} appears twice in steps; expected unique "
                             "ids", n, "id")
        effects = {ind: finite(row[ind], f"effect of step {sid} on {ind}", "steps", n)
                   for ind in INDICATORS}
        out[sid] = Step(sid, str(row["label"]), str(row["kind"]), MappingProxyType(effects),
                        cell_ids(row.get("source_ids")))
    if not out:
        raise TableError("steps", "steps has no rows; expected at least one step")
    return MappingProxyType(out)


def _build_scalars(parameters: pd.DataFrame) -> dict[str, float]:
    need_columns(parameters, "parameters", ("name", "value"))
    rows = {str(n): i for i, n in enumerate(parameters["name"], start=1)}
    values = {str(n): finite(v, f"parameter {n}", "parameters", rows[str(n)])
              for n, v in zip(parameters["name"], parameters["value"], strict=True)}
    missing = [n for n in _PARAMETER_NAMES if n not in values]
    if missing:
        raise TableError("parameters", f"parameters lack {', '.join(missing)}; expected rows "
                         f"named: {', '.join(_PARAMETER_NAMES)}")
    for name in _PARAMETER_NAMES:
        low = 1 if name == "max_phases" else 0
        if values[name] < low or (name.startswith("baseline") and values[name] > 1):
            raise TableError("parameters", f"parameter {name} is {values[name]}; expected "
                             f"{'0 to 1' if name.startswith('baseline') else f'{low} or more'}",
                             rows[name], "value")
    return values


def params_from_tables(options: pd.DataFrame, criteria: pd.DataFrame, ratings: pd.DataFrame,
                       steps: pd.DataFrame, parameters: pd.DataFrame,
                       priorities: pd.DataFrame) -> ModelParams:
    """Check the model tables against each other and bundle them into ``ModelParams``.

    The per-file checks happen in ``data``; this adds the cross-table ones (every
    option rated on every criterion, criteria that are priorities, known
    parameter names) and raises ``TableError`` (a ValueError) naming the table, row and
    culprit.
    """
    need_columns(options, "options", ("id", "label", "description"))
    opts = tuple(Option(str(r["id"]), str(r["label"]), str(r["description"]),
                        cell_ids(r.get("source_ids"))) for r in options.to_dict("records"))
    if not opts:
        raise TableError("options", "options has no rows; expected at least two options")
    if len({o.id for o in opts}) != len(opts) or len({o.label for o in opts}) != len(opts):
        raise TableError("options", "options repeat an id or a label; expected each once")
    crits = _build_criteria(criteria, priorities)
    scalars = _build_scalars(parameters)
    return ModelParams(
        options=opts,
        criteria=crits,
        ratings=_build_ratings(ratings, opts, crits, RATING_RANGE),
        steps=_build_steps(steps),
        baseline=MappingProxyType({ind: scalars[f"baseline_{ind}"] for ind in INDICATORS}),
        threshold=scalars["concern_moscow_ceiling"],
        shock_limit=scalars["shock_limit"],
        shock_rate=scalars["shock_rate"],
        max_phases=int(scalars["max_phases"]),
        floors=MappingProxyType({ind: scalars[f"{ind}_floor"] for ind in FLOOR_INDICATORS
                                 if f"{ind}_floor" in scalars}),
        ceilings=MappingProxyType({ind: scalars[f"{ind}_ceiling"] for ind in CEILING_INDICATORS
                                   if f"{ind}_ceiling" in scalars}),
    )


def ratings_table(params: ModelParams) -> pd.DataFrame:
    """Ratings as a table: one row per option label, one column per criterion label."""
    data = {c.label: [params.ratings[(o.id, c.id)] for o in params.options]
            for c in params.criteria}
    frame = pd.DataFrame(data, index=pd.Index([o.label for o in params.options], name="option"))
    return frame

"""The classroom model: pure functions over the article's tables and the model parameters.

Nothing here reads files or builds widgets, so a lesson, a test or a learner can
call every function with tables of their own and get the same answer each time.
The numbers in ``lessons_data/model/*.csv`` are illustrative classroom
assumptions, not forecasts; this module only makes their consequences visible.

Three parts:

* tables: ``filter_rows``, ``sort_rows``, ``filter_partners``, ``sort_partners``,
  ``pivot_partners``, ``filter_sentences``;
* weighted scorecard: ``ratings_table``, ``normalise_weights``, ``scorecard``,
  ``ranking``, ``sensitivity``;
* phased-deal simulation: ``simulate_plan``, ``constraint_message``.

Model parameters arrive as one frozen ``ModelParams`` built by
``params_from_tables`` from the loaded tables (``params.load_params()`` does the
loading, so this module stays free of I/O).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

__all__ = [
    "ASSUMPTION",
    "INDICATORS",
    "INDICATOR_LABELS",
    "PARTNER_COLUMNS",
    "Option",
    "Criterion",
    "Step",
    "ModelParams",
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

ASSUMPTION = "illustrative classroom assumption"
#: The simulation's indicators, each an index from 0 to 1, in display order.
INDICATORS = ("gain", "mistrust", "trust", "autonomy")
INDICATOR_LABELS = MappingProxyType({
    "gain": "Economic gain",
    "mistrust": "Mistrust in Moscow",
    "trust": "Trust in Washington",
    "autonomy": "Autonomy",
})
#: Wide-form column for each partner, as in the article's first table (S13-S15).
PARTNER_COLUMNS = MappingProxyType({"Russia": "Belarus-Russia", "United States": "Belarus-US"})
#: Ratings run from 0 (does nothing for the priority) to 10 (serves it fully).
RATING_RANGE = (0.0, 10.0)
#: Scores closer than this count as equal, so float noise never decides a ranking.
SCORE_DECIMALS = 9
#: Indicator values are rounded to this many decimals after each phase (inputs have 2).
INDICATOR_DECIMALS = 6
#: Indicators that may carry a floor, a constraint a learner can choose (parameters.csv).
FLOOR_INDICATORS = ("trust", "autonomy")
_PARAMETER_NAMES = (
    "baseline_gain", "baseline_mistrust", "baseline_trust", "baseline_autonomy",
    "mistrust_threshold", "shock_limit", "shock_rate", "max_phases",
)


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
    #: Lowest acceptable trust in Washington / autonomy, for the constraints a learner may
    #: choose instead of the mistrust ceiling (``constraints``).
    floors: Mapping[str, float] = field(default_factory=dict)

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


def _ids(cell: object) -> tuple[str, ...]:
    if not isinstance(cell, str):
        return ()
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def _need_columns(table: pd.DataFrame, name: str, columns: Iterable[str]) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TableError(name, f"{name} must be a pandas DataFrame; got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise TableError(name, f"{name} lacks column(s) {', '.join(missing)}; "
                         f"expected columns: {', '.join(columns)}", column=missing[0])


def _finite(value: object, what: str, table: str | None = None, row: int | None = None) -> float:
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
    _need_columns(criteria, "criteria", ("id", "default_weight", "source_ids"))
    _need_columns(priorities, "priorities", ("id", "priority"))
    labels = dict(zip(priorities["id"], priorities["priority"], strict=True))
    out = []
    for n, row in enumerate(criteria.itertuples(index=False), start=1):
        if row.id not in labels:
            raise TableError("criteria", f"criterion {row.id!r} is not a priority id; expected "
                             f"one of: {', '.join(labels)}", n, "id")
        weight = _finite(row.default_weight, f"default weight of {row.id}", "criteria", n)
        if weight < 0:
            raise TableError("criteria", f"default weight of {row.id} is {weight}; expected 0 "
                             "or more", n, "default_weight")
        out.append(Criterion(row.id, str(labels[row.id]), weight, _ids(row.source_ids)))
    if not out:
        raise TableError("criteria", "criteria has no rows; expected one row per priority")
    return tuple(out)


def _build_ratings(ratings: pd.DataFrame, options: tuple[Option, ...],
                   criteria: tuple[Criterion, ...],
                   scale: tuple[float, float]) -> Mapping[tuple[str, str], float]:
    _need_columns(ratings, "ratings", ("option_id", "criterion_id", "rating"))
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
        value = _finite(row.rating, f"rating of {key[0]} on {key[1]}", "ratings", n)
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
    _need_columns(steps, "steps", ("id", "label", "kind", *INDICATORS))
    out: dict[str, Step] = {}
    for n, row in enumerate(steps.to_dict("records"), start=1):
        sid = str(row["id"])
        if sid in out:
            raise TableError("steps", f"step id {sid!r} appears twice in steps; expected unique "
                             "ids", n, "id")
        effects = {ind: _finite(row[ind], f"effect of step {sid} on {ind}", "steps", n)
                   for ind in INDICATORS}
        out[sid] = Step(sid, str(row["label"]), str(row["kind"]), MappingProxyType(effects),
                        _ids(row.get("source_ids")))
    if not out:
        raise TableError("steps", "steps has no rows; expected at least one step")
    return MappingProxyType(out)


def _build_scalars(parameters: pd.DataFrame) -> dict[str, float]:
    _need_columns(parameters, "parameters", ("name", "value"))
    rows = {str(n): i for i, n in enumerate(parameters["name"], start=1)}
    values = {str(n): _finite(v, f"parameter {n}", "parameters", rows[str(n)])
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
    _need_columns(options, "options", ("id", "label", "description"))
    opts = tuple(Option(str(r["id"]), str(r["label"]), str(r["description"]),
                        _ids(r.get("source_ids"))) for r in options.to_dict("records"))
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
        threshold=scalars["mistrust_threshold"],
        shock_limit=scalars["shock_limit"],
        shock_rate=scalars["shock_rate"],
        max_phases=int(scalars["max_phases"]),
        floors=MappingProxyType({ind: scalars[f"{ind}_floor"] for ind in FLOOR_INDICATORS
                                 if f"{ind}_floor" in scalars}),
    )


# --------------------------------------------------------------------------- tables


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
    _need_columns(table, "table", ())
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
    _need_columns(table, "table", ())
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
    _need_columns(table, "partner table", ("aspect", "partner", "tie", "status"))
    chosen = {"aspects": aspects, "partners": partners, "statuses": statuses}
    return filter_rows(table, {_PARTNER_FILTERS[k]: v for k, v in chosen.items()})


def sort_partners(table: pd.DataFrame, by: str = "aspect", descending: bool = False):
    """The partner table sorted by one column (stable; aspects in the article's order)."""
    _need_columns(table, "partner table", ("aspect", "partner", "tie", "status"))
    return sort_rows(table, by, descending)


def pivot_partners(table: pd.DataFrame) -> pd.DataFrame:
    """Back to the article's wide form: Aspect / Belarus-Russia / Belarus-US.

    Aspects keep the order they have in ``table``; a partner missing from
    ``table`` (filtered out) has no column, and a missing cell is an empty string.
    """
    _need_columns(table, "partner table", ("aspect", "partner", "tie"))
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
    _need_columns(sentences, "sentences", ("id", "section", "kind", "text", "actors"))
    out = filter_rows(sentences, {"section": sections, "kind": kinds})
    if actor:
        named = out["actors"].map(lambda cell: actor in _ids(cell))
        out = out[named.to_numpy(dtype=bool)]
    if not isinstance(text, str):
        raise ValueError(f"search text is {text!r}; expected a string")
    needle = text.strip().casefold()
    if needle:
        hits = [needle in str(t).casefold() for t in out["text"]]
        out = out[np.asarray(hits, dtype=bool)]
    return out


# --------------------------------------------------------------------------- scorecard


def ratings_table(params: ModelParams) -> pd.DataFrame:
    """Ratings as a table: one row per option label, one column per criterion label."""
    data = {c.label: [params.ratings[(o.id, c.id)] for o in params.options]
            for c in params.criteria}
    frame = pd.DataFrame(data, index=pd.Index([o.label for o in params.options], name="option"))
    return frame


def _check_ratings(ratings: pd.DataFrame) -> np.ndarray:
    if not isinstance(ratings, pd.DataFrame) or ratings.empty:
        raise ValueError("ratings must be a non-empty DataFrame of options (rows) x criteria "
                         "(columns), e.g. model.ratings_table(params)")
    if not ratings.index.is_unique:
        raise ValueError("ratings repeat an option in the index; expected each option once")
    try:
        values = ratings.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise ValueError("ratings hold a value that is not a number; expected numbers") from None
    if not np.isfinite(values).all():
        raise ValueError("ratings hold a missing or infinite value; expected finite numbers")
    return values


def normalise_weights(weights: Mapping[str, float] | pd.Series,
                      criteria: Sequence[str]) -> dict[str, float]:
    """Weights scaled to sum to 1, in ``criteria`` order.

    Why: sliders give raw weights (e.g. 5, 5, 10); the score is a weighted
    average only once weights sum to 1. Raises ValueError for a missing or
    unknown criterion, a negative or non-numeric weight, or all weights zero.
    """
    if not hasattr(weights, "items"):
        raise ValueError(f"weights are {type(weights).__name__}; expected a mapping "
                         "criterion -> weight, e.g. {'Economic diversification': 1, ...}")
    given = dict(weights.items())
    unknown = [k for k in given if k not in criteria]
    missing = [c for c in criteria if c not in given]
    if unknown or missing:
        what = (f"unknown criterion {unknown[0]!r}" if unknown
                else f"no weight for {missing[0]!r}")
        raise ValueError(f"{what}; expected one weight for each of: {', '.join(criteria)}")
    raw = {c: _finite(given[c], f"weight of {c!r}") for c in criteria}
    negative = [c for c, w in raw.items() if w < 0]
    if negative:
        raise ValueError(f"weight of {negative[0]!r} is {raw[negative[0]]}; "
                         "expected 0 or more")
    total = sum(raw.values())
    if total <= 0:
        raise ValueError("all weights are zero; expected at least one weight above zero")
    return {c: w / total for c, w in raw.items()}


def _order(scores: np.ndarray) -> np.ndarray:
    """Positions best first: higher rounded score, then earlier row (the tie rule)."""
    rounded = np.round(scores, SCORE_DECIMALS)
    return np.lexsort((np.arange(len(scores)), -rounded))


def scorecard(ratings: pd.DataFrame, weights: Mapping[str, float] | pd.Series) -> pd.DataFrame:
    """Each option's weighted score and rank, best first.

    score = sum over criteria of (normalised weight x rating), so with ratings
    from 0 to 10 the score is on the same 0-10 scale. Tie rule: scores equal to
    9 decimals rank in the ratings table's row order (options.csv order), and
    every option gets a distinct rank 1, 2, 3, ...

    Returns columns ``rank``, ``option``, one per criterion (the ratings), ``score``.
    """
    values = _check_ratings(ratings)
    criteria = [str(c) for c in ratings.columns]
    w = normalise_weights(weights, criteria)
    scores = values @ np.array([w[c] for c in criteria])
    order = _order(scores)
    table = pd.DataFrame(values[order], columns=criteria)
    table.insert(0, "option", [str(ratings.index[i]) for i in order])
    table.insert(0, "rank", np.arange(1, len(order) + 1))
    table["score"] = scores[order]
    return table


def ranking(table: pd.DataFrame) -> list[str]:
    """Option labels best first, from a ``scorecard`` table."""
    _need_columns(table, "scorecard", ("rank", "option"))
    return [str(o) for o in table.sort_values("rank", kind="stable")["option"]]


def _shifted(w: np.ndarray, i: int, t: float) -> np.ndarray:
    """Weights with criterion i set to t and the others rescaled to share 1 - t.

    The others keep their proportions; if they are all zero they share equally.
    """
    others = np.delete(np.arange(len(w)), i)
    rest = w[others].sum()
    share = w[others] / rest if rest > 0 else np.full(len(others), 1 / len(others))
    out = np.empty_like(w)
    out[i] = t
    out[others] = (1 - t) * share
    return out


def _top(values: np.ndarray, w: np.ndarray) -> int:
    return int(_order(values @ w)[0])


def _crossings(values: np.ndarray, w: np.ndarray, i: int, top: int) -> list[float]:
    """Weights of criterion i at which another option's score line meets the top's."""
    base = values @ _shifted(w, i, 0.0)  # score of each option when w_i = 0
    slope = values @ _shifted(w, i, 1.0) - base  # score is linear in w_i
    out = []
    for j in range(len(values)):
        db = base[j] - base[top]
        ds = slope[j] - slope[top]
        if j != top and abs(ds) > 1e-12:
            t = -db / ds
            if -1e-12 <= t <= 1 + 1e-12:
                out.append(min(max(t, 0.0), 1.0))
    return out


def _first_change(values, w, i, top, direction: int) -> tuple[float, int] | None:
    """The nearest weight of criterion i, moving one way, at which the top option changes."""
    now = w[i]
    step = 1e-7 * direction
    candidates = sorted({t for t in _crossings(values, w, i, top)
                         if (t - now) * direction >= -1e-12}, key=lambda t: abs(t - now))
    for t in candidates:
        for probe in (t, t + step):
            if 0 <= probe <= 1 and (new := _top(values, _shifted(w, i, probe))) != top:
                return t, new
    return None


def sensitivity(ratings: pd.DataFrame, weights: Mapping[str, float] | pd.Series) -> pd.DataFrame:
    """For each criterion, the smallest change of its weight that changes the top option.

    Weights are normalised first; moving one criterion's weight rescales the
    others so that they keep their proportions and the total stays 1 (if they
    were all zero, they share the rest equally). Every score is then a straight
    line in that weight, so the change points are exact line crossings within
    0..1. At a crossing the options tie and the tie rule of ``scorecard``
    decides; the top option changes once the weight passes ``new_weight``.

    Returns one row per criterion: ``criterion``, ``weight``, ``decrease_to``,
    ``top_if_decreased``, ``increase_to``, ``top_if_increased``, ``change``
    (signed, the smaller move of the two), ``new_weight``, ``new_top`` and a
    ``summary`` sentence; NaN / "" and "none within range" where no move changes it.
    """
    values = _check_ratings(ratings)
    criteria = [str(c) for c in ratings.columns]
    normal = normalise_weights(weights, criteria)
    w = np.array([normal[c] for c in criteria])
    labels = [str(x) for x in ratings.index]
    top = _top(values, w)
    rows = []
    for i, name in enumerate(criteria):
        down = _first_change(values, w, i, top, -1) if len(criteria) > 1 else None
        up = _first_change(values, w, i, top, +1) if len(criteria) > 1 else None
        rows.append(_sensitivity_row(name, w[i], down, up, labels, labels[top]))
    return pd.DataFrame(rows)


def _sensitivity_row(name, now, down, up, labels, top_label) -> dict[str, object]:
    moves = [m for m in (down, up) if m is not None]
    best = min(moves, key=lambda m: (abs(m[0] - now), m[0] < now)) if moves else None
    if best is None:
        summary = f"{name}: none within range (no weight from 0 to 1 changes the top option)"
    else:
        verb = "raise" if best[0] >= now else "lower"
        summary = (f"{name}: {verb} its weight from {now:.2f} past {best[0]:.2f} and "
                   f"{labels[best[1]]} replaces {top_label} at the top")
    return {
        "criterion": name,
        "weight": now,
        "decrease_to": down[0] if down else math.nan,
        "top_if_decreased": labels[down[1]] if down else "",
        "increase_to": up[0] if up else math.nan,
        "top_if_increased": labels[up[1]] if up else "",
        "change": best[0] - now if best else math.nan,
        "new_weight": best[0] if best else math.nan,
        "new_top": labels[best[1]] if best else "none within range",
        "summary": summary,
    }


# --------------------------------------------------------------------------- simulation


def check_plan(plan: object, params: ModelParams) -> list[list[str]]:
    """The plan as lists of step ids in steps.csv order, or ValueError saying what is wrong."""
    known = list(params.steps)
    if isinstance(plan, str | bytes) or not isinstance(plan, Sequence):
        raise ValueError(f"the plan is {type(plan).__name__}; expected a list of phases, each a "
                         "list of step ids, e.g. [['invest', 'safeguards'], ['invest']]")
    if not plan:
        raise ValueError("the plan has no phases; expected at least one phase, "
                         "e.g. [['invest', 'safeguards']]")
    if len(plan) > params.max_phases:
        raise ValueError(f"the plan has {len(plan)} phases; expected at most "
                         f"{params.max_phases}")
    phases = []
    for n, phase in enumerate(plan, start=1):
        if isinstance(phase, str | bytes) or not isinstance(phase, Iterable):
            raise ValueError(f"phase {n} is {phase!r}; expected a list of step ids such as "
                             f"['{known[0]}']")
        steps = list(phase)
        for step in steps:
            if not isinstance(step, str) or step not in params.steps:
                raise ValueError(f"unknown step {step!r} in phase {n}; expected one of: "
                                 f"{', '.join(known)}")
            if steps.count(step) > 1:
                raise ValueError(f"step {step!r} appears twice in phase {n}; expected each "
                                 "step at most once per phase")
        phases.append(sorted(steps, key=known.index))
    return phases


def _advance(state: dict[str, float], steps: list[Step], params: ModelParams):
    """One phase: add the steps' effects, add the shock, clip each indicator to 0..1."""
    added = {ind: sum(s.effects[ind] for s in steps) for ind in INDICATORS}
    shock = params.shock_rate * max(0.0, added["gain"] - params.shock_limit)
    added["mistrust"] += shock
    new = {ind: round(min(1.0, max(0.0, state[ind] + added[ind])), INDICATOR_DECIMALS)
           for ind in INDICATORS}
    return new, round(shock, INDICATOR_DECIMALS)


@dataclass(frozen=True)
class Constraint:
    """What "not at the expense of ..." means in a run: one indicator kept on one side of a
    limit. The article names only the Russia side (S01, S06); the floors are the course's."""

    key: str
    indicator: str
    upper: bool  # True: at or below the limit; False: at or above it
    limit: float

    def holds(self, values: pd.Series) -> pd.Series:
        return values <= self.limit if self.upper else values >= self.limit

    @property
    def label(self) -> str:
        side = "at or below" if self.upper else "at or above"
        return f"{_lower_first(INDICATOR_LABELS[self.indicator])} {side} {self.limit:.2f}"


def _lower_first(label: str) -> str:
    """'Trust in Washington' -> 'trust in Washington' (names keep their capitals)."""
    return label[:1].lower() + label[1:]


def constraints(params: ModelParams) -> dict[str, Constraint]:
    """The constraints a learner may choose: the mistrust ceiling, then each floor."""
    found = {"mistrust": Constraint("mistrust", "mistrust", True, params.threshold)}
    found |= {ind: Constraint(ind, ind, False, limit) for ind, limit in params.floors.items()}
    return found


def _constraint(params: ModelParams, key: str) -> Constraint:
    known = constraints(params)
    if key not in known:
        raise ValueError(f"constraint {key!r} is not known; expected one of: {', '.join(known)}")
    return known[key]


def simulate_plan(plan: Sequence[Iterable[str]], params: ModelParams,
                  constraint: str = "mistrust") -> pd.DataFrame:
    """Run a phased plan and return one row per phase, starting with phase 0 (the baseline).

    Each phase, for every indicator: new value = previous value + the sum of the
    chosen steps' effects (steps.csv), then clipped to 0..1. One extra rule
    models a sudden disruption (S34, S36): if the gain added in a phase exceeds
    ``shock_limit``, mistrust in Moscow rises by an extra ``shock_rate`` x the
    excess. ``constraint_ok`` is True while mistrust ≤ ``threshold``: the
    model's stand-in for "not at the expense of ties with Russia" (S01, S06);
    ``constraint="trust"`` or ``"autonomy"`` tests that floor instead.

    A step may recur in later phases but appears at most once per phase; an
    empty phase is allowed (a pause to assess and adjust, S34).
    Columns: ``phase``, ``steps``, the four ``INDICATORS``, ``shock``, ``constraint_ok``.
    """
    if not isinstance(params, ModelParams):
        raise ValueError(f"params is {type(params).__name__}; expected ModelParams, e.g. "
                         "from balancing_act.params.load_params()")
    phases = check_plan(plan, params)
    rule = _constraint(params, constraint)
    state = {ind: round(params.baseline[ind], INDICATOR_DECIMALS) for ind in INDICATORS}
    rows = [{"phase": 0, "steps": "(start)", **state, "shock": 0.0}]
    for n, ids in enumerate(phases, start=1):
        state, shock = _advance(state, [params.steps[s] for s in ids], params)
        rows.append({"phase": n, "steps": ", ".join(ids) or "(no new steps)", **state,
                     "shock": shock})
    table = pd.DataFrame(rows, columns=["phase", "steps", *INDICATORS, "shock"])
    table["constraint_ok"] = rule.holds(table[rule.indicator])
    return table


def first_breach(result: pd.DataFrame) -> int | None:
    """The first phase whose ``constraint_ok`` is False, or None if it holds throughout."""
    _need_columns(result, "simulation result", ("phase", "constraint_ok"))
    broken = result.loc[~result["constraint_ok"].astype(bool), "phase"]
    return int(broken.iloc[0]) if len(broken) else None


def constraint_message(result: pd.DataFrame, threshold: float | Constraint) -> str:
    """The constraint's verdict in words, so colour is never the only signal.

    E.g. "Constraint holds at every phase (highest mistrust in Moscow 0.16 ≤ 0.50)" or
    "Constraint broken at phase 1: mistrust in Moscow 0.70 > 0.50". A number is the
    mistrust ceiling; a ``Constraint`` names a floor, e.g. "lowest trust in Washington".
    """
    rule = (threshold if isinstance(threshold, Constraint)
            else Constraint("mistrust", "mistrust", True, float(threshold)))
    name = _lower_first(INDICATOR_LABELS[rule.indicator])
    _need_columns(result, "simulation result", ("phase", rule.indicator, "constraint_ok"))
    phase = first_breach(result)
    ok, broken = ("≤", ">") if rule.upper else ("≥", "<")
    if phase is None:
        edge = result[rule.indicator].max() if rule.upper else result[rule.indicator].min()
        return (f"Constraint holds at every phase ({'highest' if rule.upper else 'lowest'} "
                f"{name} {float(edge):.2f} {ok} {rule.limit:.2f})")
    value = float(result.loc[result["phase"] == phase, rule.indicator].iloc[0])
    return f"Constraint broken at phase {phase}: {name} {value:.2f} {broken} {rule.limit:.2f}"

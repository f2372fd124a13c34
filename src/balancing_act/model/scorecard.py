"""The weighted scorecard: ratings times normalised weights, the ranking, and how far each
weight can move before the top option changes (sensitivity).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from balancing_act.model.parameters import SCORE_DECIMALS, finite, need_columns


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
    raw = {c: finite(given[c], f"weight of {c!r}") for c in criteria}
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
    need_columns(table, "scorecard", ("rank", "option"))
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

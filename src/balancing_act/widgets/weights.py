"""The weights panel: one slider per priority, the scorecard and its sensitivity."""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Mapping

import ipywidgets as widgets
import pandas as pd

from balancing_act import model
from balancing_act.data.model_inputs import load_params
from balancing_act.widgets.common import html_table, img_html, rows_html, status_html
from balancing_act.widgets.page_fixes import page_fixes


class WeightsPanel(widgets.VBox):
    """Sliders weigh the three priorities; the scorecard re-ranks the options.

    Controls: ``sliders`` (criterion label -> slider). Results: ``weights``
    (normalised), ``table`` (the ranked scorecard), ``answer`` (option labels,
    top first), ``sensitivity_table``, ``chart_data`` (option, score), ``summary``.

    With ``show_sensitivity=False`` the sensitivity table stays out of the panel, so a
    lesson can ask which weights flip the ranking before showing it the answer; it
    shows it later, folded, with :meth:`sensitivity_view`, still following the sliders.
    """

    def __init__(self, params: model.ModelParams, weights: Mapping[str, float] | None = None,
                 *, show_sensitivity: bool = True):
        from balancing_act.widgets import charts as plots

        self.params = params
        self.ratings = model.ratings_table(params)
        start = dict(params.default_weights(), **(weights or {}))
        whole = all(float(v).is_integer() for v in start.values())
        slider = widgets.IntSlider if whole else widgets.FloatSlider
        top = max(10, *(math.ceil(v) for v in start.values()))
        self.sliders = {c: slider(value=start[c], min=0, max=top, step=1 if whole else 0.1,
                                  description=c, style={"description_width": "210px"},
                                  layout=widgets.Layout(width="480px"))
                        for c in self.ratings.columns}
        self.weights_html, self.html = widgets.HTML(), widgets.HTML()
        self.sensitivity_html, self.summary_html = widgets.HTML(), widgets.HTML()
        self.chart, self.chart_png = widgets.HTML(), b""
        self._chart = plots.ScoreChart(list(self.ratings.index), params.rating_range[1])
        self._summary = plots.scorecard_summary
        self.table = pd.DataFrame()
        self.answer: list[str] = []
        self.weights: dict[str, float] = {}
        sensitivity = [self.sensitivity_html] if show_sensitivity else []
        super().__init__([*self.sliders.values(), self.weights_html, self.html,
                          widgets.HBox([self.chart, self.summary_html]), *sensitivity,
                          page_fixes()])  # names the slider knobs, shows focus
        for s in self.sliders.values():
            s.observe(self._update, names="value")
        self._update()

    def _update(self, change: object = None) -> None:
        raw = {c: s.value for c, s in self.sliders.items()}
        try:
            self.weights = model.normalise_weights(raw, list(raw))
        except ValueError as exc:
            return self._show_error(str(exc))
        self.table = model.scorecard(self.ratings, self.weights)
        self.answer = model.ranking(self.table)
        self.sensitivity_table = model.sensitivity(self.ratings, self.weights)
        scores = dict(zip(self.table["option"], self.table["score"], strict=True))
        self.chart_data = pd.DataFrame({"option": list(self.ratings.index),
                                        "score": [scores[o] for o in self.ratings.index]})
        self._render(raw)

    def _render(self, raw: Mapping[str, float]) -> None:
        total = sum(raw.values())
        self.weights_html.value = rows_html(
            ["Priority", "Slider", "Normalised weight"],
            [(c, f"{v:g}", f"{v:g} / {total:g} = {self.weights[c]:.2f}") for c, v in raw.items()],
            "Weights (each slider ÷ their sum)")
        self.html.value = html_table(
            self.table, "Scorecard: score = sum of weight × rating (ratings are illustrative)",
            {c: "{:g}".format for c in self.ratings.columns},
            {"rank": "Rank", "option": "Option", "score": "Score"})
        self.summary = self._summary(self.table)
        self.summary_html.value = f"<p>{html.escape(self.summary)}</p>"
        self.chart_png = self._chart.render(self.table)
        self.chart.value = img_html(self.chart_png, self.summary)
        sens = self.sensitivity_table
        moves = ["—" if math.isnan(to) else f"{'raise' if dv >= 0 else 'lower'} it past {to:.2f}"
                 for to, dv in zip(sens["new_weight"], sens["change"], strict=True)]
        self.sensitivity_html.value = rows_html(
            ["Priority", "Weight now", "Smallest move that changes the top", "New top option"],
            list(zip(sens["criterion"], sens["weight"], moves, sens["new_top"], strict=True)),
            "Sensitivity: moving one weight (the others keep their proportions)")

    def sensitivity_view(self) -> widgets.Accordion:
        """The sensitivity table on its own, folded until the learner opens it (it answers
        "which weights flip the ranking?"), to show below the panel; it follows the sliders."""
        view = widgets.Accordion(children=[self.sensitivity_html], selected_index=None)
        view.set_title(0, "Sensitivity: how far can each weight move? (click to open)")
        return view

    def set_weights(self, weights: Mapping[str, float]) -> None:
        """Move the sliders, by priority id ('P1') or label; one update at the end."""
        if not isinstance(weights, Mapping):
            raise TypeError(f"set_weights takes a mapping such as {{'P1': 5}}; got "
                            f"{type(weights).__name__}")
        ids = {c.id: c.label for c in self.params.criteria}
        wanted = {ids.get(k, k): _weight(k, v) for k, v in weights.items()}
        unknown = [k for k in wanted if k not in self.sliders]
        if unknown:
            raise ValueError(f"no priority called {unknown[0]!r}; expected one of: "
                             f"{', '.join(ids)} or {', '.join(self.sliders)}")
        for label, value in wanted.items():
            slider = self.sliders[label]
            if not slider.min <= value <= slider.max:
                raise ValueError(f"{label} weight {value} is off the slider; expected "
                                 f"{slider.min} to {slider.max}")
        for label, value in wanted.items():
            self.sliders[label].unobserve(self._update, names="value")
            self.sliders[label].value = value
            self.sliders[label].observe(self._update, names="value")
        self._update()

    def _show_error(self, message: str) -> None:
        self.table = pd.DataFrame(columns=["rank", "option", *self.ratings.columns, "score"])
        self.answer, self.weights = [], {}
        self.sensitivity_table = pd.DataFrame()
        self.chart_data = pd.DataFrame(columns=["option", "score"])
        self.summary = f"No scores: {message}."
        self.weights_html.value = status_html(False, f"{message[0].upper()}{message[1:]}.")
        self.html.value = self.sensitivity_html.value = ""
        self.summary_html.value = f"<p>{html.escape(self.summary)}</p>"
        self.chart_png = self._chart.render(None)
        self.chart.value = img_html(self.chart_png, self.summary)


def _weight(name: object, value: object) -> float:
    """A slider weight: a finite number, 0 or more (text, NaN, -1 get one clear sentence)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"the weight of {name!r} is {value!r}; expected a number such as 5")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"the weight of {name!r} is {value}; expected a number from 0 up")
    return value


def weights_panel(weights: Mapping[str, float] | None = None, *,
                  show_sensitivity: bool = True) -> WeightsPanel:
    """Weigh the article's three priorities (S21-S23) and watch the options re-rank.

    Example::

        panel = weights_panel()
        panel.sliders["Economic diversification"].value = 10
        panel.answer        # option labels, top first
        panel.table         # rank, option, one rating column per priority, score

    ``show_sensitivity=False`` leaves the sensitivity table out until
    ``panel.sensitivity_view()`` shows it (after a question it would answer).
    """
    params = load_params()
    labels = [c.label for c in params.criteria]
    if weights is not None and not isinstance(weights, Mapping):
        raise TypeError(f"weights_panel takes a mapping of priority label -> weight; got "
                        f"{type(weights).__name__}")
    weights = {k: _weight(k, v) for k, v in (weights or {}).items()}
    unknown = [k for k in weights if k not in labels]
    if unknown:
        raise ValueError(f"no priority called {unknown[0]!r}; expected one of: "
                         f"{', '.join(labels)}")
    return WeightsPanel(params, weights, show_sensitivity=show_sensitivity)

"""Thin ipywidgets glue over ``balancing_act.model`` and the ``data`` loaders.

Each builder returns one widget (a ``VBox`` subclass) that exposes its controls
as attributes (so a test or a notebook can set ``.value`` or ``.click()``) and
its current result as ``.table`` (a DataFrame), ``.answer`` (what an exercise
checks) and, for charts, ``.chart_data`` and ``.chart_png``. Tables render into
``HTML`` widgets, and so do charts (an ``<img>`` whose alt text is the chart's
one-line summary, also shown beside it); nothing is printed inside an
``Output`` context, so nbval sees the same cell outputs every run (RECIPES.md).

Model parameters come from ``balancing_act.params`` (re-exported here as
``load_params`` for notebooks and tests).
"""

from __future__ import annotations

import base64
import html
import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import pandas as pd

from . import a11y, data, html_tables, model, scenarios
from .params import load_params, load_plans, load_scenarios

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

_WIDE = {"description_width": "initial"}


def _fit() -> widgets.Layout:
    """A button as wide as its label (the default 148 px cut "Remove last phase" short)."""
    return widgets.Layout(width="auto")


#: The value of a Dropdown's "all" / "not chosen" entry (None would show a blank Dropdown).
ALL = ""
_HOLDS_COLOUR, _BROKEN_COLOUR = "#0072B2", "#B84A00"  # Okabe-Ito blue; darkened vermillion


# --------------------------------------------------------------------------- rendering


def html_table(frame: pd.DataFrame, caption: str,
               formats: Mapping[str, Callable[[Any], str]] | None = None,
               headers: Mapping[str, str] | None = None) -> str:
    """An accessible HTML table (see ``html_tables``): the first column heads each row.

    ``headers`` renames columns for display. Text is left-aligned, numbers right
    with fixed decimals, booleans yes/no, every cell escaped. Deterministic, so a
    stored notebook output never drifts.
    """
    return html_tables.frame_table(frame, caption, headers=headers, formats=formats,
                                   row_headers=True)


def _rows_html(columns: Sequence[str], rows: Sequence[Sequence[object]], caption: str,
               empty: str = "No rows match.") -> str:
    return html_tables.rows_table(columns, rows, caption, row_headers=True, empty=empty)


def _status(ok: bool, text: str) -> str:
    """A verdict in words, with an icon and a colour; read out by screen readers."""
    colour, icon = (_HOLDS_COLOUR, "✔") if ok else (_BROKEN_COLOUR, "✖")
    return (f'<p role="status" style="color:{colour};font-weight:bold">'
            f"{icon} {html.escape(text)}</p>")


def _img(png: bytes, alt: str) -> str:
    """A chart as an <img> with alt text, so a screen reader reads the chart's summary."""
    data_uri = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data_uri}" alt="{html.escape(alt)}">'


def _pretty(column: str) -> str:
    """``source_ids`` -> ``Source ids``; names keep their capitals (``Belarus-US``)."""
    text = column.replace("_", " ")
    return text[:1].upper() + text[1:]


def _sentence_list(ids: Sequence[str], sentences: pd.DataFrame, heading: str) -> str:
    if not ids:
        return f"<p>{html.escape(heading)}: no sentence cited.</p>"
    items = []
    for sid in ids:
        if sid in sentences.index:
            row = sentences.loc[sid]
            items.append(f"<li><strong>{sid}</strong> <em>({html.escape(str(row['section']))}, "
                         f"{html.escape(str(row['kind']))})</em> {html.escape(str(row['text']))}"
                         "</li>")
        else:
            items.append(f"<li><strong>{html.escape(sid)}</strong> (background: not from the "
                         "article)</li>")
    return f"<p>{html.escape(heading)}:</p><ul>{''.join(items)}</ul>"


# --------------------------------------------------------------------------- table explorer


class TableExplorer(widgets.VBox):
    """Filter, sort and trace a table back to the sentences it cites.

    Controls: ``filters`` (column -> SelectMultiple; nothing selected = all),
    ``sort_by``, ``order``, ``form`` (partner table only: long or the article's
    wide form) and ``row`` (whose cited sentences ``sources_html`` shows).
    Results: ``table`` (the filtered, sorted DataFrame), ``cited_ids``.
    """

    def __init__(self, frame: pd.DataFrame, caption: str, filter_columns: Sequence[str],
                 id_columns: Sequence[str], wide: Callable[[pd.DataFrame], pd.DataFrame] | None):
        self.source = frame.reset_index(drop=True)
        self.caption, self.id_columns, self._wide = caption, tuple(id_columns), wide
        self._sentences = data.load_sentences().set_index("id")
        self.filters = {c: widgets.SelectMultiple(
            options=[str(v) for v in model.distinct_values(self.source[c])], value=(),
            description=_pretty(c), rows=min(4, self.source[c].nunique()), style=_WIDE)
            for c in filter_columns}
        shown = [c for c in self.source.columns if c not in self.id_columns]
        self.sort_by = widgets.Dropdown(options=[("article order", ALL)] +
                                        [(_pretty(c), c) for c in shown],
                                        value=ALL, description="Sort by")
        self.order = widgets.ToggleButtons(options=["ascending", "descending"],
                                           description="Order", style=_WIDE)
        self.form = widgets.ToggleButtons(options=["long form", "article's wide form"],
                                          description="Layout", style=_WIDE)
        self.row = widgets.Dropdown(description="Show sources of", style=_WIDE,
                                    layout=widgets.Layout(width="max-content"))
        self.html, self.sources_html = widgets.HTML(), widgets.HTML()
        self.table, self.cited_ids = self.source, []
        hint = widgets.HTML("<small>Select nothing in a filter to show every row; Ctrl- or "
                            "Shift-click (or Shift with the arrow keys) selects several.</small>")
        controls = [widgets.HBox(list(self.filters.values())), hint,
                    widgets.HBox([self.sort_by, self.order])]
        if wide is not None:
            controls.append(self.form)
        super().__init__(controls + [self.html, self.row, self.sources_html, a11y.page_fixes()])
        for control in [*self.filters.values(), self.sort_by, self.order, self.form]:
            control.observe(self._update, names="value")
        self.row.observe(self._show_sources, names="value")
        self._update()

    def _labels(self, frame: pd.DataFrame) -> list[tuple[str, int]]:
        keys = [c for c in frame.columns if c not in self.id_columns][:2]
        return [(" – ".join(str(frame.at[i, k]) for k in keys)[:70], int(i))
                for i in frame.index]

    def _update(self, change: object = None) -> None:
        chosen = {c: w.value for c, w in self.filters.items()}
        long = model.sort_rows(model.filter_rows(self.source, chosen),
                               self.sort_by.value or None, self.order.value == "descending")
        wide = self._wide is not None and self.form.value != "long form"
        self.table = self._wide(long) if wide else long
        shown_as = "; shown in the article's wide form" if wide else ""
        caption = f"{self.caption} ({len(long)} of {len(self.source)} rows{shown_as})"
        visible = self.table.drop(columns=[c for c in self.id_columns if c in self.table])
        self.html.value = html_table(visible, caption)
        options = self._labels(long)
        keep = self.row.value if self.row.value in long.index else None
        self.row.unobserve(self._show_sources, names="value")
        self.row.options = options
        self.row.value = keep if keep is not None else (options[0][1] if options else None)
        self.row.observe(self._show_sources, names="value")
        self._show_sources()

    def _show_sources(self, change: object = None) -> None:
        index = self.row.value
        if index is None:
            self.cited_ids = []
            self.sources_html.value = "<p>No rows match the filters, so no sources to show.</p>"
            return
        record = self.source.loc[index]
        self.cited_ids = [i for c in self.id_columns for i in data.split_ids(record[c])]
        self.cited_ids = list(dict.fromkeys(self.cited_ids))
        label = dict((v, k) for k, v in self.row.options)[index]
        self.sources_html.value = _sentence_list(self.cited_ids, self._sentences,
                                                 f"Sentences cited by “{label}”")


def table_explorer(name: str) -> TableExplorer:
    """Explore one of the article's tables: filter, sort, and reveal each row's sources.

    Example::

        ex = table_explorer("partner_ties")
        ex.filters["partner"].value = ("United States",)
        ex.table            # the filtered DataFrame
        ex.form.value = "article's wide form"   # Aspect / Belarus-Russia / Belarus-US
    """
    if name not in data.list_tables():
        raise ValueError(f"no table called {name!r}; expected one of: "
                         f"{', '.join(data.list_tables())}")
    frame = data.load_table(name)
    schema = data.TABLES[name]
    columns = [c.name for c in schema.columns if c.kind == "category"]
    if not columns:  # a plain list: filter on its short columns
        columns = [c for c in frame.columns if c not in schema.sources
                   and frame[c].astype(str).str.len().max() <= 40]
    wide = model.pivot_partners if name == "partner_ties" else None
    return TableExplorer(frame, schema.description, columns, schema.sources, wide)


def glossary_table() -> TableExplorer:
    """The glossary, filterable by where each definition comes from (article or background).

    Example: ``g = glossary_table(); g.filters["origin"].value = ("background",)``.
    """
    frame = data.load_glossary()
    frame.insert(2, "origin", ["background" if s == "background" else "article"
                               for s in frame["source"]])
    return TableExplorer(frame, "Glossary: terms, definitions and where each comes from",
                         ["origin"], ["source", "mentioned_in"], None)


# --------------------------------------------------------------------------- weights panel


class WeightsPanel(widgets.VBox):
    """Sliders weigh the three priorities; the scorecard re-ranks the options.

    Controls: ``sliders`` (criterion label -> slider). Results: ``weights``
    (normalised), ``table`` (the ranked scorecard), ``answer`` (option labels,
    top first), ``sensitivity_table``, ``chart_data`` (option, score), ``summary``.
    """

    def __init__(self, params: model.ModelParams, weights: Mapping[str, float] | None = None):
        from . import plots

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
        super().__init__([*self.sliders.values(), self.weights_html, self.html,
                          widgets.HBox([self.chart, self.summary_html]), self.sensitivity_html,
                          a11y.page_fixes()])  # names the slider knobs, shows focus
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
        self.weights_html.value = _rows_html(
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
        self.chart.value = _img(self.chart_png, self.summary)
        sens = self.sensitivity_table
        moves = ["—" if math.isnan(to) else f"{'raise' if dv >= 0 else 'lower'} it past {to:.2f}"
                 for to, dv in zip(sens["new_weight"], sens["change"], strict=True)]
        self.sensitivity_html.value = _rows_html(
            ["Priority", "Weight now", "Smallest move that changes the top", "New top option"],
            list(zip(sens["criterion"], sens["weight"], moves, sens["new_top"], strict=True)),
            "Sensitivity: moving one weight (the others keep their proportions)")

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
        self.weights_html.value = _status(False, f"{message[0].upper()}{message[1:]}.")
        self.html.value = self.sensitivity_html.value = ""
        self.summary_html.value = f"<p>{html.escape(self.summary)}</p>"
        self.chart_png = self._chart.render(None)
        self.chart.value = _img(self.chart_png, self.summary)


def _weight(name: object, value: object) -> float:
    """A slider weight: a finite number, 0 or more (text, NaN, -1 get one clear sentence)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"the weight of {name!r} is {value!r}; expected a number such as 5")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"the weight of {name!r} is {value}; expected a number from 0 up")
    return value


def weights_panel(weights: Mapping[str, float] | None = None) -> WeightsPanel:
    """Weigh the article's three priorities (S21-S23) and watch the options re-rank.

    Example::

        panel = weights_panel()
        panel.sliders["Economic diversification"].value = 10
        panel.answer        # option labels, top first
        panel.table         # rank, option, one rating column per priority, score
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
    return WeightsPanel(params, weights)


# --------------------------------------------------------------------------- deal planner


_PLAN_HEADERS = {**model.INDICATOR_LABELS, "phase": "Phase", "steps": "Steps",
                 "shock": "Shock (extra mistrust)", "constraint_ok": "Constraint holds"}


class DealPlanner(widgets.VBox):
    """Plan a deal in phases and watch the illustrative indicators and the constraint.

    Controls: ``phases`` (one SelectMultiple of steps per phase), ``add_button``,
    ``remove_button``, ``constraint`` (which limit binds: mistrust in Moscow, or a floor
    on trust in Washington or on autonomy). Results: ``answer`` (step ids per phase), ``table``
    (``model.simulate_plan``), ``holds``, ``message``, ``chart_data``, ``summary``.
    """

    def __init__(self, params: model.ModelParams, plan: Sequence[Sequence[str]] | None = None):
        from . import plots

        self.params = params
        start = model.check_plan(plan if plan is not None else [[]], params)
        # Every phase selector is built once; adding a phase only shows the next one.
        self._pool = [widgets.SelectMultiple(
            options=[(s.label, s.id) for s in params.steps.values()], value=(),
            description=f"Phase {n}", rows=len(params.steps),
            layout=widgets.Layout(width="330px")) for n in range(1, params.max_phases + 1)]
        for select, steps in zip(self._pool, start, strict=False):
            select.value = tuple(steps)
        self.phases: list[widgets.SelectMultiple] = self._pool[:len(start)]
        self.phase_box = widgets.HBox(self.phases, layout=widgets.Layout(flex_flow="row wrap"))
        self.add_button = widgets.Button(description="Add phase", icon="plus", layout=_fit(),
                                         tooltip="Add an empty phase at the end")
        self.remove_button = widgets.Button(description="Remove last phase", icon="minus",
                                            layout=_fit(),
                                            tooltip="Remove the last phase")
        self.constraint = _constraint_dropdown(params)
        self.status, self.html = widgets.HTML(), widgets.HTML()
        self.summary_html, self.chart, self.chart_png = widgets.HTML(), widgets.HTML(), b""
        self._chart = plots.TrajectoryChart(params.max_phases, params.threshold)
        self._summary = plots.trajectory_summary
        legend = html_table(pd.DataFrame(
            {"Step id": list(params.steps), "Step": [s.label for s in params.steps.values()],
             "Source": ["; ".join(s.source_ids) for s in params.steps.values()]}),
            "Steps you can place in a phase (their effects: illustrative classroom assumptions)")
        super().__init__([widgets.HTML(legend), self.phase_box,
                          widgets.HBox([self.add_button, self.remove_button]), self.constraint,
                          self.status, self.html, widgets.HBox([self.chart, self.summary_html]),
                          a11y.page_fixes()])
        self.constraint.observe(self._update, names="value")
        self.add_button.on_click(self._add)
        self.remove_button.on_click(self._remove)
        for select in self._pool:
            select.observe(self._changed, names="value")
        self._update()

    def _changed(self, change: Any) -> None:
        """Only a visible phase's change matters (a hidden one is being reset)."""
        if change["owner"] in self.phases:
            self._update()

    def _add(self, button: object = None) -> None:
        if len(self.phases) < self.params.max_phases:
            self.phases = self._pool[:len(self.phases) + 1]
            self.phase_box.children = tuple(self.phases)
            self._update()

    def _remove(self, button: object = None) -> None:
        if len(self.phases) > 1:
            gone = self.phases[-1]
            self.phases = self.phases[:-1]
            gone.value = ()  # so that adding the phase again starts empty
            self.phase_box.children = tuple(self.phases)
            self._update()

    def set_plan(self, plan: Sequence[Sequence[str]]) -> None:
        """Show a whole plan (a list of phases of step ids) in the selectors."""
        phases = model.check_plan(plan, self.params)
        for select in self._pool:
            select.unobserve(self._changed, names="value")
        for n, select in enumerate(self._pool):
            select.value = tuple(phases[n]) if n < len(phases) else ()
        for select in self._pool:
            select.observe(self._changed, names="value")
        self.phases = self._pool[:len(phases)]
        self.phase_box.children = tuple(self.phases)
        self._update()

    def _update(self, change: object = None) -> None:
        self.answer = model.check_plan([list(p.value) for p in self.phases], self.params)
        rule = model.constraints(self.params)[self.constraint.value]
        self.table = model.simulate_plan(self.answer, self.params, rule.key)
        self.holds = model.first_breach(self.table) is None
        self.message = model.constraint_message(self.table, rule)
        self.chart_data = self.table[["phase", *model.INDICATORS]]
        self.summary = self._summary(self.table, self.params.threshold)
        self.add_button.disabled = len(self.phases) >= self.params.max_phases
        self.remove_button.disabled = len(self.phases) <= 1
        self.status.value = _status(self.holds, self.message)
        self.html.value = html_table(
            self.table, "Illustrative indicators after each phase (model assumptions, "
            "not a forecast)", headers=_PLAN_HEADERS)
        self.summary_html.value = f"<p>{html.escape(self.summary)}</p>"
        self.chart_png = self._chart.render(self.table)
        self.chart.value = _img(self.chart_png, self.summary)


def _constraint_dropdown(params: model.ModelParams) -> widgets.Dropdown:
    """Which limit the plan must keep: the article names only Russia's side (S01, S06)."""
    options = [(f"{rule.label} (the Russia constraint)" if key == "mistrust" else rule.label,
                key) for key, rule in model.constraints(params).items()]
    return widgets.Dropdown(options=options, value="mistrust", description="Constraint",
                            style=_WIDE, layout=widgets.Layout(width="auto"))


def deal_planner(plan: Sequence[Sequence[str]] | None = None) -> DealPlanner:
    """Plan a phased deal from the experts' recommendations (S33-S38) and test the constraint.

    Example::

        planner = deal_planner()
        planner.phases[0].value = ("invest", "safeguards")
        planner.add_button.click()
        planner.answer      # [['invest', 'safeguards'], []]
        planner.message     # "Constraint holds at every phase (...)"
    """
    return DealPlanner(load_params(), plan)


# --------------------------------------------------------------------------- sentences


class SentenceExplorer(widgets.VBox):
    """Find sentences by section, kind, actor and a plain-text search.

    Controls: ``section``, ``kind``, ``actor`` (Dropdowns; ``ALL`` ("") = all) and
    ``search`` (Text; case-insensitive substring). Results: ``table``, ``answer``
    (the matching sentence ids).
    """

    def __init__(self) -> None:
        self.sentences = data.load_sentences()
        sections = data.load_sections().sort_values("order")
        self.section = widgets.Dropdown(
            options=[("all sections", ALL)] + [(f"{r.order}. {r.id}", r.id)
                                               for r in sections.itertuples()],
            value=ALL, description="Section")
        self.kind = widgets.Dropdown(options=[("all kinds", ALL)] + [(k, k) for k in data.KINDS],
                                     value=ALL, description="Kind")
        self.actor = widgets.Dropdown(
            options=[("all actors", ALL)] + [(a, a) for a in data.load_actors()["name"]],
            value=ALL, description="Actor")
        self.search = widgets.Text(value="", description="Search",
                                   placeholder="words to find, e.g. Russia")
        self.count, self.html = widgets.HTML(), widgets.HTML()
        super().__init__([widgets.HBox([self.section, self.kind, self.actor]), self.search,
                          self.count, self.html, a11y.page_fixes()])
        for control in (self.section, self.kind, self.actor, self.search):
            control.observe(self._update, names="value")
        self._update()

    def _update(self, change: object = None) -> None:
        found = model.filter_sentences(self.sentences, sections=self.section.value or None,
                                       kinds=self.kind.value or None,
                                       actor=self.actor.value or None, text=self.search.value)
        self.table = found[["id", "section", "kind", "text", "attributed_to"]]
        self.answer = [str(i) for i in found["id"]]
        self.count.value = (f'<p role="status">{len(found)} of {len(self.sentences)} '
                            "sentences match.</p>")
        table = html_table(self.table, "Sentences of the article that match",
                           headers={c: _pretty(c) for c in self.table.columns})
        # No scroll box of its own: the notebook scrolls, a box inside it hid rows.
        self.html.value = f'<div role="region" aria-label="Matching sentences">{table}</div>'


def sentence_explorer() -> SentenceExplorer:
    """Explore the article sentence by sentence.

    Example::

        ex = sentence_explorer()
        ex.kind.value = "recommendation"
        ex.search.value = "trust"
        ex.answer           # ['S30']
    """
    return SentenceExplorer()


# --------------------------------------------------------------------------- classification


class ClassificationGrid(widgets.VBox):
    """One Dropdown per item; ``answer`` maps each answered item to its category.

    Controls: ``dropdowns`` (item -> Dropdown; ``ALL`` ("") = not answered yet).
    Results: ``answer`` (unanswered items absent), ``table`` (item, category or None).
    """

    def __init__(self, items: Sequence[str], categories: Sequence[str]):
        self.dropdowns = {item: widgets.Dropdown(
            options=[("— choose —", ALL)] + [(c, c) for c in categories], value=ALL,
            description=item, style=_WIDE, layout=widgets.Layout(width="max-content"))
            for item in items}
        self.status = widgets.HTML()
        super().__init__([*self.dropdowns.values(), self.status])
        for dropdown in self.dropdowns.values():
            dropdown.observe(self._update, names="value")
        self._update()

    def _update(self, change: object = None) -> None:
        chosen = {item: d.value or None for item, d in self.dropdowns.items()}
        self.answer = {item: c for item, c in chosen.items() if c is not None}
        self.table = pd.DataFrame({"item": list(chosen), "category": list(chosen.values())},
                                  dtype=object)  # keeps None for "not answered"
        self.status.value = (f'<p role="status">{len(self.answer)} of {len(chosen)} '
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


# --------------------------------------------------------------------------- what-if


class WhatIfTable(widgets.VBox):
    """One plan under every scenario: which conclusions survive other assumptions?

    Controls: ``plan`` (Dropdown of named plans), ``constraint`` (which limit binds).
    Results: ``table`` (one row per scenario), ``answer`` (names of the scenarios under
    which the constraint holds).
    """

    def __init__(self, params: model.ModelParams, plans: Mapping[str, list[list[str]]],
                 scenario_table: pd.DataFrame):
        self._scenarios = scenario_table
        self.params, self.plans = params, dict(plans)
        self.plan = widgets.Dropdown(options=list(self.plans), description="Plan", style=_WIDE)
        self.constraint = _constraint_dropdown(params)
        self.steps_html, self.html = widgets.HTML(), widgets.HTML()
        self.legend = widgets.HTML(html_table(
            scenario_table[["name", "description", "mistrust_scale", "trust_scale",
                            "gain_scale", *scenarios.REASSURANCE, "threshold"]],
            "Scenarios: what each one changes (illustrative classroom assumptions)",
            headers={c: _pretty(c) for c in scenario_table.columns}))
        super().__init__([self.plan, self.constraint, self.steps_html, self.html, self.legend,
                          a11y.page_fixes()])
        self.plan.observe(self._update, names="value")
        self.constraint.observe(self._update, names="value")
        self._update()

    def _update(self, change: object = None) -> None:
        plan = self.plans[self.plan.value]
        self.table = scenarios.what_if(plan, self.params, self._scenarios, self.constraint.value)
        self.answer = scenarios.scenarios_that_hold(self.table)
        self.steps_html.value = (f"<p>Phases: <code>{html.escape(scenarios.format_plan(plan))}"
                                 "</code>. "
                                 f"The constraint holds under {len(self.answer)} of "
                                 f"{len(self.table)} scenarios.</p>")
        self.html.value = html_table(self.table, f"What if? The plan '{self.plan.value}' "
                                     "under each scenario", headers={"scenario": "Scenario"})


def what_if_table() -> WhatIfTable:
    """Run a named plan (model/plans.csv) under every scenario (model/scenarios.csv).

    Example::

        what_if = what_if_table()
        what_if.plan.value = "All at once"
        what_if.answer      # scenarios under which the constraint holds: []
    """
    return WhatIfTable(load_params(), load_plans(), load_scenarios())


# --------------------------------------------------------------------------- brief builder


#: Code columns of the model's tables -> the column that shows each code with its name.
_CODE_COLUMNS = {"option_id": "option", "criterion_id": "priority"}


def with_names(frame: pd.DataFrame) -> pd.DataFrame:
    """Codes shown with their names beside them ("O1 Phased deal with safeguards").

    A bare O1 or P2 sends the reader to another table; the names come from
    lessons_data (model/options.csv, priorities.csv), never typed here.
    """
    present = [c for c in _CODE_COLUMNS if c in frame.columns]
    if not present:
        return frame
    params = load_params()
    names = {"option_id": {o.id: o.label for o in params.options},
             "criterion_id": {c.id: c.label for c in params.criteria}}
    out = frame.copy()
    for column in present:
        out[column] = [f"{v} {names[column][v]}" if v in names[column] else v
                       for v in out[column]]
    return out.rename(columns={c: _CODE_COLUMNS[c] for c in present})


class Table:
    """A static table shown whole (no truncated cells, no index column), with a caption.

    Renders as accessible HTML in JupyterLab and as plain text elsewhere; codes
    of the model (O1, P2) carry their names.
    """

    def __init__(self, frame: pd.DataFrame, caption: str):
        self.frame, self.caption = with_names(frame.reset_index(drop=True)), caption

    def _repr_html_(self) -> str:
        return html_table(self.frame, self.caption, headers={c: _pretty(c) for c in self.frame})

    def __repr__(self) -> str:
        return f"{self.caption}\n{self.frame.to_string(index=False)}"


def show_table(frame: pd.DataFrame, caption: str) -> Table:
    """Show a DataFrame in full with a caption, e.g. ``show_table(data.load_table(...), "...")``."""
    if not isinstance(frame, pd.DataFrame) or not isinstance(caption, str):
        raise TypeError(f"show_table takes a DataFrame and a caption text; got "
                        f"{type(frame).__name__} and {type(caption).__name__}")
    return Table(frame, caption)

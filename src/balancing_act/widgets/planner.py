"""The phased-deal planner and the what-if table: plans run through the simulation."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as widgets
import pandas as pd
from ipywidgets.widgets.widget_selection import findvalue
from traitlets import TraitError, validate

from balancing_act import model
from balancing_act.data.model_inputs import load_params, load_plans, load_scenarios
from balancing_act.model import scenarios
from balancing_act.widgets.common import WIDE, fit_layout, html_table, img_html, pretty, status_html
from balancing_act.widgets.page_fixes import page_fixes

#: How to pick several steps in a list: nothing on screen says so otherwise.
HOW_TO_PICK = ("Click a step to put it in a phase. To put two or more steps in one phase, "
               "hold Ctrl (Cmd on a Mac) while you click each one; Ctrl+click a picked step "
               "to take it out again.")
EMPTY_PLAN = "No steps yet: pick a step for phase 1, and the model tests the constraint."

_PLAN_HEADERS = {**model.INDICATOR_LABELS, "phase": "Phase", "steps": "Steps",
                 "shock": "Shock (extra concern in Moscow)", "constraint_ok": "Constraint holds"}


class DealPlanner(widgets.VBox):
    """Plan a deal in phases and watch the illustrative indicators and the constraint.

    Controls: ``phases`` (one SelectMultiple of steps per phase), ``add_button``,
    ``remove_button``, ``constraint`` (which limit binds: a ceiling on concern in Moscow
    or in Washington, or a floor on autonomy). Results: ``answer`` (step ids per phase), ``table``
    (``model.simulate_plan``), ``holds``, ``message``, ``chart_data``, ``summary``.
    """

    def __init__(self, params: model.ModelParams, plan: Sequence[Sequence[str]] | None = None):
        from balancing_act.widgets import charts as plots

        self.params = params
        start = model.check_plan(plan if plan is not None else [[]], params)
        # Every phase selector is built once; adding a phase only shows the next one.
        self._pool = [widgets.SelectMultiple(
            options=[(s.label, s.id) for s in params.steps.values()], value=(),
            description=f"Phase {n}", rows=len(params.steps),
            tooltip=f"Phase {n}: Ctrl+click (Cmd+click on a Mac) to pick more than one step",
            layout=widgets.Layout(width="330px")) for n in range(1, params.max_phases + 1)]
        for select, steps in zip(self._pool, start, strict=False):
            select.value = tuple(steps)
        self.phases: list[widgets.SelectMultiple] = self._pool[:len(start)]
        self.phase_box = widgets.HBox(self.phases, layout=widgets.Layout(flex_flow="row wrap"))
        self.add_button = widgets.Button(description="Add phase", icon="plus", layout=fit_layout(),
                                         tooltip="Add an empty phase at the end")
        self.remove_button = widgets.Button(description="Remove last phase", icon="minus",
                                            layout=fit_layout(),
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
        self.how_to_pick = widgets.HTML(f"<p style='margin:0.3em 0'><strong>How to pick:</strong>"
                                        f" {html.escape(HOW_TO_PICK)}</p>")
        super().__init__([widgets.HTML(legend), self.how_to_pick, self.phase_box,
                          widgets.HBox([self.add_button, self.remove_button]), self.constraint,
                          self.status, self.html, widgets.HBox([self.chart, self.summary_html]),
                          page_fixes()])
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
        empty = not any(self.answer)
        self.message = EMPTY_PLAN if empty else model.constraint_message(self.table, rule)
        self.chart_data = self.table[["phase", *model.INDICATORS]]
        self.summary = self._summary(self.table, rule)
        self.add_button.disabled = len(self.phases) >= self.params.max_phases
        self.remove_button.disabled = len(self.phases) <= 1
        self.status.value = (f"<p role='status' style='font-weight:bold'>○ {EMPTY_PLAN}</p>"
                             if empty else status_html(self.holds, self.message))
        self.html.value = html_table(
            self.table, "Illustrative indicators after each phase (model assumptions, "
            "not a forecast)", headers=_PLAN_HEADERS)
        self.summary_html.value = f"<p>{html.escape(self.summary)}</p>"
        self.chart_png = self._chart.render(self.table, rule.indicator)
        self.chart.value = img_html(self.chart_png, self.summary)


class ConstraintDropdown(widgets.Dropdown):
    """The constraint's dropdown, which also takes the keys a released lesson set before
    issue 23 ('mistrust', 'trust'): a learner's own copy of lesson 05 keeps working."""

    @validate("value")
    def _validate_value(self, proposal: Any) -> Any:
        value = model.constraint_key(proposal.value)
        try:
            return findvalue(self._options_values, value, self.equals) if value is not None \
                else None
        except ValueError:
            raise TraitError(f"there is no constraint {value!r}; expected one of "
                             f"{', '.join(map(repr, self._options_values))}") from None


def _constraint_dropdown(params: model.ModelParams) -> widgets.Dropdown:
    """Which limit the plan must keep: the article names only Russia's side (S01, S06)."""
    options = [(f"{rule.label} (the Russia constraint)" if key == "concern_moscow"
                else f"{rule.label} (the course's choice)", key)
               for key, rule in model.constraints(params).items()]
    return ConstraintDropdown(options=options, value="concern_moscow", description="Constraint",
                            style=WIDE, layout=widgets.Layout(width="auto"))


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


class WhatIfTable(widgets.VBox):
    """One plan under every scenario: which conclusions survive other assumptions?

    Controls: ``plan`` (Dropdown of named plans), ``constraint`` (which limit binds).
    Results: ``table`` (one row per scenario), ``answer`` (names of the scenarios under
    which the constraint holds).
    """

    #: How an answer form bound to this widget names it to the learner.
    display_name = "what-if table"

    def __init__(self, params: model.ModelParams, plans: Mapping[str, list[list[str]]],
                 scenario_table: pd.DataFrame):
        self._scenarios = scenario_table
        self.params, self.plans = params, dict(plans)
        self.plan = widgets.Dropdown(options=list(self.plans), description="Plan", style=WIDE)
        self.constraint = _constraint_dropdown(params)
        self.steps_html, self.html = widgets.HTML(), widgets.HTML()
        self.legend = widgets.HTML(html_table(
            scenario_table[["name", "description", *scenarios.SCALES,
                            *scenarios.REASSURANCE, "threshold"]],
            "Scenarios: what each one changes (illustrative classroom assumptions)",
            headers={**{c: pretty(c) for c in scenario_table.columns},
                     "threshold": "Ceiling on concern in Moscow"}))
        super().__init__([self.plan, self.constraint, self.steps_html, self.html, self.legend,
                          page_fixes()])
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

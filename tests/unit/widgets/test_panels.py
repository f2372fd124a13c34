"""Every widget driven through its controls, as a learner would: set ``.value``, ``.click()``.

Each test checks what a learner would notice: the table, the chart, the answer
an exercise reads, and the HTML on screen all follow the control.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys

import ipywidgets
import pytest

from balancing_act import model
from balancing_act import widgets as w
from balancing_act.data import loaders as data
from tests.support import html_cells
from tests.support.model_labels import O1, O2, O3, O4, P1, P2, P3


def controls(widget: ipywidgets.Widget) -> list[ipywidgets.Widget]:
    """Every interactive control inside a widget tree."""
    found = []
    if isinstance(widget, ipywidgets.ValueWidget | ipywidgets.Button) and not isinstance(
            widget, ipywidgets.HTML | ipywidgets.Image | ipywidgets.Label):
        found.append(widget)
    for child in getattr(widget, "children", ()):
        found += controls(child)
    return found


def is_png(blob: bytes | memoryview) -> bool:
    blob = bytes(blob)
    return blob.startswith(b"\x89PNG\r\n\x1a\n") and len(blob) > 1000


def rows_of(html_value: str) -> int:
    return len(re.findall(r"<tr>", html_value)) - 1  # minus the header row


# --------------------------------------------------------------------------- common


@pytest.mark.parametrize("build", [
    lambda: w.table_explorer("partner_ties"), w.glossary_table, w.weights_panel, w.deal_planner,
    w.sentence_explorer, lambda: w.classification_grid(["S02", "S29"], ["report", "other"]),
])
def test_every_control_is_labelled_and_every_table_is_accessible(build):
    widget = build()
    assert isinstance(widget, ipywidgets.VBox)
    for control in controls(widget):
        assert control.description.strip(), f"{type(control).__name__} has no description"
        if isinstance(control, ipywidgets.Dropdown) and control.options:
            assert control.index is not None, f"{control.description} would show blank"
    tables = [c.value for c in _all(widget) if isinstance(c, ipywidgets.HTML)
              and "<table" in c.value]
    assert tables or isinstance(widget, w.ClassificationGrid)
    for table in (t for value in tables for t in html_cells.tables(value)):
        assert table.caption.strip() and table.head
        assert all(c.attrs.get("scope") == "col" for c in table.head)


def _all(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all(child)


@pytest.mark.parametrize("build", [w.weights_panel, w.deal_planner, w.sentence_explorer,
                                   lambda: w.table_explorer("partner_ties")])
def test_first_rendering_is_deterministic(build):
    one, two = build(), build()
    html_one = [c.value for c in _all(one) if isinstance(c, ipywidgets.HTML)]
    html_two = [c.value for c in _all(two) if isinstance(c, ipywidgets.HTML)]
    assert html_one == html_two


def test_importing_widgets_does_not_import_matplotlib():
    code = "import sys, balancing_act.widgets; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_html_table_escapes_cells():
    import pandas as pd

    html_value = w.html_table(pd.DataFrame({"a": ["<b>x</b>"], "b": [True]}), "A & B")
    assert "&lt;b&gt;x&lt;/b&gt;" in html_value and "<b>" not in html_value
    (table,) = html_cells.tables(html_value)
    assert table.caption == "A & B"
    first, second = table.rows[0]
    assert (first.tag, first.attrs["scope"], first.text) == ("th", "row", "<b>x</b>")
    assert second.text == "yes"


# --------------------------------------------------------------------------- table explorer


def test_partner_explorer_filters_sorts_and_pivots():
    ex = w.table_explorer("partner_ties")
    assert len(ex.table) == 6 and rows_of(ex.html.value) == 6
    ex.filters["partner"].value = ("United States",)
    assert list(ex.table["partner"]) == ["United States"] * 3
    assert "Potential Trade Agreements" in ex.html.value
    assert "Energy Supplies" not in ex.html.value
    assert "3 of 6 rows" in ex.html.value
    ex.filters["partner"].value = ()
    ex.sort_by.value = "status"
    ex.order.value = "descending"
    assert list(ex.table["status"]) == ["prospective"] * 3 + ["established"] * 3
    ex.form.value = "article's wide form"
    assert list(ex.table.columns) == ["Aspect", "Belarus-Russia", "Belarus-US"]
    assert ">Belarus-US</th>" in ex.html.value
    assert "shown in the article's wide form" in html.unescape(ex.html.value)
    ex.form.value = "long form"
    assert "partner" in ex.table.columns


def test_partner_explorer_reveals_the_cited_sentences():
    ex = w.table_explorer("partner_ties")
    sentences = data.load_sentences().set_index("id")
    ex.filters["partner"].value = ("United States",)
    second = ex.row.options[1][1]  # Security - United States
    ex.row.value = second
    assert ex.cited_ids == ["S14", "S05"]
    assert sentences.loc["S05", "text"].split(",")[0] in ex.sources_html.value
    assert "Security – United States" in ex.sources_html.value
    ex.filters["status"].value = ("established",)  # no US row is established
    assert ex.table.empty and ex.row.value is None and ex.cited_ids == []
    assert "No rows match" in ex.sources_html.value and "No rows match" in ex.html.value


def test_the_selected_row_survives_a_filter_that_keeps_it():
    ex = w.table_explorer("partner_ties")
    ex.row.value = 3  # Security - United States
    ex.filters["aspect"].value = ("Security",)
    assert ex.row.value == 3
    assert ex.cited_ids == ["S14", "S05"]


@pytest.mark.parametrize("name", data.list_tables())
def test_every_article_table_can_be_explored(name):
    ex = w.table_explorer(name)
    frame = data.load_table(name)
    assert len(ex.table) == len(frame)
    column, control = next(iter(ex.filters.items()))
    first = control.options[0]
    control.value = (first,)
    assert len(ex.table) == (frame[column].astype(str) == first).sum()
    assert ex.cited_ids and all(re.fullmatch(r"S\d{2}", i) for i in ex.cited_ids)
    assert f"<strong>{ex.cited_ids[0]}</strong>" in ex.sources_html.value


def test_unknown_table_name_lists_the_names():
    with pytest.raises(ValueError, match="expected one of: key_aspects, partner_ties"):
        w.table_explorer("partners")


def test_glossary_filters_on_origin_and_marks_background():
    g = w.glossary_table()
    g.filters["origin"].value = ("background",)
    assert set(g.table["source"]) == {"background"} and "EAEU" in list(g.table["term"])
    g.row.value = g.row.options[0][1]
    g.filters["origin"].value = ("article",)
    assert set(g.table["origin"]) == {"article"}
    assert all(i.startswith("S") for i in g.cited_ids)


# --------------------------------------------------------------------------- weights panel


def test_weights_panel_starts_from_the_csv_weights():
    panel = w.weights_panel()
    assert {c: s.value for c, s in panel.sliders.items()} == {P1: 5, P2: 5, P3: 5}
    # equal weights: O1 (6+7+7)/3 = 6.67, O4 6.00, O2 5.33, O3 4.67
    assert panel.answer == [O1, O4, O2, O3]
    assert panel.weights == pytest.approx({P1: 1 / 3, P2: 1 / 3, P3: 1 / 3})
    assert "5 / 15 = 0.33" in panel.weights_html.value
    assert "6.67" in panel.html.value
    assert panel.summary == (f"Top option: {O1} (score 6.67); lowest: {O3} (score 4.67).")
    assert html.escape(panel.summary) in panel.summary_html.value
    assert is_png(panel.chart_png)


def test_moving_a_slider_reranks_table_chart_and_answer():
    panel = w.weights_panel()
    before_png, before_html = panel.chart_png, panel.html.value
    panel.sliders[P1].value = 10
    # 10, 5, 5 -> 0.5, 0.25, 0.25: O1 6.50, O2 6.25, O4 5.50, O3 4.00
    assert panel.answer == [O1, O2, O4, O3]
    assert panel.table["score"].tolist() == pytest.approx([6.5, 6.25, 5.5, 4.0])
    assert panel.chart_data.set_index("option")["score"].to_dict() == pytest.approx(
        {O1: 6.5, O2: 6.25, O3: 4.0, O4: 5.5})
    assert list(panel.chart_data["option"]) == [O1, O2, O3, O4]  # fixed order, bars do not jump
    assert panel.chart_png != before_png and panel.html.value != before_html
    assert f'alt="{html.escape(panel.summary)}"' in panel.chart.value
    assert "6.25" in panel.html.value and "10 / 20 = 0.50" in panel.weights_html.value
    panel.sliders[P1].value = 5
    assert panel.chart_png == before_png and panel.answer == [O1, O4, O2, O3]  # back again
    panel.sliders[P1].value = 10
    panel.sliders[P2].value = 0
    panel.sliders[P3].value = 0
    assert panel.answer[0] == O2  # economic diversification alone: O2 rates 9
    assert panel.summary.startswith(f"Top option: {O2} (score 9.00)")


def test_sensitivity_can_wait_below_the_question_it_answers_and_still_follows_the_sliders():
    panel = w.weights_panel(show_sensitivity=False)
    folded = panel.sensitivity_view()
    assert folded.selected_index is None and "Sensitivity" in folded.get_title(0)
    view = folded.children[0]
    full = w.weights_panel()
    assert view not in panel.children and full.sensitivity_html in full.children
    before = view.value
    assert "Rapid comprehensive deal" in before  # the flip 03.4 asks about
    panel.sliders["Respecting existing alliances"].value = 10
    assert view.value != before and "Sensitivity" in view.value


def test_sensitivity_shown_with_the_panel():
    panel = w.weights_panel()
    sens = panel.sensitivity_table.set_index("criterion")
    assert sens.loc[P1, "new_weight"] == pytest.approx(7 / 13)  # see test_model
    assert "raise it past 0.54" in panel.sensitivity_html.value
    assert "lower it past 0.09" in panel.sensitivity_html.value  # 1/11, see test_model
    assert "none within range" in panel.sensitivity_html.value


def test_all_zero_weights_explain_themselves_then_recover():
    panel = w.weights_panel()
    for slider in panel.sliders.values():
        slider.value = 0
    assert panel.answer == [] and panel.table.empty
    assert "All weights are zero" in panel.weights_html.value
    assert "✖" in panel.weights_html.value  # a word and an icon, not only a colour
    assert panel.summary.startswith("No scores")
    panel.sliders[P3].value = 3
    assert panel.answer[0] == O1 and "<table" in panel.html.value


def test_weights_panel_accepts_starting_weights_and_rejects_unknown_ones():
    panel = w.weights_panel({P2: 10})
    assert panel.sliders[P2].value == 10 and panel.sliders[P1].value == 5
    with pytest.raises(ValueError, match="no priority called 'Speed'"):
        w.weights_panel({"Speed": 1})


# --------------------------------------------------------------------------- deal planner


def test_planner_starts_with_one_empty_phase():
    planner = w.deal_planner()
    assert planner.answer == [[]]
    assert list(planner.table["phase"]) == [0, 1]
    # an empty plan is not a plan that "holds": the learner is told to pick a step first
    assert planner.message.startswith("No steps yet") and "holds" not in planner.status.value
    assert "hold Ctrl (Cmd on a Mac)" in planner.how_to_pick.value  # two steps in a phase
    planner.phases[0].value = ("invest",)
    assert planner.holds and planner.message.startswith("Constraint holds at every phase")
    assert planner.remove_button.disabled and not planner.add_button.disabled
    assert is_png(planner.chart_png)


def test_choosing_steps_updates_table_chart_status_and_answer():
    planner = w.deal_planner()
    png = planner.chart_png
    planner.phases[0].value = ("big_upfront",)
    assert planner.answer == [["big_upfront"]]
    # 0.20 + 0.30 + shock (0.35 - 0.15) = 0.70 > 0.50
    assert planner.table.loc[1, "concern_moscow"] == pytest.approx(0.70)
    assert not planner.holds
    assert "Constraint broken at phase 1: concern in Moscow 0.70 &gt; 0.50" in (
        planner.status.value)
    assert "✖" in planner.status.value
    assert planner.chart_png != png and planner.chart.value.startswith("<img src=")
    assert planner.chart_data["concern_moscow"].tolist() == pytest.approx([0.2, 0.7])
    assert "concern in Moscow 0.20 to 0.70" in planner.summary
    assert "Constraint broken" in planner.summary
    assert html.escape(planner.summary) in planner.summary_html.value
    planner.phases[0].value = ("safeguards", "invest")
    assert planner.answer == [["invest", "safeguards"]]  # steps.csv order
    assert planner.holds and "✔" in planner.status.value


def test_the_washington_ceiling_is_told_charted_and_summarised_as_its_own():
    planner = w.deal_planner([["safeguards"], ["safeguards"], ["safeguards"]])
    assert planner.holds  # concern in Moscow 0.20 -> 0.00: the Russia constraint holds
    planner.constraint.value = "concern_washington"
    # each safeguard clause adds 0.02 to concern in Washington: 0.80, 0.82, 0.84, 0.86
    assert planner.table["concern_washington"].tolist() == pytest.approx(
        [0.80, 0.82, 0.84, 0.86])
    assert not planner.holds
    expected = "Constraint broken at phase 3: concern in Washington 0.86 > 0.85"
    assert planner.message == expected and expected in planner.summary
    x, y = planner._chart.breaches.get_data()
    assert list(x) == [3] and list(y) == pytest.approx([0.86])  # on Washington's line


def test_add_and_remove_phases():
    planner = w.deal_planner([["invest", "safeguards"]])
    planner.add_button.click()
    assert planner.answer == [["invest", "safeguards"], []]
    assert len(planner.phase_box.children) == 2 and rows_of(planner.html.value) == 3
    planner.phases[1].value = ("invest", "transparency")
    planner.add_button.click()
    planner.phases[2].value = ("invest", "statements", "multilateral")
    assert planner.answer == [["invest", "safeguards"], ["invest", "transparency"],
                              ["invest", "statements", "multilateral"]]
    # by hand (test_model): concern in Moscow 0.20, 0.16, 0.14, 0.11
    assert planner.table["concern_moscow"].tolist() == pytest.approx([0.2, 0.16, 0.14, 0.11])
    planner.remove_button.click()
    assert len(planner.answer) == 2 and len(planner.phase_box.children) == 2
    planner.add_button.click()
    assert planner.answer[2] == []  # a removed phase comes back empty


def test_phase_buttons_stop_at_the_limits():
    params = w.load_params()
    planner = w.deal_planner()
    for _ in range(params.max_phases + 2):
        planner.add_button.click()
    assert len(planner.answer) == params.max_phases and planner.add_button.disabled
    for _ in range(params.max_phases + 2):
        planner.remove_button.click()
    assert len(planner.answer) == 1 and planner.remove_button.disabled


def test_planner_rejects_a_bad_starting_plan():
    with pytest.raises(ValueError, match="unknown step 'bribe'"):
        w.deal_planner([["bribe"]])


# --------------------------------------------------------------------------- sentences


def test_sentence_explorer_filters_and_searches():
    ex = w.sentence_explorer()
    assert len(ex.answer) == 45 and "45 of 45 sentences match" in ex.count.value
    ex.kind.value = "recommendation"
    ex.search.value = "TRUST"
    assert ex.answer == ["S30"] and rows_of(ex.html.value) == 1
    assert "1 of 45" in ex.count.value
    ex.search.value = "["  # would break a regex; here it is just a character
    assert ex.answer == [] and "No rows match" in ex.html.value
    ex.kind.value = w.ALL
    ex.search.value = ""
    ex.actor.value = "Reuters"
    assert ex.answer == ["S02"]
    ex.actor.value = None  # no selection at all also means "all actors"
    ex.section.value = "retrospect"
    assert ex.answer == ["S39", "S40", "S41", "S42"]
    assert list(ex.table.columns) == ["id", "section", "kind", "text", "attributed_to"]


# --------------------------------------------------------------------------- classification


def test_classification_grid_gives_every_label_one_width_so_dropdowns_line_up():
    short = w.classification_grid(["S02", "S29"], ["report", "recommendation"])
    long = w.classification_grid(["A very long item " * 6, "short"], ["yes", "no"])
    for grid in (short, long):
        widths = {d.style.description_width for d in grid.dropdowns.values()}
        assert len(widths) == 1, widths
        assert "ba-grid" in grid._dom_classes and "white-space:normal" in grid.status.value
    assert short.dropdowns["S02"].style.description_width == "4.0em"
    assert long.dropdowns["short"].style.description_width == "26.0em"  # capped: it wraps


def test_classification_grid_answer_follows_the_dropdowns():
    grid = w.classification_grid(["S02", "S29", "S42"], ["report", "recommendation"])
    assert grid.answer == {} and "0 of 3 answered" in grid.status.value
    assert all(d.index == 0 for d in grid.dropdowns.values())  # shows "— choose —"
    grid.dropdowns["S02"].value = "report"
    grid.dropdowns["S29"].value = "recommendation"
    assert grid.answer == {"S02": "report", "S29": "recommendation"}
    assert "2 of 3 answered" in grid.status.value
    grid.dropdowns["S02"].value = w.ALL  # back to "— choose —"
    assert grid.answer == {"S29": "recommendation"}
    assert grid.table.set_index("item")["category"].to_dict() == {
        "S02": None, "S29": "recommendation", "S42": None}


@pytest.mark.parametrize(("items", "categories", "message"), [
    ([], ["a"], "items must be a non-empty list"),
    (["x", "x"], ["a"], "items list 'x' twice"),
    (["x"], "ab", "categories must be a list of strings"),
    (["x"], ["a", ""], "categories must be a non-empty list of non-empty strings"),
])
def test_classification_grid_rejects_bad_lists(items, categories, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        w.classification_grid(items, categories)


def test_load_params_matches_the_model_tables():
    params = w.load_params()
    assert [o.label for o in params.options] == [O1, O2, O3, O4]
    assert [c.label for c in params.criteria] == [P1, P2, P3]
    assert list(params.steps) == list(data.load_model_table("steps")["id"])
    assert isinstance(params, model.ModelParams)


def test_a_released_lessons_constraint_key_still_sets_the_what_if_table():
    """Lesson 05 as released before issue 23 set ``what_if.constraint.value = "trust"``;
    a learner's own copy in my_work/ is never overwritten, so the old key must work."""
    from balancing_act import widgets as w

    table = w.what_if_table()
    table.constraint.value = "trust"
    assert table.constraint.value == "concern_washington"
    table.constraint.value = "mistrust"
    assert table.constraint.value == "concern_moscow"
    with pytest.raises(Exception, match="there is no constraint 'nonsense'"):
        table.constraint.value = "nonsense"

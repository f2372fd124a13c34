"""Tables as a reader sees them: text left, numbers right with fixed decimals, names by codes.

JupyterLab drops ``<style>`` elements inside outputs and right-aligns table
cells itself, so the alignment a reader sees is the one each cell carries
inline; these tests read it off the rendered HTML.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from balancing_act import model, progress
from balancing_act import widgets as w
from balancing_act.class_report import page as class_report_html
from balancing_act.data import loaders as data
from balancing_act.data import model_inputs as params
from balancing_act.delivery import answer_key
from balancing_act.record import views
from balancing_act.support import html_tables
from tests.support import html_cells


def _numbers_right_text_left(table: html_cells.Table, numeric: list[str], text: list[str]):
    for header in numeric:
        cells = table.column(header)
        assert cells and all(c.align == "right" for c in cells), header
    for header in text:
        cells = table.column(header)
        assert cells and all(c.align == "left" for c in cells), header


def test_what_if_table_shows_numbers_right_aligned_with_two_decimals():
    what_if = w.what_if_table()
    what_if.plan.value = "All at once"
    (table,) = html_cells.tables(what_if.html.value)
    assert "All at once" in table.caption
    ceiling = "Ceiling on concern in Moscow"
    _numbers_right_text_left(table, ["Final gain", "Peak concern in Moscow",
                                     "Peak concern in Washington", ceiling],
                             ["Scenario", "Constraint"])
    for cell in table.column("Final gain") + table.column(ceiling):
        assert re.fullmatch(r"-?\d+\.\d\d", cell.text), cell.text
    assert table.column(ceiling)[0].text == "0.50"


def test_scorecard_follows_the_sliders_with_scores_right_aligned():
    panel = w.weights_panel()
    first = next(iter(panel.sliders.values()))
    first.value = 10
    scorecard = html_cells.tables(panel.html.value)[0]
    _numbers_right_text_left(scorecard, ["Rank", "Score"], ["Option"])
    top = panel.table.iloc[0]
    assert scorecard.column("Score")[0].text == f"{top['score']:.2f}"
    assert scorecard.column("Option")[0].text == top["option"]


def test_ratings_show_each_code_with_its_name_from_the_course_data():
    ratings = data.load_model_table("ratings").drop(columns="assumption")
    (table,) = html_cells.tables(w.show_table(ratings, "Ratings")._repr_html_())
    params = w.load_params()
    options = {o.id: o.label for o in params.options}
    priorities = {c.id: c.label for c in params.criteria}
    shown = [(o.text, p.text) for o, p in zip(table.column("Option"), table.column("Priority"),
                                              strict=True)]
    expected = [(f"{o} {options[o]}", f"{p} {priorities[p]}")
                for o, p in zip(ratings["option_id"], ratings["criterion_id"], strict=True)]
    assert shown == expected
    _numbers_right_text_left(table, ["Rating"], ["Option", "Priority", "Rationale"])
    assert all(re.fullmatch(r"\d+", c.text) for c in table.column("Rating")), "whole ratings"


def test_the_ratings_grid_of_lesson_03_is_one_readable_table():
    grid = model.ratings_table(w.load_params()).reset_index()
    (table,) = html_cells.tables(w.show_table(grid, "Ratings")._repr_html_())
    _numbers_right_text_left(table, [c.label for c in w.load_params().criteria], ["Option"])


def test_no_table_cell_breaks_words_or_scrolls_in_a_box_of_its_own():
    explorer = w.sentence_explorer()
    value = explorer.html.value
    assert "break-all" not in value and "overflow:auto" not in value.replace(" ", "")
    assert "max-height" not in value
    (table,) = html_cells.tables(value)
    for cell in [*table.head, *(c for row in table.rows for c in row)]:
        style = cell.attrs["style"].replace(" ", "")
        assert "word-break:normal" in style and "hyphens:none" in style
        assert cell.align in ("left", "right")


def test_answer_key_tables_align_and_never_break_words(tmp_path):
    md, page = answer_key.build_answer_key(tmp_path / "key")
    text = page.read_text(encoding="utf-8")
    assert "break-all" not in text and "word-break: normal" in text
    found = html_cells.tables(text)
    assert found, "the key has answer tables"
    for table in found:
        assert table.caption.startswith(("Answer to exercise", "Crib for Lesson"))
        assert all(c.attrs.get("scope") == "col" for c in table.head)
        assert all(c.align in ("left", "right") for row in table.rows for c in row)
    assert "break-all" not in md.read_text(encoding="utf-8")
    names = params.priority_labels()
    claims = next(t for t in found if "priority" in [c.text for c in t.head])
    for cell in claims.column("priority"):
        code = cell.text.split()[0]
        assert cell.text == f"{code} {names[code]}", "a priority code shows its name"


def test_class_report_counts_are_right_aligned_and_names_left():
    learners = pd.DataFrame({"learner": ["ana", "ben"], "lessons_started": [3, 12],
                             "lessons_finished": [1, 10], "not_started": [False, True]})
    (table,) = html_cells.tables(class_report_html.table_html(learners, "Learners"))
    _numbers_right_text_left(table, ["lessons started", "lessons finished"], ["learner"])
    assert [c.text for c in table.column("attempted nothing")] == ["", "yes"]


def test_progress_table_in_a_notebook_aligns_counts_right():
    from balancing_act import exercises  # noqa: F401 - tells progress the course's size

    progress.record("02.1", "check", "correct")
    view = progress.progress_table()
    (table,) = html_cells.tables(view._repr_html_())
    assert table.caption == view.caption
    shown = view.table.rename(columns=views.LABELS)
    counts = [c for c in shown.columns if pd.api.types.is_integer_dtype(shown[c])]
    assert counts, "the progress table has counts"
    _numbers_right_text_left(table, counts, [c for c in shown.columns if shown[c].dtype == object
                                             or pd.api.types.is_string_dtype(shown[c])])


@pytest.mark.parametrize("value, expected", [("02.1", False), ("03", False), ("7", True),
                                             ("-0.25", True), ("1,200", True), ("40%", True),
                                             ("5 / 15 = 0.33", False)])
def test_ids_that_look_like_numbers_stay_text(value, expected):
    (column,) = html_tables.columns_for(["x"], [(value,)])
    assert column.numeric is expected


def test_headers_keep_the_capitals_of_names():
    wide = model.pivot_partners(data.load_table("partner_ties"))
    (table,) = html_cells.tables(w.show_table(wide, "Ties")._repr_html_())
    assert [c.text for c in table.head] == ["Aspect", "Belarus-Russia", "Belarus-US"]
    assert [row[0].text for row in table.rows] == list(wide["Aspect"])

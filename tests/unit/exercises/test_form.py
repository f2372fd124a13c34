"""Answer forms: pressing Check goes through the same engine as ``check()``.

Each test sets the form's controls as a learner would (``.value``, a button's
``.click()``) and reads what the form displays: the feedback, the hint, the
solution. The code route and the form must agree on status, message, hint and
the progress record.
"""

from __future__ import annotations

import html
import re
import shutil

import ipywidgets as widgets
import pytest

from balancing_act import progress
from balancing_act import widgets as w
from balancing_act.exercises import all_exercises, exercise
from balancing_act.support import paths
from tests.support.courses import RANKING_ITEM

COURSE = all_exercises()
OWN_FORM = [key for key, ex in COURSE.items() if ex.checker.control(ex) is not None]
BOUND = {"02.3": "explorer", "04.4": "planner", "06.3": "brief"}
@pytest.fixture(scope="module")
def ranking(tmp_path_factory):
    copy = tmp_path_factory.mktemp("course") / "lessons_data"
    shutil.copytree(paths.data_dir(), copy)
    (copy / "exercises" / "98_ranking.yml").write_text(RANKING_ITEM, encoding="utf-8")
    return exercise("98.1", copy / "exercises")


def text_of(markup: str) -> str:
    """HTML as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def plain(text: str) -> str:
    """Exercise text as shown: `code` marks dropped, spaces collapsed."""
    return " ".join(text.replace("`", "").split())


def shown(form) -> str:
    return text_of(form.feedback.value)


def test_every_type_of_the_course_has_a_form_or_is_bound_to_a_widget():
    assert set(OWN_FORM) | set(BOUND) == set(COURSE)
    assert {COURSE[key].type for key in BOUND} >= {"table", "plan", "brief"}


@pytest.mark.parametrize("key", OWN_FORM)
def test_the_worked_answer_in_the_form_is_correct(key):
    form = exercise(key).form(answer=COURSE[key].example_answer)
    assert form.result.status == "correct"
    assert form.result.label in shown(form)  # "Correct", or a written item's own word
    assert 'role=\'status\'' in form.feedback.value or 'role="status"' in form.feedback.value


@pytest.mark.parametrize("key", OWN_FORM)
def test_each_known_mistake_in_the_form_gets_its_own_hint(key):
    for mistake in COURSE[key].mistakes:
        form = exercise(key).form(answer=mistake.answer)
        assert form.result.status == "incorrect"
        assert plain(mistake.hint) in shown(form)


@pytest.mark.parametrize("key", OWN_FORM)
def test_an_untouched_form_is_not_attempted_and_records_like_check(key):
    ex = exercise(key)
    form = ex.form()
    form.check_button.click()
    assert form.result.status == "not_attempted"
    assert "Not attempted" in shown(form)
    by_form = progress.details("session").to_dict("records")
    progress.reset_session()
    ex.check(...)  # the same engine: one code check leaves the same record
    assert progress.details("session").to_dict("records") == by_form


def test_form_and_code_give_the_same_result_for_the_same_answer():
    for key in OWN_FORM:
        ex = exercise(key)
        for answer in [ex.example_answer, *(m.answer for m in ex.mistakes[:1])]:
            assert ex.form(answer=answer).result == ex.evaluate(answer)


def test_radio_buttons_show_letters_and_a_letter_is_an_answer_in_code():
    ex = exercise("02.2")
    form = ex.form()
    radio = form.control.widget
    assert isinstance(radio, widgets.RadioButtons) and radio.value is None
    labels = [label for label, _ in radio.options]
    assert [label.split(". ")[0] for label in labels] == list("ABCDEFGH"[:len(labels)])
    right = next(n for n, o in enumerate(ex.checker.options) if o == ex.example_answer)
    radio.value = right
    form.check_button.click()
    assert form.result.correct
    assert ex.check(labels[right][0]).correct  # "B", the letter shown on screen
    assert ex.check(labels[right][0].lower()).correct


def test_checkboxes_and_a_list_of_letters():
    ex = exercise("01.4")
    form = ex.form()
    boxes = form.control.boxes
    assert all(isinstance(b, widgets.Checkbox) and b.description[1:3] == ". " for b in boxes)
    letters = [b.description[0] for b, o in zip(boxes, ex.checker.options, strict=True)
               if o in ex.example_answer]
    for box in boxes:
        box.value = box.description[0] in letters
    form.check_button.click()
    assert form.result.correct
    assert ex.check(letters).correct  # ["A", "B", "D"]


def test_a_number_field_with_its_unit_and_text_in_it_is_the_wrong_form():
    form = exercise("00.1").form()
    assert "sentences" in [c.value for c in form.control.widget.children
                           if isinstance(c, widgets.Label)]
    form.control.field.value = "forty-two"
    form.check_button.click()
    assert form.result.status == "invalid" and "not a number" in shown(form)
    form.control.field.value = " 42 "
    form.check_button.click()
    assert form.result.correct


def test_the_ordering_list_moves_items_with_its_buttons(ranking):
    ex = ranking
    form = ex.form()
    control = form.control
    assert control.value() is ...  # nothing moved yet: not attempted
    for target, item in enumerate(ex.example_answer):
        while control.order.index(item) > target:
            control.listing.value = control.order.index(item)
            control.up.click()
    assert control.order == ex.example_answer
    assert control.listing.options[0][0] == f"1. {ex.example_answer[0]}"
    form.check_button.click()
    assert form.result.correct
    control.listing.value = 0
    control.down.click()
    control.down.click()  # the picked item stays picked and keeps moving
    assert control.order[2] == ex.example_answer[0] and control.listing.value == 2


def test_the_classification_form_is_the_dropdown_grid():
    ex = exercise("03.1")
    form = ex.form()
    grid = form.control.grid
    first = next(iter(grid.dropdowns))
    grid.dropdowns[first].value = ex.example_answer[first]
    form.check_button.click()
    assert form.result.status == "invalid" and "no category yet" in shown(form)
    for item, category in ex.example_answer.items():
        grid.dropdowns[item].value = category
    form.check_button.click()
    assert form.result.correct


def test_bound_forms_check_what_the_widget_shows_now(ranking):
    explorer = w.table_explorer("partner_ties")
    form = exercise("02.3").form(explorer)
    form.check_button.click()
    assert form.result.status == "incorrect"  # every partner still shown
    explorer.filters["partner"].value = ("United States",)
    form.check_button.click()
    assert form.result.correct
    panel = w.weights_panel()
    bound = ranking.form(panel)
    panel.set_weights({"P1": 6, "P2": 2, "P3": 2})
    bound.check_button.click()
    assert bound.result.correct
    planner = w.deal_planner([["invest"], ["invest"], ["invest"]])
    plan = exercise("04.4").form(planner)
    assert "Use the deal planner above" in plan.prompt.value
    plan.check_button.click()
    assert plan.result.status == "incorrect"
    planner.set_plan(exercise("04.4").example_answer)
    plan.check_button.click()
    assert plan.result.correct


def test_a_bound_type_without_its_widget_says_how_to_answer():
    form = exercise("06.3").form()
    assert "form(the_widget)" in html.unescape(form.prompt.value)
    form.check_button.click()
    assert form.result.status == "not_attempted"


def test_hints_come_one_level_per_press_then_the_solution():
    ex = exercise("02.2")
    form = ex.form()
    assert form.hint_button.description == f"Hint (1 of {len(ex.hints)})"
    form.hint_button.click()
    assert plain(ex.hints[0]) in text_of(form.help.value)
    assert form.hint_button.description == f"Next hint (2 of {len(ex.hints)})"
    form.hint_button.click()
    assert plain(ex.hints[1]) in text_of(form.help.value)
    assert form.hint_button.description == f"Last hint (2 of {len(ex.hints)})"
    form.solution_button.click()
    assert "Solution" in form.help.value and plain(ex.explanation) in text_of(form.help.value)
    record = progress.details("session").set_index("exercise").loc["02.2"]
    assert record["hints_used"] == 2 and record["solution_viewed"]


def test_every_control_has_a_spoken_label():
    for key in OWN_FORM:
        form = exercise(key).form()
        controls = [c for c in _walk(form) if isinstance(c, widgets.DOMWidget)
                    and isinstance(c, widgets.Button | widgets.Text | widgets.Select
                                   | widgets.Dropdown | widgets.RadioButtons | widgets.Checkbox)]
        assert controls
        for control in controls:
            assert control.description.strip(), (key, type(control).__name__)


def test_the_form_prints_the_prompt_and_the_result_as_plain_text():
    form = exercise("02.2").form(answer=exercise("02.2").example_answer)
    text = form._repr_mimebundle_()["text/plain"]
    assert text.startswith("Exercise 02.2") and "✓ Correct (exercise 02.2)" in text
    assert repr(form) == "Answer form for exercise 02.2: ✓ Correct"


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_a_bound_form_names_its_widget_as_the_learner_reads_it():
    for key, widget, name in [("02.3", w.what_if_table(), "what-if table"),
                              ("04.4", w.deal_planner(), "deal planner")]:
        form = exercise(key).form(widget)
        said = " ".join(text_of(c.value) for c in form.children if hasattr(c, "value"))
        assert f"Use the {name} above" in said

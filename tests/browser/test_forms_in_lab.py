"""The answer forms in real JupyterLab, on the STUDENT build, as a learner uses them.

For every exercise type: fill the form with the worked answer and press Check
("Correct"), pick a catalogued mistake and read its own hint; once with the
keyboard only. A typed slip (``answer = Reuters``) shows one sentence and no
traceback. The student build goes into a folder of the session's JupyterLab
(one server, one browser); each lesson is opened once, in a fresh kernel.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from balancing_act.data.model_inputs import load_params
from balancing_act.delivery import student_build
from balancing_act.exercises import exercise
from balancing_act.support import paths
from balancing_act.support.beginner_errors import RUN_ALL_STOPPED
from tests.support import courses, labdriver

SCREENSHOTS = paths.BUILD_DIR / "screenshots"
GALLERY_EXERCISES = "gallery/lessons_data/exercises"  # beside the gallery notebook
MISSING_REASON = "Check your answer"  # the status of a form with one list still empty
FEEDBACK = ".balancing-act-result"
WAIT_MS = 30_000
RETRY_MS = 10_000


@pytest.fixture(scope="module")
def student_root(lab_root) -> Path:
    """The student build, plus a page of unbound forms, inside the session lab's folder."""
    out = lab_root / "student"
    student_build.build_student(paths.NOTEBOOKS_DIR, out)
    gallery = nbformat.v4.new_notebook()
    gallery.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}
    # the ordering list is a teacher's item in a copy of the course (the course ranks with a
    # two-tier item now); the two-tier and written forms are the course's own
    copy = courses.course_copy(out / "gallery", notebooks=False) / "lessons_data" / "exercises"
    (copy / "98_ranking.yml").write_text(courses.RANKING_ITEM, encoding="utf-8")
    gallery.cells = [nbformat.v4.new_code_cell("from balancing_act.exercises import exercise"),
                     nbformat.v4.new_code_cell(f'exercise("98.1", "{GALLERY_EXERCISES}")'),
                     nbformat.v4.new_code_cell('exercise("03.5")'),
                     nbformat.v4.new_code_cell('exercise("01.3")')]
    nbformat.write(gallery, out / "forms_gallery.ipynb")
    return out


@pytest.fixture(scope="module")
def opened(lab, lab_page, student_root) -> Iterator[Any]:
    """Open a student notebook in a fresh kernel, Run All, and hand over the page."""
    state: dict[str, Any] = {}

    def open_(name: str) -> Any:
        if state.get("name") != name:
            if "context" in state:
                state["context"].__exit__(None, None, None)
            state["context"] = labdriver.notebook_open(lab, lab_page, f"student/{name}")
            page = state["context"].__enter__()
            labdriver.run_all(page)
            state["name"], state["page"] = name, page
        return state["page"]

    yield open_
    if "context" in state:
        state["context"].__exit__(None, None, None)


def form(page: Any, exercise_id: str) -> Any:
    """The cell whose output holds this exercise's form."""
    cell = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").filter(
        has=page.locator(f'section[aria-label^="Exercise {exercise_id} "]'))
    cell.first.scroll_into_view_if_needed()
    return cell.first


def check(cell: Any, word: str) -> str:
    """Press Check and return the feedback once it shows `word` (Correct, Not yet, ...).

    If the feedback has not changed at all after RETRY_MS (the press never reached a
    kernel slowed by a loaded machine), Check is pressed once more, as a learner would,
    with a warning in the summary; a second silence fails with the kernel's state.
    """
    before = shown_feedback(cell)
    button = cell.get_by_role("button", name="Check", exact=True)
    button.click()
    shown = wait_feedback(cell, word, RETRY_MS)
    if word in shown:
        return shown
    if shown == before:
        warnings.warn(f"Check changed nothing in {RETRY_MS} ms; pressed again", stacklevel=2)
        button.click()
    return feedback(cell, word, WAIT_MS - RETRY_MS)


def shown_feedback(cell: Any) -> str:
    """The feedback's text as a learner reads it now (the element is redrawn on updates)."""
    return " ".join(" ".join(cell.locator(FEEDBACK).all_inner_texts()).split())


def wait_feedback(cell: Any, word: str, wait_ms: int) -> str:
    """The feedback text as soon as it holds `word`, or as it stands after `wait_ms`."""
    shown = shown_feedback(cell)
    for _ in range(wait_ms // 250):
        if word in shown:
            break
        cell.page.wait_for_timeout(250)
        shown = shown_feedback(cell)
    return shown


def feedback(cell: Any, word: str, wait_ms: int = WAIT_MS) -> str:
    """The feedback text once it holds `word`; a timeout says what the learner saw instead,
    and what the kernel was doing."""
    shown = wait_feedback(cell, word, wait_ms)
    if word in shown:
        return shown
    kernel = cell.page.evaluate(
        "() => { const s = window.jupyterapp.shell.currentWidget.sessionContext.session;"
        " return s && s.kernel ? s.kernel.status + '/' + s.kernel.connectionStatus : 'none'; }")
    raise AssertionError(f"feedback never showed {word!r}; it shows {shown!r} (kernel {kernel})")


def words(text: str) -> str:
    return " ".join(text.replace("`", "").split())


def assert_hint(shown: str, hint: str) -> None:
    assert "Not yet" in shown and words(hint) in shown, shown


def letter_label(exercise_id: str, option: Any) -> str:
    options = exercise(exercise_id).checker.options
    return f"{'ABCDEFGH'[options.index(option)]}. {option}"


# ---------------------------------------------------------------- lesson 00: number, text, choice


def test_number_text_and_single_choice_forms(opened):
    page = opened("00_start_here.ipynb")
    cell = form(page, "00.1")
    field = cell.get_by_role("textbox", name="Your answer")
    assert cell.get_by_text("sentences", exact=True).is_visible()  # the unit beside the field
    field.fill("")  # an answer kept from an earlier lesson run comes back: start from none
    check(cell, "Not attempted")  # an empty form is not wrong
    field.fill("43")
    assert_hint(check(cell, "Not yet"), exercise("00.1").mistakes[0].hint)
    field.fill("42")
    assert "Correct" in check(cell, "Correct")

    cell = form(page, "00.2")
    field = cell.get_by_role("textbox", name="Your answer")
    mistake = exercise("00.2").mistakes[0]
    field.fill(mistake.answer)
    assert_hint(check(cell, "Not yet"), mistake.hint)
    field.fill(exercise("00.2").example_answer.upper())  # case does not matter
    check(cell, "Correct")

    cell = form(page, "00.3")
    ex = exercise("00.3")
    mistake = ex.mistakes[0]
    cell.get_by_role("radio", name=letter_label("00.3", mistake.answer)).check()
    assert_hint(check(cell, "Not yet"), mistake.hint)
    cell.get_by_role("radio", name=letter_label("00.3", ex.example_answer)).check()
    check(cell, "Correct")
    labdriver.screenshot(page, SCREENSHOTS / "student_00_forms.png")


def _focus_outline(page: Any) -> float:
    return page.evaluate("() => parseFloat(getComputedStyle(document.activeElement)"
                         ".outlineWidth) || 0")


def test_keyboard_alone_answers_a_form_and_hints_come_in_steps(opened):
    """From the first control on: type, Tab to Check, Enter; Tab and Space pick an option."""
    page = opened("00_start_here.ipynb")
    cell = form(page, "00.1")
    field = cell.get_by_role("textbox", name="Your answer")
    field.focus()  # as after Tab from the cell above
    page.keyboard.press("End")
    for _ in range(len(field.input_value())):
        page.keyboard.press("Backspace")
    page.keyboard.type("42")
    page.wait_for_function("(el) => el.value === '42'", arg=field.element_handle(),
                           timeout=WAIT_MS)  # what the learner typed is what the box holds
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Check"
    assert _focus_outline(page) >= 2  # the focus is visible
    page.keyboard.press("Enter")
    feedback(cell, "Correct")
    page.keyboard.press("Tab")  # to Hint
    page.keyboard.press("Space")
    hints = exercise("00.1").hints
    cell.locator(".balancing-act-hint").filter(has_text="Hint 1 of").wait_for(timeout=WAIT_MS)
    page.keyboard.press("Space")  # the same button, now "Next hint (2 of 2)"
    cell.locator(".balancing-act-hint").filter(has_text="Hint 2 of").wait_for(timeout=WAIT_MS)
    assert words(hints[1])[:40] in words(cell.locator(".balancing-act-hint").inner_text())

    cell = form(page, "00.3")
    ex = exercise("00.3")
    cell.get_by_role("radio").first.focus()
    target = ex.checker.options.index(ex.example_answer)
    for _ in range(target):
        page.keyboard.press("Tab")  # every option is a stop of its own
    page.keyboard.press("Space")
    for _ in range(len(ex.checker.options) - target):
        page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Check"
    page.keyboard.press("Enter")
    feedback(cell, "Correct")
    status = cell.locator(FEEDBACK)
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live")


def test_a_typed_slip_gets_one_sentence_and_no_traceback(opened):
    page = opened("00_start_here.ipynb")
    nb = nbformat.read(paths.NOTEBOOKS_DIR / "00_start_here.ipynb", as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if c.source.startswith('ex = exercise("00.3")'))
    assert labdriver.type_into_cell(page, index, "answer = Reuters") == "answer = Reuters"
    shown = " ".join(labdriver.run_cell(page, index).split())
    assert shown == ('Python knows no name Reuters: text goes in quotes, so write '
                     f'answer = "Reuters" instead. {RUN_ALL_STOPPED}'), shown
    assert "Traceback" not in shown and "NameError" not in shown
    labdriver.type_into_cell(page, index, 'answer = ["A", "C"')
    shown = " ".join(labdriver.run_cell(page, index).split())
    assert shown.startswith("A bracket is left open on line 1") and "SyntaxError" not in shown


# ---------------------------------------------------------------- lesson 01: checkboxes, grid


def test_checkbox_and_dropdown_grid_forms(opened):
    page = opened("01_reading_the_article.ipynb")
    cell = form(page, "01.4")
    ex = exercise("01.4")
    boxes = {o: cell.get_by_role("checkbox", name=letter_label("01.4", o))
             for o in ex.checker.options}
    mistake = ex.mistakes[0]
    for option, box in boxes.items():
        box.set_checked(option in mistake.answer)
    assert_hint(check(cell, "Not yet"), mistake.hint)
    for option, box in boxes.items():
        box.set_checked(option in ex.example_answer)
    check(cell, "Correct")

    labdriver.screenshot(page, SCREENSHOTS / "student_01_forms.png")
    page = opened("03_balancing_strategy.ipynb")
    cell = form(page, "03.1")
    ex = exercise("03.1")
    mistake = ex.mistakes[0]
    for item, category in mistake.answer.items():
        cell.get_by_role("combobox", name=item, exact=True).select_option(label=category)
    assert_hint(check(cell, "Not yet"), mistake.hint)
    for item, category in ex.example_answer.items():
        cell.get_by_role("combobox", name=item, exact=True).select_option(label=category)
    check(cell, "Correct")


# ---------------------------------------------------------------- widget-bound: table, plan


def test_a_form_bound_to_the_table_explorer_checks_what_it_shows(opened):
    page = opened("02_two_partners.ipynb")
    cell = form(page, "02.3")
    ex = exercise("02.3")
    explorer = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").filter(
        has=page.locator(".widget-select-multiple select")).first
    partner = explorer.get_by_role("listbox", name="Partner")
    partner.select_option("Russia")
    assert_hint(check(cell, "Not yet"), ex.mistakes[0].hint)  # the Belarus-Russia ties
    partner.select_option("United States")
    check(cell, "Correct")


def test_a_form_bound_to_the_deal_planner(opened):
    page = opened("04_expert_recommendations.ipynb")
    cell = form(page, "04.4")
    ex = exercise("04.4")
    assert_hint(check(cell, "Not yet"), ex.mistakes[0].hint)  # the planner's starting plan
    planner = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").filter(
        has=page.get_by_role("button", name="Add phase")).first
    while planner.locator(".widget-select-multiple select").count() < len(ex.example_answer):
        planner.get_by_role("button", name="Add phase").click()
        page.wait_for_timeout(300)
    steps = load_params().steps
    for n, chosen in enumerate(ex.example_answer):
        phase = planner.locator(".widget-select-multiple select").nth(n)
        shown = [" ".join(t.split()) for t in phase.evaluate(
            "el => [...el.options].map(o => o.textContent)")]  # ipywidgets puts in nbsp
        phase.select_option(index=[shown.index(steps[step].label) for step in chosen])
        page.wait_for_timeout(300)
    check(cell, "Correct")


# ---------------------------------------------------------------- the ordering list


def test_the_ordering_list_moves_items_by_keyboard(opened, student_root):
    """Tab to an item, Space picks it, Tab to Move up, Enter moves it (again and again)."""
    page = opened("forms_gallery.ipynb")
    cell = form(page, "98.1")
    ex = exercise("98.1", student_root / GALLERY_EXERCISES)
    radios = cell.get_by_role("radio")

    def order() -> list[str]:
        texts = radios.evaluate_all("els => els.map(el => el.parentElement.textContent)")
        return [" ".join(t.split()).split(". ", 1)[1] for t in texts]  # nbsp -> space

    def arrange(wanted: list[str]) -> None:
        for target, item in enumerate(wanted):
            place = order().index(item)
            if place == target:
                continue
            radios.first.focus()
            for _ in range(place):
                page.keyboard.press("Tab")
            page.keyboard.press("Space")
            for _ in range(len(wanted) - place):
                page.keyboard.press("Tab")
            assert page.evaluate("() => document.activeElement.textContent.trim()") == "Move up"
            for now in range(place - 1, target - 1, -1):
                page.keyboard.press("Enter")
                # moved one place up and still picked, so the next Enter moves it again;
                # up to 60 s: while the hub class runs beside it, the kernel is slow
                radios.nth(now).and_(cell.get_by_label(f"{now + 1}. {item}")).wait_for(
                    timeout=60_000)
                page.wait_for_function("el => el.checked", arg=radios.nth(now).element_handle(),
                                       timeout=60_000)
            assert order().index(item) == target, (item, order())

    mistake = ex.mistakes[0]
    arrange(list(mistake.answer))
    assert_hint(check(cell, "Not yet"), mistake.hint)
    arrange(list(ex.example_answer))
    check(cell, "Correct")


# ---------------------------------------------------------------- two-tier and written (issue 21)


def test_a_two_tier_form_tells_a_right_answer_for_a_wrong_reason(opened):
    """By mouse: the right answer with a wrong reason is named as such; both right passes."""
    page = opened("forms_gallery.ipynb")
    cell = form(page, "03.5")
    ex = exercise("03.5")
    answer, reason = ex.example_answer["answer"], ex.example_answer["reason"]
    wrong = next(r for r in ex.checker.reasons if r != reason)

    def pick(options: list[str], value: str) -> None:  # each list's texts are its own
        name = f"{'ABCDEFGH'[options.index(value)]}. {value}"
        cell.get_by_role("radio", name=name, exact=True).check()

    pick(ex.checker.options, answer)
    assert "Correct" not in check(cell, MISSING_REASON)  # a reason is still missing
    pick(ex.checker.reasons, wrong)
    assert "Right answer, wrong reason" in check(cell, "Not yet")
    pick(ex.checker.reasons, reason)
    assert "Right answer, and for a reason" in check(cell, "Correct")


def test_a_written_form_checks_by_keyboard_and_then_shows_the_rubric(opened):
    """Keyboard only: type a short answer, Tab to Check, Enter: the form says what it needs;
    the model-length answer passes and the rubric's self-marks appear."""
    page = opened("forms_gallery.ipynb")
    cell = form(page, "01.3")
    ex = exercise("01.3")
    box = cell.get_by_role("textbox", name="Your answer")
    box.fill("Too short.")
    box.press("Tab")  # the text is read when the box loses focus (continuous_update off)
    assert "write at least" in check(cell, "Not yet")
    box.fill(ex.example_answer)
    box.press("Tab")
    passed = check(cell, "Checks passed")  # not "Correct": a program cannot judge it whole
    assert "Correct" not in passed
    # the rubric is drawn under the feedback: wait for it as a learner's eyes would
    marks = cell.get_by_role("button", name="Save my marks")
    marks.wait_for(timeout=WAIT_MS)
    assert marks.count() == 1
    assert cell.get_by_text("Criterion 1").first.is_visible()
    below = cell.locator(".balancing-act-result").bounding_box()["y"]
    assert marks.bounding_box()["y"] > below, "the rubric sits under the feedback"


def test_the_brief_builder_keeps_claims_through_run_all_and_exports_by_name(
        opened, student_root):
    """Issue 12: two claims survive Run All; the export's file name carries the name typed."""
    page = opened("06_capstone.ipynb")
    builder = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").filter(
        has=page.get_by_role("button", name="Add claim")).first
    builder.scroll_into_view_if_needed()
    for _ in range(12):  # a brief saved by an earlier test comes back: start from none
        if builder.get_by_text("No claims yet").count():
            break
        builder.get_by_role("button", name="Remove last claim").click()
        page.wait_for_timeout(300)
    name = builder.get_by_role("textbox", name="Your name")
    name.fill("Ada Lovelace")
    name.press("Tab")
    claims = [("Lukashenko presents the talks as a way to widen Belarus's partnerships.",
               "the article's report", "S02, S21", "Economic diversification"),
              ("The article quotes no one in Moscow, so Moscow's view can only be inferred.",
               "an interpretation", "S06, S35", "Respecting existing alliances")]
    for n, (text, kind, cites, priority) in enumerate(claims, start=1):
        box = builder.get_by_role("textbox", name="Claim", exact=True)
        box.fill(text)
        box.press("Tab")
        builder.get_by_role("combobox", name="Kind").select_option(label=kind)
        builder.get_by_role("textbox", name="Cites").fill(cites)
        builder.get_by_role("combobox", name="Priority").select_option(label=priority)
        page.wait_for_timeout(300)  # the values reach the kernel before the click
        builder.get_by_role("button", name="Add claim").click()
        builder.get_by_text(f"Your claims ({n})").wait_for(timeout=WAIT_MS)
    cell = form(page, "06.3")
    assert "Not yet" in check(cell, "Not yet")  # two claims are not a brief yet

    labdriver.run_all(page)  # what lesson 00 recommends when something looks odd
    builder = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").filter(
        has=page.get_by_role("button", name="Add claim")).first
    builder.get_by_text("Your claims (2)").wait_for(timeout=WAIT_MS)
    for text, *_ in claims:
        assert builder.get_by_text(text).count() >= 1, text
    assert builder.get_by_role("textbox", name="Your name").input_value() == "Ada Lovelace"

    builder.get_by_role("button", name="Export as Markdown").click()
    builder.get_by_text("Exported to policy_brief_ada_lovelace").wait_for(timeout=WAIT_MS)
    exported = sorted(student_root.glob("policy_brief_ada_lovelace*.md"))
    assert exported, "no export named after the learner"
    assert "Author: Ada Lovelace" in exported[-1].read_text(encoding="utf-8")
    labdriver.screenshot(page, SCREENSHOTS / "student_06_brief.png")

"""A form behaves as a learner expects: Enter checks, a changed answer marks its feedback
out of date, the last checked answer comes back (with its feedback) when the form is drawn
again, and a "Look up a sentence" box under the question reads any sentence by its id.

Each test sets a control's ``.value`` or sends what the browser sends, and reads what the
form shows.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from balancing_act import progress
from balancing_act.exercises import exercise
from balancing_act.record import answers


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def press_enter(field) -> None:
    """What the browser sends when Enter is pressed in a text field (ipywidgets 8)."""
    field._handle_custom_msg({"event": "submit"}, [])


def test_enter_in_the_answer_box_presses_check():
    form = exercise("00.2").form()
    form.control.widget.value = "big deal"
    press_enter(form.control.widget)
    assert form.result is not None and form.result.correct
    assert "Correct" in text_of(form.feedback.value)
    number = exercise("00.1").form()
    number.control.field.value = "42"
    press_enter(number.control.field)
    assert number.result.correct


def test_changing_the_answer_marks_the_old_feedback_out_of_date_until_checked_again():
    form = exercise("00.1").form()
    form.control.field.value = "43"
    form.check()
    assert "Not yet" in text_of(form.feedback.value)
    form.control.field.value = "42"  # changed, not checked
    shown = text_of(form.feedback.value)
    assert "You changed your answer" in shown and "Press Check" in shown
    assert "balancing-act-result" not in form.feedback.value  # no longer the form's status
    form.control.field.value = "43"  # back to what was checked: the feedback holds again
    assert "You changed your answer" not in text_of(form.feedback.value)
    form.control.field.value = "42"
    form.check()
    assert "Correct" in text_of(form.feedback.value)
    assert "You changed" not in text_of(form.feedback.value)


def test_a_choice_changed_after_check_is_out_of_date_too():
    form = exercise("00.3").form()
    form.control.widget.value = 0
    form.check()
    form.control.widget.value = 2
    assert "You changed your answer" in text_of(form.feedback.value)


def test_the_last_checked_answer_comes_back_with_its_feedback(home):
    first = exercise("00.1").form()
    first.control.field.value = "43"
    first.check()
    again = exercise("00.1").form()  # Run All, a restart, or the next day
    assert again.control.field.value == "43"
    shown = text_of(again.feedback.value)
    assert "Your last answer is back" in shown and "Not yet" in shown
    assert exercise("00.1").mistakes[0].hint.split()[0] in shown  # its own hint, too
    choice = exercise("00.3").form(answer="Not attempted")
    assert choice.result.correct
    back = exercise("00.3").form()
    assert back.control.value() == "Not attempted" and "Correct" in text_of(back.feedback.value)


def test_showing_a_kept_answer_records_nothing(home):
    exercise("00.1").form(answer=42)
    checks = progress.details()["checks"].sum()
    exercise("00.1").form()
    assert progress.details()["checks"].sum() == checks


def test_kept_answers_live_beside_the_record_never_in_it(home):
    exercise("00.2").form(answer="big deal")
    kept = json.loads((home / "answers.json").read_text(encoding="utf-8"))
    assert kept["answers"]["00.2"] == {"answer": "big deal", "status": "correct"}
    assert "big deal" not in (home / "progress.json").read_text(encoding="utf-8")
    assert (home / "answers.json").stat().st_mode & 0o077 == 0  # the learner's own file


def test_a_form_checked_empty_forgets_the_old_answer(home):
    exercise("00.1").form(answer=43)
    cleared = exercise("00.1").form()
    cleared.control.field.value = ""
    cleared.check()
    assert exercise("00.1").form().control.field.value == ""


def test_a_damaged_answers_file_is_kept_aside_and_the_form_starts_empty(home):
    home.mkdir(parents=True)
    (home / "answers.json").write_text("{not json", encoding="utf-8")
    form = exercise("00.1").form()
    assert form.control.field.value == "" and form.feedback.value == ""
    assert (home / "answers.json.damaged-1").read_text(encoding="utf-8") == "{not json"


def test_a_kept_answer_the_form_no_longer_offers_is_ignored(home):
    answers.remember("00.3", "An option that was edited away", "incorrect")
    form = exercise("00.3").form()
    assert form.control.value() is ... and form.feedback.value == ""


def test_an_answer_that_is_not_json_is_not_kept(home):
    assert answers.remember("00.1", {1, 2}, "invalid") is not None
    assert answers.last("00.1") is None


@pytest.mark.parametrize("typed, read", [("S18", "S18"), ("s18", "S18"), ("S1", "S01"),
                                         (" s 7 ", "S07"), ("18", "S18")])
def test_the_look_up_box_in_every_form_reads_an_id_as_a_learner_types_it(typed, read):
    form = exercise("06.2").form()
    form.lookup.field.value = typed
    shown = text_of(form.lookup.shown.value)
    assert shown.startswith(read)
    assert ("you typed" in shown) == (typed.strip() != read)
    assert form.children.index(form.lookup) == 1  # under the question, above the answer


def test_the_look_up_box_says_what_to_type_for_an_id_the_article_lacks():
    form = exercise("00.2").form()
    form.lookup.field.value = "S99"
    assert text_of(form.lookup.shown.value) == (
        "There is no sentence S99: type an id from S01 to S42, or H1 to H3 for a table's "
        "header row, such as S18.")
    form.lookup.field.value = "Reuters"
    assert "There is no sentence Reuters" in text_of(form.lookup.shown.value)


def test_a_decimal_comma_is_read_as_meant_and_the_message_says_so():
    result = exercise("00.1").evaluate("42,0")
    assert result.correct and result.message.startswith("Read 42,0 as 42 (a decimal point")
    assert "6.5" in exercise("00.1").evaluate("6,5").message
    ambiguous = exercise("00.1").evaluate("1,000")
    assert ambiguous.status == "invalid" and "thousands comma or a decimal comma" in \
        ambiguous.message
    assert "e.g. 6.5" in exercise("00.1").evaluate("six").message


def test_no_hint_asks_a_learner_to_write_code_or_open_a_terminal():
    from balancing_act.exercises import all_exercises

    for key, ex in all_exercises().items():
        for hint in ex.hints:
            assert "code cell" not in hint and "sentence_text" not in hint, (key, hint)
            assert "terminal" not in hint.lower(), (key, hint)


def _own_forms() -> list[str]:
    from balancing_act.exercises import all_exercises

    return [key for key, ex in all_exercises().items()
            if (control := ex.checker.control(ex)) is not None and control.keeps_answer]


@pytest.mark.parametrize("key", _own_forms())
def test_every_kind_of_form_brings_its_checked_answer_back(key, home):
    """Through the file and back (JSON: keys become text, tuples lists), still Correct."""
    ex = exercise(key)
    exercise(key).form(answer=ex.example_answer)
    back = exercise(key).form()
    assert back.result is not None and back.result.correct, (key, back.control.value())
    assert "Your last answer is back" in text_of(back.feedback.value)


def test_the_capstone_form_shows_its_last_feedback_after_a_restart(tmp_path, monkeypatch):
    """06.3 is bound to the brief builder, which restores the brief itself; its form came
    back unchecked after a restart while every other form showed its feedback (issue 22)."""
    from balancing_act.capstone import brief_builder

    monkeypatch.setenv("BALANCING_ACT_HOME", str(tmp_path))
    builder = brief_builder()
    fresh = exercise("06.3").form(builder)
    assert fresh.feedback.value == ""  # never checked: nothing claims a result
    fresh.check()
    before = text_of(fresh.feedback.value)
    again = exercise("06.3").form(brief_builder())  # Run All after a restart
    shown = text_of(again.feedback.value)
    assert "Your last answer is back" in shown and before.split(":")[0] in shown
    assert "brief" not in json.dumps(answers.load_all()).lower()  # the status, no text

"""The two new types (issue 21): two-tier feedback per combination, and a written answer
checked only for what a program can check, saved beside the record, never inside it."""

from __future__ import annotations

import html
import json
import re

from balancing_act import progress
from balancing_act.cli import commands as cli
from balancing_act.exercises import all_exercises, exercise
from balancing_act.record import store, written


def _key(eid: str) -> dict:
    return exercise(eid).example_answer


def test_two_tier_tells_the_combinations_apart():
    ex = exercise("01.2")
    key = _key("01.2")
    assert ex.evaluate(key).correct
    wrong_reason = ex.evaluate({"answer": key["answer"], "reason": "B"})
    assert wrong_reason.status == "incorrect" and wrong_reason.message.startswith(
        "Right answer, wrong reason.")
    wrong_answer = ex.evaluate({"answer": "A", "reason": key["reason"]})
    assert wrong_answer.message.startswith("Right reason, wrong answer.")
    assert ex.evaluate({"answer": "A"}).status == "invalid"  # one tier only: one sentence
    assert ex.evaluate(("D", "A")).choice == "D/A"


def test_two_tier_form_reads_both_lists():
    ex = exercise("05.4")
    form = ex.form()
    form.check_button.click()
    assert form.result.status == "not_attempted"
    form.control.answers.value = ex.spec["options"].index(ex.spec["answer"]["answer"])
    form.check_button.click()
    assert form.result.status == "invalid" and "reason" in form.result.message
    form.control.reasons.value = ex.spec["reasons"].index(ex.spec["answer"]["reason"])
    form.check_button.click()
    assert form.result.correct


def test_written_checks_length_ids_and_quotations():
    ex = exercise("01.3")
    assert "at least" in ex.evaluate("Too short (S07).").message
    long = " ".join(["The writer, not Lukashenko, uses this phrase in the sentence."] * 3)
    assert "Cite at least one sentence" in ex.evaluate(long).message
    assert "not a sentence id" in ex.evaluate(long + " (S99)").message
    misquote = long + ' S07 says "Lukashenko balances everything".'
    assert "word for word" in ex.evaluate(misquote).message
    assert ex.evaluate(long + ' S07 says "This strategic balancing act".').correct


def test_written_text_is_saved_beside_the_record_and_marks_counted(tmp_path):
    form = exercise("01.3").form(answer=_key("01.3"))
    assert form.result.correct and form.control.review.children  # model answer and rubric
    for toggle in form.control.marks:
        toggle.value = "partly"
    assert form.control.mark() == {"1": "partly", "2": "partly", "3": "partly"}
    store._flush()
    assert written.saved_text("01.3") == _key("01.3")
    record = json.loads((store.home() / "progress.json").read_text(encoding="utf-8"))
    assert _key("01.3") not in json.dumps(record)
    assert record["exercises"]["01.3"]["self_marks"]["1"] == "partly"
    again = exercise("01.3").form()  # a restart: the text is back in the box
    assert again.control.box.value == _key("01.3")
    assert [t.value for t in again.control.marks] == ["partly"] * 3  # and so are the marks
    shown = [c for c in again.children]
    feedback = shown.index(again.feedback)
    assert again.control.after[0] in shown[feedback + 1:]  # the rubric comes under the feedback
    assert "Checks passed" in again.feedback.value and "Correct" not in again.feedback.value
    target = form.control.export_answers(tmp_path)
    assert target and "Exercise 01.3" in target.read_text(encoding="utf-8")


def test_progress_export_with_written(tmp_path):
    written.save("02.4", "My own answer citing (S14).")
    target = tmp_path / "me.csv"
    assert cli.main(["progress", "--export", str(target), "--with-written"]) == 0
    assert "My own answer" in (tmp_path / "me.written.md").read_text(encoding="utf-8")
    assert "My own answer" not in target.read_text(encoding="utf-8")
    progress.reset_session()


def test_the_export_carries_the_self_marks_and_not_the_text(tmp_path):
    """The class report counts self-marks from the export a learner hands in."""
    form = exercise("01.3").form(answer=_key("01.3"))
    for toggle, mark in zip(form.control.marks, ["yes", "no", "partly"], strict=True):
        toggle.value = mark
    form.control.mark()
    target = tmp_path / "me.csv"
    assert cli.main(["progress", "--export", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert "1:yes 2:no 3:partly" in text and _key("01.3")[:40] not in text
    progress.reset_session()


def test_two_tier_items_say_how_to_answer_once_in_the_form_and_on_paper(tmp_path):
    """The form's own line says list 1 then list 2; a prompt saying it again is read twice,
    and "list 1" means nothing on a printed worksheet, which says it its own way."""
    two_tier = [ex for ex in all_exercises().values() if ex.checker.name == "two_tier"]
    assert len(two_tier) >= 3
    assert cli.main(["worksheets", str(tmp_path)]) == 0
    for ex in two_tier:
        markup = re.sub(r"<style>.*?</style>", "", ex.form().prompt.value, flags=re.S)
        shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())
        assert shown.count("list 1") == 1 and shown.count("list 2") == 1, (ex.id, shown)
        sheet = (tmp_path / f"worksheet_{ex.lesson}.html").read_text(encoding="utf-8")
        exercise_part = sheet.split(f"Exercise {ex.id}", 1)[1].split("<h3>", 1)[0]
        assert "list 1" not in exercise_part and "Mark one answer and one reason" in exercise_part

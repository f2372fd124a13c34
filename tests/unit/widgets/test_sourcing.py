"""The sourcing form: the learner's own findings, checked only for completeness, saved."""

from __future__ import annotations

from balancing_act import widgets as w
from balancing_act.record import written


def fill(form, text: str = "my own answer") -> None:
    for key, _ in form.questions:
        form.fields[key].value = "No" if key == "Found" else text


def test_a_half_done_form_is_kept_and_says_what_is_still_to_answer(tmp_path, monkeypatch):
    """A learner called away mid-form loses nothing: what is typed is saved as it is left,
    the offline choice too, and Save names the questions still open (issue 22)."""
    monkeypatch.setenv("BALANCING_ACT_HOME", str(tmp_path))
    form = w.sourcing_form()
    form.save.click()
    assert "Nothing to save yet" in form.status.value and written.load_all() == {}
    form.internet.value = "No internet here"
    form.fields["Search words"].value = "Reuters Lukashenko big deal"
    assert "Search words: Reuters Lukashenko big deal" in written.saved_text("01.sourcing")
    form.save.click()
    shown = form.status.value
    assert "Saved" in shown and "1 of 5 questions answered" in shown
    assert "Why those words?" in shown and "What would you type" not in shown
    again = w.sourcing_form()  # a restart
    assert again.internet.value == "No internet here"
    assert again.fields["Search words"].value == "Reuters Lukashenko big deal"


def test_without_internet_the_form_asks_what_to_search_for_and_why(tmp_path, monkeypatch):
    monkeypatch.setenv("BALANCING_ACT_HOME", str(tmp_path))
    form = w.sourcing_form()
    form.internet.value = "No internet here"
    keys = [key for key, _ in form.questions]
    assert keys[:2] == ["Search words", "Why those words"] and "Headline" not in keys
    assert "For whom" in keys and "Template headings" in keys
    shown = [row for row in form.children if hasattr(row, "children")]
    assert len(shown) == len(keys)


def test_a_complete_form_is_saved_and_comes_back_after_a_restart(tmp_path, monkeypatch):
    monkeypatch.setenv("BALANCING_ACT_HOME", str(tmp_path))
    form = w.sourcing_form()
    fill(form, "searched  for   Reuters Lukashenko")
    form.save.click()
    assert "Saved" in form.status.value
    text = written.load_all()["01.sourcing"]["text"]
    assert "Found: No" in text and "Outlet: searched for Reuters Lukashenko" in text
    again = w.sourcing_form()
    assert again.fields["Found"].value == "No"
    assert again.fields["Headline"].value == "searched for Reuters Lukashenko"
    assert "01.sourcing" in written.as_markdown(written.load_all())

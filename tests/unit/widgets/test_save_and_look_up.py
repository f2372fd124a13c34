"""The widgets a learner with no code needs: the sentence look-up box, and the panel that
says where their work is kept and saves it as files to hand in."""

from __future__ import annotations

import csv
import html
import io
import os
import re
from pathlib import Path

import pytest

from balancing_act import lesson
from balancing_act import widgets as w
from balancing_act.exercises import exercise
from balancing_act.widgets import save_files


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def test_a_look_up_box_shows_the_sentence_and_what_it_read():
    box = w.sentence_lookup("s1")
    assert text_of(box.shown.value).startswith("S01 (you typed s1: read as S01): Belarus is")
    box.field.value = "S18"  # Enter, or leaving the box
    assert "“big deal”" in box.shown.value and "you typed" not in box.shown.value
    box.next.click()  # read on, sentence by sentence
    assert text_of(box.shown.value).startswith("S19") and box.field.value == "S19"
    box.previous.click()
    box.previous.click()
    assert box.field.value == "S17"
    box.look_up("S12")  # Next reads on in article order: the table's header row comes next
    box.next.click()
    assert box.field.value == "H1"
    box.look_up("S42")
    box.next.click()  # the last stays the last
    assert box.field.value == "S42"
    box.field.value = ""
    assert box.shown.value == ""
    box.next.click()
    assert box.field.value == "S01"
    assert not hasattr(exercise("00.2").form().lookup, "next")  # a form's box: no browsing


def test_the_save_panel_says_where_work_is_kept_in_plain_words(home):
    panel = lesson.save_my_work()
    shown = text_of(panel.where.value)
    assert "On this computer only" in shown and "progress.json" in shown
    assert "answers.json: the last answer you checked in each form" in shown
    assert str(home) not in shown  # a folder outside the learner's home: one press away
    assert panel.show_folder() == str(home) and str(home) in panel.full_name.value
    assert save_files.kept_where(Path("/u/ada/.local/share/balancing-act"), Path("/u/ada")) \
        == "~/.local/share/balancing-act"


def test_save_my_progress_writes_the_export_into_the_lessons_folder(home, tmp_path,
                                                                    monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JUPYTERHUB_USER", "zoe.obriain")
    monkeypatch.delenv("BALANCING_ACT_LEARNER", raising=False)
    exercise("00.1").form(answer=43)
    panel = lesson.save_my_work()
    progress_button = panel.buttons[0]
    assert progress_button.button.description == "Save my progress as a file"
    progress_button.button.click()
    saved = tmp_path / "my_progress.csv"
    assert saved.read_text(encoding="utf-8").splitlines()[1].startswith("00.1,00,1,incorrect")
    assert "Saved as my_progress.csv" in text_of(progress_button.status.value)
    progress_button.button.click()  # a second press never writes over the first file
    assert (tmp_path / "my_progress-2.csv").exists()
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert {r["learner_id"] for r in rows} == {"zoe.obriain"}  # the file says whose it is
    assert not [v for r in rows for k, v in r.items()  # counts, never the answer itself
                if k != "exported_at" and "43" in v]


def test_save_my_written_answers_and_my_brief(home, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    from balancing_act.capstone import brief_builder

    brief = brief_builder()
    brief.author.value = "Ada"
    panel = lesson.save_my_work(brief)
    labels = [b.button.description for b in panel.buttons]
    assert labels == ["Save my progress as a file", "Save my written answers as a file",
                      "Save my brief as a file"]
    panel.buttons[1].button.click()
    assert (tmp_path / "my_written_answers.md").read_text(encoding="utf-8").startswith(
        "# My written answers")
    panel.buttons[2].button.click()
    assert (tmp_path / "policy_brief_ada.md").exists()
    page = (tmp_path / "policy_brief_ada.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<h1>" in page


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_a_folder_that_cannot_be_written_is_one_sentence(home, tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    monkeypatch.chdir(locked)
    button = lesson.save_my_work().buttons[0]
    assert button.save() is None
    assert text_of(button.status.value).startswith("✖ Not saved:")


def test_a_failing_export_is_one_sentence_never_a_traceback(tmp_path):
    def broken(folder: Path) -> Path:
        raise OSError(28, "No space left on device")

    button = save_files.SaveButton("Save", "tip", broken, folder=lambda: tmp_path)
    assert button.save() is None
    assert text_of(button.status.value) == "✖ Not saved: No space left on device."


def test_free_path_never_takes_a_name_already_there(tmp_path):
    (tmp_path / "a.csv").write_text("x", encoding="utf-8")
    (tmp_path / "a-2.csv").symlink_to(tmp_path / "nowhere")  # a dangling link is taken too
    assert save_files.free_path(tmp_path, "a", ".csv").name == "a-3.csv"

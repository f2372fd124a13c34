"""The progress record: where it lives, what it counts, and how it survives two
kernels at once, a damaged file, an unwritable folder and a missing one."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import warnings
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

import balancing_act
from balancing_act import exercises, progress
from balancing_act.record import format as progress_record
from balancing_act.record import store
from balancing_act.record.store import ProgressWarning
from tests.support.records import version_1_record


def stored(folder: Path) -> dict:
    return json.loads((folder / "progress.json").read_text(encoding="utf-8"))


def progress_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in caught if issubclass(w.category, ProgressWarning)]


# --------------------------------------------------------------------------- where and what


def test_default_folder_is_the_users_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("BALANCING_ACT_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert progress.progress_path() == tmp_path / ".local/share/balancing-act/progress.json"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert progress.home() == tmp_path / "xdg" / "balancing-act"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert progress.home() == tmp_path / "Library/Application Support/balancing-act"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert progress.home() == tmp_path / "Local" / "balancing-act"


def test_missing_folder_is_created(tmp_path, monkeypatch):
    deep = tmp_path / "not" / "yet" / "there"
    monkeypatch.setenv("BALANCING_ACT_HOME", str(deep))
    progress.record("02.1", "check", "incorrect")
    assert stored(deep)["exercises"]["02.1"]["checks"] == 1


def test_summary_counts_per_lesson(home):
    for status in ("not_attempted", "invalid", "incorrect", "correct", "correct"):
        progress.record("02.1", "check", status)
    progress.record("02.2", "check", "not_attempted")
    progress.record("02.2", "hint", level=1)
    progress.record("02.2", "hint", level=1)
    progress.record("02.2", "hint", level=2)
    progress.record("02.3", "solution")
    progress.record("03.1", "check", "incorrect")
    table = progress.summary().set_index("lesson")
    assert list(table.columns) == ["exercises", "attempted", "correct", "hints_used",
                                   "solutions_viewed"]
    course = exercises.course().exercises
    assert table.loc["02", "exercises"] == sum(key.startswith("02.") for key in course)
    assert table.loc["02", ["attempted", "correct", "hints_used", "solutions_viewed"]].tolist() \
        == [1, 1, 2, 1]  # 02.2 was only "not attempted": it does not count as attempted
    assert table.loc["03", ["attempted", "correct"]].tolist() == [1, 0]
    assert set(table.index) >= {f"{int(key[:2]):02d}" for key in course}


def test_records_hold_no_answer_text_and_stay_small(home, monkeypatch):
    ex = exercises.exercise("00.2")
    ex.check("a learner's private thoughts " * 10_000)
    text = (home / "progress.json").read_text(encoding="utf-8")
    assert "private" not in text and len(text) < 1_000
    monkeypatch.setattr(store, "MAX_EVENTS", 20)
    for _ in range(50):
        progress.record("00.1", "check", "incorrect")
    content = stored(home)
    assert len(content["events"]) == 20  # the newest events, for detail
    assert content["events"][-1]["exercise"] == "00.1"
    assert content["exercises"]["00.1"]["checks"] == 50  # the counters count every one


def test_writes_leave_no_temporary_files(home):
    for n in range(5):
        progress.record(f"01.{n + 1}", "solution")
    assert sorted(p.name for p in home.iterdir()) == ["progress.json", "progress.json.lock"]


def test_bad_arguments_are_programming_errors():
    with pytest.raises(ValueError, match="event 'peek'"):
        progress.record("01.1", "peek")
    with pytest.raises(ValueError, match="a check needs a status"):
        progress.record("01.1", "check")
    with pytest.raises(ValueError, match="a hint needs its level"):
        progress.record("01.1", "hint")


def test_export_csv_per_lesson_and_per_exercise(home, tmp_path):
    progress.record("04.2", "check", "correct")
    progress.record("04.2", "hint", level=1)
    progress.record("04.3", "check", "incorrect", mistake=2)
    progress.record("04.3", "check", "correct")
    lessons = pd.read_csv(progress.export_csv(tmp_path / "out.csv", per="lesson"),
                          dtype={"lesson": str})
    assert lessons.set_index("lesson").loc["04", "correct"] == 2
    detail = pd.read_csv(progress.export_csv(tmp_path / "x.csv", learner="kim"),
                         dtype={"lesson": str, "exercise": str}, keep_default_na=False)
    assert set(detail.pop("exported_at").map(lambda t: datetime.fromisoformat(t).tzinfo
                                             is not None)) == {True}
    same = {"learner_id": "kim", "course_version": balancing_act.__version__,
            "solution_before_solved": False, "first_choice": "", "choices": "",
            "self_marks": ""}
    assert detail.to_dict("records") == [
        {"exercise": "04.2", "lesson": "04", "checks": 1, "last_status": "correct",
         "attempted": True, "ever_correct": True, "first_try_correct": True, "hints_used": 1,
         "solution_viewed": False, "mistakes": ""} | same,
        {"exercise": "04.3", "lesson": "04", "checks": 2, "last_status": "correct",
         "attempted": True, "ever_correct": True, "first_try_correct": False, "hints_used": 0,
         "solution_viewed": False, "mistakes": "2:1"} | same]


def test_mistake_numbers_and_first_attempt_are_kept_in_the_file(home):
    progress.record("02.1", "check", "not_attempted")
    progress.record("02.1", "check", "incorrect", mistake=1)
    progress.record("02.1", "check", "incorrect", mistake=1)
    progress.record("02.1", "check", "correct", mistake=3)  # a correct answer has no mistake
    entry = stored(home)["exercises"]["02.1"]
    assert entry["first"] == "incorrect"
    assert entry["mistakes"] == {"1": 2}


# --------------------------------------------------------------------------- notebook display


def test_session_table_is_deterministic_and_shows_only_this_session(home):
    (home).mkdir()
    other = {"format": progress_record.FORMAT, "version": 1, "events": [],
             "exercises": {"01.1": {"checks": 7, "correct": 7, "hints": [1, 2]}}}
    (home / "progress.json").write_text(json.dumps(other), encoding="utf-8")
    assert str(progress.progress_table()) == (
        "Your progress in this session (your full record: show_progress('all'))\n"
        "No checks, hints or solutions yet.")
    ex = exercises.exercise("00.3")
    ex.check("Correct")
    ex.check("Not attempted")
    ex.hint()
    view = progress.show_progress()
    assert str(view) == textwrap.dedent("""\
        Your progress in this session (your full record: show_progress('all'))
        lesson  exercises  attempted  correct  hints used  solutions viewed
            00          3          1        1           1                 0""")
    assert "<table" in view._repr_html_() and "hints used" in view._repr_html_()
    everything = progress.progress_table("all").table.set_index("lesson")
    assert everything.loc["01", "correct"] == 1 and everything.loc["00", "correct"] == 1
    assert progress.progress_table(lesson="1").table.empty


# --------------------------------------------------------------------------- damage and failure


@pytest.mark.parametrize("content, problem", [
    ('{"format": "balancing-act progress", "version": 1, "exerc', "not valid JSON"),
    ("[1, 2, 3]", "it is not a balancing-act progress file"),
    ('{"format": "balancing-act progress", "version": 1, "events": [], '
     '"exercises": {"02.1": {"checks": -4}}}', "'checks' of '02.1' is not a whole number"),
    (b"\xff\xfe\x00garbage", "it is not UTF-8 text"),
])
def test_damaged_file_is_moved_aside_with_one_warning(home, content, problem):
    home.mkdir()
    raw = content if isinstance(content, bytes) else content.encode()
    (home / "progress.json").write_bytes(raw)
    (home / "progress.json.damaged-1").write_text("an older damaged file")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        progress.record("02.1", "check", "correct")
        progress.record("02.1", "check", "correct")
    messages = progress_warnings(caught)
    assert len(messages) == 1
    assert str(home / "progress.json") in messages[0] and problem in messages[0]
    assert "progress.json.damaged-2" in messages[0]
    assert (home / "progress.json.damaged-2").read_bytes() == raw  # kept, byte for byte
    assert (home / "progress.json.damaged-1").read_text() == "an older damaged file"
    assert stored(home)["exercises"]["02.1"]["checks"] == 2


def test_a_file_from_a_newer_version_is_left_alone(home):
    home.mkdir()
    newer = '{"format": "balancing-act progress", "version": 99, "whatever": true}'
    (home / "progress.json").write_text(newer)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        progress.record("02.1", "check", "correct")
        progress.record("02.1", "check", "correct")
    assert len(progress_warnings(caught)) == 1
    assert (home / "progress.json").read_text() == newer
    assert progress.summary().set_index("lesson").loc["02", "correct"] == 1


def test_unusable_folder_warns_once_and_the_lesson_goes_on(tmp_path, monkeypatch):
    """A folder path that runs through a regular file cannot be created, even by root."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BALANCING_ACT_HOME", str(blocker / "balancing-act"))
    ex = exercises.exercise("00.1")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = [ex.check(42), ex.check(41), ex.check(...)]
        ex.hint()
    assert [r.status for r in results] == ["correct", "incorrect", "not_attempted"]
    messages = progress_warnings(caught)
    assert len(messages) == 1
    assert f"Cannot save progress in {blocker / 'balancing-act'}" in messages[0]
    assert "BALANCING_ACT_HOME" in messages[0]
    row = progress.summary().set_index("lesson").loc["00"]  # kept in memory
    assert (row["attempted"], row["correct"], row["hints_used"]) == (1, 1, 1)


def test_read_only_folder_keeps_events_in_memory_and_saves_them_later(home, monkeypatch):
    """Simulates EACCES from the folder (root ignores chmod), then lifts it."""
    progress.record("01.1", "check", "incorrect")
    before = (home / "progress.json").read_bytes()
    real = tempfile.mkstemp

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(home))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(5):
            progress.record("01.1", "check", "correct")
    messages = progress_warnings(caught)
    assert len(messages) == 1 and "Permission denied" in messages[0]
    assert (home / "progress.json").read_bytes() == before  # untouched, not half-written
    assert progress.summary().set_index("lesson").loc["01", "correct"] == 1
    monkeypatch.setattr(tempfile, "mkstemp", real)
    progress.record("01.2", "solution")
    entries = stored(home)["exercises"]
    assert entries["01.1"]["checks"] == 6 and entries["01.2"]["solutions"] == 1  # nothing lost


# --------------------------------------------------------------------------- two kernels


WRITER = """
import os, sys, time
from datetime import datetime
from pathlib import Path
from balancing_act import progress
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.001)
for n in range(int(sys.argv[3])):
    progress.record(sys.argv[1], "check", "incorrect" if n % 2 else "correct")
    progress.record(sys.argv[1], "hint", level=n % 3 + 1)
"""


def test_two_processes_writing_at_once_lose_nothing(home, tmp_path):
    go, count = tmp_path / "go", 100
    env = {**os.environ, "BALANCING_ACT_HOME": str(home)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, f"05.{n}", str(go), str(count)],
                                env=env, stderr=subprocess.PIPE, text=True) for n in (1, 2)]
    go.touch()
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        assert "ProgressWarning" not in err
    content = stored(home)
    for n in (1, 2):
        entry = content["exercises"][f"05.{n}"]
        assert (entry["checks"], entry["correct"], entry["incorrect"]) == (count, 50, 50)
        assert entry["hints"] == [1, 2, 3]
    assert len(content["events"]) == min(4 * count, store.MAX_EVENTS)
    sessions = {e["session"] for e in content["events"]}
    assert len(sessions) == 2


# --------------------------------------------------------------------------- course updates


def test_a_record_from_before_the_renumbering_keeps_pointing_at_the_same_questions(home):
    home.mkdir()
    (home / "progress.json").write_text(json.dumps(version_1_record()), encoding="utf-8")
    assert exercises.exercise("03.5").id == "03.5"  # renumbered ids still name the same slots
    table = progress.details("all").set_index("exercise")
    assert table.loc["03.5", "ever_correct"] and table.loc["03.5", "first_try_correct"]
    assert table.loc["03.4", "last_status"] == "incorrect"
    assert table.loc["03.4", "mistakes"] == progress.mistakes_text({"1": 1})
    assert table.loc["01.1", "ever_correct"]
    exercises.exercise("00.1").check(42)  # the next write stores the upgraded record
    store._flush()
    saved = stored(home)
    assert saved["version"] == progress_record.VERSION
    assert saved["exercises"]["03.5"]["correct"] == 1 and saved["exercises"]["03.4"]["incorrect"]
    assert [e["exercise"] for e in saved["events"][:2]] == ["03.5", "05.4"]

"""The teacher's class report over a class's progress files, as a teacher would run it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from balancing_act import progress
from balancing_act.class_report import records as class_records
from balancing_act.cli import commands as cli
from balancing_act.exercises import all_exercises

LEARNERS = [f"learner{n:02d}" for n in range(1, 11)]


def _as_learner(home: Path, monkeypatch, events: list[tuple]) -> None:
    """Record events exactly as a learner's kernel would, into that learner's own home."""
    monkeypatch.setenv("BALANCING_ACT_HOME", str(home))
    progress.reset_session()
    for exercise_id, event, *rest in events:
        if event == "check":
            status, *mistake = rest
            progress.record(exercise_id, "check", status, mistake=mistake[0] if mistake else None)
        elif event == "hint":
            progress.record(exercise_id, "hint", level=rest[0])
        else:
            progress.record(exercise_id, "solution")
    progress.reset_session()


@pytest.fixture
def hub_homes(tmp_path, monkeypatch) -> Path:
    """Ten learners' homes laid out as on a hub: /home/<name>/.local/share/balancing-act/."""
    homes = tmp_path / "home"
    for i, name in enumerate(LEARNERS):
        events: list[tuple] = []
        if i < 8:  # everyone but two starts; 00.1 goes well
            events.append(("00.1", "check", "correct"))
        if i < 6:  # six try 02.1: four make catalogued mistake 1 first, one gives up
            if i < 4:
                events.append(("02.1", "check", "incorrect", 1))
                events.append(("02.1", "hint", 1))
            if i != 3:
                events.append(("02.1", "check", "correct"))
        if i == 5:
            events.append(("02.2", "solution"))
        if i == 0:  # one learner finishes lesson 00
            events += [(k, "check", "correct") for k in all_exercises() if k.startswith("00.")]
        (homes / name).mkdir(parents=True)  # a hub makes every home, started or not
        data = homes / name / "course" / "lessons_data"  # a pulled course copy: not a record
        data.mkdir(parents=True)
        (data / "sentences.csv").write_text("id,text\nS01,x\n", encoding="utf-8")
        _as_learner(homes / name / ".local/share/balancing-act", monkeypatch, events)
    return homes


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["class-report", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _row(text: str, exercise_id: str) -> list[str]:
    line = next(ln for ln in text.splitlines() if ln.split()[:1] == [exercise_id])
    return line.split()


def test_report_over_a_hubs_homes_counts_what_the_class_did(hub_homes, capsys, tmp_path):
    code, out, err = run(capsys, str(hub_homes), "--html", str(tmp_path / "class.html"))
    assert code == 0, err
    assert err == ""
    # 02.1: 6 tried, 5 solved, 2 first try, 1 not solved, 4 used hints, top mistake 1 four times
    assert _row(out, "02.1")[2:9] == ["6", "5", "2", "1", "4", "4", "0"]
    assert "mistake 1:" in out
    assert _row(out, "02.1")[-1] == "4"
    assert _row(out, "00.1")[2:6] == ["8", "8", "8", "0"]  # learner01 checked it twice
    worst = [ln.split()[0] for ln in out.split("Learners:")[0].splitlines()[2:] if ln.strip()]
    assert worst[0] == "02.1"  # most missed first
    learners = out.split("Learners:")[1]
    lesson00 = sum(k.startswith("00.") for k in all_exercises())
    assert re.search(rf"learner01 +progress.json +{lesson00 + 1} +{lesson00 + 1} +00 02 +00 ",
                     learners)
    assert re.search(r"learner02 +progress.json +2 +2 +00 02 +\n", learners)
    assert re.search(r"learner10 +\(no progress file\) +0 +0 +yes", learners), learners
    assert learners.count("yes") == 2  # learner09 and learner10 have not started


def test_html_page_is_offline_and_holds_no_answer_text(hub_homes, capsys, tmp_path):
    target = tmp_path / "class.html"
    assert run(capsys, str(hub_homes), "--html", str(target))[0] == 0
    page = target.read_text(encoding="utf-8")
    assert "<script" not in page
    assert not re.search(r"(src|href)=['\"]?https?:", page)
    assert re.search(r"<svg role='img' aria-label='Bar chart of \d+ attempted exercises, most "
                     r"missed first. The most missed is 02.1: 1 of 6 learners", page)
    assert page.index(">02.1<") < page.index(">00.1<")  # the struggling exercise comes first
    assert "Not started yet: learner09, learner10." in page
    texts = [e.example_answer for e in all_exercises().values()
             if isinstance(e.example_answer, str) and len(e.example_answer) > 5]
    assert texts  # the course has text answers, and none of them is on the page
    assert not [t for t in texts if t in page]


def test_exports_and_progress_files_mix_and_foreign_files_are_named_and_skipped(
        hub_homes, capsys, tmp_path, monkeypatch):
    learner01 = hub_homes / "learner01/.local/share/balancing-act"
    monkeypatch.setenv("BALANCING_ACT_HOME", str(learner01))
    exports = tmp_path / "handed_in"
    exports.mkdir()
    progress.export_csv(exports / "progress_ada.csv", learner="ada")
    progress.export_csv(exports / "lessons_ben.csv", per="lesson", learner="ben")
    (exports / "marks.csv").write_text("name,mark\nada,7\n", encoding="utf-8")
    (exports / "damaged.csv").write_bytes(b"exercise,checks\n\xff\xfe,1\n")
    deep = exports / "deep" / "progress.json"
    deep.parent.mkdir()
    deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    code, out, err = run(capsys, str(exports))
    assert code == 0
    lines = err.splitlines()
    assert len(lines) == 3 and all(ln.startswith("balancing-act: skipped ") for ln in lines)
    assert any("marks.csv" in ln and "not those of a progress export" in ln for ln in lines)
    assert any("damaged.csv" in ln and "not UTF-8" in ln for ln in lines)
    assert any("progress.json" in ln and "JSON" in ln for ln in lines)
    assert "Traceback" not in out + err
    assert re.search(r"ada +progress_ada.csv +\d+ +\d+ +00 02 +00", out)
    assert re.search(r"ben +lessons_ben.csv +\d+ +\d+ +00 02 +00", out)


def test_nothing_readable_is_one_line_and_exit_1(capsys, tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    code, out, err = run(capsys, str(tmp_path / "notes.csv"), str(tmp_path / "missing"))
    assert code == 1
    assert out == ""
    assert err.splitlines()[-1].startswith("balancing-act: no progress file could be read")
    assert "missing: no such file or folder" in err


def test_html_never_overwrites_a_file_that_is_not_a_report(hub_homes, capsys, tmp_path):
    notebook = tmp_path / "lesson.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    code, _, err = run(capsys, str(hub_homes), "--html", str(notebook))
    assert code == 1
    assert "already exists and was not written by this command" in err
    assert notebook.read_text(encoding="utf-8") == "{}"
    report = tmp_path / "report.html"
    assert run(capsys, str(hub_homes), "--html", str(report))[0] == 0
    assert run(capsys, str(hub_homes), "--html", str(report))[0] == 0  # its own page: replaced
    code, _, err = run(capsys, str(hub_homes), "--html", str(tmp_path / "no" / "r.html"))
    assert code == 1 and "does not exist" in err


def test_a_progress_file_from_before_the_renumbering_is_reported_by_todays_numbers(tmp_path):
    from tests.support.records import version_1_record

    path = tmp_path / "learner01" / "progress.json"
    path.parent.mkdir()
    path.write_text(json.dumps(version_1_record()), encoding="utf-8")
    record = class_records.read_record(path, "learner01")
    assert record.exercises["03.5"].solved and record.exercises["03.5"].first_try
    assert record.exercises["03.4"].attempted and not record.exercises["03.4"].solved

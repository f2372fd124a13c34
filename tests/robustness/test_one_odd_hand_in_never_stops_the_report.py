"""Issue 26, point 5: a count that passes ``str.isdigit`` but not ``int`` ('²'), one of more
than 4,300 digits, or 10**300, in a hand-in CSV or in a progress.json (the teacher's
report, or the learner's own record), is one line: that file is skipped, the rest reported."""

from __future__ import annotations

import json
import warnings

import pytest

from balancing_act import progress
from balancing_act.cli import commands as cli

HEADER = "exercise,checks,last_status,ever_correct,hints_used,solution_viewed,mistakes\n"
GOOD = HEADER + "00.1,1,correct,True,1,False,\n"
ODD_CSV = {
    "superscript count": HEADER + "00.1,1,correct,True,²,False,\n",
    "superscript mistake": HEADER + "00.1,1,incorrect,False,0,False,1:²\n",
    "superscript mistake number": HEADER + "00.1,1,incorrect,False,0,False,³:1\n",
    "4,301 digits": HEADER + f"00.1,1,correct,True,{'9' * 4301},False,\n",
    "10**300": HEADER + f"00.1,1,correct,True,{10**300},False,\n",
    "superscript exercise number": HEADER + "0².1,1,correct,True,0,False,\n",
}


def record_text(checks: str = "1", mistakes: str = "{}") -> str:
    return ('{"format": "balancing-act progress", "version": 2, "events": [], "exercises": '
            f'{{"00.1": {{"checks": {checks}, "correct": 1, "mistakes": {mistakes}}}}}}}')


ODD_JSON = {
    "4,301 digits": record_text(checks="1" * 4301),
    "10**300": record_text(checks=str(10**300)),
    "superscript mistake number": record_text(mistakes='{"²": 1}'),
    "huge mistake count": record_text(mistakes=f'{{"1": {10**300}}}'),
}


def report(tmp_path, capsys, name: str, text: str) -> tuple[int, str, str]:
    folder = tmp_path / "hand_ins"
    folder.mkdir(exist_ok=True)
    (folder / "progress_ada.csv").write_text(GOOD, encoding="utf-8")
    (folder / name).write_text(text, encoding="utf-8")
    code = cli.main(["class-report", str(folder)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("case", ODD_CSV)
def test_an_odd_count_in_a_csv_skips_that_file_only(case, tmp_path, capsys):
    code, out, err = report(tmp_path, capsys, "progress_bo.csv", ODD_CSV[case])
    if case == "superscript exercise number":  # not a count: an unknown exercise, reported
        assert code == 0 and "unexpected" not in err, err
        return
    assert code == 0, err
    assert err.strip().splitlines() == [err.strip()], err
    assert "skipped" in err and "progress_bo.csv" in err and "unexpected" not in err, err
    assert "(1 learner file(s))" in out


@pytest.mark.parametrize("case", ODD_JSON)
def test_an_odd_count_in_a_progress_json_skips_that_file_only(case, tmp_path, capsys):
    folder = tmp_path / "hand_ins"
    (folder / "bo").mkdir(parents=True)
    code, out, err = report(tmp_path, capsys, "bo/progress.json", ODD_JSON[case])
    assert code == 0, err
    assert len(err.strip().splitlines()) == 1 and "skipped" in err, err
    assert "unexpected" not in err and "(1 learner file(s))" in out


@pytest.mark.parametrize("case", ODD_JSON)
def test_an_odd_count_in_the_learners_own_record_is_moved_aside(case, home):
    home.mkdir()
    (home / "progress.json").write_text(ODD_JSON[case], encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        progress.record("00.1", "check", "correct")
    messages = [str(w.message) for w in caught]
    assert len(messages) == 1 and "damaged" in messages[0], messages
    assert (home / "progress.json.damaged-1").exists()
    stored = json.loads((home / "progress.json").read_text(encoding="utf-8"))
    assert stored["exercises"]["00.1"]["checks"] == 1


def test_an_unforeseen_fault_in_one_file_is_one_line_too(tmp_path, capsys, monkeypatch):
    from balancing_act.class_report import records

    real = records._from_csv

    def fragile(text, path, learner):
        if "bo" in path.name:
            raise OverflowError("a fault no one foresaw")
        return real(text, path, learner)

    monkeypatch.setattr(records, "_from_csv", fragile)
    code, out, err = report(tmp_path, capsys, "progress_bo.csv", GOOD)
    assert code == 0 and "OverflowError" in err and "skipped" in err
    assert "(1 learner file(s))" in out

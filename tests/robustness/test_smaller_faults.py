"""Issue 26, point 7: the smaller faults, each reproduced."""

from __future__ import annotations

import fcntl
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from balancing_act.cli import commands as cli
from balancing_act.exercises import exercise
from tests.support.courses import course_copy, no_course_left_named  # noqa: F401

BRIEFS = Path(__file__).resolve().parents[2] / "docs" / "briefs"


def test_a_nul_byte_inside_a_sentence_fails_check_data(tmp_path, capsys):
    course = course_copy(tmp_path / "course", notebooks=False)
    sentences = course / "lessons_data" / "sentences.csv"
    lines = sentences.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(" ", " \x00", 1)
    sentences.write_text("".join(lines), encoding="utf-8")
    assert cli.main(["check-data", str(course / "lessons_data")]) == 1
    err = capsys.readouterr().err
    assert "sentences.csv" in err and "control character '\\x00'" in err
    assert "\x00" not in err


def test_a_bad_parameters_file_is_blamed_on_itself_by_answer_key(tmp_path, capsys):
    course = course_copy(tmp_path / "course")
    table = course / "lessons_data" / "model" / "parameters.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text(lines[0] + "garbage,row\n" + "".join(lines[2:]), encoding="utf-8")
    assert cli.main(["--course", str(course), "answer-key", str(tmp_path / "key")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("balancing-act: answer key: model/parameters.csv"), err
    assert "exercises/" not in err
    assert cli.main(["check-data", str(course / "lessons_data")]) == 1
    err = capsys.readouterr().err
    assert err.count("model/parameters.csv") == 1 and "checker failed" not in err, err


def test_check_brief_shows_escapes_and_keeps_one_row_per_line(tmp_path, capsys):
    text = (BRIEFS / "weak.md").read_text(encoding="utf-8")
    hostile = text.replace("\n\n", "\n\n\x1b]0;pwned\x07\x1b[2J", 3)
    path = tmp_path / "brief\tof\nada\x1b[31m.md"
    path.write_text(hostile, encoding="utf-8")
    code = cli.main(["check-brief", str(path)])
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err
    rows = [row for row in out.strip().splitlines() if "\t" in row]  # one brief: details
    assert len(rows) == 10 and all(len(row.split("\t")) == 3 for row in rows), rows
    assert "brief\\tof\\nada\\x1b[31m.md" in out.strip().splitlines()[-1] and code in (0, 1)


def test_a_newline_in_a_folder_name_keeps_check_data_to_one_line_per_problem(tmp_path,
                                                                              capsys):
    course = course_copy(tmp_path / "two\nlines", notebooks=False)
    (course / "lessons_data" / "glossary.csv").write_text("term\n", encoding="utf-8")
    assert cli.main(["check-data", str(course / "lessons_data")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].endswith("problem(s) in " + str(course / "lessons_data").replace("\n", "\\n"))
    problems = [line for line in err[:-1] if not line.startswith("WARNING: ")]
    assert problems and all("glossary.csv" in line for line in problems), err


def test_checks_made_while_another_program_holds_the_lock_through_exit_are_kept(home):
    home.mkdir()
    lock = os.open(home / "progress.json.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)  # another program, holding it past the kernel's exit
    env = {**os.environ, "BALANCING_ACT_HOME": str(home)}
    script = ("import warnings; warnings.simplefilter('ignore')\n"
              "from balancing_act.exercises import exercise\n"
              "exercise('00.1').check(42); exercise('00.1').check(41)\n")
    try:
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              timeout=120, env=env)
    finally:
        os.close(lock)
    assert done.returncode == 0, done.stderr
    assert not (home / "progress.json").exists()
    journals = list(home.glob("progress.json.pending-*"))
    assert len(journals) == 1 and len(json.loads(journals[0].read_text())) == 2
    exercise("01.1").check("anything")  # the next check, with the lock free
    stored = json.loads((home / "progress.json").read_text(encoding="utf-8"))
    assert stored["exercises"]["00.1"]["checks"] == 2 and "01.1" in stored["exercises"]
    assert not list(home.glob("progress.json.pending-*"))


def test_a_second_present_on_a_busy_port_announces_the_address_it_really_serves(
        monkeypatch, capsys):
    pytest.importorskip("voila")
    started = []
    monkeypatch.setattr(subprocess, "call", lambda *a, **k: started.append(a) or 0)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert cli.main(["present", "03", "--port", str(port)]) == 0
    out = capsys.readouterr().out
    used = int(re.search(r"using port (\d+)", out).group(1))
    assert f"Port {port} is in use" in out and used != port
    assert f"http://127.0.0.1:{used}/" in out  # the address Voilà is started on
    assert any(f"--port={used}" in arg or arg == str(used) for arg in started[0][0])


def test_the_voila_command_never_moves_to_another_port():
    from balancing_act.delivery import present

    assert "--Voila.port_retries=0" in present.voila_command(Path("x.ipynb"), 8866)


def test_a_course_folder_that_is_a_link_loop_is_one_clear_line(tmp_path, capsys):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert cli.main(["--course", str(loop), "student", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip()
    assert "loops back on itself" in err and "unexpected" not in err, err


class Exits:
    """A learner's object whose comparisons and text stop the interpreter."""

    def __eq__(self, other):
        raise SystemExit("from __eq__")

    def __hash__(self):
        return 1

    def __str__(self):
        raise SystemExit("from __str__")

    __repr__ = __str__

    def __iter__(self):
        raise SystemExit("from __iter__")


@pytest.mark.parametrize("exercise_id", ["04.4", "06.3"])
@pytest.mark.parametrize("shape", ["itself", "as a step", "as a phase", "as a field"])
def test_a_system_exit_from_a_learners_object_is_an_invalid_answer(exercise_id, shape):
    answer = {"itself": Exits(), "as a step": [[Exits()]], "as a phase": [Exits()],
              "as a field": {"author": Exits(), "plan": [[Exits()]]}}[shape]
    assert exercise(exercise_id).check(answer).status == "invalid"


def test_a_keyboard_interrupt_still_stops_a_check():
    class Stops:
        def __eq__(self, other):
            raise KeyboardInterrupt

        __hash__ = object.__hash__

        def __str__(self):
            raise KeyboardInterrupt

        def __iter__(self):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        exercise("04.4").evaluate([Stops()])


def test_the_class_report_shows_escapes_from_hand_in_names_and_cells(tmp_path, capsys):
    """Found beyond the issue: a hand-in's file name or cell reached the terminal raw."""
    (tmp_path / "progress_\x1b[2Jeve.csv").write_text(
        "exercise,checks,last_status,ever_correct,hints_used,solution_viewed,mistakes\n"
        "\x1b[31m00.1,1,correct,True,0,False,\n", encoding="utf-8")
    assert cli.main(["class-report", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\\x1b[2Jeve" in out

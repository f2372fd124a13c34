"""Ten learners on a real JupyterHub started from deploy/jupyterhub_config.py.

In order: the hub and every server run on loopback from the hub's own environment; the
nbgitpuller link hands out the student build; eight learners run lesson 00 through the
kernel API and two in Chromium, each with their own answers, and each gets a complete
progress record of their own; a course update reaches every learner without losing
their edits; stopping the hub leaves no process behind.
"""

from __future__ import annotations

import concurrent.futures
import os
import re
import shutil
import socket
import subprocess
import threading
import warnings
from collections import Counter
from pathlib import Path

import nbformat

from balancing_act.delivery import lab_settings
from balancing_act.exercises import exercise
from balancing_act.exercises.result import STATUSES
from tests.support import classwork, hubbrowser, hubclass, labdriver, procs

LEARNERS = classwork.LEARNERS
IN_BROWSER = hubbrowser.IN_BROWSER
API_LEARNERS = [n for n in LEARNERS if n not in IN_BROWSER]
UPDATE_LINE = "Course update: this lesson now ends with a short recap."


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on `port` (from /proc/net/tcp{,6})."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_the_hub_runs_on_loopback_and_every_learner_lands_in_jupyterlab(classroom):
    assert _listening_addresses(classroom.hub.port) == {"0100007F"}, "127.0.0.1 only"
    classroom.hub.track()
    sockets = procs.listening(classroom.hub.seen)
    assert len(sockets) >= 3 + len(LEARNERS), "the proxy (2), the hub's API and each server"
    assert {address for address, _ in sockets} <= procs.LOOPBACK, sockets
    assert sorted(classroom.learners) == LEARNERS
    for name, learner in classroom.learners.items():
        landed = learner.visit("/hub/").url
        assert landed.endswith(f"/user/{name}/lab"), f"{name} landed on {landed}, not Lab"


def test_every_learners_lab_has_the_course_settings_from_the_wheel(classroom):
    """No `balancing-act lab` on a hub: the settings come from the overrides.json the course
    wheel put into the hub's environment (long lines wrap, no news, widget state saved)."""
    wanted = lab_settings.overrides()
    assert (classroom.hub.python.parent.parent / hubclass.LAB_SETTINGS).is_file()
    for name, learner in classroom.learners.items():
        missing = labdriver.settings_not_applied(
            lambda plugin, who=learner: who.call("GET", f"lab/api/settings/{plugin}"), wanted)
        assert missing == [], f"{name}'s JupyterLab lacks: {missing}"


def test_the_link_hands_every_learner_the_student_build(classroom):
    built = classroom.repo.files()
    assert classwork.LESSON in built
    for name in API_LEARNERS:
        events = classroom.pulls[name]
        assert events and events[-1] == {"phase": "finished"}, (name, events[-3:])
    for name in API_LEARNERS:
        copy = classroom.learners[name].home / classwork.REPO_NAME
        assert sorted(p.name for p in copy.iterdir() if p.is_file()) == built, name
        for file in built:
            assert (copy / file).read_bytes() == classroom.repo.copy_of(file).read_bytes()


def _check_run(classroom, run: classwork.LessonRun) -> None:
    """The learner's record is theirs and complete, and they saw each check's verdict."""
    assert run.problems() == [], f"{run.learner}: {run.problems()}"
    if run.reconnects:   # picked up again, as JupyterLab would; shown in the warnings summary
        warnings.warn(f"{run.learner}: kernel websocket dropped and reconnected: "
                      f"{run.reconnects}", stacklevel=2)
    learner = classroom.learners[run.learner]
    if learner.http.resent:   # as a browser resends them; shown in the warnings summary
        warnings.warn(f"{run.learner}: requests sent again after the proxy closed a kept-"
                      f"alive connection: {learner.http.resent}", stacklevel=2)
    assert (learner.home / hubclass.PROGRESS).exists()
    for step, shown in run.feedback:
        if step.kind == "check":
            status = classwork.expected_gain([step])[step.exercise]["status"]
            assert STATUSES[status][1] in shown, (run.learner, step, shown[:200])


def test_eight_learners_run_lesson_00_at_once_from_the_installed_wheel(classroom):
    """Each with their own answers, in their own home, with the course from the hub's env."""
    plans = {name: classroom.plan(name) for name in LEARNERS}
    assert len({tuple(p) for p in plans.values()}) == len(LEARNERS), "plans must differ"
    with concurrent.futures.ThreadPoolExecutor(len(API_LEARNERS)) as pool:
        runs = pool.map(lambda n: classwork.run_lesson(classroom.learners[n], plans[n]),
                        API_LEARNERS)
        classroom.runs.update(zip(API_LEARNERS, runs, strict=True))
    classroom.hub.track()
    venv = classroom.hub.python.parent.parent
    for name in API_LEARNERS:
        _check_run(classroom, classroom.runs[name])
        course, puller, prefix, cwd, progress_home, transport, sockets = \
            classroom.runs[name].where
        assert Path(course).is_relative_to(venv), f"{name}'s course is not the installed wheel"
        assert "/src/balancing_act/" not in course
        assert Path(puller).is_relative_to(venv) and Path(prefix) == venv
        assert Path(cwd) == classroom.learners[name].home / classwork.REPO_NAME, cwd
        assert progress_home == "None", "the hub must not pass BALANCING_ACT_HOME on"
        assert transport == "ipc", f"{name}'s kernel is on {transport}, not Unix sockets"
        assert not Path(sockets).is_relative_to(classroom.learners[name].home)
    folders = [Path(classroom.runs[n].where[-1]) for n in API_LEARNERS]
    assert len(set(folders)) == len(API_LEARNERS), "each learner's sockets in their own"
    assert all(oct(f.stat().st_mode & 0o777) == "0o700" for f in folders), folders
    records = [classroom.runs[n].after for n in API_LEARNERS]
    assert len({str(r["exercises"]) for r in records}) == len(API_LEARNERS)
    assert not list(classroom.hub.trap.rglob("progress.json")), "a record leaked to the hub's"
    assert not (Path(os.environ["BALANCING_ACT_HOME"]) / "progress.json").exists()


def test_a_dropped_kernel_connection_is_picked_up_without_losing_output(classroom):
    """As JupyterLab does: reconnect with the same session and read the server's replay."""
    learner = classroom.learners[API_LEARNERS[0]]
    kernel = hubclass.Kernel(learner, "drop.ipynb")
    try:
        cut = threading.Timer(1.0, lambda: kernel.ws.sock.shutdown(socket.SHUT_RDWR))
        cut.start()
        done = kernel.execute("import time\nprint('before')\ntime.sleep(3)\nprint('after')")
        cut.join()
        again = kernel.execute("print('still here')")
    finally:
        kernel.shut_down(learner)
    assert len(kernel.reconnects) == 1, kernel.reconnects
    assert "before" in done.text and "after" in done.text and done.error is None
    assert "still here" in again.text


def test_two_learners_run_lesson_00_in_chromium(classroom, chromium):
    for name in IN_BROWSER:
        note = f"My notes ({name}): the article names no expert."
        page, landed, run = chromium.run(
            hubbrowser.learner_in_browser, chromium.browser, classroom.hub.base,
            classroom.learners[name], classroom.link, classroom.plan(name), note)
        classroom.pages[name] = page
        classroom.runs[name] = run
        classroom.edits[name] = note
        assert landed.endswith(f"/lab/tree/{hubbrowser.NOTEBOOK}"), landed
        _check_run(classroom, run)
    classroom.hub.track()


def _edit_over_the_api(learner: hubclass.Learner) -> str:
    """The learner adds a note at the end of lesson 00 and saves it (the Contents API)."""
    note = f"My notes ({learner.name}): S02 names Reuters as the source."
    content = learner.notebook(hubbrowser.NOTEBOOK)
    content["cells"].append(nbformat.v4.new_markdown_cell(note))
    learner.save_notebook(hubbrowser.NOTEBOOK, content)
    return note


def _teacher_updates(classroom) -> list[str]:
    """The teacher changes lesson 00's first cell and lesson 01, commits and pushes."""
    changed = [classwork.LESSON, next(f for f in classroom.repo.files() if f.startswith("01_"))]
    for name in changed:
        path = classroom.repo.copy_of(name)
        nb = nbformat.read(path, as_version=4)
        nb.cells[0].source = nb.cells[0].source + f"\n\n{UPDATE_LINE}"
        nbformat.write(nb, path)
    classroom.repo.push("Course update")
    return changed


def test_a_course_update_pulled_through_the_same_link_keeps_each_learners_edits(
        classroom):
    for name in LEARNERS:
        learner = classroom.learners[name]
        if not (learner.home / hubbrowser.NOTEBOOK).exists():   # no browser here: the API
            assert learner.pull(classroom.link)[-1] == {"phase": "finished"}
        if name not in classroom.edits:
            classroom.edits[name] = _edit_over_the_api(learner)
    changed = _teacher_updates(classroom)
    api = [n for n in LEARNERS if n not in classroom.pages]
    with concurrent.futures.ThreadPoolExecutor(len(api)) as pool:
        pulls = dict(zip(api, pool.map(lambda n: classroom.learners[n].pull(classroom.link), api),
                         strict=True))
    for page in classroom.pages.values():   # waits until Lab shows lesson 00 again
        classroom.browser.run(hubbrowser.follow_again, page, classroom.hub.base + classroom.link)
    for name in api:
        assert pulls[name][-1] == {"phase": "finished"}, (name, pulls[name][-3:])
    for name in LEARNERS:
        copy = classroom.learners[name].home / classwork.REPO_NAME
        for file in changed:
            text = (copy / file).read_text("utf-8")
            assert UPDATE_LINE in text, f"{name} did not get the update of {file}"
            assert "<<<<<<<" not in text and ">>>>>>>" not in text
        lesson = nbformat.read(copy / classwork.LESSON, as_version=4)
        sources = [c.source for c in lesson.cells]
        assert classroom.edits[name] in sources, f"{name}'s own edit was lost"
        assert not any(e in sources for n, e in classroom.edits.items() if n != name)


REPORT_ROW = re.compile(r"^\s*(\d\d\.\d+)\s+(\d\d)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s")


def _export(learner: hubclass.Learner) -> str:
    """The README's hand-in: `!balancing-act progress --export ...` in a notebook cell."""
    kernel = hubclass.Kernel(learner, "export.ipynb")
    try:
        done = kernel.execute(f"!balancing-act progress --export ~/progress_{learner.name}.csv")
    finally:
        kernel.shut_down(learner)
    return done.text


def _class_report(classroom, *paths: Path, html: Path,
                  names: list[str]) -> tuple[dict[str, tuple[int, int]], str]:
    """Run the hub environment's `balancing-act class-report`: (attempted, solved) per
    exercise from the printed table, and the printed text."""
    cli = classroom.hub.python.with_name("balancing-act")
    done = subprocess.run([str(cli), "class-report", *map(str, paths), "--html", str(html)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    for name in names:
        assert re.search(rf"^\s*{name}\s", done.stdout, re.M), f"{name} not in the report"
    page = html.read_text("utf-8")
    assert all(name in page for name in names) and "00.1" in page
    rows = {m[1]: (int(m[3]), int(m[4]))
            for m in map(REPORT_ROW.match, done.stdout.splitlines()) if m}
    return rows, done.stdout


def _from_records(classroom) -> dict[str, tuple[int, int]]:
    """(learners who attempted, learners who solved) per exercise, from the homes' records."""
    counts: dict[str, list[int]] = {}
    for learner in classroom.learners.values():
        for ex_id, entry in (learner.progress() or {"exercises": {}})["exercises"].items():
            tally = counts.setdefault(ex_id, [0, 0])
            tally[0] += any(entry.get(s, 0) for s in ("correct", "incorrect", "invalid"))
            tally[1] += entry.get("correct", 0) > 0
    return {k: (a, s) for k, (a, s) in counts.items() if a}


def test_the_hub_admin_runs_the_class_report_over_every_home(classroom, tmp_path):
    expected = _from_records(classroom)
    assert expected, "the learners attempted nothing"
    rows, _ = _class_report(classroom, classroom.hub.homes, html=tmp_path / "homes.html",
                            names=LEARNERS)
    assert rows == expected


def test_the_class_report_reads_the_learners_handed_in_exports(classroom, tmp_path):
    started = [n for n in LEARNERS if classroom.learners[n].progress()]
    with concurrent.futures.ThreadPoolExecutor(len(started)) as pool:
        said = list(pool.map(lambda n: _export(classroom.learners[n]), started))
    assert all("progress written to" in text for text in said), said
    handed_in = tmp_path / "handed_in"
    handed_in.mkdir()
    for name in started:
        shutil.copy(classroom.learners[name].home / f"progress_{name}.csv", handed_in)
    rows, _ = _class_report(classroom, handed_in, html=tmp_path / "exports.html",
                            names=started)
    classroom.reports["exports"] = rows
    expected = _from_records(classroom)
    assert {k: s for k, (_, s) in rows.items()} == {k: s for k, (_, s) in expected.items()}


def test_exports_and_progress_files_agree_on_who_attempted(classroom):
    assert classroom.reports.get("exports") == _from_records(classroom)


def test_a_home_with_an_export_in_it_still_counts_its_learner_once(classroom, tmp_path):
    _, text = _class_report(classroom, classroom.hub.homes, html=tmp_path / "again.html",
                            names=LEARNERS)
    learner_rows = [line for line in text.splitlines() if line.strip().startswith("learner")]
    assert len(learner_rows) == len(LEARNERS) + 1, learner_rows   # + the header line


def _top_mistake_counts(classroom) -> dict[str, int]:
    """Per exercise, how many learners made the class's most made catalogued mistake (a
    learner making it twice counts once)."""
    counts: dict[str, Counter] = {}
    for run in classroom.runs.values():
        made = set()
        for step in run.steps:
            if step.kind != "check":
                continue
            answers = [m.answer for m in exercise(step.exercise).mistakes]
            if step.answer in answers:
                made.add((step.exercise, answers.index(step.answer) + 1))
        for exercise_id, number in made:
            counts.setdefault(exercise_id, Counter())[number] += 1
    return {k: c.most_common(1)[0][1] for k, c in counts.items()}


def test_the_report_names_the_most_frequent_catalogued_mistake(classroom):
    cli = classroom.hub.python.with_name("balancing-act")
    done = subprocess.run([str(cli), "class-report", str(classroom.hub.homes)],
                          capture_output=True, text=True, timeout=120, check=False)
    shown = {m[1]: int(line.split()[-1]) for line in done.stdout.splitlines()
             if (m := REPORT_ROW.match(line))}
    expected = _top_mistake_counts(classroom)
    assert expected, "no learner checked a catalogued mistake"
    assert {k: shown.get(k) for k in expected} == expected


def test_each_learners_server_loads_what_a_lesson_uses_and_skips_the_rest(classroom):
    """JupyterLab, nbgitpuller and terminals in every learner's server; the language-server
    search, Voila and the notebook shim in none (deploy/jupyterhub_config.py)."""
    log = classroom.hub.log()
    loaded = Counter(re.findall(r"(\S+) \| extension was successfully loaded", log))
    for needed in ("jupyterlab", "nbgitpuller", "jupyter_server_terminals"):
        assert loaded[needed] >= len(LEARNERS), (needed, loaded)
    assert not {"jupyter_lsp", "voila.server_extension", "notebook_shim"} & set(loaded)


def test_stopping_the_hub_stops_every_process_it_started(classroom):
    hub = classroom.hub
    hub.track()
    assert len(hub.seen) >= 2 + len(LEARNERS) + len(classroom.runs), (
        "the hub, the proxy, the servers and the lesson kernels should all have been seen")
    for page in classroom.pages.values():
        classroom.browser.run(page.context.close)
    sockets = Path(classroom.runs[API_LEARNERS[0]].where[-1]).parent
    assert sockets.is_dir()
    left = hub.stop()
    assert left == [], "still running after the hub stopped:\n" + "\n".join(left)
    assert not any(procs.alive(p) for p in hub.seen)
    assert not sockets.exists(), "the hub leaves the learners' kernel-socket folders behind"

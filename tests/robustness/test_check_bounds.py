"""Issue 14, defect 9 (and the bound behind it): a check answers any answer at once.

A plan of any size (``range(10**9)`` took 49 s), an endless generator, a million
values or a list nested 100,000 deep: each is judged "invalid" with one short
sentence. The sweep runs in a child process with a timeout, so a regression
fails instead of hanging the suite. Timing targets live in ``make bench``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from balancing_act import exercises
from balancing_act.exercises import answer_bounds

REPO = Path(__file__).resolve().parents[2]

SWEEP = """
import json, sys
from tests.support.hostile import oversized_answers
from balancing_act import exercises
results = []
every = exercises.all_exercises()
for label, make in oversized_answers():
    value = make()
    for ex_id, ex in every.items():
        fresh = value if label not in ("an endless generator", "itertools.count()") else make()
        result = ex.evaluate(fresh)  # judged as check() judges, without 338 file writes
        results.append([label, ex_id, result.status, result.message])
print(json.dumps(results))
"""


def test_a_plan_of_any_size_is_refused_at_once():
    ex = exercises.exercise("04.4")
    result = ex.check(range(10**9))
    assert result.status == "invalid"
    assert result.message.startswith("This answer holds more than 10,000 values")
    # (an endless phase, [itertools.count()], is in the sweep below: run with a timeout)


def test_a_plan_just_over_the_phase_limit_says_how_many_are_allowed():
    ex = exercises.exercise("04.4")
    result = ex.check([["invest"]] * 50)
    assert result.status == "invalid"
    assert result.message.startswith("The plan has 50 phases; at most")


def test_every_exercise_answers_every_oversized_answer_in_one_sentence(tmp_path):
    env = {**os.environ, "BALANCING_ACT_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", SWEEP], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    assert len(results) >= 13 * 20
    for label, ex_id, status, message in results:
        assert status == "invalid", (label, ex_id, status, message)
        assert len(message) < 600 and "Traceback" not in message, (label, ex_id)


def test_the_courses_own_answers_are_well_inside_the_bounds():
    for ex in exercises.all_exercises().values():
        for answer in [ex.example_answer, *(m.answer for m in ex.mistakes)]:
            assert answer_bounds.problem(answer) is None, ex.id


def test_the_bounds_say_what_is_too_large():
    assert "nested more than 50 levels" in answer_bounds.problem(json.loads("[" * 60 + "]" * 60))
    assert "10,000 values" in answer_bounds.problem({str(n): n for n in range(20_000)})
    assert "characters" in answer_bounds.problem("x" * 200_000)
    assert "digits" in answer_bounds.problem(10**5000)
    assert answer_bounds.problem([["invest", "safeguards"], ["invest"]]) is None

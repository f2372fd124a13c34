"""The assessment self-check (issue 21, point 7): the course cannot be passed without reading.

Two promises, held over every exercise file and every lesson the course ships:

* a learner who never reads, always choosing the first option or always the longest,
  scores at most a third of the single-choice items;
* no ``reasoning`` item's key is printed between the previous exercise and it, in the
  lesson's Markdown, stored outputs or stored widget state, in the instructor notebook
  (as committed, executed) and in the student build (as a learner's kernel runs it).
  "Printed" is defined in ``tests.support.lesson_spans``: a right option's text, the
  numeric answer as a number on its own, an exact accepted string, a long stretch of a
  written item's model answer, a classification's item beside its category.

The check is shown to fail on a planted leak of each kind, so a pass means something.
"""

from __future__ import annotations

import copy
import json

import pytest

from balancing_act.exercises import all_exercises, item_design
from balancing_act.support import paths
from tests.support import builds, lesson_spans, shipped_course

LESSONS = sorted(paths.notebooks_dir().glob("[0-9][0-9]_*.ipynb"))


def _course() -> dict:
    return shipped_course.split(all_exercises())[0]


def _leaks(nb: dict, course: dict) -> list[str]:
    return [f"{eid}: {key!r}" for eid, span in lesson_spans.spans(nb)
            if eid in course and course[eid].skill == "reasoning"
            for key in lesson_spans.printed_keys(course[eid], span)]


def test_a_learner_who_never_reads_scores_at_most_a_third():
    scores = item_design.never_reads_scores(_course())
    assert {"always the first", "always the longest"} <= set(scores)
    too_high = {k: f"{v:.0%}" for k, v in scores.items() if v > 1 / 3}
    assert not too_high, f"a learner who never reads scores: {too_high}"


def test_every_reasoning_item_is_shown_in_its_lesson():
    shown = {eid for path in LESSONS
             for eid in lesson_spans.exercise_cells(json.loads(path.read_text("utf-8")))}
    missing = [eid for eid, ex in _course().items() if ex.skill == "reasoning"
               and eid not in shown]
    assert not missing, f"reasoning items no lesson shows: {missing}"


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem[:2] for p in LESSONS])
def test_no_key_is_printed_before_its_item_in_the_instructor_notebook(lesson):
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    leaks = _leaks(nb, _course())
    assert not leaks, f"{lesson.name}: keys printed above their item: " + "; ".join(leaks)


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem[:2] for p in LESSONS])
def test_no_key_is_printed_before_its_item_in_the_student_build(lesson, tmp_path_factory):
    """The student lesson as a learner's kernel runs it (the run's one shared execution)."""
    nb = builds.executed_student_lesson(tmp_path_factory, lesson.name)
    leaks = _leaks(nb, _course())
    assert not leaks, f"student {lesson.name}: keys printed above their item: " + "; ".join(
        leaks)


# ------------------------------------------------------------------ the check can fail


def _lesson_of(eid: str) -> dict:
    path = next(p for p in LESSONS if p.name.startswith(eid[:2]))
    return json.loads(path.read_text(encoding="utf-8"))


def _item_of(kind: str, skill: str = "reasoning") -> str:
    return next(eid for eid, ex in _course().items() if ex.type == kind and ex.skill == skill
                and eid in lesson_spans.exercise_cells(_lesson_of(eid)))


def _plant(nb: dict, eid: str, cell: dict) -> dict:
    planted = copy.deepcopy(nb)
    planted["cells"].insert(lesson_spans.exercise_cells(nb)[eid], cell)
    return planted


def _long_key(ex) -> str:
    right, _ = lesson_spans._choice_texts(ex)
    return next(r for r in right if len(r) >= lesson_spans.MIN_CHARS)


def test_a_key_in_the_markdown_above_its_item_is_caught():
    eid = next(e for e, ex in _course().items() if ex.type == "single_choice"
               and ex.skill == "reasoning" and any(
                   len(r) >= lesson_spans.MIN_CHARS for r in lesson_spans._choice_texts(ex)[0]))
    nb = _lesson_of(eid)
    key = _long_key(_course()[eid])
    planted = _plant(nb, eid, {"cell_type": "markdown", "metadata": {},
                               "source": [f"Remember: **{key}**"]})
    assert f"{eid}: {lesson_spans.plain(key)!r}" in _leaks(planted, _course()) or any(
        r.startswith(f"{eid}: ") for r in _leaks(planted, _course()))
    assert not [r for r in _leaks(nb, _course()) if r.startswith(f"{eid}: ")]


def test_a_key_in_a_widgets_stored_state_is_caught():
    eid = _item_of("two_tier")
    nb = copy.deepcopy(_lesson_of(eid))
    reason = str(_course()[eid].example_answer["reason"])
    state = nb["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    state["planted-box"] = {"state": {"children": ["IPY_MODEL_planted-label"]}}
    state["planted-label"] = {"state": {"value": f"<p>{reason}</p>"}}
    output = {"output_type": "display_data", "metadata": {}, "data": {
        "application/vnd.jupyter.widget-view+json": {"model_id": "planted-box"}}}
    planted = _plant(nb, eid, {"cell_type": "code", "metadata": {}, "source": ["x"],
                               "outputs": [output], "execution_count": 1})
    assert [r for r in _leaks(planted, _course()) if r.startswith(f"{eid}: ")]


def test_a_number_an_accepted_string_and_a_model_answer_in_an_output_are_caught():
    course = all_exercises()
    numeric = next(ex for ex in course.values() if ex.type == "numeric")
    number = numeric.example_answer
    assert lesson_spans.printed_keys(numeric, lesson_spans.plain(f"the total is {number}."))
    assert not lesson_spans.printed_keys(numeric, lesson_spans.plain(f"S{number}1 and 9{number}"))
    text = next(ex for ex in course.values() if ex.type == "text")
    assert lesson_spans.printed_keys(text, lesson_spans.plain(f"<td>{text.example_answer}</td>"))
    written = course[_item_of("written")]
    assert lesson_spans.printed_keys(written, lesson_spans.plain(written.example_answer))


def test_a_solution_cells_filled_form_and_the_items_own_prompt_are_not_leaks():
    eid = _item_of("single_choice")
    ex = _course()[eid]
    key = _long_key(ex) if any(len(r) >= lesson_spans.MIN_CHARS
                               for r in lesson_spans._choice_texts(ex)[0]) else None
    if key is None:
        pytest.skip("no long key to plant")
    nb = _lesson_of(eid)
    solution = {"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": ["x"],
                "execution_count": 1, "outputs": [{"output_type": "stream", "name": "stdout",
                                                   "text": [key]}]}
    prompt = {"cell_type": "markdown", "metadata": {}, "source": [ex.prompt]}
    planted = _plant(_plant(nb, eid, solution), eid, prompt)
    assert not [r for r in _leaks(planted, _course()) if r.startswith(f"{eid}: ")]


def test_a_short_key_counts_when_the_span_singles_it_out():
    """'hedging' in a glossary of every term is teaching; alone, it is the answer."""
    ex = next(ex for ex in _course().values() if ex.type == "single_choice"
              and any(len(r) < lesson_spans.MIN_CHARS for r in lesson_spans._choice_texts(ex)[0]))
    right, wrong = lesson_spans._choice_texts(ex)
    key = next(r for r in right if len(r) < lesson_spans.MIN_CHARS)
    assert lesson_spans.printed_keys(ex, lesson_spans.plain(f"The answer is {key}.")) == [key]
    glossary = " ".join(f"{w}: a term." for w in [*wrong, key])
    assert key not in lesson_spans.printed_keys(ex, lesson_spans.plain(glossary))

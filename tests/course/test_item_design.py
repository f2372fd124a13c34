"""Marked items make learners reason, and no item's answer is on screen before it is asked.

Each exercise says what it asks (``skill``): reasoning with the article, finding
something in it (its answer may be on screen: that is the point), or practising a
control or a calculation. In lessons 01 to 05 at least 60 % of the items reason. No
choice item gives its key away by position or length, and a learner who never reads
scores at most a third of the single-choice items (issue 21).

These are held strictly for the items the course ships (``tests.support.shipped_course``);
an item a teacher adds to their copy gets the same rules as warnings, here and in
``balancing-act check-data``, so an honest tag never has to be falsified to pass.
"""

from __future__ import annotations

import html
import json
import re
import warnings
from collections import defaultdict
from pathlib import Path

import pytest

from balancing_act.exercises import all_exercises, item_design
from balancing_act.support import paths
from tests.support import shipped_course
from tests.support.courses import course_copy
from tests.support.readme_example import apply_worked_example

REASONING_SHARE = item_design.REASONING_SHARE
LESSONS_THAT_REASON = item_design.LESSONS_THAT_REASON
MIN_CHARS = item_design.MIN_KEY_CHARS  # shorter answers ("EAEU") are words any page uses


class TeachersItemWarning(UserWarning):
    """A design rule an item outside the shipped course does not keep: said, not failed."""


def shipped() -> dict:
    return shipped_course.split(all_exercises())[0]


def warn_teacher(messages) -> None:
    for message in messages:
        warnings.warn(f"{message} (an item outside the shipped course: a warning, never "
                      "a failure)", TeachersItemWarning, stacklevel=2)


def _notebook(lesson: str) -> dict:
    path = next(paths.notebooks_dir().glob(f"{lesson}_*.ipynb"))
    return json.loads(path.read_text(encoding="utf-8"))


def _widget_texts(nb: dict, model_id: str, seen: set[str]) -> list[str]:
    """Every string a widget (and the widgets inside it) holds: what its view shows."""
    if model_id in seen:
        return []
    seen.add(model_id)
    state = nb.get("metadata", {}).get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    found: list[str] = []
    for value in state.get(model_id, {}).get("state", {}).values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.startswith("IPY_MODEL_"):
                found += _widget_texts(nb, item.removeprefix("IPY_MODEL_"), seen)
            elif isinstance(item, str):
                found.append(item)
    return found


def _shown(nb: dict, cell: dict) -> str:
    """What a cell's stored output shows a reader, as plain text."""
    parts: list[str] = []
    for out in cell.get("outputs", []):
        data = out.get("data", {})
        for key in ("text/plain", "text/html", "text/markdown"):
            value = data.get(key, "")
            parts.append("".join(value) if isinstance(value, list) else value)
        view = data.get("application/vnd.jupyter.widget-view+json")
        if view:
            parts += _widget_texts(nb, view["model_id"], set())
        parts.append("".join(out.get("text", "")))
    text = html.unescape(re.sub(r"<[^>]+>", " | ", " ".join(parts)))
    return " ".join(text.split())


def _cell_of(nb: dict, exercise_id: str) -> int | None:
    for n, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code" and f'exercise("{exercise_id}")' in "".join(
                cell["source"]):
            return n
    return None


def _before(nb: dict, index: int) -> str:
    """Everything a learner sees above an item: outputs of the cells that are not worked
    answers (a solution cell's filled form is the instructor's, not the learner's)."""
    return " ".join(_shown(nb, c) for c in nb["cells"][:index] if c["cell_type"] == "code"
                    and "solution" not in c.get("metadata", {}).get("tags", []))


def _answer_texts(ex) -> list[str]:
    answer = ex.example_answer
    if isinstance(answer, str):
        return [answer] if len(answer) >= MIN_CHARS else []
    if isinstance(answer, list) and ex.type == "multiple_choice":
        return [a for a in answer if isinstance(a, str) and len(a) >= MIN_CHARS]
    return []


def test_every_course_item_says_what_it_asks():
    missing = [eid for eid, ex in shipped().items() if not ex.skill]
    assert not missing, f"no 'skill' (reasoning, finding or practice) for: {missing}"
    own = shipped_course.split(all_exercises())[1]
    warn_teacher(f"exercise {eid}: no 'skill'" for eid, ex in own.items() if not ex.skill)


def test_no_choice_item_gives_its_key_away():
    """Position spread, key rarely the longest, no front-loaded lists, no lone number."""
    strict = item_design.design_warnings(shipped())
    assert strict == []
    warn_teacher(w for w in item_design.design_warnings(all_exercises()) if w not in strict)


def test_a_teachers_items_keep_the_rules_as_warnings_never_failures(tmp_path):
    """The README's worked example in a copy: as written (tagged honestly 'finding') it
    raises nothing; untagged it warns; a second finding item drops lesson 02 below 60 %
    reasoning, which warns too. The shipped items are still held to every rule."""
    if shipped_course.split(all_exercises())[1]:
        pytest.skip("this copy of the course holds items of its own already; the rule is "
                    "tested on the course as shipped")
    data = course_copy(tmp_path / "as_written", notebooks=False) / "lessons_data"
    new_id = apply_worked_example(data)
    course = all_exercises(data / "exercises")
    ours, theirs = shipped_course.split(course)
    assert list(theirs) == [new_id] and theirs[new_id].skill == "finding"
    assert item_design.design_warnings(course) == []

    data = course_copy(tmp_path / "untagged", notebooks=False) / "lessons_data"
    new_id = apply_worked_example(data, skill=None)
    said = item_design.design_warnings(all_exercises(data / "exercises"))
    assert said == [f"exercise {new_id}: no 'skill'; add skill: reasoning, finding or "
                    "practice (what the item asks of a learner; an honest 'finding' is fine)"]

    data = course_copy(tmp_path / "two", notebooks=False) / "lessons_data"
    first, second = apply_worked_example(data), apply_worked_example(data)
    course = all_exercises(data / "exercises")
    assert [first, second] == ["02.6", "02.7"]
    assert item_design.design_warnings(shipped_course.split(course)[0]) == []
    assert item_design.design_warnings(course) == [
        "lesson 02: 4 of 7 items are tagged reasoning (the course keeps at least 60%)"]


def test_a_learner_who_never_reads_scores_at_most_a_third():
    scores = item_design.never_reads_scores(shipped())
    assert scores, "the course has single-choice items"
    too_high = {k: f"{v:.0%}" for k, v in scores.items() if v > 1 / 3}
    assert not too_high, f"a learner who never reads scores: {too_high}"


def test_every_wrong_option_has_its_own_hint():
    """Each option that is neither the key nor accepted is a catalogued mistake."""
    missing = []
    for eid, ex in shipped().items():
        if ex.type != "single_choice":
            continue
        right = {ex.checker.parse(ex.example_answer)} | {
            ex.checker.parse(a["answer"]) for a in ex.spec.get("accepted") or []}
        caught = {ex.checker.parse(m.answer) for m in ex.mistakes}
        missing += [f"{eid}: {o!r}" for o in ex.checker.options
                    if ex.checker.parse(o) not in right | caught]
    assert not missing, "wrong options without a targeted hint: " + "; ".join(missing)


def test_no_mistake_hint_restates_the_key():
    leaks = []
    for eid, ex in shipped().items():
        if ex.type not in ("single_choice", "multiple_choice"):
            continue
        keys = ex.example_answer if isinstance(ex.example_answer, list) else [ex.example_answer]
        long_keys = [k for k in keys if isinstance(k, str) and len(k) >= MIN_CHARS]
        leaks += [f"{eid}: {k!r}" for m in ex.mistakes for k in long_keys if k in m.hint]
    assert not leaks, "mistake hints that restate the key: " + "; ".join(leaks)


def test_every_lesson_that_reasons_holds_the_line():
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for eid, ex in shipped().items():
        counts[eid[:2]][ex.skill] += 1
    strict = item_design.skill_share_warnings(shipped())
    warn_teacher(w for w in item_design.skill_share_warnings(all_exercises()) if w not in strict)
    for lesson in LESSONS_THAT_REASON:
        total = sum(counts[lesson].values())
        share = counts[lesson]["reasoning"] / total
        assert share >= REASONING_SHARE, (
            f"lesson {lesson}: {counts[lesson]['reasoning']} of {total} items reason "
            f"({share:.0%}); at least {REASONING_SHARE:.0%} should")


@pytest.mark.parametrize("lesson", ["00", *LESSONS_THAT_REASON, "06"])
def test_no_answer_is_on_screen_before_its_item(lesson):
    nb = _notebook(lesson)
    leaks = []
    for eid, ex in all_exercises().items():
        if eid[:2] != lesson or ex.skill == "finding":
            continue
        index = _cell_of(nb, eid)
        if eid not in shipped_course.SHIPPED_IDS:  # a teacher's item: said, never failed
            warn_teacher([f"exercise {eid} is not shown in lesson {lesson}"] if index is None
                         else [f"{eid}: {text!r} is on screen above it" for text in
                               _answer_texts(ex) if text in _before(nb, index)])
            continue
        assert index is not None, f"exercise {eid} is not shown in lesson {lesson}"
        earlier = _before(nb, index)
        leaks += [f"{eid}: {text!r}" for text in _answer_texts(ex) if text in earlier]
        if ex.type == "classification":
            rows = [r for r in re.split(r"\| \|", earlier)]
            leaks += [f"{eid}: {item} / {cat}" for item, cat in ex.example_answer.items()
                      if any(item in row and f"| {cat} |" in f"| {row} |" for row in rows)]
    assert not leaks, "answers on screen before their item: " + "; ".join(leaks)


def test_the_leak_check_finds_a_planted_leak():
    """A table printed above 02.5 with its answer in it is caught (the test can fail)."""
    nb = _notebook("02")
    index = _cell_of(nb, "02.5")
    ex = all_exercises()["02.5"]
    planted = {"cell_type": "code", "metadata": {}, "source": ["x"],
               "outputs": [{"output_type": "execute_result", "metadata": {},
                            "data": {"text/html": f"<td>{ex.example_answer}</td>"}}]}
    nb["cells"].insert(index, planted)
    assert ex.example_answer in _before(nb, index + 1)


def test_interpretive_items_accept_each_defensible_reading():
    for eid, ex in all_exercises().items():
        for accepted in ex.spec.get("accepted") or []:
            result = ex.evaluate(accepted["answer"])
            assert result.correct, eid
            assert accepted["explanation"].split()[0] in result.message, eid


def test_items_answered_in_the_lesson_files_exist():
    files = {p.name[:2] for p in Path(paths.notebooks_dir()).glob("[0-9][0-9]_*.ipynb")}
    assert {eid[:2] for eid in all_exercises()} <= files

"""The class report counts first choices by letter, right answers for wrong reasons, and
self-marks per criterion, and keeps no learner's text (issue 21)."""

from __future__ import annotations

import contextlib
import html
import io
import re
from collections import Counter
from pathlib import Path

import pytest

from balancing_act.class_report import reasoning
from balancing_act.class_report import records as class_records
from balancing_act.class_report.records import ExerciseRecord, LearnerRecord
from balancing_act.cli import commands as cli
from balancing_act.exercises import all_exercises
from balancing_act.record.format import MARKS
from tests.support import class_of_thirty as klass


def _learner(name: str, **entries: ExerciseRecord) -> LearnerRecord:
    return LearnerRecord(name, Path(name), {k.replace("_", "."): v for k, v in entries.items()})


def _done(choice: str | None = None, marks: dict | None = None) -> ExerciseRecord:
    return ExerciseRecord(attempted=True, solved=False, first_try=False, hints=0,
                          solution=False, first_choice=choice, self_marks=marks or {})


def test_options_two_tier_and_marks_are_counted():
    course = all_exercises()
    key = course["01.2"].checker.choice_of(course["01.2"].checker.parse(
        course["01.2"].example_answer))
    wrong_reason = key.split("/")[0] + "/B"
    records = [_learner("a", **{"01_1": _done("A"), "01_2": _done(wrong_reason),
                                "01_3": _done(marks={"1": "yes", "2": "no", "3": "partly"})}),
               _learner("b", **{"01_1": _done("A"), "01_2": _done(key)})]
    table = reasoning.choice_table(records, course)
    rows = {(r.exercise, r.what): r.learners for r in table.itertuples()}
    first = [n for (eid, what), n in rows.items() if eid == "01.1" and what.startswith("chose A.")]
    assert first == [2]
    assert rows[("01.2", "right answer, wrong reason")] == 1
    assert rows[("01.3", "criterion 1: yes 1, partly 0, no 0")] == 1
    worst = reasoning.most_chosen_wrong(table, course)
    a_is_key = course["01.1"].evaluate("A").correct
    assert ("01.1" in worst) is not a_is_key  # the key is never a "wrong option"
    if not a_is_key:
        assert worst["01.1"].what.startswith("A. ") and worst["01.1"].learners == 2
    choice, what, n = worst["01.2"]  # the right answer for a wrong reason is a wrong choice
    assert choice == wrong_reason and n == 1
    assert what.startswith(f"answer {key[0]}. ") and "; reason B. S02 " in what


# ------------------------------------------------------------------ the page, class of thirty


@pytest.fixture(scope="module")
def reasoned_class(tmp_path_factory) -> tuple[Path, str, str]:
    """A class of thirty who also answered 01.2 (two-tier) and 01.3 (written), reported
    through the command a teacher runs: (the page, its text, the terminal's text)."""
    root = tmp_path_factory.mktemp("reasoned-class")
    folder = klass.make_class(root, reasoning=True)
    page = root / "report.html"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["class-report", str(folder), "--roster", str(root / "canvas.csv"),
                         "--html", str(page)]) == 0
    return page, page.read_text(encoding="utf-8"), out.getvalue()


def _workers() -> list[int]:
    return [i for i in range(klass.SIZE) if i not in (klass.ABSENT, klass.IDLE)]


def _choice_rows(text: str, keys: list | None = None) -> dict[tuple[str, str], int]:
    """The page's per-item table: (exercise, what was chosen or marked) -> learners;
    ``keys`` gets (exercise, choice, said to be right) for each option row."""
    keys = [] if keys is None else keys
    section = text.split("<h2>What the class chose, item by item</h2>")[1].split("</table>")[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", section, flags=re.S):
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                 for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]
        if len(cells) == 4 and cells[2].isdigit():
            rows[(cells[0], cells[1])] = int(cells[2])
            if cells[1].startswith("chose "):
                keys.append((cells[0], cells[1], cells[3] == "yes"))
    return rows


def test_the_page_counts_each_option_of_a_two_tier_item_by_letter_and_label(reasoned_class):
    _, text, _ = reasoned_class
    rows = _choice_rows(text)
    picks = Counter(klass.TWO_TIER_PICKS[i % 4] for i in _workers())
    checker = all_exercises()[klass.TWO_TIER].checker
    for (answer, why), n in picks.items():
        label = (f"chose answer {answer}. {checker.options[ord(answer) - 65]}; "
                 f"reason {why}. ")
        found = [v for (eid, what), v in rows.items()
                 if eid == klass.TWO_TIER and what.startswith(label[:30])
                 and f"; reason {why}." in what]
        assert found == [n], (answer, why, rows)
    wrong_reason = sum(1 for i in _workers() if i % 4 == 1)
    assert rows[(klass.TWO_TIER, "right answer, wrong reason")] == wrong_reason
    keys: list = []
    _choice_rows(text, keys)
    said_right = [what for eid, what, right in keys if eid == klass.TWO_TIER and right]
    assert len(said_right) == 1 and said_right[0].startswith("chose answer D. ")
    assert "; reason A. " in said_right[0]  # the key (D, A), and only it, marked right


def test_the_page_spreads_the_self_marks_of_each_criterion(reasoned_class):
    _, text, _ = reasoned_class
    rows = _choice_rows(text)
    criteria = len(all_exercises()[klass.WRITTEN].checker.rubric)
    for n in range(1, criteria + 1):
        marks = Counter(klass.self_marks(i, criteria)[str(n)] for i in _workers())
        spread = ", ".join(f"{m} {marks.get(m, 0)}" for m in MARKS)
        assert rows[(klass.WRITTEN, f"criterion {n}: {spread}")] == len(_workers())


def test_the_chart_names_each_items_most_chosen_wrong_option(reasoned_class):
    _, text, said = reasoned_class
    chart = text.split("<svg")[1].split("</svg>")[0]
    picks = Counter(klass.TWO_TIER_PICKS[i % 4] for i in _workers())
    key = ("D", "A")
    (answer, why), n = min(((p, c) for p, c in picks.items() if p != key),
                           key=lambda pc: (-pc[1], pc[0]))
    assert f"most chosen wrong: answer {answer} for reason {why} ({n} learners)" in chart
    # single-choice items of the class's week are named by letter and words, too
    singles = re.findall(r"most chosen wrong: ([A-H])\. \w", html.unescape(chart))
    assert len(singles) >= 3
    assert f"{klass.TWO_TIER}: most chosen wrong option: answer {answer}. " in said


def test_the_page_holds_letters_and_the_courses_words_only(reasoned_class):
    """No learner's own text: the written item's model answer was their text here, and
    the page never prints it (only the rubric's numbers and the marks)."""
    _, text, _ = reasoned_class
    model = all_exercises()[klass.WRITTEN].example_answer
    assert model[:60] not in html.unescape(text)
    assert "no idea" not in text  # a stuck learner's free text


def test_an_edited_self_mark_in_an_export_is_one_line_and_skips_that_file(reasoned_class,
                                                                          tmp_path):
    page, _, _ = reasoned_class
    export = page.parent / "handed_in" / "1000_progress.csv"
    text = export.read_text(encoding="utf-8")
    assert ",1:" in text  # the export carries the self-marks, never the written text
    bad = tmp_path / "1000_progress.csv"
    bad.write_text(re.sub(r",1:\w+", ",1:excellent", text, count=1), encoding="utf-8")
    records, skipped = class_records.read_all([bad])
    assert records == [] and len(skipped) == 1
    assert "column 'self_marks'" in str(skipped[0]) and "\n" not in str(skipped[0])

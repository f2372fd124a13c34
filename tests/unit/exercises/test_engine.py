"""The exercise engine as a learner and a teacher meet it: each type's checking,
hints and solutions, the rich and plain displays, and validation of YAML files."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from IPython.core.interactiveshell import InteractiveShell

from balancing_act import exercises, progress
from balancing_act.cli import commands as cli
from balancing_act.data import loaders as data
from balancing_act.data.loaders import LessonDataError

DATA = data.data_dir()

SAMPLE = """\
lesson: "98"
title: One exercise of each type
exercises:
  - id: "98.1"
    type: single_choice
    prompt: Which partner's ties does the article call "potential"?
    options: [Russia, United States, Both, Neither]
    answer: United States
    hints: [Look at the Belarus-US column (S13).]
    mistakes:
      - answer: Russia
        hint: The Russia column lists ties being maintained (S09).
    explanation: S13 lists "Potential Trade Agreements" in the Belarus-US column.
    cites: [S13, S09]
  - id: "98.2"
    type: multiple_choice
    prompt: Which sentences report Lukashenko?
    options: [S01, S06, S10, S18, S33]
    answer: [S01, S06, S18]
    hints: [Look for kind "report".]
    mistakes:
      - answer: [S01, S06]
        hint: One more sentence reports him.
    explanation: S01, S06 and S18 report Lukashenko.
    cites: [S01, S06, S18]
  - id: "98.3"
    type: numeric
    prompt: How many sentences has the article?
    answer: 42
    tolerance: 0.5
    unit: sentences
    hints: [Count the rows., Use len().]
    mistakes:
      - answer: 43
        hint: That counts the header line too.
    explanation: S01 to S42.
    cites: [S01, S42]
  - id: "98.4"
    type: text
    prompt: Which news agency does S02 name?
    answer: Reuters
    synonyms: [Reuters news agency]
    hints: [Read S02.]
    mistakes:
      - answer: Lukashenko
        hint: He made the remarks; who reported them?
    explanation: S02 names Reuters.
    cites: [S02]
  - id: "98.5"
    type: ordering
    prompt: Put the sections in the article's order.
    answer: [lead, agreement, balance, recommendations, retrospect]
    hints: [The lead comes first.]
    mistakes:
      - answer: [lead, balance, agreement, recommendations, retrospect]
        hint: The agreement section comes before the balance section.
    explanation: The sections run from S01 to S42 in this order.
    cites: [S01, S42]
  - id: "98.6"
    type: classification
    prompt: Whom is each aspect mostly about?
    categories: [Russia, United States, Belarus itself]
    answer:
      S09: Russia
      S10: United States
      S11: Belarus itself
    hints: [Moscow stands for Russia.]
    mistakes:
      - answer: {S09: United States}
        hint: S09 names Moscow.
    explanation: S09 names Moscow, S10 Washington, S11 nobody but Belarus.
    cites: [S09, S10, S11]
  - id: "98.7"
    type: table
    prompt: Show the Belarus-US ties as a table with columns aspect and tie.
    answer:
      columns: [aspect, tie]
      rows:
        - [Economic Ties, Potential Trade Agreements]
        - [Security, Non-aggression and Diplomatic Stability]
        - [Political Stance, Partnership Expansion]
    hints: [Filter on partner.]
    mistakes:
      - answer:
          columns: [aspect, tie]
          rows:
            - [Economic Ties, Energy Supplies & Joint Ventures]
            - [Security, Military Alliances & Training]
            - [Political Stance, Strategic Loyalty]
        hint: Those are the Russia ties.
    explanation: S13 to S15, third column.
    cites: [S13, S14, S15]
  - id: "98.8"
    type: table
    prompt: The illustrative scores, best first.
    order_matters: true
    tolerance: 0.01
    answer:
      columns: [option, score]
      rows:
        - [A, 0.5]
        - [B, 0.25]
    hints: [Sort by score, highest first.]
    explanation: An illustrative classroom assumption.
    cites: []
"""


def make_data_folder(root: Path, files: dict[str, str]) -> Path:
    """A copy of lessons_data with the given exercise files; returns its exercises folder."""
    target = root / "lessons_data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("exercises"))
    folder = target / "exercises"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.fixture
def sample(tmp_path) -> dict[str, exercises.Exercise]:
    return exercises.all_exercises(make_data_folder(tmp_path, {"98_sample.yml": SAMPLE}))


# --------------------------------------------------------------------------- types


def test_single_choice_ignores_case_and_spaces_and_rejects_non_options(sample):
    ex = sample["98.1"]
    assert ex.check("  united STATES ").status == "correct"
    wrong = ex.check("Russia")
    assert wrong.status == "incorrect"
    assert wrong.hint == "The Russia column lists ties being maintained (S09)."
    odd = ex.check("China")
    assert odd.status == "invalid"
    assert "'China' is not one of the options" in odd.message and "D. Neither" in odd.message
    assert ex.check(["United States"]).status == "invalid"


def test_multiple_choice_is_order_free_and_counts_without_naming(sample):
    ex = sample["98.2"]
    assert ex.check(("s18", "S01", "S06", "S01")).status == "correct"
    assert ex.check({"S01", "S06", "S18"}).status == "correct"
    partial = ex.check(["S01", "S10"])
    assert partial.status == "incorrect"
    assert partial.message.startswith("1 of your 2 choices is right, and the answer has 3 options.")
    assert "S10" not in partial.message
    assert ex.check("S01").status == "invalid"
    assert "not one of the options" in ex.check(["S01", "S99"]).message


def test_numeric_tolerance_unit_and_forms(sample):
    ex = sample["98.3"]
    assert ex.check(42.4).status == "correct"
    assert ex.check("42").status == "correct"
    assert ex.check(np.int64(42)).status == "correct"
    wrong = ex.check(41)
    assert wrong.status == "incorrect"
    assert "41 sentences" in wrong.message and "±0.5 sentences" in wrong.message
    assert ex.check(43).hint == "That counts the header line too."
    for odd in (True, float("nan"), float("inf"), "forty-two", [42], None):
        result = ex.check(odd)
        assert result.status == "invalid", odd
        assert "Expected a number of sentences." in result.message


def test_text_normalises_and_accepts_synonyms(sample):
    ex = sample["98.4"]
    for answer in ("reuters", " REUTERS. ", "Reuters news-agency", "R e u t e r s"):
        assert ex.check(answer).status == "correct", answer
    assert ex.check("Lukashenko!").hint == "He made the remarks; who reported them?"
    assert ex.check("AP").status == "incorrect"
    assert ex.check("").status == "invalid"
    assert ex.check(5).message.startswith("A number is not text.")


def test_ordering_counts_places_and_shows_items_without_the_order(sample):
    ex = sample["98.5"]
    assert ex.check(["Lead", "agreement", "balance", "recommendations", "retrospect"]).correct
    wrong = ex.check(["lead", "agreement", "balance", "retrospect", "recommendations"])
    assert wrong.status == "incorrect"
    assert wrong.message.startswith("3 of 5 items are in the right place.")
    assert ex.check({"lead", "agreement"}).message.startswith("A set has no order")
    assert "appears more than once" in ex.check(["lead"] * 5).message
    assert "missing: 'agreement'" in ex.check(["lead"]).message.lower()
    shown = str(ex)
    assert "agreement" in shown
    assert shown.index("agreement") < shown.index("balance") < shown.index("lead")


def test_classification_reports_a_count_and_matches_partial_mistakes(sample):
    ex = sample["98.6"]
    right = {"S11": "belarus itself", "S10": "United States", "S09": "Russia"}
    assert ex.check(right).correct
    assert ex.check(pd.Series(right)).correct
    wrong = ex.check({**right, "S09": "United States"})
    assert wrong.message == "2 of 3 right."
    assert wrong.hint == "S09 names Moscow."
    other = ex.check({**right, "S11": "Russia"})
    assert other.message.startswith("2 of 3 right.") and other.hint is None
    assert "S11" not in other.message
    assert ex.check({"S09": ..., "S10": ..., "S11": ...}).status == "not_attempted"
    half = ex.check({"S09": "Russia", "S10": ..., "S11": ...})
    assert half.status == "invalid" and "placeholder" in half.message
    assert "no category yet: 'S10', 'S11'" in ex.check({"S09": "Russia"}).message
    assert "not one of the categories" in ex.check({**right, "S09": "China"}).message


def test_table_compares_content_not_layout(sample):
    ex = sample["98.7"]
    table = ex.example_answer
    assert isinstance(table, pd.DataFrame)
    assert ex.check(table.iloc[::-1]).correct  # row order does not matter here
    assert ex.check(table[["tie", "aspect"]]).correct  # nor column order
    assert ex.check(table.set_index("aspect")).correct  # a key moved to the index counts
    assert ex.check(table.rename(columns={"tie": " Tie "})).correct
    changed = table.copy()
    changed.loc[1, "tie"] = "Military Alliances & Training"
    assert ex.check(changed).message.startswith("Column 'tie' does not hold the expected values.")
    swapped = table.assign(tie=list(reversed(table["tie"])))
    assert "pair them up differently" in ex.check(swapped).message
    assert "2 rows; the expected table has 3" in ex.check(table.iloc[:2]).message
    extra = ex.check(table.assign(partner="United States"))
    assert extra.status == "invalid" and "Unexpected column(s): 'partner'" in extra.message
    assert "Column(s) missing: 'tie'" in ex.check(table[["aspect"]]).message
    assert ex.check(ex.mistakes[0].answer).hint == "Those are the Russia ties."


def test_ordered_table_names_row_and_column_and_uses_tolerance(sample):
    ex = sample["98.8"]
    table = ex.example_answer
    assert ex.check(table.assign(score=[0.505, 0.25])).correct
    assert ex.check(table.assign(score=["0.5", "0.25"])).correct
    assert ex.check(table.iloc[::-1]).message.startswith("Row 1, column 'option' differs")
    assert ex.check(table.assign(score=[0.5, 0.3])).message.startswith("Row 2, column 'score'")
    typed = ex.check(table.assign(score=["0.5", "high"]))
    assert typed.status == "invalid"
    assert "Column 'score', row 2 holds 'high'; that column holds numbers" in typed.message


# --------------------------------------------------------------------------- learner API


def test_placeholder_means_not_attempted_and_differs_from_wrong(sample):
    ex = sample["98.1"]
    assert ex.check(...).status == "not_attempted"
    assert ex.check().status == "not_attempted"
    assert ex.check("Both").status == "incorrect"


def test_hints_come_in_levels_and_never_raise(sample):
    ex = sample["98.3"]
    first, second, beyond = ex.hint(), ex.hint(2), ex.hint(9)
    assert "Count the rows." in str(first) and "`.hint(2)`" in str(first)
    assert "Use len()." in str(second) and "last hint" in str(second)
    assert "There are 2 hints; here is the last one." in str(beyond)
    for odd in (0, -1, "2", 1.5, None, True):
        assert "Ask for a hint by its number, 1 to 2" in str(ex.hint(odd))


def test_solution_shows_the_answer_explanation_and_cited_sentences(sample):
    text = str(sample["98.1"].solution())
    assert "'United States'" in text
    assert 'S13 lists "Potential Trade Agreements"' in text
    s13 = data.load_sentences().set_index("id").loc["S13", "text"]
    assert f"S13: {s13}" in text
    table_code = str(sample["98.7"].solution())
    assert "pd.DataFrame({" in table_code and "'Partnership Expansion'" in table_code


def test_exercise_ids_are_normalised_and_unknown_ids_listed(tmp_path):
    folder = make_data_folder(tmp_path, {"98_sample.yml": SAMPLE})
    assert exercises.exercise("98.1", folder) is exercises.exercise(" 98.1", folder)
    with pytest.raises(LookupError, match=r"no exercise '98\.9'; expected one of: 98\.1, 98\.2"):
        exercises.exercise("98.9", folder)


def test_checks_hints_and_solutions_are_recorded():
    ex = exercises.exercise("00.3")
    ex.check("Correct")
    ex.check("Not attempted")
    ex.hint()
    ex.hint(5)
    ex.solution()
    exercises.exercise("00.1").check(...)
    row = progress.summary().set_index("lesson").loc["00"]
    counts = row[["exercises", "attempted", "correct", "hints_used", "solutions_viewed"]]
    assert counts.tolist() == [3, 1, 1, 2, 1]


def test_an_edited_file_is_picked_up_without_a_restart(tmp_path):
    folder = make_data_folder(tmp_path, {"98_sample.yml": SAMPLE})
    assert exercises.exercise("98.4", folder).check("Reuters").correct
    path = folder / "98_sample.yml"
    path.write_text(path.read_text().replace("answer: Reuters", "answer: Reuters agency"))
    assert not exercises.exercise("98.4", folder).check("Reuters").correct


# --------------------------------------------------------------------------- display


@pytest.mark.parametrize("status, answer", [("correct", "United States"), ("incorrect", "Russia"),
                                            ("not_attempted", ...), ("invalid", 3j)])
def test_feedback_renders_status_word_symbol_and_role(sample, status, answer):
    result = sample["98.1"].check(answer)
    assert result.status == status
    symbol, _, word = exercises.Result(status, "m").label.partition(" ")
    page = result._repr_html_()
    assert "role='status'" in page and "aria-live='polite'" in page
    assert f"<span aria-hidden='true'>{symbol}</span> {word}" in page
    assert str(result).startswith(f"{symbol} {word} (exercise 98.1): ")


def test_notebook_outputs_are_deterministic_and_plain_text_is_stable(sample):
    shell = InteractiveShell.instance()
    ex = sample["98.6"]
    objects = [ex.check({"S09": object()}), ex.check({"S09": "Russia"}), ex, ex.hint(),
               ex.solution()]
    widget_view = "application/vnd.jupyter.widget-view+json"
    for thing in objects:
        bundle, _ = shell.display_formatter.format(thing)
        again, _ = shell.display_formatter.format(thing)
        assert (widget_view in bundle) == (thing is ex)  # an exercise shows its answer form
        bundle.pop(widget_view, None), again.pop(widget_view, None)  # a fresh model id each time
        assert bundle == again
        assert bundle["text/plain"] == str(thing)
        assert "text/html" in bundle
        assert "0x" not in bundle["text/plain"] + bundle["text/html"]
    assert str(ex.check({"S09": object()})).startswith(
        "⚠ Check your answer's form (exercise 98.6): The category for 'S09': an object of "
        "type object is not text or a number. Expected a dict that maps each of the 3 items")


def test_an_exercise_displays_its_prompt_choices_and_controls(sample):
    ex = sample["98.1"]
    page = ex._repr_html_()
    assert "Which partner&#x27;s ties" in page or "Which partner's ties" in page
    assert "<li>D. Neither</li>" in page
    assert "<code>.check(answer)</code>" in page
    assert repr(ex) == "<Exercise 98.1 (single_choice)>"
    assert type(ex).__name__ == "SingleChoiceExercise"


# --------------------------------------------------------------------------- validation


BROKEN = {
    "unknown cite": ("cites: [S13, S09]", "cites: [S13, S99]",
                     "exercise '98.1', field 'cites' (line 14): 'S99' is not a sentence id"),
    "answer not an option": ("answer: United States", "answer: America",
                             "exercise '98.1', field 'answer' (line 8): 'America' is not one of "
                             "the options"),
    "mistake equals answer": ("      - answer: Russia\n", "      - answer: united states\n",
                              "exercise '98.1', field 'mistakes[0].answer' (line 11): is the "
                              "correct answer"),
    "mistake of another shape": ("      - answer: [S01, S06]\n", "      - answer: S01\n",
                                 "exercise '98.2', field 'mistakes[0].answer' (line 22): "
                                 "expected a list of options; a mistake has the shape of "
                                 "'answer' (a list of the options you choose"),
    "typo in a field name": ("    hints: [Read S02.]", "    hint: [Read S02.]",
                             "exercise '98.4', field 'hint' (line 43): is not a field of a text "
                             "exercise"),
    "id written as a number": ('id: "98.3"', "id: 98.3",
                               "exercise #3, field 'id' (line 26): YAML read 98.3 as a "
                               "number; write the id in quotes"),
    "id of another lesson": ('id: "98.3"', 'id: "97.3"',
                             "exercise '97.3', field 'id' (line 26): '97.3' does not belong to "
                             "lesson 98"),
    "unknown type": ("type: ordering", "type: ranking",
                     "exercise '98.5', field 'type' (line 50): 'ranking' is not a type"),
    "table row too short": ("        - [Security, Non-aggression and Diplomatic Stability]\n",
                            "        - [Security]\n",
                            "exercise '98.7', field 'answer' (line 76): row 2 must be a list of "
                            "2 cells"),
    "colon in an option": ("options: [Russia, United States, Both, Neither]",
                           "options: [Russia, United States, Both, Neither: none]",
                           "field 'options' (line 7): {'Neither': 'none'} was read as a "
                           "mapping: text with ': ' in it needs quotes"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_is_named_with_exercise_and_field(tmp_path, case):
    old, new, expected = BROKEN[case]
    assert old in SAMPLE
    folder = make_data_folder(tmp_path, {"98_sample.yml": SAMPLE.replace(old, new, 1)})
    messages = [str(p) for p in exercises.validate_folder(folder)]
    named = [m for m in messages if m.startswith("exercises/98_sample.yml: ") and expected in m]
    assert named, messages
    with pytest.raises(LessonDataError):
        exercises.all_exercises(folder)


def test_file_level_problems_are_named(tmp_path):
    files = {
        "98_sample.yml": SAMPLE,
        "96_wrong.yml": SAMPLE.replace('lesson: "98"', 'lesson: "95"'),
        "95_syntax.yml": "lesson: '95'\nexercises:\n  - id: '95.1'\n   type: text\n",
        "94_twice.yml": SAMPLE.replace('lesson: "98"', 'lesson: "94"\nlesson: "94"'),
        "lesson_one.yml": SAMPLE,
    }
    messages = [str(p) for p in exercises.validate_folder(make_data_folder(tmp_path, files))]
    expected = [
        "exercises/96_wrong.yml: field 'lesson' is '95'; expected \"96\" to match the file name",
        "exercises/95_syntax.yml: line 4, column 4: YAML syntax error",
        "exercises/94_twice.yml: line 2: 'lesson' is written twice; keep one",
        "exercises/lesson_one.yml: file name should look like '02_two_partners.yml'",
    ]
    for start in expected:
        assert any(m.startswith(start) for m in messages), (start, messages)


def test_ids_must_be_unique_across_files(tmp_path):
    copy = SAMPLE.replace('lesson: "98"', 'lesson: "97"').replace('"98.1"', '"97.1"')
    folder = make_data_folder(tmp_path, {"98_sample.yml": SAMPLE, "97_copy.yml": copy})
    messages = [str(p) for p in exercises.validate_folder(folder)]
    assert any("field 'id' (line" in m and "does not belong to lesson 97" in m for m in messages)
    dupe = SAMPLE.replace('id: "98.2"', 'id: "98.1"')
    folder = make_data_folder(tmp_path / "b", {"98_sample.yml": dupe})
    messages = [str(p) for p in exercises.validate_folder(folder)]
    first, again = [n for n, line in enumerate(dupe.splitlines(), 1) if 'id: "98.1"' in line]
    said = (f"exercise '98.1', field 'id' (line {again}): the id is already used in "
            f"exercises/98_sample.yml (line {first}); ids must be unique across the course, so "
            'use the next free id, "98.')
    assert any(said in m for m in messages), messages


def test_check_data_exits_0_on_good_files_and_1_naming_the_problem(tmp_path, capsys):
    good = make_data_folder(tmp_path / "good", {"98_sample.yml": SAMPLE})
    assert cli.main(["check-data", str(good.parent)]) == 0
    assert "all data files are valid" in capsys.readouterr().out
    bad = make_data_folder(tmp_path / "bad", {"98_sample.yml": SAMPLE.replace(
        "answer: Reuters", "answer: 42")})
    assert cli.main(["check-data", str(bad.parent)]) == 1
    err = capsys.readouterr().err
    assert ("exercises/98_sample.yml: exercise '98.4', field 'answer' (line 41): 42 is not a "
            "text") in err
    assert "1 problem(s)" in err


def test_the_start_here_lesson_file_is_valid(tmp_path):
    text = (DATA / "exercises" / "00_start_here.yml").read_text(encoding="utf-8")
    folder = make_data_folder(tmp_path, {"00_start_here.yml": text})
    assert exercises.validate_folder(folder) == []


# --------------------------------------------------------------------------- new types


class YesNo(exercises.Checker):
    """A toy type registered by a test, as a lesson module would register its own."""

    name = "yes_no"
    label = "yes or no"

    def parse(self, value):
        if value not in (True, False) or not isinstance(value, bool):
            raise exercises.Invalid(f"{value!r} is not True or False.")
        return value

    def expects(self):
        return "True or False"


class Broken(YesNo):
    name = "broken"

    def parse(self, value):
        raise KeyError("a bug in a checker")


NEW_TYPE = """\
lesson: "96"
title: New types
exercises:
  - {id: "96.1", type: yes_no, prompt: "Does S02 name Reuters?", answer: true,
     hints: [Read S02.], explanation: It does (S02)., cites: [S02],
     mistakes: [{answer: false, hint: Read S02 again.}]}
"""


def test_a_registered_type_is_validated_checked_and_self_tested(tmp_path, monkeypatch):
    monkeypatch.setitem(exercises.CHECKERS, "yes_no", YesNo)
    ex = exercises.all_exercises(make_data_folder(tmp_path, {"96_new.yml": NEW_TYPE}))["96.1"]
    assert ex.check(True).correct
    assert ex.check(False).hint == "Read S02 again."
    assert ex.check("yes").message == "'yes' is not True or False. Expected True or False."
    assert type(ex).__name__ == "YesNoExercise"


def test_a_checker_with_a_bug_is_reported_not_raised(tmp_path, monkeypatch):
    monkeypatch.setitem(exercises.CHECKERS, "broken", Broken)
    text = NEW_TYPE.replace("type: yes_no", "type: broken")
    messages = [str(p) for p in exercises.validate_folder(make_data_folder(tmp_path, {
        "96_new.yml": text}))]
    assert messages == ["exercises/96_new.yml: exercise '96.1', field 'type' (line 4): the broken "
                        "checker failed on this exercise (KeyError: KeyError('a bug in a "
                        "checker'))"]

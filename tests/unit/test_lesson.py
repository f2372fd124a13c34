"""A lesson's setup cell: one plain sentence, no traceback, for a beginner's slips in code.

The sentences come from pure functions; a real IPython shell checks that
``lesson.setup()`` puts them in place of the traceback, and only for the
learner's own cell (the browser test does the same in JupyterLab).
"""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell

from balancing_act import lesson


@pytest.mark.parametrize("line, name, expected", [
    ("answer = Reuters", "Reuters",
     'Python knows no name Reuters: text goes in quotes, so write answer = "Reuters" instead.'),
    ("answer = forty-two", "forty",
     'Python knows no name forty: text goes in quotes, so write answer = "forty-two" instead.'),
    ('exercse("00.2")', "exercse", "Python knows no name exercse: did you mean exercise?"),
    ("check(Reuters)", "Reuters", 'if it is text, put it in quotes ("Reuters")'),
])
def test_a_name_error_becomes_one_sentence_saying_what_to_write(line, name, expected):
    message = lesson.name_error_message(name, line, ["exercise", "data", "w", "_private"])
    assert expected in message
    assert message.count(". ") <= 1 and "Traceback" not in message


def syntax_error(source: str) -> SyntaxError:
    try:
        compile(source, "<cell>", "exec")
    except SyntaxError as exc:
        return exc
    raise AssertionError(f"{source!r} compiled")


@pytest.mark.parametrize("source, expected", [
    ('answer = ["A", "C"', "A bracket is left open on line 1: add the closing ]"),
    ('exercise("00.2").check("Reuters"', "add the closing )"),
    ('answer = "Reuters', "A quote is left open on line 1"),
    ("answer = Economic Ties", 'Text with spaces goes in quotes: write answer = "Economic Ties"'),
    ('answer = "B")', "There is a closing ) on line 1 with no opening bracket"),
    ("  answer = 3", "Line 1 starts with spaces"),
    ("answer = \u201cReuters\u201d", 'are curly (\u201c), as a phone or a word processor types '
     'them: Python reads only straight ones, so write answer = "Reuters" instead.'),
    ('ex.check(\u201cbig deal\u201d)', 'so write ex.check("big deal") instead.'),
    ("answer = \u201cReuters", 'type them again with the " key'),
    ("ex.check(big deal)", 'Text with spaces goes in quotes: write ex.check("big deal") instead.'),
    ('exercise("00.2").check(big deal)', 'write exercise("00.2").check("big deal") instead.'),
    ("x = 3 \u2013 1", "has a character Python does not read in code (\u2013)"),
])
def test_a_syntax_slip_becomes_one_sentence(source, expected):
    assert expected in lesson.syntax_error_message(syntax_error(source))


def test_other_syntax_errors_keep_pythons_report():
    assert lesson.syntax_error_message(syntax_error("def f(:\n    pass")) is None


@pytest.fixture()
def shell():
    shell = InteractiveShell.instance()
    original, shown = shell.showsyntaxerror, shell._showtraceback
    yield shell
    shell.set_custom_exc((), None)
    shell.showsyntaxerror, shell._showtraceback = original, shown


def test_setup_shows_the_sentence_instead_of_a_traceback(shell, capsys):
    shell.run_cell("answer = Reuters")  # before setup: IPython's usual traceback
    assert "NameError" in capsys.readouterr().out
    lesson.setup()
    lesson.setup()  # twice is harmless
    result = shell.run_cell("answer = Reuters")
    shown = capsys.readouterr().out
    assert not result.success  # still an error: Run All stops here
    assert 'write answer = "Reuters" instead.' in shown
    assert "Traceback" not in shown and "NameError" not in shown and "---" not in shown
    shell.run_cell('answer = ["A", "C"')
    shown = capsys.readouterr().out
    assert "A bracket is left open" in shown and "SyntaxError" not in shown


def test_setup_says_in_one_line_that_the_course_is_ready(shell):
    ready = lesson.setup()
    assert repr(ready) == lesson.READY and repr(ready).startswith("✓ The course is ready.")
    assert "Run All Cells" in ready._repr_html_()  # how to bring a reopened lesson back


def test_every_error_says_that_run_all_stopped_there(shell, capsys):
    lesson.setup()
    shell.run_cell("answer = Reuters")
    assert "Run All stops at the first cell with an error" in capsys.readouterr().out
    shell.run_cell("1 / 0")  # the learner's own error, with Python's report
    shown = capsys.readouterr().out
    assert "ZeroDivisionError" in shown and "the cells below this one have not run" in shown
    shell.run_cell("answer = \u201cReuters\u201d")
    shown = capsys.readouterr().out
    assert "are curly" in shown and "Run All stops" in shown and "SyntaxError" not in shown


def test_an_error_inside_library_code_keeps_its_traceback(shell, capsys):
    lesson.setup()
    shell.run_cell("import json\njson.loads(undefined_name_in_cell)")
    assert "knows no name undefined_name_in_cell" in capsys.readouterr().out
    shell.run_cell("def f():\n    return missing_global\n")
    shell.run_cell("f()")
    shown = capsys.readouterr().out
    assert "knows no name missing_global" in shown  # f lives in a cell: the learner's own code
    shell.run_cell("import collections\ncollections.namedtuple('P', 'x y')(1)")
    assert "Traceback" in capsys.readouterr().out  # TypeError: not a slip the setup handles

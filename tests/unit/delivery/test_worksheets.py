"""Printable worksheets: every prompt and option with room to answer, never an answer."""

from __future__ import annotations

import html
import re

import pytest

from balancing_act import exercises
from balancing_act.cli import commands
from balancing_act.data import loaders as data


def text(page: str) -> str:
    body = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    out = tmp_path_factory.mktemp("worksheets")
    assert commands.main(["worksheets", str(out), "--paper", "letter"]) == 0
    return {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.html")}


def test_one_sheet_per_lesson_and_an_index_linking_them(sheets):
    lessons = list(data.load_lessons()["lesson"])
    assert set(sheets) == {f"worksheet_{n}.html" for n in lessons} | {"index.html"}
    for n in lessons:
        assert f'href="worksheet_{n}.html"' in sheets["index.html"]


def test_every_prompt_and_option_is_there_and_no_answer_hint_or_explanation(sheets):
    for ex in exercises.all_exercises().values():
        page = text(sheets[f"worksheet_{ex.lesson}.html"])
        spec = ex.checker.spec
        assert " ".join(str(spec["prompt"]).split()) in page, ex.id
        for option in ex.checker.choices()[1]:
            assert " ".join(str(option).split()) in page, (ex.id, option)
        assert " ".join(str(spec["explanation"]).split()) not in page, ex.id
        for hint in spec["hints"]:
            assert " ".join(str(hint).split()) not in page, ex.id
        for mistake in spec.get("mistakes") or []:
            assert " ".join(str(mistake["hint"]).split()) not in page, ex.id


def test_each_sheet_quotes_the_sentences_its_exercises_cite_with_their_ids(sheets):
    sentences = data.sentence_texts()
    for ex in exercises.all_exercises().values():
        page = sheets[f"worksheet_{ex.lesson}.html"]
        for sid in ex.checker.spec["cites"]:
            assert f'aria-label="sentence {sid}"' in page, (ex.id, sid)
            cell = sentences[sid].split(" | ")[-1]
            assert html.escape(cell, quote=False) in page, (ex.id, sid)


def test_room_to_answer_and_print_styles_for_the_paper_in_black_and_white(sheets):
    page = sheets["worksheet_03.html"]
    assert page.count('class="line"') >= 7 and "Answer: ____________ points" in page
    assert "@page { size: letter;" in page and "break-inside: avoid" in page
    colours = set(re.findall(r"#[0-9a-fA-F]{3,6}\b", page.split("</style>")[0]))
    assert colours <= {"#000", "#fff"}
    assert "<script" not in page and "http" not in page.split("</head>")[0]


def test_a4_is_the_default_and_an_unknown_paper_is_one_line(tmp_path, capsys):
    assert commands.main(["worksheets", str(tmp_path / "a4")]) == 0
    assert "@page { size: A4;" in (tmp_path / "a4" / "worksheet_01.html").read_text("utf-8")
    with pytest.raises(SystemExit):
        commands.main(["worksheets", str(tmp_path / "x"), "--paper", "a3"])
    assert "invalid choice: 'a3'" in capsys.readouterr().err


def test_worksheets_never_go_into_the_answer_keys_folder(tmp_path, capsys):
    key = tmp_path / "key"
    assert commands.main(["answer-key", str(key)]) == 0
    assert commands.main(["worksheets", str(key)]) == 1
    err = capsys.readouterr().err
    assert "holds the answer key" in err and len(err.strip().splitlines()) == 1

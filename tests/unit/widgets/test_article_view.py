"""The whole-article view: what a learner sees when a lesson calls ``w.article()``."""

from __future__ import annotations

import html
import re

import pytest

from balancing_act import widgets as w
from balancing_act.data import loaders as data
from balancing_act.widgets import article_view


def visible_text(page: str) -> str:
    """The page's words as a reader sees them (tags and the style block dropped)."""
    body = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", body)).split())


def test_every_sentence_is_shown_once_with_its_id_beside_it():
    view = w.article()
    sentences = data.load_sentences()
    assert list(view.ids) == list(sentences["id"])
    for sid in sentences["id"]:
        assert view.html.count(f'aria-label="sentence {sid}"') == 1, sid
    for text in sentences.loc[~sentences["kind"].isin(["table row", "table header"]), "text"]:
        assert " ".join(text.split()) in " ".join(visible_text(view.html).split())


def test_tables_are_tables_with_their_header_row_cited():
    page = w.article().html
    assert page.count("<table>") == 3 and page.count("<thead>") == 3
    header = page.split("<thead>")[3].split("</thead>")[0]
    assert "H3" in header and "Potential Benefit" in visible_text(header)
    assert "|" not in visible_text(page.split("<table>")[1].split("</table>")[0])


def test_headings_are_headings_and_lists_are_lists():
    page = w.article().html
    for heading in [h for h in data.load_sections()["heading_id"] if str(h).strip()]:
        assert re.search(rf"<h3><span[^>]*>.*?sentence {heading}\"", page), heading
    assert page.count("<ul>") >= 3  # the article's three lists (and the word boxes)


def test_highlight_outlines_only_the_asked_sentences_and_says_which():
    view = w.article(highlight=["s07", "H3"])
    assert view.highlighted == ("S07", "H3")
    assert 'id="ba-S07"' in view.html and '<mark class="ba-hl" id="ba-S07">' in view.html
    assert '<mark class="ba-hl" id="ba-S06">' not in view.html
    assert "Highlighted" in visible_text(view.html) and "S07, H3" in visible_text(view.html)
    assert "[S07]" in repr(view) and "<-- highlighted" in repr(view).split("[S07]")[1][:400]


def test_a_wrong_id_or_section_gets_one_sentence_not_a_traceback():
    with pytest.raises(ValueError, match="S99.*not a sentence id"):
        w.article(highlight=["S99"])
    with pytest.raises(ValueError, match="expected section names from: lead"):
        w.article(sections=["middle"])


def test_sections_shows_only_those_sections_with_the_course_paraphrase_labelled():
    view = w.article(sections="recommendations")
    assert view.ids[0] == "S27" and view.ids[-1] == "S38"
    assert "In plain words (the course's paraphrase, not the article's text)" in visible_text(
        view.html)


def test_hard_words_are_marked_once_and_explained_under_their_section():
    page = w.article().html
    glossary = data.load_glossary().set_index("term")
    assert page.count(">geopolitical</dfn>") == 1  # seven sentences use it; marked the first time
    lead = page.split("<section")[1]
    assert "Words to know" in lead and glossary.loc["geopolitical", "definition"] in \
        html.unescape(lead)
    assert "<dfn" not in w.article(words=False).html


def test_excerpt_keeps_the_article_grouping_for_a_worksheet():
    sentences = data.load_sentences()
    part = article_view.excerpt_html(sentences, ["S36", "H3", "S09"])
    assert part.count("<table>") == 1 and "<ul>" in part and "S10" not in part
    assert "H2" in article_view.excerpt_html(sentences, ["S25"])  # a row keeps its header row

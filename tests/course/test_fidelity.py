"""Fidelity to the article for what reads beside it: every quotation is word for word in
the article (in the sentence it names, where it names one) and every id exists. Covers the
glossary's hard words, the sections' plain-words paraphrases, the lessons' word boxes and
quotations, and the ids the teacher guide cites."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from balancing_act.data import loaders as data
from balancing_act.policy_brief.brief import quotations, words
from balancing_act.support import paths

SENTENCES = data.sentence_texts()
ARTICLE = " ".join(words(" ".join(SENTENCES.values())))
IDS = re.compile(r"\b(?:S\d{2}|H\d)\b")
RANGE = re.compile(r"\b(S\d{2}) to (S\d{2})\b")
QUOTED_LINE = re.compile(r"^> \*\*(?:S\d{2}|H\d)\*\* (.+)$", re.MULTILINE)
WORD_LINE = re.compile(r"^- \*\*(.+?)\*\*: (.+)$", re.MULTILINE)
GLOSSARY = data.load_glossary()
HARD = GLOSSARY[GLOSSARY["in_article"].str.strip() != ""]
GUIDE = Path(__file__).resolve().parents[2] / "docs" / "teacher_guide.md"
#: Quotations a lesson makes of something other than the article: the course's own names
#: (model options, plans, scenarios) and phrases it shows as examples of over-claiming.
NOT_THE_ARTICLE = {
    "01": {"everyone knows", "the article proves", "Russia has accepted"},
    "03": {"the model says option X wins"},
}


def in_article(quote: str, ids: list[str] | None = None) -> bool:
    """The quotation word for word in the article, or in one of ``ids`` when given."""
    if ids is None:
        return f" {' '.join(words(quote))} " in f" {ARTICLE} "
    return any(f" {' '.join(words(quote))} " in f" {' '.join(words(SENTENCES[i]))} "
               for i in ids)


def ids_in(text: str) -> list[str]:
    found = IDS.findall(text)
    for first, last in RANGE.findall(text):
        found += [f"S{n:02d}" for n in range(int(first[1:]), int(last[1:]) + 1)]
    return list(dict.fromkeys(found))


def course_names() -> set[str]:
    """Names the course gives its own things, which lessons quote as names."""
    names = set()
    for table, column in [("options", "label"), ("scenarios", "name"), ("plans", "name"),
                          ("steps", "label")]:
        names |= set(data.load_model_table(table)[column].astype(str))
    return {" ".join(words(n)) for n in names}


def markdown(lesson_file: str) -> list[str]:
    nb = nbformat.read(paths.notebooks_dir() / lesson_file, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


LESSONS = {row.lesson: row.notebook for row in data.load_lessons().itertuples()}


@pytest.mark.parametrize("term", list(HARD["term"]))
def test_a_hard_word_is_in_every_sentence_it_names_and_named_for_each_it_is_in(term):
    row = HARD.set_index("term").loc[term]
    forms = [f for f in row["in_article"].split(";") if f]
    pattern = re.compile(rf"\b({'|'.join(map(re.escape, forms))})\b", re.IGNORECASE)
    holding = [sid for sid, text in SENTENCES.items() if pattern.search(text)]
    assert sorted(data.split_ids(row["mentioned_in"])) == sorted(holding), term
    assert row["source"] == "background", f"{term}: a dictionary sense is background"


@pytest.mark.parametrize("term", list(GLOSSARY["term"]))
def test_glossary_quotations_are_word_for_word_in_the_sentences_it_names(term):
    row = GLOSSARY.set_index("term").loc[term]
    named = ids_in(row["definition"]) + data.split_ids(row["mentioned_in"])
    named += [row["source"]] if row["source"] in SENTENCES else []
    assert set(named) <= set(SENTENCES), f"{term}: ids that do not exist"
    for quote in quotations(row["definition"]):
        assert in_article(quote, named), f"{term}: \u201c{quote}\u201d is not in {named}"


@pytest.mark.parametrize("section", list(data.load_sections().itertuples()),
                         ids=lambda s: s.id)
def test_each_paraphrase_cites_its_own_section_and_quotes_it_exactly(section):
    own = {sid for sid, sec in zip(data.load_sentences()["id"], data.load_sentences()["section"],
                                   strict=True) if sec == section.id}
    cited = ids_in(section.plain)
    assert cited and set(cited) <= own, f"{section.id}: cites {cited}, outside its section"
    for quote in quotations(section.plain):
        assert in_article(quote, cited), f"{section.id}: \u201c{quote}\u201d"


@pytest.mark.parametrize("lesson", [n for n in LESSONS if n not in ("00", "06")])
def test_every_quotation_in_a_lesson_is_the_articles_or_a_named_course_phrase(lesson):
    allowed = course_names() | {" ".join(words(q)) for q in NOT_THE_ARTICLE.get(lesson, ())}
    for text in markdown(LESSONS[lesson]):
        for quote in quotations(text):
            if re.fullmatch(r"(?:S\d{2}|H\d)", quote.strip()):
                continue  # an id in quotation marks names a sentence, it quotes none
            assert in_article(quote) or " ".join(words(quote)) in allowed, (
                f"lesson {lesson} quotes \u201c{quote}\u201d, which is not in the article")


@pytest.mark.parametrize("lesson", [n for n in LESSONS if n not in ("00", "06")])
def test_hard_words_are_explained_where_a_lesson_first_quotes_them(lesson):
    """Each hard word in a quoted sentence has its glossary sense in that cell or before it."""
    definitions = dict(zip(GLOSSARY["term"], GLOSSARY["definition"], strict=True))
    nb = nbformat.read(paths.notebooks_dir() / LESSONS[lesson], as_version=4)
    explained: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type == "code" and re.fullmatch(r"w\.article\(\)", cell.source.strip()):
            explained |= set(HARD["term"])  # the whole article, every word box with it
        if cell.cell_type != "markdown":
            continue
        for term, definition in WORD_LINE.findall(cell.source):
            if term in definitions and term in set(HARD["term"]):
                assert definition == definitions[term], f"lesson {lesson}: {term} differs"
                explained.add(term)
        quoted = " ".join(QUOTED_LINE.findall(cell.source))
        for row in HARD.itertuples():
            forms = [f for f in row.in_article.split(";") if f]
            if re.search(rf"\b({'|'.join(map(re.escape, forms))})\b", quoted, re.IGNORECASE):
                assert row.term in explained, (
                    f"lesson {lesson}: '{row.term}' is quoted before it is explained")


def test_every_id_the_teacher_guide_cites_exists():
    text = GUIDE.read_text(encoding="utf-8")
    unknown = sorted(set(ids_in(text)) - set(SENTENCES))
    assert not unknown, f"teacher guide cites ids that do not exist: {unknown}"


# --------------------------------------------------------------------------- labels and words

#: The labels a lesson puts on what the article does not say (lesson 00's ground rule).
LABELS = ("interpretation", "background", "model assumption")
LABEL_MARK = re.compile(r"\*{1,2}(interpretation|background|model assumption)s?\b"
                        r"|\((?:an |the course's )?(interpretation|background|model assumption)\b",
                        re.IGNORECASE)
#: Words that named one capital more warmly than the other before the neutral words (issue 23).
LEANING = ("mistrust in moscow", "trust in washington", "red line", "moscow more sensitive",
           "less engaged", "unease")


def test_lesson_00s_ground_rule_names_every_label_the_lessons_use():
    rule = next(text for text in markdown(LESSONS["00"])
                if "the article does not say" in text and "**background**" in text)
    named = {label for label in LABELS if f"**{label}**" in rule}
    used = {(a or b).lower() for lesson in LESSONS for text in markdown(LESSONS[lesson])
            for a, b in LABEL_MARK.findall(text)}
    assert used == set(LABELS), f"the lessons label claims as {sorted(used)}"
    assert used <= named, f"lesson 00's ground rule does not name {sorted(used - named)}"


def _course_texts() -> dict[str, str]:
    """Every text a learner or a teacher reads about the model, by where it is."""
    texts = {f"lesson {n}": "\n".join(markdown(f)) for n, f in LESSONS.items()}
    folder = data.data_dir()
    for path in sorted((folder / "exercises").glob("*.yml")) + sorted(
            (folder / "model").glob("*.csv")):
        texts[path.name] = path.read_text(encoding="utf-8")
    texts["teacher guide"] = GUIDE.read_text(encoding="utf-8")
    return texts


def test_the_model_names_both_capitals_in_the_same_words():
    for where, text in _course_texts().items():
        lowered = " ".join(text.lower().split())
        found = [word for word in LEANING if word in lowered]
        assert not found, f"{where} still says {found}"


@pytest.mark.parametrize("table", ["steps", "scenarios", "parameters"])
def test_trust_on_all_sides_is_never_cited_for_one_capital_alone(table):
    """S30 asks for trust "on all sides": a row about Washington alone may not cite it."""
    frame = data.load_model_table(table)
    text = frame[[c for c in ("description", "rationale", "name", "label")
                  if c in frame.columns]].astype(str).agg(" ".join, axis=1)
    for words_of_row, cited in zip(text, frame["source_ids"], strict=True):
        one_side = "Washington" in words_of_row and "Moscow" not in words_of_row \
            and "both" not in words_of_row
        assert not (one_side and "S30" in data.split_ids(cited)), words_of_row

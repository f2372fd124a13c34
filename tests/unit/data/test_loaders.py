"""The article as data: loaders, dtypes, and clear messages for damaged files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from balancing_act.data import loaders as data
from balancing_act.data.loaders import LessonDataError
from tests.support import commands

DATA = Path(data.data_dir())


@pytest.fixture
def damaged(tmp_path: Path):
    """A private copy of lessons_data that a test may break."""
    folder = tmp_path / "lessons_data"
    shutil.copytree(DATA, folder)
    return folder


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(folder: Path) -> str:
    with pytest.raises(LessonDataError) as info:
        data.load_sentences(folder)
    return str(info.value)


# --------------------------------------------------------------------------- the real data


def test_sentences_have_stable_ids_in_order():
    sent = data.load_sentences()
    assert list(sent["id"][:3]) == ["S01", "S02", "S03"]
    assert sent["id"].is_unique and sent["id"].str.fullmatch(r"S\d{2}|H\d").all()
    numbered = sent.loc[sent["id"].str.startswith("S"), "id"]
    assert list(numbered) == [f"S{n:02d}" for n in range(1, 43)]


def test_each_table_header_row_has_an_id_of_its_own_just_above_its_rows():
    """H1 to H3 are citable ("Potential Benefit" is H3's), and S01 to S42 keep their numbers."""
    sent = data.load_sentences().reset_index(drop=True)
    headers = sent[sent["kind"] == "table header"]
    assert list(headers["id"]) == ["H1", "H2", "H3"]
    assert [sent.loc[i + 1, "id"] for i in headers.index] == ["S13", "S24", "S36"]
    assert "Potential Benefit" in data.sentence_text("H3")


def test_sentence_dtypes_are_usable():
    sent = data.load_sentences()
    assert sent["paragraph"].dtype == "int64"
    assert isinstance(sent["kind"].dtype, pd.CategoricalDtype)
    assert sent["section"].cat.ordered
    assert list(sent["section"].cat.categories) == [
        "lead", "agreement", "balance", "recommendations", "retrospect"]


def test_every_sentence_is_verbatim_from_the_article():
    article = (DATA / "article.md").read_text(encoding="utf-8")
    for row in data.load_sentences().itertuples():
        if row.kind == "table row":
            cells = [c.strip() for c in row.text.split("|")]
            assert all(c in article for c in cells), row.id
        else:
            assert row.text in article, row.id


def test_article_md_keeps_the_source_text_exactly():
    seed = Path(__file__).resolve().parents[4] / "shared" / "seed" / "000_923dfeccae6572de.txt"
    if not seed.exists():
        pytest.skip("the original seed file is only present on the authors' machine")
    article = (DATA / "article.md").read_text(encoding="utf-8")
    assert seed.read_text(encoding="utf-8").rstrip("\n") in article


def test_article_md_says_what_is_known_of_its_source_and_no_more():
    """The provenance note sits after the text, says there is no byline, outlet or date,
    and names only the attribution the text itself gives (S02's Reuters)."""
    article = (DATA / "article.md").read_text(encoding="utf-8")
    last = data.load_sentences().set_index("id").loc["S42", "text"]
    note = article[article.index(last) + len(last):]
    assert "not part of the article" in note
    for said in ("no byline", "names no outlet", "gives no date", '"reported by Reuters" (S02)'):
        assert said in " ".join(note.split()), said
    assert "CC BY 4.0" in note and "redistributing" in note


def test_attribution_is_recorded_only_where_the_article_gives_it():
    sent = data.load_sentences().set_index("id")
    assert sent.loc["S02", "reported_by"] == "Reuters"
    assert (sent["reported_by"] == "Reuters").sum() == 1
    assert sent.loc["S03", "attributed_to"] == ""  # interpretation, no speaker
    assert sent.loc["S28", "attributed_to"] == "unnamed experts"


def test_list_tables_names_the_three_lists_and_three_tables():
    names = data.list_tables()
    assert len(names) == 6
    for name in names:
        table = data.load_table(name)
        assert "source_ids" in table.columns and len(table) >= 3


def test_partner_table_is_long_form_with_both_partners_per_aspect():
    ties = data.load_table("partner_ties")
    assert set(ties["partner"]) == {"Russia", "United States"}
    assert ties.groupby("aspect", observed=True).size().eq(2).all()


def test_glossary_sources_are_sentence_ids_or_background():
    glossary = data.load_glossary()
    ids = set(data.load_sentences()["id"])
    assert glossary["source"].isin(ids | {"background"}).all()
    assert {"EAEU", "OSCE", "hedging"} <= set(glossary["term"])


def test_loaders_return_copies_so_a_learner_cannot_damage_the_cache():
    first = data.load_sentences()
    first.loc[0, "text"] = "changed by a learner"
    assert data.load_sentences().loc[0, "text"] != "changed by a learner"


def test_unknown_table_name_lists_the_known_ones():
    with pytest.raises(KeyError, match="partner_ties"):
        data.load_table("partners")


def test_real_folder_is_valid():
    assert data.validate_folder(DATA) == []


# --------------------------------------------------------------------------- damage cases


def test_missing_column(damaged):
    rewrite(damaged / "sentences.csv", "id,section,", "ident,section,")
    message = problems_of(damaged)
    assert "sentences.csv" in message and "column 'id'" in message
    assert "required column is missing" in message


def test_duplicate_id(damaged):
    rewrite(damaged / "sentences.csv", "S05,agreement", "S04,agreement")
    message = problems_of(damaged)
    assert "sentences.csv, row 5 (line 6), column 'id'" in message
    assert "duplicate id 'S04' (first on row 4)" in message


def test_dangling_source_id(damaged):
    rewrite(damaged / "priorities.csv", ",S22", ",S99")
    message = problems_of(damaged)
    assert "priorities.csv, row 2 (line 3), column 'source_ids'" in message
    assert "'S99' is not a sentence id" in message


def test_empty_required_cell(damaged):
    rewrite(damaged / "key_aspects.csv", "A3,Ensuring sovereign", "A3,")
    rewrite(damaged / "key_aspects.csv", " decision-making free from external pressure", "")
    message = problems_of(damaged)
    assert "key_aspects.csv, row 3 (line 4), column 'aspect': is empty" in message


def test_wrong_encoding(damaged):
    path = damaged / "recommendations.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    message = problems_of(damaged)
    assert "recommendations.csv" in message and "not valid UTF-8" in message
    assert "line 4" in message  # the row with Belarus’ (a curly apostrophe)


def test_empty_file(damaged):
    (damaged / "actors.csv").write_text("", encoding="utf-8")
    assert "actors.csv: file is empty" in problems_of(damaged)


def test_header_only(damaged):
    (damaged / "sections.csv").write_text("id,order,heading,heading_id,summary\n")
    assert "sections.csv: has a header but no data rows" in problems_of(damaged)


def test_bad_csv_quoting(damaged):
    rewrite(damaged / "glossary.csv", 'sudden disruptions.",S34', 'sudden disruptions.,S34')
    message = problems_of(damaged)
    assert "glossary.csv" in message and "broken CSV quoting" in message


def test_unterminated_quote(damaged):
    rewrite(damaged / "recommendations.csv", '"Structuring the deal', '"Structuring the deal"x')
    message = problems_of(damaged)
    assert "recommendations.csv" in message and "quoting" in message


def test_row_with_too_many_fields(damaged):
    rewrite(damaged / "key_aspects.csv", "A4,Engaging in diplomacy", "A4,Engaging, in diplomacy")
    message = problems_of(damaged)
    assert "key_aspects.csv, row 4 (line 5): has 5 fields; expected 4" in message


def test_value_outside_allowed_choices(damaged):
    rewrite(damaged / "sentences.csv", "heading,Belarus;United States;Russia",
            "title,Belarus;United States;Russia")
    message = problems_of(damaged)
    assert "row 4 (line 5), column 'kind'" in message and "expected one of: heading" in message


def test_not_a_whole_number(damaged):
    rewrite(damaged / "sentences.csv", "S03,lead,1,", "S03,lead,one,")
    assert "row 3 (line 4), column 'paragraph': 'one' is not a whole number" in problems_of(damaged)


def test_unknown_actor(damaged):
    rewrite(damaged / "sentences.csv", "list item,Russia,,", "list item,Moskva,,")
    message = problems_of(damaged)
    assert "column 'actors': 'Moskva' is not an actor name in actors.csv" in message


def test_missing_file(damaged):
    (damaged / "priorities.csv").unlink()
    assert "priorities.csv: file is missing" in problems_of(damaged)


def test_all_problems_are_reported_together(damaged):
    rewrite(damaged / "priorities.csv", ",S22", ",S98")
    rewrite(damaged / "recommendations.csv", ",S34", ",S97")
    message = problems_of(damaged)
    assert "S98" in message and "S97" in message


# --------------------------------------------------------------------------- command line


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """`balancing-act ARGS` in this process (what it prints and returns is the same)."""
    return commands.run(*args)


def test_check_data_passes_on_the_real_folder():
    done = run_cli("check-data", str(DATA))
    assert done.returncode == 0, done.stderr
    assert "all data files are valid" in done.stdout


def test_check_data_fails_naming_file_row_and_column(damaged):
    rewrite(damaged / "sentences.csv", "S05,agreement", "S04,agreement")
    done = run_cli("check-data", str(damaged))
    assert done.returncode == 1
    assert "sentences.csv, row 5 (line 6), column 'id'" in done.stderr


def test_check_data_catches_a_plan_with_an_unknown_step(damaged):
    rewrite(damaged / "model" / "plans.csv", "big_upfront,", "big_bang,")
    done = run_cli("check-data", str(damaged))
    assert done.returncode == 1
    assert ("model/plans.csv, row 4 (line 5), column 'phases': plan 'All at once': unknown "
            "step 'big_bang'") in done.stderr


def test_check_data_catches_a_damaged_exercise_file(damaged):
    rewrite(damaged / "exercises" / "02_two_partners.yml",
            '    answer: "Joint military ties with Russia;', '    answer: "Joint ties with Russia;')
    done = run_cli("check-data", str(damaged))
    assert done.returncode == 1
    assert "02_two_partners.yml: exercise '02.2', field 'answer' (line 48)" in done.stderr

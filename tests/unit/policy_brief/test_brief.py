"""The capstone brief as an assessment: checks beyond form, the hand-in file, check-brief."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from balancing_act.cli import commands as cli
from balancing_act.data import loaders as data
from balancing_act.data import model_inputs as params
from balancing_act.policy_brief import evidence as brief_checks
from balancing_act.policy_brief.brief import Claim
from balancing_act.policy_brief.markdown import NotABrief, from_markdown, to_markdown

BRIEFS = Path(__file__).resolve().parents[3] / "docs" / "briefs"


@pytest.fixture(scope="module")
def strong():
    return from_markdown((BRIEFS / "strong.md").read_text(encoding="utf-8"),
                         params.priority_labels())[0]


def failing(brief, constraint="concern_moscow") -> dict[str, str]:
    checks = brief_checks.check(brief, constraint)
    return {r.check: r.detail for r in checks.itertuples(index=False) if not r.passed}


def run(capsys, *files: str) -> tuple[int, str, str]:
    code = cli.main(["check-brief", *files])
    out, err = capsys.readouterr()
    return code, out, err


def test_model_briefs_strong_passes_and_weak_fails_with_reasons(capsys):
    code, out, err = run(capsys, str(BRIEFS / "strong.md"))
    assert code == 0 and err == ""
    assert out.splitlines()[-1].endswith("strong.md: all 10 checks passed")
    code, out, _ = run(capsys, str(BRIEFS / "weak.md"))
    assert code == 1
    assert "weak.md: 6 of 10 checks not yet passed" in out
    assert "the justification has 5 words; write at least 25" in out
    assert "for: Moscow, Washington" in out or "for: Minsk, Moscow, Washington" in out
    assert "claim 2 mostly copies S06: quoted, not argued" in out
    assert "“never to harm Russia” is not word for word in S01, S36" in out
    assert "no claim yet for: Strategic autonomy" in out


def test_one_row_per_brief_and_check_and_exit_1_if_any_fails(capsys):
    code, out, _ = run(capsys, str(BRIEFS / "strong.md"), str(BRIEFS / "weak.md"), "--details")
    assert code == 1
    rows = [line for line in out.splitlines() if "\t" in line]
    assert len(rows) == 20
    assert {line.split("\t")[0].rsplit("/", 1)[-1] for line in rows} == {"strong.md", "weak.md"}


def test_exported_file_reads_back_to_the_same_brief(strong):
    """Render the parsed brief again: the file is reproduced exactly, checks included."""
    for name in ("strong.md", "weak.md"):
        text = (BRIEFS / name).read_text(encoding="utf-8")
        brief, key = from_markdown(text, params.priority_labels())
        sentences = data.load_sentences()
        again = to_markdown(brief, constraint=brief_checks.constraint_words(key),
                            verdict=brief_checks.evidence(brief, key).plan_verdict,
                            checks=brief_checks.check(brief, key),
                            sentences=dict(zip(sentences["id"], sentences["text"], strict=True)),
                            priorities=params.priority_labels())
        assert again == text, name
    assert len(strong.claims) == 6
    assert {c.kind for c in strong.claims} == {"report", "interpretation", "model", "background"}


def test_one_word_claims_fail(strong):
    brief = replace(strong, claims=tuple(replace(c, text="x") for c in strong.claims))
    assert "fewer than 6 words" in failing(brief)["every claim is a full sentence"]


def test_a_quotation_must_be_word_for_word_in_a_cited_sentence(strong):
    quoted = Claim("Lukashenko says the deal \"will not come at the expense of\" ties with "
                   "Russia, which the article never questions.", "report", ("S01",), "P2")
    assert not failing(replace(strong, claims=(*strong.claims, quoted)))
    curly = replace(quoted, text=quoted.text.replace('"', "“", 1).replace('"', "”", 1))
    assert not failing(replace(strong, claims=(*strong.claims, curly)))
    wrong_source = replace(quoted, cites=("S06",))
    detail = failing(replace(strong, claims=(*strong.claims, wrong_source)))
    assert "claim 7: “will not come at the expense of” is not word for word in S06" in detail[
        "quotations are word for word"]


def test_a_claim_that_only_copies_its_sentence_is_flagged(strong):
    copy = Claim("Engaging multilateral actors: utilizing platforms such as the Eurasian "
                 "Economic Union.", "report", ("S33",), "P1")
    detail = failing(replace(strong, claims=(*strong.claims, copy)))
    assert detail["claims argue, not only quote"].startswith("claim 7 mostly copies S33")


def test_every_capital_and_priority_and_label(strong):
    brief = replace(strong, perspectives={**strong.perspectives, "Moscow": "Unhappy."},
                    claims=tuple(c for c in strong.claims if c.priority != "P3"))
    detail = failing(brief)
    assert "for: Moscow" in detail["a paragraph for each capital"]
    assert "no claim yet for: Strategic autonomy" in detail["a claim for each priority"]
    odd = replace(strong, claims=(replace(strong.claims[0], kind="opinion"), *strong.claims[1:]))
    assert "claim(s) 1: label each as report, interpretation" in failing(odd)[
        "every claim says what kind it is"]


def test_the_constraint_the_learner_chose_decides_the_plan_check(strong):
    assert not failing(strong, "concern_washington")
    big = replace(strong, plan=(("big_upfront",),))
    assert "Constraint broken at phase 1: concern in Moscow 0.70 > 0.50" in failing(big)[
        "the plan keeps the model's constraint"]
    assert "the plan keeps the model's constraint" not in failing(big, "concern_washington")
    unknown = replace(strong, plan=(("bribe",),))
    assert "the plan cannot be run: unknown step 'bribe'" in failing(unknown)[
        "the plan keeps the model's constraint"]


@pytest.mark.parametrize("content, reason", [
    (b"# Notes\n\nnothing here\n", "it has no title line"),
    (b"\xff\xfe\x00binary", "not UTF-8 text"),
    (b"# Policy brief: Belarus, the United States and Russia\n\n## Claims\n",
     "it lacks the section(s) ## Recommended plan"),
])
def test_a_file_that_is_not_a_brief_gets_one_line(tmp_path, capsys, content, reason):
    path = tmp_path / "handed_in.md"
    path.write_bytes(content)
    code, out, err = run(capsys, str(path))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and reason in err and "Traceback" not in err
    with pytest.raises(NotABrief):
        brief_checks.check_file(path)


def test_check_brief_from_a_terminal_never_shows_a_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "balancing_act.cli", "check-brief",
                           str(tmp_path / "missing.md"), str(BRIEFS / "strong.md")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "missing.md is not a brief: it cannot be read" in done.stderr
    assert "Traceback" not in done.stderr
    assert "strong.md: all 10 checks passed" in done.stdout


@pytest.mark.parametrize("typed, read", [("S06, s18 S1", ("S06", "S18", "S01")),
                                         ("s 7; S040", ("S07", "S40")),
                                         ("S06, Reuters", ("S06", "REUTERS"))])
def test_cites_are_read_as_a_learner_types_them(typed, read):
    from balancing_act.policy_brief.brief import parse_cites

    assert parse_cites(typed) == read


def test_ids_in_a_paragraph_are_read_as_a_learner_writes_them():
    from balancing_act.policy_brief.brief import cited_in

    assert cited_in("As S6 and (s18) show, and S06 again; S100 too.") == ("S06", "S18", "S100")
    assert cited_in("The header row (h3) names the column.") == ("H3",)

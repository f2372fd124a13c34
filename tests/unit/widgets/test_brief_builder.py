"""The capstone's brief builder as a learner uses it: write, restart, come back, export."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from balancing_act import model, progress
from balancing_act.data import model_inputs as params
from balancing_act.policy_brief import evidence as brief_checks
from balancing_act.policy_brief.markdown import from_markdown
from balancing_act.widgets.brief_builder import brief_builder, export_name, fit_rows

STRONG = Path(__file__).resolve().parents[3] / "docs" / "briefs" / "strong.md"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("BALANCING_ACT_HOME", str(folder))
    return folder


def fill_with(builder, brief) -> None:
    """Type the model brief into the builder's controls, as a learner would."""
    builder.author.value = brief.author
    builder.planner.set_plan([list(p) for p in brief.plan])
    builder.justification.value = brief.justification
    for capital, text in brief.perspectives.items():
        builder.perspectives[capital].value = text
    for claim in brief.claims:
        builder.claim_text.value = claim.text
        builder.kind.value = claim.kind
        builder.cites.value = ", ".join(claim.cites)
        builder.priority.value = claim.priority
        builder.add_button.click()


def test_a_brief_comes_back_after_the_notebook_runs_again(home):
    first = brief_builder()
    first.author.value = "Ada"
    first.claim_text.value = "Lukashenko presents the talks as a way to widen Belarus's ties."
    first.kind.value, first.cites.value, first.priority.value = "report", "S02", "P1"
    first.add_button.click()
    first.add_claim("The article quotes no one in Moscow, so Moscow's view is only inferred.",
                    "interpretation", "S01, S06", "P2")
    assert len(first.claims) == 2 and first.claim_text.value == ""
    again = brief_builder()  # Run All, a restart or reopening the notebook
    assert [c.text for c in again.claims] == [c.text for c in first.claims]
    assert again.author.value == "Ada"
    assert "Your saved brief is back (2 claim(s))" in again.restored.value  # at the top
    again.add_claim(*_as_args(first.claims[0]))  # a cell that adds it again adds nothing
    assert len(again.claims) == 2 and "already in your brief" in again.claim_message.value


def _as_args(claim):
    return claim.text, claim.kind, ", ".join(claim.cites), claim.priority


def test_the_model_brief_typed_in_passes_every_check(home):
    strong, _ = from_markdown(STRONG.read_text(encoding="utf-8"), params.priority_labels())
    builder = brief_builder()
    fill_with(builder, strong)
    assert builder.checks["passed"].all(), builder.checks.to_string()
    assert "✖" not in builder.checks_html.value
    exported = from_markdown(builder.to_markdown(), params.priority_labels())[0]
    in_step_order = model.check_plan([list(p) for p in strong.plan], params.load_params())
    assert exported == replace(strong, plan=tuple(tuple(p) for p in in_step_order))


def test_checks_say_what_to_fix_as_the_learner_writes(home):
    builder = brief_builder()
    assert "no plan yet" in builder.checks_html.value
    builder.add_claim("x", "report", "S01", "P1")
    assert "claim(s) 1 have fewer than 6 words" in builder.checks_html.value
    builder.add_claim("Lukashenko said", "opinion", "S01", "P1")
    assert "Not added: choose its kind" in builder.claim_message.value  # under Add claim
    builder.justification.value = "Lukashenko promised \"never to harm Russia\" (S01) " * 3
    assert "“never to harm Russia” is not word for word in S01" in builder.checks_html.value


def test_export_is_named_after_the_learner_and_never_overwrites(home, tmp_path):
    builder = brief_builder()
    builder.author.value = "Ada Lovelace"
    out = tmp_path / "out"
    out.mkdir()
    keep = out / "policy_brief_ada_lovelace.md"
    keep.write_text("an earlier brief", encoding="utf-8")
    first = builder.export(out)
    assert first.name == "policy_brief_ada_lovelace-2.md"
    assert keep.read_text(encoding="utf-8") == "an earlier brief"
    assert builder.export(out).name == "policy_brief_ada_lovelace-3.md"
    assert export_name("  ") == "policy_brief_unnamed.md"
    assert export_name("../../etc/passwd") == "policy_brief_etc_passwd.md"
    assert brief_checks.check_file(first) is not None  # the export is a brief check-brief reads


def test_a_damaged_saved_brief_is_kept_aside_and_a_new_one_starts(home):
    home.mkdir()
    (home / "brief.json").write_text("{not json", encoding="utf-8")
    builder = brief_builder()
    assert "was damaged" in builder.restored.value and "brief.json.damaged-1" in \
        builder.restored.value
    assert (home / "brief.json.damaged-1").read_text(encoding="utf-8") == "{not json"
    assert builder.claims == []
    saved = json.loads((home / "brief.json").read_text(encoding="utf-8"))
    assert saved["format"] == "balancing-act brief"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_an_unwritable_home_is_one_message_not_a_traceback(home):
    home.mkdir()
    home.chmod(0o500)
    try:
        builder = brief_builder()
        builder.add_claim("Lukashenko presents the talks as a way to widen ties.", "report",
                          "S02", "P1")
        assert "could not be saved" in builder.restored.value
    finally:
        home.chmod(0o700)


def test_the_brief_lives_beside_the_progress_record(home):
    brief_builder().author.value = "Ben"
    assert (progress.home() / "brief.json").exists()


def test_the_export_has_a_page_to_read_beside_the_markdown(home, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the button writes beside the notebook: the kernel's folder
    builder = brief_builder()
    builder.author.value = "Ada"
    builder.add_claim("A claim with <script>alert(1)</script> in it, typed by a learner.",
                      "interpretation", "S01", "P1")
    md = builder.export(tmp_path)
    page = md.with_suffix(".html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<title>Policy brief: Ada</title>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page  # the learner's text stays text
    assert "<h1>" in page and "<li>" in page  # headings and lists, not # and - signs
    (tmp_path / "policy_brief_ada-2.html").write_text("someone else's page", encoding="utf-8")
    assert builder.export(tmp_path).name == "policy_brief_ada-3.md"  # neither file is reused
    builder.export_button.click()  # says both names, under the button
    assert "Exported to policy_brief_ada-4.md, with a page to read, policy_brief_ada-4.html" \
        in builder.message.value


def test_confirmations_show_where_the_learner_is_looking(home):
    builder = brief_builder()
    builder.add_claim("Lukashenko presents the talks as a way to widen ties.", "report",
                      "s2", "P1")
    assert "Claim 1 added (cites read as S02)" in builder.claim_message.value
    children = list(builder.children)
    assert children.index(builder.claim_message) == children.index(builder.claims_html) - 1
    assert children.index(builder.restored) < children.index(builder.author)  # the top
    assert builder.message.value == ""  # nothing said far below, out of sight


def test_text_areas_grow_with_their_text(home):
    builder = brief_builder()
    assert builder.justification.rows == 4
    builder.justification.value = "A long paragraph of the learner's own words. " * 20
    assert builder.justification.rows > 10
    assert fit_rows("x\n" * 100) == 24  # bounded: the page never becomes one text area


def test_enter_in_the_cites_box_adds_the_claim(home):
    """Lesson 00 teaches "Enter checks": the brief's last claim box keeps that promise."""
    builder = brief_builder()
    builder.claim_text.value = "Lukashenko presents the talks as a way to widen ties."
    builder.kind.value = "report"
    builder.priority.value = "P1"
    builder.cites.value = "S02"
    builder.cites._handle_custom_msg({"event": "submit"}, [])  # what Enter sends
    assert len(builder.claims) == 1 and "Claim 1 added" in builder.claim_message.value
    assert builder.cites.value == ""  # ready for the next claim


def test_the_preview_reads_as_a_page_not_as_raw_markdown(home):
    """Lesson 06 showed the file with print(): a learner saw '#' and '|' marks."""
    builder = brief_builder()
    fill_with(builder, from_markdown(STRONG.read_text(encoding="utf-8"),
                                     params.priority_labels())[0])
    shown = builder.preview()._repr_html_()
    assert "<h1>" in shown and "<h2>" in shown and "<li>" in shown and "\n# " not in shown
    assert repr(builder.preview()) == builder.to_markdown()  # plain text where no HTML is drawn

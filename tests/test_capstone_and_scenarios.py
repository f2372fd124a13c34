"""Named plans, what-if scenarios, the policy brief, and the plan / brief exercises:
driven the way a learner drives them, through widget controls and checks."""

from __future__ import annotations

import pandas as pd
import pytest

from balancing_act import brief, model, params, scenarios
from balancing_act import widgets as w
from balancing_act.exercises import exercise


@pytest.fixture(scope="module")
def p():
    return params.load_params()


# --------------------------------------------------------------------------- scenarios


def test_plan_text_round_trips():
    text = "safeguards+statements | invest"
    assert scenarios.parse_plan(text) == [["safeguards", "statements"], ["invest"]]
    assert scenarios.format_plan(scenarios.parse_plan(text)) == "safeguards+statements | invest"


def test_plan_text_must_not_be_empty():
    with pytest.raises(ValueError, match="expected phases separated by"):
        scenarios.parse_plan("  ")


def test_scenario_rescales_only_rises_in_mistrust(p):
    changed = scenarios.apply_scenario(p, {"mistrust_scale": 2.0})
    assert changed.steps["invest"].effects["mistrust"] == pytest.approx(
        2 * p.steps["invest"].effects["mistrust"])
    # a step that lowers mistrust (reassurance) is not made more reassuring
    assert changed.steps["safeguards"].effects["mistrust"] == p.steps["safeguards"].effects[
        "mistrust"]
    assert changed.threshold == p.threshold


def test_scenario_values_are_checked(p):
    with pytest.raises(ValueError, match="expected a factor from 0 to 5"):
        scenarios.apply_scenario(p, {"trust_scale": -1})
    with pytest.raises(ValueError, match=r"expected a number in \(0, 1\]"):
        scenarios.apply_scenario(p, {"threshold": 0})


def test_what_if_by_hand_for_investment_only(p):
    """Five invest phases: mistrust 0.20 + 5 x 0.06 = 0.50, exactly at the 0.50 threshold."""
    plan = [["invest"]] * 5
    table = scenarios.what_if(plan, p, params.load_scenarios()).set_index("scenario")
    assert table.loc["Default assumptions", "peak mistrust"] == pytest.approx(0.50)
    assert table.loc["Default assumptions", "constraint"] == "holds"
    # Moscow more sensitive: 0.20 + 4 x 0.09 = 0.56 > 0.50 at phase 4
    assert table.loc["Moscow more sensitive", "constraint"] == "broken at phase 4"
    # a tighter red line of 0.40: 0.20 + 4 x 0.06 = 0.44 > 0.40 at phase 4
    assert table.loc["Tighter red line", "constraint"] == "broken at phase 4"


def test_every_named_plan_runs_in_the_model(p):
    plans = params.load_plans()
    assert "Phased: safeguards first" in plans and "All at once" in plans
    for plan in plans.values():
        assert len(model.simulate_plan(plan, p)) == len(plan) + 1


# --------------------------------------------------------------------------- what-if widget


def test_what_if_table_follows_the_plan_dropdown():
    what_if = w.what_if_table()
    assert what_if.answer == list(params.load_scenarios()["name"])  # the first plan holds
    what_if.plan.value = "All at once"
    assert what_if.answer == []
    assert "broken at phase 1" in what_if.html.value
    assert f"under 0 of {len(params.load_scenarios())} scenarios" in what_if.steps_html.value
    assert exercise("05.3").evaluate(what_if.answer).status == "incorrect"
    what_if.plan.value = "Investment only: spread out"
    assert exercise("05.3").evaluate(what_if.answer).status == "correct"


# --------------------------------------------------------------------------- brief


def test_cites_are_read_leniently():
    assert brief.parse_cites("s06, S18;S01  S06") == ("S06", "S18", "S01")
    assert brief.parse_cites(["S01", "S02"]) == ("S01", "S02")
    assert brief.parse_cites(None) == ()


@pytest.mark.parametrize("text, priority, message", [
    ("", "P1", "the claim is empty"),
    ("x" * 601, "P1", "keep it under 600"),
    ("A claim.", "", "no priority chosen"),
])
def test_bad_claims_say_what_to_write(text, priority, message):
    with pytest.raises(ValueError, match=message):
        brief.make_claim(text, "S01", priority)


def test_brief_checks_name_what_is_missing():
    claims = [brief.make_claim("Minsk keeps ties with Russia.", "S06, S99", "P2"),
              brief.make_claim("Uncited.", "", "P1")]
    checks = brief.check_brief(claims, False, "Constraint broken at phase 1", {"S06"},
                               {"P1": "Economic diversification", "P2": "Respecting",
                                "P3": "Strategic autonomy"}).set_index("check")
    assert not checks["passed"].any()
    assert "claim(s) 2 cite nothing" in checks.loc["every claim cites a sentence", "detail"]
    assert "S99" in checks.loc["every cited id exists", "detail"]
    detail = checks.loc["a claim for each priority", "detail"]
    assert detail == "no claim yet for: Strategic autonomy"


def test_brief_builder_through_its_controls(tmp_path):
    builder = w.brief_builder()
    builder.plan.value = "All at once"
    assert "✖ Constraint broken at phase 1" in builder.plan_html.value
    builder.claim_text.value = "Lukashenko says ties with Russia will not be harmed."
    builder.cites.value = "S01, S06"
    builder.priority.value = "P2"
    builder.add_button.click()
    assert builder.claim_text.value == ""  # cleared for the next claim
    assert builder.answer["claims"] == [{"text": "Lukashenko says ties with Russia will not be "
                                         "harmed.", "cites": ["S01", "S06"], "priority": "P2"}]
    assert "Your claims (1)" in builder.claims_html.value
    builder.claim_text.value = ""
    builder.add_button.click()
    assert "Not added: the claim is empty" in builder.message.value
    assert len(builder.claims) == 1
    builder.remove_button.click()
    assert builder.claims == []


def test_brief_exports_markdown_with_cited_sentences(tmp_path):
    builder = w.brief_builder()
    for claim in exercise("06.3").example_answer["claims"]:
        builder.add_claim(claim["text"], claim["cites"], claim["priority"])
    target = builder.export(tmp_path / "brief.md")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Policy brief")
    assert "> **S06** Despite these talks, Lukashenko emphasized" in text
    assert "✓ passed: the plan keeps the Russia constraint" in text
    assert builder.checks["passed"].all()


# --------------------------------------------------------------------------- exercises


def test_plan_exercise_accepts_any_plan_that_meets_the_conditions():
    ex = exercise("04.4")
    other = [["safeguards"], ["invest", "transparency"], ["invest", "statements"],
             ["invest", "multilateral"]]
    assert ex.evaluate(other).status == "correct"
    result = ex.evaluate([["invest"], ["invest"]])
    assert result.status == "incorrect"
    assert "at least 3 are asked for" in result.message
    assert "final economic gain is 0.20; at least 0.3" in result.message.lower()


def test_plan_exercise_explains_a_malformed_plan():
    result = exercise("04.4").evaluate([["invest", "bribe"]])
    assert result.status == "invalid"
    assert result.message.startswith("Unknown step 'bribe' in phase 1.")
    assert result.message.count("big_upfront") == 1


def test_planner_answer_is_what_the_plan_exercise_checks():
    planner = w.deal_planner()
    planner.set_plan([["big_upfront"]])
    result = exercise("04.4").evaluate(planner.answer)
    assert result.status == "incorrect" and "S34 recommends stages" in result.hint
    planner.set_plan(exercise("04.4").example_answer)
    assert len(planner.phases) == 4 and planner.holds
    assert exercise("04.4").evaluate(planner.answer).status == "correct"


def test_brief_exercise_reports_each_failed_check():
    result = exercise("06.3").evaluate({"plan": "Phased: safeguards first", "claims": []})
    assert result.status == "incorrect"
    assert "no claims yet" in result.message and "no claim yet for" in result.message
    odd = exercise("06.3").evaluate({"plan": "Phased: safeguards first", "claims": "S01"})
    assert odd.status == "invalid"


def test_weights_panel_set_weights_and_its_range():
    panel = w.weights_panel()
    panel.set_weights({"P1": 6, "P2": 2, "P3": 2})
    assert panel.answer[0] == "Rapid comprehensive deal with Washington"
    assert exercise("03.4").evaluate(panel.answer).status == "correct"
    with pytest.raises(ValueError, match="off the slider"):
        panel.set_weights({"P1": 60})
    with pytest.raises(ValueError, match="no priority called 'P9'"):
        panel.set_weights({"P9": 1})


def test_grid_for_a_sentence_exercise_shows_the_sentences():
    ex = exercise("01.3")
    grid = w.classification_grid_for(ex)
    assert "In remarks reported by Reuters" in grid.children[0].value
    for item, category in ex.example_answer.items():
        grid.dropdowns[item].value = category
    assert ex.evaluate(grid.answer).status == "correct"
    grid.dropdowns["S07"].value = "report"
    assert "S07 sounds like a fact" in ex.evaluate(grid.answer).hint


def test_grid_for_refuses_a_non_classification_exercise():
    with pytest.raises(ValueError, match="expected a classification exercise"):
        w.classification_grid_for(exercise("01.1"))


# --------------------------------------------------------------------------- answers vs model


def test_hand_computed_score_in_03_3_matches_the_model(p):
    weights = {"Economic diversification": 0.5, "Respecting existing alliances": 0.3,
               "Strategic autonomy": 0.2}
    card = model.scorecard(model.ratings_table(p), weights).set_index("option")
    assert card.loc["Phased deal with safeguards", "score"] == pytest.approx(
        exercise("03.3").example_answer)


def test_ranking_in_03_4_matches_the_model(p):
    card = model.scorecard(model.ratings_table(p), {"Economic diversification": 6,
                                                     "Respecting existing alliances": 2,
                                                     "Strategic autonomy": 2})
    assert model.ranking(card) == exercise("03.4").example_answer


def test_count_in_01_2_matches_the_data():
    from balancing_act import data

    kinds = data.load_sentences()["kind"]
    assert (kinds == "interpretation").sum() == exercise("01.2").example_answer


def test_what_if_answer_in_05_4_matches_the_model(p):
    plan = params.load_plans()["Investment only: spread out"]
    table = scenarios.what_if(plan, p, params.load_scenarios())
    assert sorted(scenarios.scenarios_that_hold(table)) == sorted(exercise("05.3").example_answer)


def test_example_answers_for_tables_are_dataframes():
    assert isinstance(exercise("02.3").example_answer, pd.DataFrame)

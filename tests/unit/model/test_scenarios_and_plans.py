"""Named plans, what-if scenarios, the policy brief, and the plan / brief exercises:
driven the way a learner drives them, through widget controls and checks."""

from __future__ import annotations

import pandas as pd
import pytest

from balancing_act import model
from balancing_act import widgets as w
from balancing_act.data import model_inputs as params
from balancing_act.exercises import exercise
from balancing_act.model import scenarios
from balancing_act.policy_brief import brief as policy_brief


@pytest.fixture(scope="module")
def p():
    return params.load_params()


# --------------------------------------------------------------------------- scenarios


def test_plan_text_round_trips():
    text = "safeguards+statements | invest"
    assert scenarios.parse_plan(text) == [["safeguards", "statements"], ["invest"]]
    assert scenarios.format_plan(scenarios.parse_plan(text)) == "safeguards+statements | invest"


def test_a_named_plan_must_not_be_empty():
    """Is a plans.csv row with no phases refused, saying what a plan looks like?"""
    import pandas as pd

    with pytest.raises(ValueError, match="expected phases separated by"):
        scenarios.named_plans(pd.DataFrame({"name": ["Empty"], "phases": ["  "]}))


def test_one_plan_notation_reads_back_what_it_writes():
    """Do a pause and an empty plan survive writing and reading, as a brief's plan line?"""
    from balancing_act.model.plan_notation import format_plan, parse_plan
    from balancing_act.policy_brief.markdown import parse_plan_text

    plan = [["safeguards", "statements"], [], ["invest"]]
    assert format_plan(plan) == "safeguards+statements | (pause) | invest"
    assert parse_plan(format_plan(plan)) == plan
    assert parse_plan_text(format_plan(plan)) == (("safeguards", "statements"), (), ("invest",))
    assert parse_plan("") == [] and parse_plan_text("  ") == ()


def test_scenario_rescales_only_rises_in_concern_in_moscow(p):
    changed = scenarios.apply_scenario(p, {"moscow_scale": 2.0})
    assert changed.steps["invest"].effects["concern_moscow"] == pytest.approx(
        2 * p.steps["invest"].effects["concern_moscow"])
    # a step that eases concern in Moscow (reassurance) is not made more reassuring
    assert changed.steps["safeguards"].effects["concern_moscow"] == p.steps[
        "safeguards"].effects["concern_moscow"]
    assert changed.threshold == p.threshold


def test_scenario_values_are_checked(p):
    with pytest.raises(ValueError, match="expected a factor from 0 to 5"):
        scenarios.apply_scenario(p, {"washington_scale": -1})
    with pytest.raises(ValueError, match=r"expected a number in \(0, 1\]"):
        scenarios.apply_scenario(p, {"threshold": 0})


def test_what_if_by_hand_for_investment_only(p):
    """Five invest phases: concern in Moscow 0.20 + 5 x 0.06 = 0.50, exactly at its ceiling."""
    plan = [["invest"]] * 5
    table = scenarios.what_if(plan, p, params.load_scenarios()).set_index("scenario")
    assert table.loc["Default assumptions", "peak concern in Moscow"] == pytest.approx(0.50)
    assert table.loc["Default assumptions", "constraint"] == "holds"
    # concern in Moscow rises faster: 0.20 + 4 x 0.09 = 0.56 > 0.50 at phase 4
    assert table.loc["Concern in Moscow rises faster", "constraint"] == "broken at phase 4"
    # a lower ceiling of 0.40: 0.20 + 4 x 0.06 = 0.44 > 0.40 at phase 4
    assert table.loc["Lower ceiling on concern in Moscow", "constraint"] == "broken at phase 4"


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


# --------------------------------------------------------------------------- brief


def test_cites_are_read_leniently():
    assert policy_brief.parse_cites("s06, S18;S01  S06") == ("S06", "S18", "S01")
    assert policy_brief.parse_cites(["S01", "S02"]) == ("S01", "S02")
    assert policy_brief.parse_cites(None) == ()


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


def test_brief_exercise_says_what_to_fix_first_and_counts_the_rest():
    result = exercise("06.3").evaluate({"plan": [["safeguards"], ["invest"]], "claims": []})
    assert result.status == "incorrect"
    assert result.message.startswith("Not yet: the plan is justified: the justification has 0")
    assert "more check(s) not yet passed" in result.message
    odd = exercise("06.3").evaluate({"plan": "Phased: safeguards first", "claims": "S01"})
    assert odd.status == "invalid" and "'plan' is not a list of phases" in odd.message


def test_weights_panel_set_weights_and_its_range():
    panel = w.weights_panel()
    panel.set_weights({"P1": 6, "P2": 2, "P3": 2})
    assert panel.answer[0] == "Rapid comprehensive deal with Washington"
    with pytest.raises(ValueError, match="off the slider"):
        panel.set_weights({"P1": 60})
    with pytest.raises(ValueError, match="no priority called 'P9'"):
        panel.set_weights({"P9": 1})


def test_grid_for_a_sentence_exercise_shows_the_sentences():
    ex = exercise("05.2")
    grid = w.classification_grid_for(ex)
    assert "Exploring trade and investment opportunities with Washington" in \
        grid.children[0].value
    for item, category in ex.example_answer.items():
        grid.dropdowns[item].value = category
    assert ex.evaluate(grid.answer).status == "correct"
    grid.dropdowns["S11"].value = "Moscow"
    assert "whose decisions?" in ex.evaluate(grid.answer).hint


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


def test_weights_in_03_4s_model_answer_match_the_model(p):
    card = model.scorecard(model.ratings_table(p), {"Economic diversification": 6,
                                                     "Respecting existing alliances": 2,
                                                     "Strategic autonomy": 2})
    assert model.ranking(card)[0] == "Rapid comprehensive deal with Washington"
    assert "6, 2 and 2" in exercise("03.4").example_answer


def test_count_in_01_2_matches_the_data():
    from balancing_act.data import loaders as data

    sentences = data.load_sentences()
    advice = sentences[sentences["section"] == "recommendations"]
    credited = advice["attributed_to"].fillna("").str.len() > 0
    assert list(advice.loc[credited, "id"]) == ["S28", "S30"]
    assert "S28 and S30" in exercise("01.2").example_answer["reason"]


def test_05_4_names_the_scenario_that_breaks_the_experts_plan(p):
    plan = params.load_plans()["Phased: safeguards first"]
    table = scenarios.what_if(plan, p, params.load_scenarios(), "concern_washington")
    broken = table.loc[table["constraint"] != "holds", "scenario"].tolist()
    assert broken == ["Reassurance raises concern in Washington"]
    assert "One scenario breaks the plan" in exercise("05.4").example_answer["reason"]


def test_03_4_weights_put_the_rapid_deal_first_and_the_others_do_not(p):
    ratings = model.ratings_table(p)
    labels = ["Economic diversification", "Respecting existing alliances", "Strategic autonomy"]
    firsts = {}
    for top in range(3):
        weights = {label: 6 if n == top else 2 for n, label in enumerate(labels)}
        firsts[labels[top]] = model.ranking(model.scorecard(ratings, weights))[0]
    assert firsts["Economic diversification"] == "Rapid comprehensive deal with Washington"
    assert "Rapid comprehensive deal with Washington" not in list(firsts.values())[1:]
    assert "most weight on economic diversification" in exercise("03.4").example_answer


def test_what_if_answer_in_05_3_matches_the_model(p):
    plan = params.load_plans()["Investment only: spread out"]
    table = scenarios.what_if(plan, p, params.load_scenarios())
    assert "Concern in Moscow rises faster" not in scenarios.scenarios_that_hold(table)
    assert "breaks when concern in Moscow rises faster" in exercise("05.3").example_answer


def test_example_answers_for_tables_are_dataframes():
    assert isinstance(exercise("02.3").example_answer, pd.DataFrame)

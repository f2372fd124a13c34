"""The classroom model against values computed by hand from lessons_data/model/*.csv.

Each expected number is written as the arithmetic a learner would do, from the
CSV values; ``test_csv_holds_the_numbers_used_here`` pins those inputs so an
edit to the CSV fails there first, with a readable message.
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd
import pytest

from balancing_act import model
from balancing_act.data import loaders as data
from balancing_act.widgets import load_params
from tests.support.model_labels import O1, O2, O3, O4, P1, P2, P3

# ratings.csv, options x (P1, P2, P3)
RATINGS = {O1: (6, 7, 7), O2: (9, 2, 5), O3: (2, 9, 3), O4: (4, 8, 6)}


@pytest.fixture(scope="module")
def params() -> model.ModelParams:
    return load_params()


@pytest.fixture(scope="module")
def ratings(params) -> pd.DataFrame:
    return model.ratings_table(params)


def tables() -> dict[str, pd.DataFrame]:
    names = ("options", "criteria", "ratings", "steps", "parameters")
    found = {n: data.load_model_table(n) for n in names}
    return found | {"priorities": data.load_table("priorities")}


# --------------------------------------------------------------------------- the data


def test_csv_holds_the_numbers_used_here(params, ratings):
    assert {o: tuple(ratings.loc[o]) for o in ratings.index} == RATINGS
    assert params.default_weights() == {P1: 5, P2: 5, P3: 5}
    assert dict(params.steps["invest"].effects) == {
        "gain": 0.10, "concern_moscow": 0.06, "concern_washington": -0.05, "autonomy": 0.02}
    assert dict(params.steps["big_upfront"].effects)["gain"] == 0.35
    assert (params.threshold, params.shock_limit, params.shock_rate) == (0.5, 0.15, 1.0)
    assert dict(params.baseline) == {"gain": 0.0, "concern_moscow": 0.2,
                                     "concern_washington": 0.8, "autonomy": 0.4}


@pytest.mark.parametrize("name", data.list_model_tables())
def test_every_model_row_is_labelled_and_sourced(name):
    frame = data.load_model_table(name)
    assert set(frame["assumption"]) == {"illustrative classroom assumption"}
    known = set(data.load_sentences()["id"])
    for cell in frame["source_ids"]:
        ids = data.split_ids(cell)
        assert ids and set(ids) <= known, cell


def test_the_contrast_step_says_it_is_a_model_assumption(params):
    contrast = [s for s in params.steps.values() if s.kind == "contrast"]
    assert [s.id for s in contrast] == ["big_upfront"]
    assert "model assumption" in contrast[0].label


def test_params_are_frozen(params):
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.threshold = 0.9  # type: ignore[misc]
    with pytest.raises(TypeError):
        params.steps["invest"] = None  # type: ignore[index]


@pytest.mark.parametrize(("table", "edit", "message"), [
    ("ratings", lambda f: f.iloc[1:], "ratings lack O1/P1"),
    ("ratings", lambda f: f.assign(rating=f["rating"].where(f.index != 0, 11.0)),
     "expected 0 to 10"),
    ("ratings", lambda f: pd.concat([f, f.iloc[:1]]), "rated twice"),
    ("criteria", lambda f: f.assign(id=["P1", "P2", "P9"]), "'P9' is not a priority id"),
    ("criteria", lambda f: f.assign(default_weight=[5.0, -1.0, 5.0]), "expected 0 or more"),
    ("parameters", lambda f: f[f["name"] != "shock_limit"], "parameters lack shock_limit"),
    ("steps", lambda f: f.drop(columns=["concern_washington"]),
     "steps lacks column(s) concern_washington"),
])
def test_params_from_tables_names_what_is_wrong(table, edit, message):
    given = tables()
    given[table] = edit(given[table])
    with pytest.raises(ValueError, match=re.escape(message)):
        model.params_from_tables(**given)


# --------------------------------------------------------------------------- partner table


def test_pivot_gives_back_the_articles_table():
    wide = model.pivot_partners(data.load_table("partner_ties"))
    # The article's first table, cell by cell.
    assert wide.to_dict("list") == {
        "Aspect": ["Economic Ties", "Security", "Political Stance"],
        "Belarus-Russia": ["Energy Supplies & Joint Ventures", "Military Alliances & Training",
                           "Strategic Loyalty"],
        "Belarus-US": ["Potential Trade Agreements", "Non-aggression and Diplomatic Stability",
                       "Partnership Expansion"],
    }


def test_filter_partners_by_partner_and_status():
    ties = data.load_table("partner_ties")
    us = model.filter_partners(ties, partners="United States")
    assert list(us["tie"]) == ["Potential Trade Agreements",
                               "Non-aggression and Diplomatic Stability", "Partnership Expansion"]
    assert set(us["status"]) == {"prospective"}
    assert model.filter_partners(ties, partners=["United States"], statuses="established").empty
    security = model.filter_partners(ties, aspects=["Security"], partners=[])  # [] = no filter
    assert list(security["partner"]) == ["Russia", "United States"]


def test_pivot_of_a_filtered_table_keeps_only_present_partners():
    ties = data.load_table("partner_ties")
    wide = model.pivot_partners(model.filter_partners(ties, statuses="established"))
    assert list(wide.columns) == ["Aspect", "Belarus-Russia"]
    one = model.pivot_partners(ties.iloc[[0, 3]])  # Economic Ties/Russia, Security/US
    assert one.to_dict("list") == {
        "Aspect": ["Economic Ties", "Security"],
        "Belarus-Russia": ["Energy Supplies & Joint Ventures", ""],
        "Belarus-US": ["", "Non-aggression and Diplomatic Stability"]}


def test_sorting_is_stable_and_uses_the_articles_aspect_order():
    ties = data.load_table("partner_ties")
    by_partner = model.sort_partners(ties, "partner", descending=True)
    # US rows first, each group still in the article's aspect order
    assert list(by_partner["partner"]) == ["United States"] * 3 + ["Russia"] * 3
    assert list(by_partner["aspect"])[:3] == ["Economic Ties", "Security", "Political Stance"]
    by_aspect = model.sort_partners(ties, "aspect", descending=True)
    assert list(by_aspect["aspect"])[0] == "Political Stance"
    assert model.sort_rows(ties, None).equals(ties)


@pytest.mark.parametrize(("call", "message"), [
    (lambda t: model.filter_partners(t, partners="USA"), "expected one of: Russia, United States"),
    (lambda t: model.filter_partners(t, statuses=["potential"]), "expected one of: established"),
    (lambda t: model.filter_rows(t, {"colour": "red"}), "cannot filter on 'colour'"),
    (lambda t: model.sort_rows(t, "size"), "cannot sort by 'size'"),
    (lambda t: model.filter_partners("not a table"), "must be a pandas DataFrame"),
])
def test_bad_table_queries_say_what_is_allowed(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call(data.load_table("partner_ties"))


# --------------------------------------------------------------------------- sentences


def test_sentence_search_is_plain_and_case_insensitive():
    sentences = data.load_sentences()
    assert list(model.filter_sentences(sentences, text="REUTERS")["id"]) == ["S02"]
    assert model.filter_sentences(sentences, text=".*").empty  # no pattern magic
    brackets = model.filter_sentences(sentences, text="(EAEU)")
    assert list(brackets["id"]) == ["S33"]
    assert list(model.filter_sentences(sentences, actor="Reuters")["id"]) == ["S02"]
    recs = model.filter_sentences(sentences, kinds="recommendation", text="trust")
    assert list(recs["id"]) == ["S30"]
    lead = model.filter_sentences(sentences, sections=["lead"])
    assert list(lead["id"]) == ["S01", "S02", "S03"]


# --------------------------------------------------------------------------- scorecard


def test_equal_weights_score_is_the_plain_average(ratings):
    table = model.scorecard(ratings, {P1: 5, P2: 5, P3: 5})
    scores = dict(zip(table["option"], table["score"], strict=True))
    assert scores[O1] == pytest.approx((6 + 7 + 7) / 3)  # 6.67
    assert scores[O4] == pytest.approx((4 + 8 + 6) / 3)  # 6.00
    assert scores[O2] == pytest.approx((9 + 2 + 5) / 3)  # 5.33
    assert scores[O3] == pytest.approx((2 + 9 + 3) / 3)  # 4.67
    assert model.ranking(table) == [O1, O4, O2, O3]
    assert list(table["rank"]) == [1, 2, 3, 4]


def test_doubling_one_weight_reranks(ratings):
    # sliders 10, 5, 5 -> weights 10/20, 5/20, 5/20 = 0.5, 0.25, 0.25
    table = model.scorecard(ratings, {P1: 10, P2: 5, P3: 5})
    scores = dict(zip(table["option"], table["score"], strict=True))
    assert scores[O1] == pytest.approx(0.5 * 6 + 0.25 * 7 + 0.25 * 7)  # 6.50
    assert scores[O2] == pytest.approx(0.5 * 9 + 0.25 * 2 + 0.25 * 5)  # 6.25
    assert scores[O4] == pytest.approx(0.5 * 4 + 0.25 * 8 + 0.25 * 6)  # 5.50
    assert scores[O3] == pytest.approx(0.5 * 2 + 0.25 * 9 + 0.25 * 3)  # 4.00
    assert model.ranking(table) == [O1, O2, O4, O3]


def test_each_priority_alone_crowns_a_different_option(ratings):
    assert model.ranking(model.scorecard(ratings, {P1: 1, P2: 0, P3: 0}))[0] == O2  # 9 is best
    assert model.ranking(model.scorecard(ratings, {P1: 0, P2: 1, P3: 0}))[0] == O3  # 9 is best
    assert model.ranking(model.scorecard(ratings, {P1: 0, P2: 0, P3: 1}))[0] == O1  # 7 is best
    # 0.1, 0.7, 0.2: O4 = 0.4 + 5.6 + 1.2 = 7.2 beats O3 = 0.2 + 6.3 + 0.6 = 7.1
    # and O1 = 0.6 + 4.9 + 1.4 = 6.9
    assert model.ranking(model.scorecard(ratings, {P1: 1, P2: 7, P3: 2}))[0] == O4


def test_ties_are_broken_by_row_order(ratings):
    # P2 and P3 only, equally: O1 = (7 + 7) / 2 = 7 and O4 = (8 + 6) / 2 = 7 tie
    weights = {P1: 0, P2: 1, P3: 1}
    table = model.scorecard(ratings, weights)
    assert table["score"].iloc[0] == table["score"].iloc[1] == pytest.approx(7)
    assert model.ranking(table)[:2] == [O1, O4]  # O1 comes first in options.csv
    flipped = model.scorecard(ratings.iloc[::-1], weights)
    assert model.ranking(flipped)[:2] == [O4, O1]


def test_weights_are_normalised_whatever_their_scale(ratings):
    assert model.normalise_weights({P1: 2, P2: 1, P3: 1}, [P1, P2, P3]) == {
        P1: 0.5, P2: 0.25, P3: 0.25}
    small = model.scorecard(ratings, {P1: 0.2, P2: 0.1, P3: 0.1})
    large = model.scorecard(ratings, pd.Series({P1: 20, P2: 10, P3: 10}))
    assert small["score"].tolist() == pytest.approx(large["score"].tolist())


@pytest.mark.parametrize(("weights", "message"), [
    ({P1: -1, P2: 5, P3: 5}, "expected 0 or more"),
    ({P1: 0, P2: 0, P3: 0}, "all weights are zero"),
    ({P1: 5, P2: 5}, "no weight for 'Strategic autonomy'"),
    ({P1: 5, P2: 5, P3: 5, "Speed": 1}, "unknown criterion 'Speed'"),
    ({P1: float("nan"), P2: 5, P3: 5}, "expected a finite number"),
    ({P1: "lots", P2: 5, P3: 5}, "expected a number"),
    ([5, 5, 5], "expected a mapping"),
])
def test_bad_weights_say_what_is_allowed(ratings, weights, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        model.scorecard(ratings, weights)


def test_bad_ratings_are_rejected():
    with pytest.raises(ValueError, match="non-empty DataFrame"):
        model.scorecard(pd.DataFrame(), {})
    bad = pd.DataFrame({"a": [1.0, float("inf")]}, index=["x", "y"])
    with pytest.raises(ValueError, match="finite"):
        model.scorecard(bad, {"a": 1})


# --------------------------------------------------------------------------- sensitivity


def test_sensitivity_from_equal_weights(ratings):
    sens = model.sensitivity(ratings, {P1: 1, P2: 1, P3: 1}).set_index("criterion")
    # Raising P1 to t, the others share 1 - t equally:
    #   O1 = 6t + 7(1 - t) = 7 - t;  O2 = 9t + 3.5(1 - t) = 3.5 + 5.5t
    #   they meet at 6.5t = 3.5, t = 7/13; O4 = 7 - 3t only ties O1 at t = 0,
    #   where the tie rule keeps O1, so lowering P1 changes nothing.
    assert sens.loc[P1, "increase_to"] == pytest.approx(7 / 13)
    assert sens.loc[P1, "top_if_increased"] == O2
    assert pd.isna(sens.loc[P1, "decrease_to"])
    assert sens.loc[P1, "change"] == pytest.approx(7 / 13 - 1 / 3)
    # P2 = t: O1 = 6.5 + 0.5t, O2 = 7 - 5t, O4 = 5 + 3t
    #   O2 meets O1 at 5.5t = 0.5, t = 1/11; O4 meets O1 at 2.5t = 1.5, t = 0.6
    assert sens.loc[P2, "decrease_to"] == pytest.approx(1 / 11)
    assert sens.loc[P2, "top_if_decreased"] == O2
    assert sens.loc[P2, "increase_to"] == pytest.approx(0.6)
    assert sens.loc[P2, "top_if_increased"] == O4
    assert sens.loc[P2, "change"] == pytest.approx(1 / 11 - 1 / 3)  # the nearer of the two
    assert sens.loc[P2, "new_top"] == O2
    # P3 = t: O1 = 6.5 + 0.5t rises, O4 = 6 is flat, O2 and O3 fall: O1 stays on top
    assert sens.loc[P3, "new_top"] == "none within range"
    assert "none within range" in sens.loc[P3, "summary"]


def test_sensitivity_thresholds_really_change_the_top(ratings):
    weights = {P1: 1, P2: 1, P3: 1}
    sens = model.sensitivity(ratings, weights)
    for row in sens.itertuples():
        if pd.isna(row.new_weight):
            continue
        others = [c for c in (P1, P2, P3) if c != row.criterion]
        for t, expected_top in ((row.new_weight - 1e-4 * (row.change > 0 or -1), O1),
                                (row.new_weight + 1e-4 * (row.change > 0 or -1), row.new_top)):
            moved = {row.criterion: t} | {c: (1 - t) / 2 for c in others}
            assert model.ranking(model.scorecard(ratings, moved))[0] == expected_top


def test_sensitivity_when_one_criterion_holds_all_weight(ratings):
    # P3 alone: O1 (7) on top. Lowering P3 to t hands 1 - t equally to P1 and P2,
    # so O1 = 7t + 6.5(1 - t) and O4 = 6t + 6(1 - t) = 6: O1 stays top all the way down.
    sens = model.sensitivity(ratings, {P1: 0, P2: 0, P3: 1}).set_index("criterion")
    assert sens.loc[P3, "new_top"] == "none within range"
    # Raising P2 from 0 (O1 = 7 - 7t + 7t = 7 vs O3 = 3 + 6t) crosses at t = 2/3, but
    # O4 = 6 + 2t first meets O1 = 7 at t = 1/2.
    assert sens.loc[P2, "increase_to"] == pytest.approx(1 / 2)
    assert sens.loc[P2, "top_if_increased"] == O4


# --------------------------------------------------------------------------- simulation

PHASED = [["invest", "safeguards"], ["invest", "transparency"],
          ["invest", "statements", "multilateral"]]


def test_phased_plan_by_hand(params):
    result = model.simulate_plan(PHASED, params)
    assert list(result["phase"]) == [0, 1, 2, 3]
    assert list(result["steps"]) == ["(start)", "invest, safeguards", "invest, transparency",
                                     "invest, statements, multilateral"]
    # gain: 0 -> +0.10 per phase (invest); no phase adds more than the 0.15 shock limit
    assert result["gain"].tolist() == pytest.approx([0.0, 0.10, 0.20, 0.30])
    assert result["shock"].tolist() == [0, 0, 0, 0]
    # concern in Moscow: 0.20; +0.06 - 0.10 = 0.16; +0.06 - 0.08 = 0.14; +0.06 - 0.04 - 0.05
    assert result["concern_moscow"].tolist() == pytest.approx([0.20, 0.16, 0.14, 0.11])
    # concern in Washington: 0.80; -0.05 + 0.02 = 0.77; -0.05 - 0.04 = 0.68; -0.05 - 0.02 - 0.02
    assert result["concern_washington"].tolist() == pytest.approx([0.80, 0.77, 0.68, 0.59])
    # autonomy: 0.40; +0.02 - 0.02 = 0.40; +0.02 = 0.42; +0.02 + 0.01 + 0.03 = 0.48
    assert result["autonomy"].tolist() == pytest.approx([0.40, 0.40, 0.42, 0.48])
    assert result["constraint_ok"].all()
    assert model.first_breach(result) is None
    assert model.constraint_message(result, params.threshold).startswith(
        "Constraint holds at every phase")


def test_big_upfront_deal_shocks_and_breaks_the_constraint(params):
    result = model.simulate_plan([["big_upfront"]], params)
    # gain added 0.35 > 0.15: shock = 1.0 x (0.35 - 0.15) = 0.20
    # concern in Moscow = 0.20 + 0.30 + 0.20 = 0.70 > 0.50
    assert result.loc[1, "shock"] == pytest.approx(0.20)
    assert result.loc[1, "concern_moscow"] == pytest.approx(0.70)
    assert list(result["constraint_ok"]) == [True, False]
    assert model.first_breach(result) == 1
    assert model.constraint_message(result, params.threshold) == (
        "Constraint broken at phase 1: concern in Moscow 0.70 > 0.50")


def test_concern_exactly_at_the_ceiling_still_holds(params):
    # invest alone: concern in Moscow 0.20 + 5 x 0.06 = 0.50 (holds, at the threshold), then 0.56
    five = model.simulate_plan([["invest"]] * 5, params)
    assert five["concern_moscow"].iloc[-1] == 0.5
    assert five["constraint_ok"].all()
    six = model.simulate_plan([["invest"]] * 6, params)
    assert model.first_breach(six) == 6
    assert "concern in Moscow 0.56 > 0.50" in model.constraint_message(six, params.threshold)


def test_indicators_stay_between_0_and_1(params):
    # gain 0.35 a phase: 0.35, 0.70, then 1.05 clipped to 1
    result = model.simulate_plan([["big_upfront"]] * 3, params)
    assert result["gain"].tolist() == pytest.approx([0, 0.35, 0.70, 1.0])
    assert result["concern_moscow"].iloc[-1] == 1.0
    calm = model.simulate_plan([["safeguards", "transparency", "multilateral"]] * 2, params)
    assert calm["concern_moscow"].tolist() == pytest.approx([0.2, 0.0, 0.0])  # 0.2 - 0.23 -> 0


def test_empty_phase_and_any_phase_order(params):
    paused = model.simulate_plan([["invest"], [], ["safeguards", "invest"]], params)
    assert paused["steps"].tolist() == ["(start)", "invest", "(no new steps)",
                                        "invest, safeguards"]  # steps.csv order
    assert paused.loc[2, "gain"] == paused.loc[1, "gain"]
    as_tuples = model.simulate_plan((("invest",), (), {"safeguards", "invest"}), params)
    assert as_tuples.equals(paused)


@pytest.mark.parametrize(("plan", "message"), [
    ([], "the plan has no phases"),
    ([["bribe"]], "unknown step 'bribe' in phase 1; expected one of: invest, transparency"),
    ([["invest"], ["invest", "invest"]], "appears twice in phase 2"),
    ([["invest"]] * 7, "at most 6"),
    (["invest"], "phase 1 is 'invest'; expected a list of step ids"),
    ("invest", "expected a list of phases"),
    ([[["invest"]]], "unknown step"),
    (None, "expected a list of phases"),
])
def test_bad_plans_say_what_is_allowed(params, plan, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        model.simulate_plan(plan, params)


def test_simulate_plan_needs_params():
    with pytest.raises(ValueError, match="expected ModelParams"):
        model.simulate_plan([["invest"]], {"threshold": 0.5})


@pytest.mark.parametrize(("file", "old", "new", "column"), [
    ("steps.csv", "0.10,0.06,-0.05,0.02,", "0.10,lots,-0.05,0.02,", "concern_moscow"),
    ("ratings.csv", "O1,P1,6,", "O1,P1,six,", "rating"),
    ("options.csv", "illustrative classroom assumption,S18", "a guess,S18", "assumption"),
    ("parameters.csv", "S01;S06;S18", "S01;S99", "source_ids"),
    ("parameters.csv", "shock_rate,", "shock_speed,", "name"),
])
def test_check_data_catches_a_damaged_model_file(tmp_path, file, old, new, column):
    import shutil

    folder = tmp_path / "lessons_data"
    shutil.copytree(data.data_dir(), folder, ignore=shutil.ignore_patterns("exercises"))
    path = folder / "model" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = data.validate_folder(folder)
    assert [(p.file, p.column) for p in problems] == [(f"model/{file}", column)]


def test_both_capitals_indicators_read_alike_and_have_a_ceiling(params):
    """Moscow and Washington get the same word and the same direction (lower is better)."""
    moscow, washington = (model.INDICATOR_LABELS[f"concern_{c}"] for c in ("moscow", "washington"))
    assert (moscow, washington) == ("Concern in Moscow", "Concern in Washington")
    rules = model.constraints(params)
    assert [(k, r.upper, r.limit) for k, r in rules.items()] == [
        ("concern_moscow", True, 0.5), ("concern_washington", True, 0.85),
        ("autonomy", False, 0.35)]
    assert rules["concern_washington"].label == "concern in Washington at or below 0.85"
    for old, new in (("mistrust", "concern_moscow"), ("trust", "concern_washington")):
        assert model.simulate_plan([["safeguards"]], params, old).equals(
            model.simulate_plan([["safeguards"]], params, new))

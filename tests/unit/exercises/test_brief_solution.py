"""06.3's Solution shows how the model brief is built, not a brief a learner can hand in."""

from __future__ import annotations

from balancing_act.exercises import exercise
from balancing_act.policy_brief.brief import words


def _solution_text() -> str:
    note = exercise("06.3").solution()
    return " ".join([note.code, *note.paragraphs])


def test_the_solution_outlines_each_part_of_the_model_brief():
    answer = exercise("06.3").example_answer
    text = _solution_text()
    assert "outline, not a brief to copy" in exercise("06.3").solution().code_title
    for capital in answer["perspectives"]:
        assert f"{capital}: " in text
    assert f"claim {len(answer['claims'])} (" in text
    assert f"{len(words(answer['justification']))} words citing S35, S36, S34" in text


def test_the_solution_holds_none_of_the_model_briefs_own_sentences():
    answer = exercise("06.3").example_answer
    text = " ".join(words(_solution_text()))
    parts = [answer["justification"], *answer["perspectives"].values(),
             *(c["text"] for c in answer["claims"])]
    for part in parts:
        mine = words(part)
        runs = {" ".join(mine[n:n + 6]) for n in range(len(mine) - 5)}
        shown = [run for run in runs if run in text]
        assert not shown, shown[:3]

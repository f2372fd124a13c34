"""What each file of lessons_data must hold: its columns, their kinds and allowed values.

Declared once, so the loaders, ``check-data`` and the error messages all read the
same rules; a teacher adding a column adds it here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

ID_SEP = ";"
SENTENCE_ID = re.compile(r"(?:S\d{2,3}|H\d)")  # H1-H3: the tables' header rows
KINDS = ("heading", "report", "interpretation", "recommendation", "list item", "table header",
         "table row")


def id_range(ids: Iterable[str]) -> str:
    """'S01 to S42, or H1 to H3 for a table's header row': the ids a learner may cite."""
    ids = list(ids)
    spans = []
    for letter, what in (("S", ""), ("H", " for a table's header row")):
        mine = [i for i in ids if i.startswith(letter)]
        if mine:
            spans.append(f"{mine[0]} to {mine[-1]}{what}" if len(mine) > 1 else mine[0] + what)
    return ", or ".join(spans)


class LessonDataError(ValueError):
    """A lessons_data file is missing, damaged or inconsistent.

    ``problems`` keeps each finding separately so a command can list them all.
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems[:20]]
        if len(self.problems) > 20:
            lines.append(f"... and {len(self.problems) - 20} more problems")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Problem:
    """One finding: where it is (file, row, column) and what was expected."""

    file: str
    message: str
    row: int | None = None  # data row, counted from 1 below the header
    column: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row} (line {self.row + 1})")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


@dataclass(frozen=True)
class Column:
    """What one CSV column must hold."""

    name: str
    kind: str = "str"  # str | int | float | ids | category
    required: bool = True
    choices: tuple[str, ...] = ()
    pattern: str | None = None
    added: bool = False  # a column added later: a teacher's older copy without it still loads


@dataclass(frozen=True)
class Schema:
    """A data file's contract: its columns, its key and what it is for."""

    file: str
    columns: tuple[Column, ...]
    key: str | None = None
    description: str = ""
    sources: tuple[str, ...] = field(default=())  # columns whose ids must be sentences

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _ids(name: str = "source_ids", required: bool = True) -> Column:
    return Column(name, "ids", required=required)


SENTENCES = Schema(
    "sentences.csv",
    (
        Column("id", pattern=SENTENCE_ID.pattern),
        Column("section", "category"),
        Column("paragraph", "int"),
        Column("text"),
        Column("kind", "category", choices=KINDS),
        Column("actors", required=False),
        Column("attributed_to", required=False),
        Column("reported_by", required=False),
    ),
    key="id",
    description="every sentence of the article, in order",
)

SECTIONS = Schema(
    "sections.csv",
    (
        Column("id"),
        Column("order", "int"),
        Column("heading"),
        Column("heading_id", required=False, pattern=r"S\d{2,3}"),
        Column("summary"),
        Column("plain", required=False, added=True),  # the course's plain-words paraphrase
    ),
    key="id",
    description="the article's five sections, in order, each with a plain-words paraphrase",
)

ACTORS = Schema(
    "actors.csv",
    (
        Column("id"),
        Column("name"),
        Column("kind", "category"),
        Column("aliases"),
        Column("description"),
        _ids("source"),
    ),
    key="id",
    description="states, people, organisations and groups the article names",
    sources=("source",),
)

GLOSSARY = Schema(
    "glossary.csv",
    (
        Column("term"),
        Column("definition"),
        Column("source"),
        _ids("mentioned_in", required=False),
        Column("in_article", required=False, added=True),  # the word's forms in the text
    ),
    key="term",
    description="terms with a definition from the article or from plain background, and "
                "the article's hard words (in_article: their forms in the text)",
    sources=("mentioned_in",),
)

LESSONS = Schema(
    "lessons.csv",
    (
        Column("lesson", pattern=r"\d{2}"),
        Column("notebook", pattern=r"\d{2}_[a-z_]+\.ipynb"),
        Column("title"),
        Column("minutes", "int"),
        Column("article_sections", required=False),
        Column("learner_does"),
    ),
    key="lesson",
    description="the course map: one row per lesson notebook",
)

#: The article's three lists and three tables, one tidy file each.
TABLES: dict[str, Schema] = {
    "key_aspects": Schema(
        "key_aspects.csv",
        (Column("id"), Column("aspect"), Column("focus", "category"), _ids()),
        key="id",
        description="list: key aspects of the foreign-policy approach",
        sources=("source_ids",),
    ),
    "partner_ties": Schema(
        "partner_ties.csv",
        (
            Column("aspect", "category"),
            Column("partner", "category", choices=("Russia", "United States")),
            Column("tie"),
            Column("status", "category", choices=("established", "prospective")),
            Column("status_cue"),
            _ids(),
        ),
        description="table: Aspect / Belarus-Russia / Belarus-US, in long form",
        sources=("source_ids",),
    ),
    "priorities": Schema(
        "priorities.csv",
        (Column("id"), Column("priority"), Column("description"), _ids()),
        key="id",
        description="list: the three priorities Lukashenko elaborated",
        sources=("source_ids",),
    ),
    "approach_implication": Schema(
        "approach_implication.csv",
        (Column("aspect"), Column("approach"), Column("implication"), _ids()),
        key="aspect",
        description="table: Aspect / Belarus's Approach / Implication",
        sources=("source_ids",),
    ),
    "recommendations": Schema(
        "recommendations.csv",
        (Column("id"), Column("recommendation"), Column("description"), _ids()),
        key="id",
        description="list: the experts' key recommendations",
        sources=("source_ids",),
    ),
    "factor_approach_benefit": Schema(
        "factor_approach_benefit.csv",
        (Column("factor"), Column("recommended_approach"), Column("potential_benefit"), _ids()),
        key="factor",
        description="table: Factor / Recommended Approach / Potential Benefit",
        sources=("source_ids",),
    ),
}

#: Illustrative parameters of the classroom model (see balancing_act.model).
#: Every row says it is an assumption and names the sentences that motivate it.
MODEL_TABLES: dict[str, Schema] = {
    "options": Schema(
        "model/options.csv",
        (
            Column("id", pattern=r"O\d+"),
            Column("label"),
            Column("description"),
            Column("assumption", "category", choices=("illustrative classroom assumption",)),
            _ids(),
        ),
        key="id",
        description="model: the options the weighted scorecard compares",
        sources=("source_ids",),
    ),
    "criteria": Schema(
        "model/criteria.csv",
        (
            Column("id", pattern=r"P\d+"),
            Column("default_weight", "float"),
            Column("rationale"),
            Column("assumption", "category", choices=("illustrative classroom assumption",)),
            _ids(),
        ),
        key="id",
        description="model: the scorecard's criteria (the priorities in priorities.csv) "
                    "and their starting weights",
        sources=("source_ids",),
    ),
    "ratings": Schema(
        "model/ratings.csv",
        (
            Column("option_id", pattern=r"O\d+"),
            Column("criterion_id", pattern=r"P\d+"),
            Column("rating", "float"),
            Column("rationale"),
            Column("assumption", "category", choices=("illustrative classroom assumption",)),
            _ids(),
        ),
        description="model: each option's rating (0-10) on each criterion",
        sources=("source_ids",),
    ),
    "steps": Schema(
        "model/steps.csv",
        (
            Column("id", pattern=r"[a-z][a-z_]*"),
            Column("label"),
            Column("kind", "category", choices=("recommended", "contrast")),
            Column("gain", "float"),
            Column("concern_moscow", "float"),
            Column("concern_washington", "float"),
            Column("autonomy", "float"),
            Column("rationale"),
            Column("assumption", "category", choices=("illustrative classroom assumption",)),
            _ids(),
        ),
        key="id",
        description="model: the steps a phased plan is made of, with their effect per phase",
        sources=("source_ids",),
    ),
    "parameters": Schema(
        "model/parameters.csv",
        (
            Column("name", choices=(
                "baseline_gain", "baseline_concern_moscow", "baseline_concern_washington",
                "baseline_autonomy", "concern_moscow_ceiling", "shock_limit", "shock_rate",
                "max_phases", "concern_washington_ceiling", "autonomy_floor",
            )),
            Column("value", "float"),
            Column("description"),
            Column("assumption", "category", choices=("illustrative classroom assumption",)),
            _ids(),
        ),
        key="name",
        description="model: baselines, the ceilings on concern, the floor on autonomy "
                    "and the shock rule",
        sources=("source_ids",),
    ),
    "plans": Schema(
        "model/plans.csv",
        (
            Column("name"),
            Column("phases", pattern=r"[a-z_+| ]+"),
            Column("description"),
            Column("assumption", "category", choices=("illustrative classroom assumption",)),
            _ids(),
        ),
        key="name",
        description="model: named example plans (phases split by '|', steps by '+')",
        sources=("source_ids",),
    ),
    "scenarios": Schema(
        "model/scenarios.csv",
        (
            Column("name"),
            Column("description"),
            Column("moscow_scale", "float"),
            Column("washington_scale", "float"),
            Column("gain_scale", "float"),
            Column("reassurance_scale", "float"),
            Column("reassurance_washington_cost", "float"),
            Column("reassurance_autonomy_cost", "float"),
            Column("threshold", "float"),
            Column("assumption", "category", choices=("illustrative classroom assumption",)),
            _ids(),
        ),
        key="name",
        description="model: what-if scenarios that rescale the steps' effects",
        sources=("source_ids",),
    ),
}

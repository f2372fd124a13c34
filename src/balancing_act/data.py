"""Load and validate ``lessons_data`` into pandas objects.

Every lesson reads the article through these loaders, so a damaged file is
caught here once, with a message that names the file, the row and the column
and says what was expected, instead of surfacing as a KeyError in a lesson.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths

__all__ = [
    "LessonDataError",
    "Problem",
    "data_dir",
    "load_sentences",
    "load_table",
    "list_tables",
    "load_glossary",
    "load_actors",
    "load_sections",
    "load_lessons",
    "sentence_text",
    "load_model_table",
    "list_model_tables",
    "split_ids",
    "validate_folder",
]

ID_SEP = ";"
#: The largest file read: the article's files are a few kilobytes each. (A cell is
#: bounded by the csv module's field_size_limit, 131,072 characters by default.)
MAX_FILE_BYTES = 5_000_000
SENTENCE_ID = re.compile(r"S\d{2,3}")
KINDS = ("heading", "report", "interpretation", "recommendation", "list item", "table row")


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
        Column("id", pattern=r"S\d{2,3}"),
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
    ),
    key="id",
    description="the article's five sections, in order",
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
    ),
    key="term",
    description="terms with a definition from the article or from plain background",
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
            Column("mistrust", "float"),
            Column("trust", "float"),
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
                "baseline_gain", "baseline_mistrust", "baseline_trust", "baseline_autonomy",
                "mistrust_threshold", "shock_limit", "shock_rate", "max_phases",
                "trust_floor", "autonomy_floor",
            )),
            Column("value", "float"),
            Column("description"),
            Column("assumption", "category", choices=("illustrative classroom assumption",)),
            _ids(),
        ),
        key="name",
        description="model: baselines, the mistrust threshold and the shock rule",
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
            Column("mistrust_scale", "float"),
            Column("trust_scale", "float"),
            Column("gain_scale", "float"),
            Column("reassurance_scale", "float"),
            Column("reassurance_trust_cost", "float"),
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


# --------------------------------------------------------------------------- locating


def data_dir() -> Path:
    """The course's lessons_data folder, wherever the course is (see ``balancing_act.paths``)."""
    return paths.data_dir()


def folder_key(folder: Path | str | None = None) -> str:
    """One cache key per data folder, however it is named (None: the course's own)."""
    return str((data_dir() if folder is None else Path(folder)).resolve())


def split_ids(value: object) -> list[str]:
    """Split a ``S01;S02`` cell into ids; an empty or missing cell gives []."""
    if not isinstance(value, str):
        return []
    return [part.strip() for part in value.split(ID_SEP) if part.strip()]


# --------------------------------------------------------------------------- reading


def _read_text(path: Path, label: str) -> str:
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        problem = Problem(label, "file is missing; expected a UTF-8 CSV file")
        raise LessonDataError([problem]) from None
    except OSError as exc:
        raise LessonDataError([Problem(label, f"cannot be read ({exc.strerror})")]) from None
    if len(raw) > MAX_FILE_BYTES:
        raise LessonDataError([Problem(label, f"file is larger than {MAX_FILE_BYTES:,} bytes; "
                                       "expected a small table (a few kilobytes)")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LessonDataError(
            [Problem(label, f"line {line}: byte 0x{raw[exc.start]:02x} is not valid UTF-8; "
                     "expected the file saved as UTF-8")]
        ) from None
    if not text.strip():
        raise LessonDataError([Problem(label, "file is empty; expected a header row and rows")])
    return text


def _parse_rows(text: str, label: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise LessonDataError([Problem(
                label, f"line {reader.line_num}: a cell is longer than "
                f"{csv.field_size_limit():,} "
                "characters; expected short cells (if the text is not meant to be that long, "
                'a closing " may be missing)')]) from None
        raise LessonDataError(
            [Problem(label, f"line {reader.line_num}: broken CSV quoting ({exc}); expected "
                     'fields that contain commas or quotes to be wrapped in "double quotes"')]
        ) from None
    return [r for r in rows if any(cell.strip() for cell in r)]


def _check_header(header: list[str], schema: Schema, label: str) -> list[Problem]:
    problems = []
    missing = [n for n in schema.names if n not in header]
    for name in missing:
        problems.append(Problem(label, f"required column is missing; expected the header to "
                                f"have: {', '.join(schema.names)}", column=name))
    dupes = sorted({h for h in header if header.count(h) > 1})
    for name in dupes:
        problems.append(Problem(label, "column appears more than once in the header", column=name))
    for name in dict.fromkeys(h for h in header if h not in schema.names):
        problems.append(Problem(label, f"column is not part of this file; expected only: "
                                f"{', '.join(schema.names)} (remove it, or fix its spelling)",
                                column=name or "(empty name)"))
    return problems


def _check_cell(value: str, col: Column) -> str | None:
    """Return what is wrong with one cell, or None when it is fine."""
    if not value.strip():
        return "is empty; expected a value" if col.required else None
    if col.kind == "int" and not re.fullmatch(r"-?\d+", value.strip()):
        return f"'{value}' is not a whole number"
    if col.kind == "float":
        try:
            float(value)
        except ValueError:
            return f"'{value}' is not a number"
    if col.choices and value not in col.choices:
        return f"'{value}' is not allowed; expected one of: {', '.join(col.choices)}"
    if col.pattern and not re.fullmatch(col.pattern, value):
        return f"'{value}' does not look right; expected the form {col.pattern}"
    return None


def _check_rows(header: list[str], body: list[list[str]], schema: Schema, label: str):
    problems: list[Problem] = []
    records: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    for n, row in enumerate(body, start=1):
        if len(row) != len(header):
            problems.append(Problem(label, f"has {len(row)} fields; expected {len(header)} like "
                                    "the header (a stray comma or a missing quote?)", row=n))
            continue
        record = dict(zip(header, row, strict=True))
        for col in schema.columns:
            if col.name in record and (msg := _check_cell(record[col.name], col)):
                problems.append(Problem(label, msg, row=n, column=col.name))
        key = record.get(schema.key or "", "")
        if schema.key and key:
            if key in seen:
                problems.append(Problem(label, f"duplicate id '{key}' (first on row {seen[key]}); "
                                        "expected each id once", row=n, column=schema.key))
            seen.setdefault(key, n)
        records.append(record)
    return records, problems


def _column(values: list[str], col: Column) -> object:
    """One column's values with its dtype (built once: these tables load on every start)."""
    if col.kind == "int":
        return pd.array([int(v) for v in values], dtype="int64")
    if col.kind == "float":
        return pd.array([float(v) for v in values], dtype="float64")
    if col.kind == "category":
        return pd.Categorical(values, categories=list(col.choices) or list(dict.fromkeys(values)))
    return pd.array(values, dtype="str")


def _frame(records: list[dict[str, str]], schema: Schema) -> pd.DataFrame:
    return pd.DataFrame({col.name: _column([r[col.name] for r in records], col)
                         for col in schema.columns})


def read_csv(path: Path, schema: Schema, label: str | None = None) -> pd.DataFrame:
    """Read one CSV against its schema; raise LessonDataError listing every problem."""
    label = label or schema.file
    rows = _parse_rows(_read_text(path, label), label)
    if not rows:
        raise LessonDataError([Problem(label, "has no rows; expected a header row and data rows")])
    header, body = [h.strip() for h in rows[0]], rows[1:]
    problems = _check_header(header, schema, label)
    if problems:
        raise LessonDataError(problems)
    if not body:
        raise LessonDataError([Problem(label, "has a header but no data rows")])
    records, problems = _check_rows(header, body, schema, label)
    if problems:
        raise LessonDataError(problems)
    return _frame(records, schema)


# --------------------------------------------------------------------------- cross-checks


def _dangling_ids(frame: pd.DataFrame, schema: Schema, known: set[str]) -> list[Problem]:
    problems = []
    for col in schema.sources:
        for n, cell in enumerate(frame[col], start=1):
            for sid in split_ids(cell):
                if sid not in known:
                    problems.append(Problem(schema.file, f"'{sid}' is not a sentence id in "
                                            "sentences.csv; expected ids like S01", n, col))
    return problems


def _check_sentences(sent: pd.DataFrame, sections: pd.DataFrame, actors: pd.DataFrame):
    problems = []
    names = set(actors["name"])
    for n, (section, cell) in enumerate(zip(sent["section"], sent["actors"], strict=True), 1):
        if section not in set(sections["id"]):
            problems.append(Problem(SENTENCES.file, f"'{section}' is not a section id in "
                                    "sections.csv", n, "section"))
        for actor in split_ids(cell):
            if actor not in names:
                problems.append(Problem(SENTENCES.file, f"'{actor}' is not an actor name in "
                                        "actors.csv", n, "actors"))
    return problems


def _check_glossary(glossary: pd.DataFrame, known: set[str]) -> list[Problem]:
    problems = []
    for n, src in enumerate(glossary["source"], start=1):
        if src != "background" and src not in known:
            problems.append(Problem(GLOSSARY.file, f"'{src}' is neither a sentence id nor "
                                    "'background'", n, "source"))
    return problems


def _check_lessons(lessons: pd.DataFrame, sections: set[str]) -> list[Problem]:
    problems = []
    for n, cell in enumerate(lessons["article_sections"], start=1):
        for section in split_ids(cell):
            if section not in sections:
                problems.append(Problem(LESSONS.file, f"'{section}' is not a section id in "
                                        "sections.csv", n, "article_sections"))
    return problems


# --------------------------------------------------------------------------- loading


@lru_cache(maxsize=8)
def _load_all(folder: str) -> dict[str, pd.DataFrame]:
    """Read and cross-check every article file once per folder."""
    root = Path(folder)
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    for name, schema in [("sentences", SENTENCES), ("sections", SECTIONS), ("actors", ACTORS),
                         ("glossary", GLOSSARY), ("lessons", LESSONS), *TABLES.items()]:
        try:
            frames[name] = read_csv(root / schema.file, schema)
        except LessonDataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise LessonDataError(problems)
    known = set(frames["sentences"]["id"])
    problems += _check_sentences(frames["sentences"], frames["sections"], frames["actors"])
    problems += _check_glossary(frames["glossary"], known)
    problems += _check_lessons(frames["lessons"], set(frames["sections"]["id"]))
    for name, schema in [("actors", ACTORS), ("glossary", GLOSSARY), *TABLES.items()]:
        problems += _dangling_ids(frames[name], schema, known)
    if problems:
        raise LessonDataError(problems)
    frames["sentences"]["section"] = pd.Categorical(
        frames["sentences"]["section"].astype(str),
        categories=list(frames["sections"].sort_values("order")["id"]), ordered=True,
    )
    return frames


def _get(name: str, folder: Path | str | None) -> pd.DataFrame:
    return _load_all(folder_key(folder))[name].copy()


def load_sentences(folder: Path | str | None = None) -> pd.DataFrame:
    """Every sentence with its id, section, paragraph, kind, actors and attribution."""
    return _get("sentences", folder)


def load_sections(folder: Path | str | None = None) -> pd.DataFrame:
    """The article's sections in order, with the id of each heading sentence."""
    return _get("sections", folder)


def load_glossary(folder: Path | str | None = None) -> pd.DataFrame:
    """Terms, plain definitions and where each definition comes from."""
    return _get("glossary", folder)


def load_actors(folder: Path | str | None = None) -> pd.DataFrame:
    """States, people, organisations and groups the article names."""
    return _get("actors", folder)


def load_lessons(folder: Path | str | None = None) -> pd.DataFrame:
    """The course map: lesson number, notebook, title, minutes and what the learner does."""
    return _get("lessons", folder)


def sentence_text(sentence_id: str, folder: Path | str | None = None) -> str:
    """The text of one sentence, e.g. ``sentence_text("S13")``."""
    sentences = _load_all(folder_key(folder))["sentences"]
    found = sentences.loc[sentences["id"] == str(sentence_id).strip().upper(), "text"]
    if found.empty:
        raise KeyError(f"no sentence {sentence_id!r}; expected an id from S01 to "
                       f"{sentences['id'].iloc[-1]}")
    return str(found.iloc[0])


def list_tables() -> list[str]:
    """Names accepted by load_table: the article's three lists and three tables."""
    return list(TABLES)


def load_table(name: str, folder: Path | str | None = None) -> pd.DataFrame:
    """One of the article's lists or tables as a tidy DataFrame."""
    if name not in TABLES:
        raise KeyError(f"no table called {name!r}; expected one of: {', '.join(TABLES)}")
    return _get(name, folder)


# --------------------------------------------------------------------------- model tables


def list_model_tables() -> list[str]:
    """Names accepted by load_model_table."""
    return list(MODEL_TABLES)


@lru_cache(maxsize=32)
def _load_model(name: str, folder: str) -> pd.DataFrame:
    schema = MODEL_TABLES[name]
    frame = read_csv(Path(folder) / schema.file, schema, label=schema.file)
    known = set(_load_all(folder)["sentences"]["id"])
    problems = _dangling_ids(frame, schema, known)
    if problems:
        raise LessonDataError(problems)
    return frame


def load_model_table(name: str, folder: Path | str | None = None) -> pd.DataFrame:
    """One illustrative model parameter table from lessons_data/model/."""
    if name not in MODEL_TABLES:
        known = ", ".join(MODEL_TABLES)
        raise KeyError(f"no model table called {name!r}; expected one of: {known}")
    return _load_model(name, folder_key(folder)).copy()


# --------------------------------------------------------------------------- whole folder

def validate_folder(folder: Path | str) -> list[Problem]:
    """Every problem in a data folder: article files first, then model tables."""
    root = Path(folder).resolve()
    try:
        _load_all.__wrapped__(str(root))
    except LessonDataError as exc:
        return exc.problems
    problems: list[Problem] = []
    for name in MODEL_TABLES:
        try:
            _load_model.__wrapped__(name, str(root))
        except LessonDataError as exc:
            problems.extend(exc.problems)
    return problems


def clear_cache() -> None:
    """Forget loaded files, e.g. after a teacher edits lessons_data in a running kernel."""
    _load_all.cache_clear()
    _load_model.cache_clear()

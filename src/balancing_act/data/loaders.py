"""Load and validate ``lessons_data`` into pandas objects.

Every lesson reads the article through these loaders, so a damaged file is
caught here once, with a message that names the file, the row and the column
and says what was expected, instead of surfacing as a KeyError in a lesson.
The rules live in ``data_schemas``, the reading of one file in ``csv_tables``; this
module finds the folder, cross-checks the files and caches what it loaded.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from balancing_act.data.csv_reader import MAX_FILE_BYTES as MAX_FILE_BYTES
from balancing_act.data.csv_reader import read_csv, split_ids
from balancing_act.data.schemas import (
    ACTORS,
    GLOSSARY,
    LESSONS,
    MODEL_TABLES,
    SECTIONS,
    SENTENCES,
    TABLES,
    LessonDataError,
    Problem,
    Schema,
    id_range,
)
from balancing_act.data.schemas import KINDS as KINDS
from balancing_act.data.schemas import SENTENCE_ID as SENTENCE_ID
from balancing_act.data.upgrades import UPGRADES
from balancing_act.support import paths

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
    "sentence_texts",
    "load_model_table",
    "list_model_tables",
    "split_ids",
    "validate_folder",
]

# --------------------------------------------------------------------------- locating


def data_dir() -> Path:
    """The course's lessons_data folder, wherever the course is (``support.paths``)."""
    return paths.data_dir()


def folder_key(folder: Path | str | None = None) -> str:
    """One cache key per data folder, however it is named (None: the course's own)."""
    return str((data_dir() if folder is None else Path(folder)).resolve())


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


def sentence_texts(folder: Path | str | None = None) -> dict[str, str]:
    """Sentence id -> text, the one map every quotation check and key reads."""
    sentences = _load_all(folder_key(folder))["sentences"]
    return dict(zip(sentences["id"], sentences["text"], strict=True))


def sentence_text(sentence_id: str, folder: Path | str | None = None) -> str:
    """The text of one sentence, e.g. ``sentence_text("S13")``."""
    sentences = _load_all(folder_key(folder))["sentences"]
    found = sentences.loc[sentences["id"] == str(sentence_id).strip().upper(), "text"]
    if found.empty:
        raise KeyError(f"no sentence {sentence_id!r}; expected an id from "
                       f"{id_range(sorted(sentences['id']))}")
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
    # an older copy's model words are read as today's (data.upgrades), the file untouched
    frame = read_csv(Path(folder) / schema.file, schema, label=schema.file,
                     upgrade=UPGRADES.get(name))
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

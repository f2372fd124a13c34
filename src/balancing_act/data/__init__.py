"""The course's files as validated tables: every problem names its file, row and column.

``schemas`` declares what each file must hold, ``csv_reader`` reads one CSV against
its schema, ``loaders`` reads the article's files and ``model_inputs`` turns the
model's files into the pure model's inputs. The lessons' ``data.load_sentences()``
and the rest are re-exported here.
"""

from balancing_act.data.loaders import (
    LessonDataError,
    Problem,
    data_dir,
    list_model_tables,
    list_tables,
    load_actors,
    load_glossary,
    load_lessons,
    load_model_table,
    load_sections,
    load_sentences,
    load_table,
    sentence_text,
    sentence_texts,
    split_ids,
    validate_folder,
)

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

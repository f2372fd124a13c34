"""Reading and validating one exercise file, ``lessons_data/exercises/<NN>_<slug>.yml``.

Every problem names the file, the exercise id, the field and its line, and
says what was expected; a broken exercise is reported, never raised. The
type-specific fields are validated by the type's :class:`Checker`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from balancing_act.data.loaders import LessonDataError, Problem
from balancing_act.exercises.checker import CHECKERS, Checker, Invalid, SpecError
from balancing_act.exercises.exercise import Exercise, exercise_class
from balancing_act.exercises.result import short_repr
from balancing_act.support import bounded_yaml as yaml_bounded

__all__ = ["COMMON_FIELDS", "REQUIRED_FIELDS", "id_lines", "load_file"]

FILE_NAME = re.compile(r"(\d{2})_[A-Za-z0-9_-]+\.ya?ml")
EXERCISE_ID = re.compile(r"(\d{2})\.(\d+)")
TOP_FIELDS = ("lesson", "title", "exercises")
COMMON_FIELDS = ("id", "type", "skill", "title", "prompt", "answer", "accepted", "hints",
                 "mistakes", "explanation", "cites", "placeholder")
REQUIRED_FIELDS = ("id", "type", "prompt", "answer", "hints", "explanation", "cites")
#: What an item asks: to reason with the article, to find something in it (its answer may be
#: on screen), or to practise a control or a calculation.
SKILLS = ("reasoning", "finding", "practice")


def _key_lines(node: yaml.MappingNode, prefix: str = "") -> dict[str, int]:
    return {f"{prefix}{k.value}": k.start_mark.line + 1 for k, _ in node.value}


def _field_lines(root: yaml.Node | None) -> list[dict[str, int]]:
    """For each exercise, the line (1-based) of each field and of each known mistake."""
    lines: list[dict[str, int]] = []
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key, value in root.value:
        if key.value != "exercises" or not isinstance(value, yaml.SequenceNode):
            continue
        for item in value.value:
            here = {"": item.start_mark.line + 1}
            if isinstance(item, yaml.MappingNode):
                here |= _key_lines(item)
                mistakes = next((v for k, v in item.value if k.value == "mistakes"), None)
                for n, entry in enumerate(getattr(mistakes, "value", None) or []):
                    here[f"mistakes[{n}]"] = entry.start_mark.line + 1
                    if isinstance(entry, yaml.MappingNode):
                        here |= _key_lines(entry, f"mistakes[{n}].")
            lines.append(here)
    return lines


def _duplicate_keys(node: yaml.Node | None) -> list[tuple[str, int]]:
    """Keys written twice in one mapping (each node visited once: aliases are not re-walked)."""
    return yaml_bounded.duplicate_keys(node)


def _read_yaml(path: Path, label: str) -> tuple[Any, list[dict[str, int]], list[Problem]]:
    """The file's data, field lines and problems; bounded in size and alias expansion."""
    read = yaml_bounded.read_yaml(path)
    return read.content, _field_lines(read.root), [Problem(label, p) for p in read.problems]


class _Reporter:
    """Collects problems for one exercise, each naming the file, the id and the field."""

    def __init__(self, label: str, name: str, lines: dict[str, int]):
        self.label, self.name, self.lines = label, name, lines
        self.problems: list[Problem] = []

    def __call__(self, field: str, message: str) -> None:
        base = field.split("[")[0].split(".")[0]
        line = self.lines.get(field) or self.lines.get(base) or self.lines.get("")
        where = f" (line {line})" if line else ""
        self.problems.append(Problem(self.label, f"{self.name}, field '{field}'{where}: {message}"))


def _check_id(value: Any, lesson: str, report: _Reporter) -> None:
    if isinstance(value, float | int):
        report("id", f"YAML read {value!r} as a number; write the id in quotes, e.g. "
               f'"{lesson}.1"')
    elif not isinstance(value, str) or not EXERCISE_ID.fullmatch(value):
        report("id", f'{short_repr(value)} is not an id like "{lesson}.1"')
    elif value.split(".")[0] != lesson:
        report("id", f"'{value}' does not belong to lesson {lesson}; expected \"{lesson}.<n>\"")


def _check_texts(spec: Mapping[str, Any], report: _Reporter) -> None:
    for name in ("prompt", "explanation"):
        if name in spec and not (isinstance(spec[name], str) and spec[name].strip()):
            report(name, "expected a non-empty text")
    for name in ("title", "placeholder"):
        if spec.get(name) is not None and not isinstance(spec[name], str):
            report(name, "expected a text")
    hints = spec.get("hints")
    if "hints" in spec and (not isinstance(hints, list) or not hints
                            or not all(isinstance(h, str) and h.strip() for h in hints)):
        report("hints", "expected a list of one or more texts, one per level (- first hint)")


def _check_sentence_ids(spec: Mapping[str, Any], known: set[str] | None,
                        report: _Reporter) -> None:
    cites = spec.get("cites")
    if "cites" in spec and (not isinstance(cites, list)
                            or not all(isinstance(c, str) for c in cites)):
        report("cites", "expected a list of sentence ids such as [S02, S13], or [] for an "
               "exercise about the course itself")
        return
    if known is None:
        return
    for sid in cites or []:
        if sid not in known:
            report("cites", f"'{sid}' is not a sentence id in sentences.csv")


def _check_skill(spec: Mapping[str, Any], report: _Reporter) -> None:
    if "skill" in spec and spec["skill"] not in SKILLS:
        report("skill", f"{short_repr(spec['skill'])} is not a skill; expected one of: "
               f"{', '.join(SKILLS)}")


def _check_accepted(spec: Mapping[str, Any], checker: Checker, report: _Reporter) -> None:
    """Other defensible readings: each parses, differs from the answer, has its explanation."""
    accepted = spec.get("accepted") or []
    if not isinstance(accepted, list):
        report("accepted", "expected a list of '- answer: ... / explanation: ...' entries")
        return
    want = checker.parse(checker.learner_form(spec["answer"]))
    for n, item in enumerate(accepted):
        if not isinstance(item, dict) or set(item) != {"answer", "explanation"}:
            report(f"accepted[{n}]", "expected exactly two fields, 'answer' and 'explanation'")
            continue
        if not isinstance(item["explanation"], str) or not item["explanation"].strip():
            report(f"accepted[{n}].explanation", "expected a non-empty text saying why this "
                   "reading is defensible")
        try:
            got = checker.parse(checker.learner_form(item["answer"]))
        except (SpecError, Invalid) as exc:
            report(f"accepted[{n}].answer", f"{str(exc).rstrip('.')}; expected "
                   f"{checker.expects()}")
            continue
        if checker.same(got, want):
            report(f"accepted[{n}].answer", "is the answer itself; list other readings only")


def _check_mistakes(spec: Mapping[str, Any], checker: Checker, report: _Reporter) -> None:
    mistakes = spec.get("mistakes") or []
    if not isinstance(mistakes, list):
        report("mistakes", "expected a list of '- answer: ... / hint: ...' entries")
        return
    answer = spec["answer"]
    want = checker.parse(checker.learner_form(answer))
    keys: list[Any] = []
    for n, mistake in enumerate(mistakes):
        if not isinstance(mistake, dict) or set(mistake) != {"answer", "hint"}:
            report(f"mistakes[{n}]", "expected exactly two fields, 'answer' and 'hint'")
            return
        if not isinstance(mistake["hint"], str) or not mistake["hint"].strip():
            report(f"mistakes[{n}].hint", "expected a non-empty text")
        try:
            key = checker.mistake_key(mistake["answer"], answer)
            got = checker.parse(checker.mistake_form(mistake["answer"], answer))
        except (SpecError, Invalid) as exc:
            report(f"mistakes[{n}].answer", f"{str(exc).rstrip('.')}; a mistake has the "
                   f"shape of 'answer' ({checker.expects()})")
            return
        if checker.mistake_matches(want, key):
            report(f"mistakes[{n}].answer", "is the correct answer; a mistake must differ from it")
        earlier = [i for i, k in enumerate(keys) if checker.mistake_matches(got, k)]
        if earlier:
            report(f"mistakes[{n}].answer", f"is already matched by mistakes[{earlier[0]}], so "
                   "its hint would never show; make them differ")
        keys.append(key)


def _build(spec: Any, lesson: str, report: _Reporter, known: set[str] | None,
           data_folder: Path) -> Exercise | None:
    """Validate one exercise entry; return it, or None after reporting what is wrong."""
    if not isinstance(spec, dict):
        report("", "expected a mapping of fields (id, type, prompt, ...)")
        return None
    _check_id(spec.get("id"), lesson, report)
    for field in REQUIRED_FIELDS:
        if field not in spec:
            report(field, "is missing; every exercise needs " + ", ".join(REQUIRED_FIELDS))
    kind = spec.get("type")
    if kind not in CHECKERS:
        report("type", f"{short_repr(kind)} is not a type; expected one of: {', '.join(CHECKERS)}")
        return None
    allowed = COMMON_FIELDS + CHECKERS[kind].fields
    for field in spec:
        if field not in allowed:
            report(str(field), f"is not a field of a {kind} exercise; expected: "
                   f"{', '.join(allowed)}")
    _check_texts(spec, report)
    _check_skill(spec, report)
    _check_sentence_ids(spec, known, report)
    if report.problems:
        return None
    return _build_checked(spec, lesson, report, data_folder)


def _build_checked(spec: dict, lesson: str, report: _Reporter,
                   data_folder: Path) -> Exercise | None:
    checker: Checker | None = None
    try:
        checker = CHECKERS[spec["type"]](spec, data_folder)
        checker.parse(checker.learner_form(spec["answer"]))
        _check_mistakes(spec, checker, report)
        _check_accepted(spec, checker, report)
        if report.problems:
            return None
        return exercise_class(type(checker))(spec, checker, lesson, data_folder)
    except LessonDataError:  # a data file the checker reads (model/parameters.csv): its fault
        raise
    except SpecError as exc:
        report(exc.field or "answer", str(exc))
    except Invalid as exc:
        expects = checker.expects() if checker else "the type's answer"
        report("answer", f"{exc} Expected {expects}.")
    except Exception as exc:  # a checker with a bug must not stop check-data
        report("type", f"the {spec['type']} checker failed on this exercise "
               f"({type(exc).__name__}: {short_repr(exc, 80)})")
    return None




def _lesson_of(path: Path, content: dict, label: str) -> tuple[str | None, list[Problem]]:
    match = FILE_NAME.fullmatch(path.name)
    if not match:
        return None, [Problem(label, "file name should look like '02_two_partners.yml' "
                              "(two-digit lesson number, underscore, a short name)")]
    lesson = content.get("lesson")
    lesson = f"{lesson:02d}" if isinstance(lesson, int) and not isinstance(lesson, bool) else lesson
    if lesson != match.group(1):
        return None, [Problem(label, f"field 'lesson' is {short_repr(content.get('lesson'))}; "
                              f"expected \"{match.group(1)}\" to match the file name")]
    return lesson, []


def load_file(path: Path, known: set[str] | None,
               data_folder: Path) -> tuple[list[Exercise], list[Problem]]:
    label = f"exercises/{path.name}"
    content, lines, problems = _read_yaml(path, label)
    if problems or content is None:
        return [], problems or [Problem(label, "file is empty; expected lesson, title, exercises")]
    if not isinstance(content, dict):
        return [], [Problem(label, "expected a mapping with lesson, title and exercises")]
    lesson, problems = _lesson_of(path, content, label)
    problems += [Problem(label, f"field '{k}' is not known; expected: {', '.join(TOP_FIELDS)}")
                 for k in content if k not in TOP_FIELDS]
    items = content.get("exercises")
    if not isinstance(items, list) or not items:
        problems.append(Problem(label, "field 'exercises' should be a list of exercises"))
    if lesson is None or problems:
        return [], problems
    built = []
    for n, spec in enumerate(items):
        here = lines[n] if n < len(lines) else {}
        ident = spec.get("id") if isinstance(spec, dict) else None
        name = f"exercise '{ident}'" if isinstance(ident, str) else f"exercise #{n + 1}"
        report = _Reporter(label, name, here)
        made = _build(spec, lesson, report, known, data_folder)
        problems += report.problems
        if made is not None:
            built.append(made)
    return built, problems




def id_lines(path: Path) -> list[tuple[str, int]]:
    """(id, line of its 'id:') for each exercise of a file, for messages about ids."""
    read = yaml_bounded.read_yaml(path)
    items = read.content.get("exercises") if isinstance(read.content, dict) else None
    lines = _field_lines(read.root)
    return [(spec["id"], here.get("id") or here.get("", 0))
            for spec, here in zip(items or [], lines, strict=False)
            if isinstance(spec, dict) and isinstance(spec.get("id"), str)]

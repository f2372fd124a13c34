"""Classroom delivery: the student build, the answer key, the site build's reporting, Binder.

The student build is tested twice: on a synthetic notebook with one solution
cell per exercise of the course (so the logic is covered whatever lessons
exist), and on every lesson notebook in notebooks/. Both builds are executed in
a fresh kernel: they must run, and every former solution cell must report
"Not attempted". A separate search looks for the solutions' text in the build.
"""

from __future__ import annotations

import html.parser
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import pytest
import yaml
from nbclient import NotebookClient

from balancing_act.delivery import answer_key as key_build
from balancing_act.delivery import site_assets, static_site, student_build
from balancing_act.delivery.student_build import is_solution
from balancing_act.exercises import all_exercises, exercise
from balancing_act.exercises.result import STATUSES
from balancing_act.support import paths
from tests.support import builds, html_cells

ROOT = Path(__file__).resolve().parents[3]
NOT_ATTEMPTED = "not attempted"
LESSONS = paths.lesson_notebooks()


# ---------------------------------------------------------------- helpers


def _norm(text: str) -> str:
    """Whitespace-free, one quote style: how solution text is searched for."""
    return re.sub(r"\s+", "", text).replace("'", '"')


def _strings(obj: Any) -> list[str]:
    """Every string in a notebook's JSON, keys and metadata included."""
    if isinstance(obj, str):
        return [obj]
    if isinstance(obj, dict):
        return [s for k, v in obj.items() for s in [k, *_strings(v)]]
    if isinstance(obj, list):
        return [s for item in obj for s in _strings(item)]
    return []


def _execute(path: Path, home: Path) -> nbformat.NotebookNode:
    """Run a notebook in a fresh kernel, cwd in its own folder, progress kept in `home`."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(path.parent)}})
    client.execute(env={**os.environ, "BALANCING_ACT_HOME": str(home)},
                   stderr=subprocess.DEVNULL)  # kernel start-up logs, not cell output
    return nb


def _output_text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", ""))
        data = out.get("data", {})
        parts += [data.get("text/plain", ""), data.get("text/html", "")]
    return "\n".join(parts)


def _solution_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if is_solution(c)]


def _is_plumbing(line: str) -> bool:
    """Lines a student cell may keep: imports, exercise handles, checks of a name, comments."""
    return (not line or line.startswith(("#", "import ", "from "))
            or re.fullmatch(r".*\.check\(\s*\w+\s*\)", line) is not None
            or re.search(r"=\s*(\w+\.)?exercise\(", line) is not None)


def solution_needles(instructor: nbformat.NotebookNode) -> list[str]:
    """Text a student must not see: solution lines, and each answer as the cells write it."""
    public = _norm("\n".join(c.source for c in instructor.cells if not is_solution(c)))
    needles = []
    names = {"answer"}
    for cell in _solution_cells(instructor):
        for line in (raw.strip() for raw in cell.source.splitlines()):
            if not _is_plumbing(line) and _norm(line) not in public and _norm(line) != "":
                needles.append(_norm(line))
            names.update(re.findall(r"^(\w+)\s*=", line))
    for ex in all_exercises().values():
        code = _literal(ex)
        needles += [_norm(f"{name} = {code}") for name in names]
        if not isinstance(ex.example_answer, str | int | float):
            needles.append(_norm(code))  # a list, mapping or table literal is itself the answer
        needles.append(_norm(ex.explanation))
    return needles


def _literal(ex: Any) -> str:
    """The exercise's answer as Python code, the way a solution cell writes it."""
    value = ex.example_answer
    return ex.checker.as_code(value) if isinstance(value, pd.DataFrame) else repr(value)


def leaks(student_dir: Path, needles: list[str]) -> list[str]:
    """Which needles occur anywhere in the student build (sources, outputs, metadata)."""
    found = []
    for path in sorted(student_dir.glob("*.ipynb")):
        haystack = _norm("\n".join(_strings(json.loads(path.read_text(encoding="utf-8")))))
        found += [f"{path.name}: {n[:80]}" for n in needles if n in haystack]
    return found


# ---------------------------------------------------------------- a synthetic course notebook


def _solution_cell(source: str, tags: list[str] | None = None) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = [*(tags or []), "solution"]
    return cell


@pytest.fixture(scope="module")
def synthetic_course(tmp_path_factory) -> Path:
    """An instructor notebook with one executed solution cell per exercise of the course."""
    folder = tmp_path_factory.mktemp("instructor")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_markdown_cell("# A synthetic lesson\n\nEvery exercise, solved."),
                nbformat.v4.new_code_cell("import ipywidgets\nimport pandas as pd\n"
                                          "from balancing_act.exercises import exercise"),
                nbformat.v4.new_code_cell("ipywidgets.IntSlider(3)")]
    for n, ex in enumerate(all_exercises().values()):
        code = _literal(ex)
        nb.cells.append(nbformat.v4.new_markdown_cell(f"Exercise {ex.id}"))
        if n % 3 == 0:  # the three ways lessons write a check
            source = f'answer = {code}\nexercise("{ex.id}").check(answer)'
        elif n % 3 == 1:
            source = (f'ex = exercise("{ex.id}")\nworking = {code}\n'
                      "answer = working\nex.check(answer)")
        else:
            nb.cells.append(nbformat.v4.new_code_cell(f'ex{n} = exercise("{ex.id}")\nex{n}'))
            source = f"answer = {code}\nex{n}.check(answer)"
        nb.cells.append(_solution_cell(source, tags=["keep-me"]))
    nb.cells.append(_solution_cell_markdown("My written answer: balancing means hedging."))
    path = folder / "90_synthetic.ipynb"
    nbformat.write(nb, path)
    executed = _execute(path, tmp_path_factory.mktemp("home"))
    nbformat.write(executed, path)  # stored outputs, as committed lessons have
    return folder


def _solution_cell_markdown(text: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(text)
    cell.metadata["tags"] = ["solution"]
    return cell


def test_the_synthetic_solutions_are_right(synthetic_course):
    """Guards the fixture: in the instructor notebook every check passes."""
    nb = nbformat.read(synthetic_course / "90_synthetic.ipynb", as_version=4)
    code_cells = [c for c in _solution_cells(nb) if c.cell_type == "code"]
    assert len(code_cells) == len(all_exercises())
    for cell in code_cells:
        shown = _output_text(cell)  # a written item passes with its own words
        assert "Correct" in shown or "Checks passed" in shown, cell.source


@pytest.fixture(scope="module")
def synthetic_student(synthetic_course, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("student")
    student_build.build_student(synthetic_course, out)
    return out


def test_student_build_runs_and_every_check_is_not_attempted(synthetic_student, tmp_path):
    nb = _execute(synthetic_student / "90_synthetic.ipynb", tmp_path)
    checks = [c for c in nb.cells if c.cell_type == "code" and ".check(" in c.source]
    assert len(checks) == len(all_exercises())
    others = [word for status, (_, word, _) in STATUSES.items() if status != "not_attempted"]
    for cell in checks:
        text = _output_text(cell)
        assert NOT_ATTEMPTED in text.lower(), cell.source
        assert not [word for word in others if word in text], cell.source


def test_student_build_keeps_names_checks_and_the_placeholder_hint(synthetic_student):
    nb = nbformat.read(synthetic_student / "90_synthetic.ipynb", as_version=4)
    checks = [c.source for c in nb.cells if ".check(answer)" in c.source]
    assert len(checks) == len(all_exercises())
    for ex, source in zip(all_exercises().values(), checks, strict=True):
        hint = ex.checker.placeholder()
        assert f"answer = ...  # replace ... with {hint}\n" in source
        assert "working" not in source  # the steps that led to the answer are gone
        literal = re.escape(_norm(_literal(ex)))
        assert not re.search(rf"(?<![\w.]){literal}(?![\w.])", _norm(source)), ex.id


def test_student_build_holds_no_solution_text(synthetic_course, synthetic_student):
    instructor = nbformat.read(synthetic_course / "90_synthetic.ipynb", as_version=4)
    needles = solution_needles(instructor)
    assert "balancingmeanshedging." in "".join(needles)  # the markdown answer is searched for
    assert leaks(synthetic_student, needles) == []
    # and the search does find them where they are: in the instructor notebook
    assert leaks(synthetic_course, needles)


def test_student_build_clears_outputs_counts_widget_state_and_the_solution_tag(
        synthetic_course, synthetic_student):
    instructor = nbformat.read(synthetic_course / "90_synthetic.ipynb", as_version=4)
    student = nbformat.read(synthetic_student / "90_synthetic.ipynb", as_version=4)
    assert "widgets" in instructor.metadata
    assert "widgets" not in student.metadata
    assert [c.id for c in student.cells] == [c.id for c in instructor.cells]
    for before, after in zip(instructor.cells, student.cells, strict=True):
        assert "solution" not in after.metadata.get("tags", [])
        if after.cell_type == "code":
            assert after.outputs == [] and after.execution_count is None
        if "keep-me" in before.metadata.get("tags", []):
            assert after.metadata["tags"] == ["keep-me"]
        if not is_solution(before):
            assert after.source == before.source
    assert student.cells[-1].source == student_build.MARKDOWN_PLACEHOLDER


def test_a_check_of_a_literal_becomes_a_placeholder_and_a_check_of_it():
    ex = next(iter(all_exercises().values()))
    code = ex.checker.as_code(ex.example_answer)
    source = student_build.placeholder_source(f'exercise("{ex.id}").check({code})',
                                          {ex.id: ex.placeholder})
    assert _norm(code) not in _norm(source)
    assert source.splitlines()[-1] == f'exercise("{ex.id}").check(answer)'


def test_a_cell_that_does_not_parse_keeps_only_a_comment():
    source = student_build.placeholder_source(
        '%time answer = "secret"\nexercise("02.1").check(answer)', {"02.1": "one word"})
    assert "secret" not in source and source.startswith("# replace ... with one word")


def test_the_student_build_refuses_to_overwrite_the_instructor_notebooks(synthetic_course):
    with pytest.raises(ValueError, match="overwrite"):
        student_build.build_student(synthetic_course, synthetic_course)


# ---------------------------------------------------------------- the real lessons


@pytest.fixture(scope="module")
def lesson_student(tmp_path_factory) -> Path:
    """The student build of every lesson, made once per run (tests.support.builds)."""
    return builds.student_lessons(tmp_path_factory)


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem[:2] for p in LESSONS])
def test_each_lesson_student_build_runs_and_shows_every_form_empty(lesson, tmp_path_factory):
    instructor = nbformat.read(lesson, as_version=4)
    # the run's one execution of this student lesson (the student site exports it too);
    # it raises on any error
    executed = builds.executed_student_lesson(tmp_path_factory, lesson.name)
    forms = 0
    for before, after in zip(instructor.cells, executed.cells, strict=True):
        assert "= ..." not in after.source, after.source  # nothing for the learner to replace
        if is_solution(before):
            assert re.fullmatch(r'exercise\("\d\d\.\d+"\)(\.form\(\w+\))?', after.source)
            widget = [o for o in after.outputs
                      if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
            assert widget, after.source  # the answer form is shown ...
            shown = _output_text(after)
            assert not any(f"{sign} {word}" in shown for sign, word, _ in STATUSES.values())
            forms += 1  # ... empty: no status until the learner presses Check
    assert forms == len([key for key in all_exercises() if key.startswith(lesson.name[:2])])


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem[:2] for p in LESSONS])
def test_each_lesson_student_build_holds_no_solution_text(lesson, lesson_student, tmp_path):
    instructor = nbformat.read(lesson, as_version=4)
    needles = solution_needles(instructor)
    for folder, source in [("student", lesson_student / lesson.name), ("instructor", lesson)]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / lesson.name).write_bytes(source.read_bytes())
    assert leaks(tmp_path / "student", needles) == []
    if _solution_cells(instructor):  # the search is not blind: it finds them where they are
        assert leaks(tmp_path / "instructor", needles)


# ---------------------------------------------------------------- answer key


@pytest.fixture(scope="module")
def answer_key(tmp_path_factory) -> tuple[str, str]:
    md, page = key_build.build_answer_key(tmp_path_factory.mktemp("key"))
    return md.read_text(encoding="utf-8"), page.read_text(encoding="utf-8")


def _sentences() -> dict[str, str]:
    from balancing_act.data.loaders import load_sentences

    table = load_sentences()
    return dict(zip(table["id"], table["text"], strict=True))


@pytest.mark.parametrize("form", ["markdown", "html"])
def test_answer_key_has_every_prompt_answer_explanation_and_cited_sentence(answer_key, form):
    text = answer_key[0] if form == "markdown" else html.unescape(answer_key[1])
    flat = _norm(re.sub(r"<[^>]+>", " ", text)).replace("`", "")
    sentences = _sentences()
    for ex in all_exercises().values():
        assert f"Exercise {ex.id}" in text
        for part in (ex.prompt, ex.explanation, *(sentences[s] for s in ex.cites)):
            assert _norm(part).replace("`", "") in flat, (ex.id, part[:60])
        answer = ex.checker.spec["answer"]
        for value in _leaves(answer):
            assert _norm(str(value)).replace("|", "") in flat.replace("\\|", ""), (ex.id, value)


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in [k, *_leaves(v)]]
    if isinstance(value, list):
        return [x for item in value for x in _leaves(item)]
    return [value]


def test_answer_key_lists_lessons_in_order_and_exercises_in_order(answer_key):
    md = answer_key[0]
    ids = re.findall(r"^### Exercise (\S+)", md, re.MULTILINE)
    assert ids == list(all_exercises())
    lessons = re.findall(r"^## Lesson (\d\d)", md, re.MULTILINE)
    assert lessons == sorted(set(lessons))


class _Audit(html.parser.HTMLParser):
    """Collects what an offline, accessible page must (not) have."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_answer_key_html_is_self_contained_accessible_and_printable(answer_key):
    audit = _Audit()
    audit.feed(answer_key[1])
    tags = [t for t, _ in audit.tags]
    assert ("html", {"lang": "en"}) in audit.tags
    assert "title" in tags and tags.count("h1") == 1 and "main" in tags and "nav" in tags
    assert "script" not in tags
    urls = [v for _, attrs in audit.tags for k, v in attrs.items() if k in ("src", "href")]
    assert all(v and v.startswith("#") for v in urls), urls
    ids = [attrs["id"] for _, attrs in audit.tags if "id" in attrs]
    assert len(ids) == len(set(ids))
    assert all(a.get("scope") == "col" for t, a in audit.tags if t == "th")
    assert "@media print" in answer_key[1]


def test_cited_ids_expand_ranges_named_in_the_explanation():
    doc = {"cites": ["S02"], "explanation": "S13 to S15 give the column; see also S09-S10."}
    assert key_build.cited_ids(doc) == ["S02", "S13", "S14", "S15", "S09", "S10"]
    whole = {"cites": [], "explanation": "From S01 to S42, the whole article."}
    assert key_build.cited_ids(whole) == ["S01", "S42"]


def test_answer_key_renders_tables_and_mappings_as_tables():
    docs = [{"id": "99.1", "lesson": "99", "type": "table", "prompt": "p", "explanation": "e",
             "cites": [], "answer": {"columns": ["aspect", "tie"], "rows": [["A|B", "C"]]}},
            {"id": "99.2", "lesson": "99", "type": "classification", "prompt": "p",
             "explanation": "e", "cites": [], "answer": {"S01": "report"}}]
    md = key_build.answer_key_markdown(docs, {})
    assert "| aspect | tie |" in md and "| A\\|B | C |" in md and "| S01 | report |" in md
    page = key_build.answer_key_html(docs, {})
    table = next(t for t in html_cells.tables(page) if t.caption.startswith("Answer to"))
    assert [c.text for c in table.head] == ["aspect", "tie"]
    assert [c.text for c in table.rows[0]] == ["A|B", "C"]


# ---------------------------------------------------------------- site build reporting


def test_site_build_reports_progress_and_failures_by_lesson_and_continues(tmp_path):
    """A failing lesson is named with its error; the other lessons are still built."""
    src = tmp_path / "src"
    src.mkdir()
    good, bad = nbformat.v4.new_notebook(), nbformat.v4.new_notebook()
    good.cells = [nbformat.v4.new_markdown_cell("# Fine lesson"),
                  nbformat.v4.new_code_cell("import pandas as pd\npd.DataFrame({'a': [1]})")]
    bad.cells = [nbformat.v4.new_markdown_cell("# Broken lesson"),
                 nbformat.v4.new_code_cell("1 / 0")]
    for name, nb in [("01_bad.ipynb", bad), ("02_good.ipynb", good)]:
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        nbformat.write(nb, src / name)
    assets = tmp_path / "assets"  # stand-ins: this test is about reporting, not rendering
    assets.mkdir()
    for name in site_assets.REQUIRED_ASSETS:
        (assets / name).write_text("/* stand-in */")
    (assets / "MANIFEST.txt").write_text("\n".join(site_assets.REQUIRED_ASSETS))
    lines: list[str] = []
    report = static_site.build_site(tmp_path / "site", sorted(src.glob("*.ipynb")),
                                  assets=assets, log=lines.append)
    assert [ln for ln in lines if ln.startswith("lesson ")] == [
        "lesson 01 (1 of 2): 01_bad.ipynb ...", "lesson 02 (2 of 2): 02_good.ipynb ..."]
    assert not report.ok and list(report.failures) == ["01_bad.ipynb"]
    assert "ZeroDivisionError" in report.failures["01_bad.ipynb"]
    assert any("FAILED" in ln and "ZeroDivisionError" in ln for ln in lines)
    assert (tmp_path / "site" / "01_bad.error.txt").is_file()
    assert (tmp_path / "site" / "02_good.html").is_file()
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "01 · Broken lesson (not available: its build failed)" in index
    assert 'href="02_good.html">02 · Fine lesson' in index and "<ol>" not in index
    assert "do nothing here" in index
    page = (tmp_path / "site" / "02_good.html").read_text(encoding="utf-8")
    assert "This is a reading copy." in page and "<code>02_good.ipynb</code>" in page
    assert "pd.DataFrame" not in page, "code shows in the reading copy"
    assert "@media print" in page and "table-layout: auto" in page


def test_a_build_runs_its_kernel_on_unix_sockets_in_a_folder_it_then_removes(tmp_path):
    """No TCP ports another kernel starting at the same moment could take from it."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [nbformat.v4.new_code_cell(
        "import json, os\nfrom ipykernel.connect import get_connection_file\n"
        "path = get_connection_file()\n"
        "print(json.load(open(path))['transport'], os.path.dirname(path),"
        " oct(os.stat(os.path.dirname(path)).st_mode & 0o777))")]
    nbformat.write(nb, tmp_path / "where.ipynb")
    done = static_site.execute_notebook(tmp_path / "where.ipynb", dict(os.environ))
    transport, folder, mode = done.cells[0].outputs[0]["text"].split()
    assert (transport, mode) == ("ipc", "0o700")
    assert Path(folder).name.startswith("ba-kernel-") and not Path(folder).exists()


def test_a_temporary_folder_too_deep_for_a_socket_keeps_the_kernel_on_tcp():
    assert static_site.kernel_config(Path("/tmp")).KernelManager.transport == "ipc"
    deep = static_site.kernel_config(Path("/tmp", "d" * 100))
    assert "transport" not in deep.KernelManager


# ---------------------------------------------------------------- Binder / JupyterHub


def test_environment_yml_has_what_repo2docker_reads():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert isinstance(env.get("name"), str) and env["name"]
    assert isinstance(env.get("channels"), list) and "conda-forge" in env["channels"]
    deps = env.get("dependencies")
    assert isinstance(deps, list)
    names = [re.split(r"[\s<>=!]", d, maxsplit=1)[0] for d in deps if isinstance(d, str)]
    assert "python" in names and "pip" in names
    pip = [d["pip"] for d in deps if isinstance(d, dict) and "pip" in d]
    assert len(pip) == 1, "expected one pip: section"
    local = [req.split()[-1] for req in pip[0] if req.split()[-1].startswith(".")]
    assert local, "the pip: section should install the course package from the repository"
    project = (ROOT / local[0] / "pyproject.toml").read_text(encoding="utf-8")
    assert 'name = "balancing-act"' in project
    # repo2docker ignores root configuration files when a binder/ folder exists
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()


def test_site_assets_without_npm_fail_naming_the_command_to_run(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no npm anywhere
    with pytest.raises(site_assets.SiteBuildError, match=r"npm pack @jupyter-widgets/html-manager"):
        site_assets.site_assets(tmp_path / "cache")


def test_answer_key_letters_options_as_the_forms_show_them(answer_key):
    ex = all_exercises()["02.2"]
    place = ex.checker.options.index(ex.example_answer)
    letter = "ABCDEFGH"[place]
    assert f"**Options.**\n\n- A. {ex.checker.options[0]}\n- B. " in answer_key[0]
    assert f"**Answer.** {letter}. {ex.example_answer}" in answer_key[0]
    assert f'<ul class="options"><li>A. {ex.checker.options[0]}</li>' in answer_key[1]


def test_the_crib_comes_first_one_lesson_each_with_every_exercise(answer_key):
    md, page = answer_key
    cribs = re.findall(r"^## Crib: Lesson (\d\d)", md, re.MULTILINE)
    full = re.findall(r"^## Lesson (\d\d)", md, re.MULTILINE)
    assert cribs == full and md.index("## Crib: Lesson 06") < md.index("# The full key")
    rows = re.findall(r"^\| (\d\d\.\d+) \|", md, re.MULTILINE)
    assert rows == list(all_exercises())
    assert page.count('<section class="crib"') == len(full)
    assert ".crib { break-after: page;" in page and ".lesson { break-before: page; }" in page


def test_the_crib_gives_answer_alternatives_and_numbered_mistakes_with_their_reason(answer_key):
    """03.2: its key, its accepted readings and its catalogued mistakes, each by the letter the
    form shows and, for a mistake, with the first sentence of its hint (what the slip shows)."""
    ex = exercise("03.2")
    options = ex.checker.options

    def lettered(option: str) -> str:
        return f"{'ABCDEFGH'[options.index(option)]}. {option}"

    row = next(ln for ln in answer_key[0].splitlines() if ln.startswith("| 03.2 |"))
    cells = [c.strip() for c in row.strip("|").split(" | ")]
    assert cells[1] == lettered(ex.example_answer)
    for accepted in ex.spec["accepted"]:
        assert lettered(accepted["answer"]) in cells[2]
    for n, mistake in enumerate(ex.mistakes, start=1):  # by letter: the key spells it out
        letter = lettered(mistake.answer).split(".")[0]
        assert f"{n}. {letter}: {mistake.hint[:40]}" in cells[3]
    synonyms = next(ln for ln in answer_key[0].splitlines() if ln.startswith("| 00.2 |"))
    assert "| big deal | a big deal; the big deal |" in synonyms


def test_crib_lines_are_short_and_point_to_the_full_key():
    from balancing_act.delivery import answer_crib
    from balancing_act.exercises import AnswerKey

    long = AnswerKey(text="word " * 100)
    line = answer_crib.compact(long)
    assert len(line) <= answer_crib.ANSWER_CHARS + 25 and line.endswith("(see the full key)")
    assert answer_crib.compact(AnswerKey(items=("A. x", "C. y"))) == "A, C"
    pairs = AnswerKey(header=("item", "category"), rows=(("a", "1"), ("b", "2")))
    wrong = AnswerKey(header=("item", "category"), rows=(("a", "1"), ("b", "3")))
    assert answer_crib.compact(wrong, besides=pairs) == "b → 3"
    assert answer_crib.first_sentence("Close: two words. The second.") == "Close: two words."

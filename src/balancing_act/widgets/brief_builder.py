"""The capstone's brief builder: thin widget glue over ``policy_brief`` and the planner.

The learner builds a plan in the planner, justifies it, writes a paragraph for
each capital and adds labelled claims that cite sentences; the checks update
as they write. Every change is saved beside the progress record
(``brief_store``), so Run All, a kernel restart or reopening the notebook
brings the brief back. Export writes a Markdown file named after the learner, and
an HTML copy beside it that opens as a readable page, never replacing an earlier file.

Each confirmation appears where the learner is looking: "Your saved brief is back" at
the top, "Claim 2 added" under the Add button, "Exported to ..." under Export. The text
areas grow with their text.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from balancing_act.data import loaders as data
from balancing_act.data import model_inputs as params
from balancing_act.policy_brief import evidence as brief_checks
from balancing_act.policy_brief import saved_copy as brief_store
from balancing_act.policy_brief.brief import (
    CAPITALS,
    KINDS,
    MIN_CLAIM_WORDS,
    Brief,
    Claim,
    parse_cites,
)
from balancing_act.policy_brief.markdown import to_markdown
from balancing_act.policy_brief.page import brief_html, brief_page
from balancing_act.support.atomic_files import create_text
from balancing_act.widgets import ALL, DealPlanner
from balancing_act.widgets.common import rows_html, status_html
from balancing_act.widgets.page_fixes import page_fixes

WIDE = {"description_width": "initial"}
_TEXT_BOX = widgets.Layout(width="95%", max_width="720px")
MIN_ROWS, MAX_ROWS, LINE_CHARS = 4, 24, 80
#: Text areas grow with their text where the browser can (``field-sizing``); elsewhere
#: ``rows`` follows the text each time it is saved (``fit_rows``).
_GROW_CSS = ("<style>.ba-brief textarea{field-sizing:content;min-height:5.5em;"
             "max-height:36em}</style>")
EXPORT_STEM = "policy_brief"


def export_name(author: str) -> str:
    """'Ada Lovelace' -> 'policy_brief_ada_lovelace.md' (letters, digits and _ only)."""
    slug = re.sub(r"[^a-z0-9]+", "_", author.lower()).strip("_")[:40]
    return f"{EXPORT_STEM}_{slug or 'unnamed'}.md"


def fit_rows(text: str) -> int:
    """Rows a text area needs for ``text`` (wrapped at about 80 characters), within bounds."""
    lines = sum(max(1, -(-len(line) // LINE_CHARS)) for line in text.split("\n"))
    return max(MIN_ROWS, min(MAX_ROWS, lines + 1))


def free_path(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, or the first free ``name-2``, ``name-3``...: never overwrite."""
    path = folder / name
    n = 2
    while os.path.lexists(path):  # a dangling link is taken too: never written through
        path = folder / f"{Path(name).stem}-{n}{Path(name).suffix}"
        n += 1
    return path


@dataclass(frozen=True)
class BriefPreview:
    """What ``BriefBuilder.preview()`` shows: the exported file rendered (HTML in a
    notebook), or as its Markdown where no HTML is drawn (a terminal, a text output)."""

    markdown: str

    def _repr_html_(self) -> str:
        return ("<section class='ba-brief-preview' aria-label='Preview of your brief file' "
                "style='border:1px solid var(--jp-border-color1,#999);padding:0.2em 1em;"
                "max-width:46em'>" + brief_html(self.markdown) + "</section>")

    def __repr__(self) -> str:
        return self.markdown


class BriefBuilder(widgets.VBox):
    """Write a policy brief; the checks below say what is still missing.

    Messages: ``restored`` (top: the saved brief is back, or could not be saved),
    ``claim_message`` (under Add claim), ``message`` (under Export).
    Controls: ``author``, ``planner`` (a ``DealPlanner``), ``justification``,
    ``perspectives`` (one Textarea per capital), ``claim_text``, ``kind``, ``cites``,
    ``priority``, ``add_button``, ``remove_button``, ``export_button``.
    Results: ``brief`` (a ``policy_brief.Brief``), ``checks`` (DataFrame), ``answer``
    (what exercise 06.3 checks), ``to_markdown()``, ``export(folder)``.
    """

    #: The brief is saved as it is written and comes back after a restart, so 06.3's form
    #: shows its last feedback again (exercises/form.py) instead of looking unchecked.
    remembers_itself = True

    def __init__(self) -> None:
        self.priorities = params.priority_labels()
        self._texts = data.sentence_texts()
        self.claims: list[Claim] = []
        self.author = widgets.Text(description="Your name", style=WIDE,
                                   placeholder="used in the exported file's name",
                                   continuous_update=False)
        self.planner = DealPlanner(params.load_params())
        self.justification = self._textarea("Why this plan", "why these steps in this order; "
                                            "which model result or sentence supports it")
        self.perspectives = {c: self._textarea(c, f"how the plan looks from {c}, citing "
                                               "sentences (e.g. S06)") for c in CAPITALS}
        self.claim_text = self._textarea("Claim", f"one sentence, at least {MIN_CLAIM_WORDS} "
                                         "words, in your own words")
        self.kind = widgets.Dropdown(description="Kind", options=[("— choose —", ALL)] + [
            (label, key) for key, label in KINDS.items()], style=WIDE)
        self.cites = widgets.Text(description="Cites", placeholder="sentence ids, e.g. S06, S18")
        self.priority = widgets.Dropdown(description="Priority", options=[("— choose —", ALL)] + [
            (label, pid) for pid, label in self.priorities.items()])
        self.add_button = widgets.Button(description="Add claim", icon="plus",
                                         layout=widgets.Layout(width="auto"))
        self.remove_button = widgets.Button(description="Remove last claim", icon="minus",
                                            layout=widgets.Layout(width="auto"))
        self.export_button = widgets.Button(description="Export as Markdown", icon="download",
                                            layout=widgets.Layout(width="auto"))
        self.message, self.claims_html, self.checks_html = (widgets.HTML() for _ in range(3))
        self.restored, self.claim_message = widgets.HTML(), widgets.HTML()
        super().__init__(self._layout())
        self.add_class("ba-brief")
        self._restore()
        self._watch()
        self._update()

    # ---- construction

    @staticmethod
    def _textarea(label: str, hint: str) -> widgets.Textarea:
        box = widgets.Textarea(description=label, placeholder=hint, style=WIDE,
                               layout=_TEXT_BOX, continuous_update=False, rows=MIN_ROWS)
        box.observe(lambda change: setattr(box, "rows", fit_rows(change["new"])), names="value")
        return box

    def _layout(self) -> list[widgets.Widget]:
        heading = widgets.HTML
        return [widgets.HTML(_GROW_CSS), self.restored, self.author,
                heading("<h4>1. Your plan</h4><p>Build it phase by phase; the model tests it "
                        "against the constraint (illustrative assumptions, not a forecast).</p>"),
                self.planner, self.justification,
                heading("<h4>2. Three perspectives</h4>"), *self.perspectives.values(),
                heading("<h4>3. Claims</h4>"), self.claim_text,
                widgets.HBox([self.kind, self.priority], layout=widgets.Layout(
                    flex_flow="row wrap")),
                self.cites, widgets.HBox([self.add_button, self.remove_button],
                                         layout=widgets.Layout(flex_flow="row wrap")),
                self.claim_message, self.claims_html, heading("<h4>4. Checks</h4>"),
                self.checks_html,
                self.export_button, self.message,
                page_fixes()]  # focus outline; the printed brief wraps by word

    def _restore(self) -> None:
        try:
            saved = brief_store.load()
        except brief_store.BriefFileProblem as exc:
            self.restored.value = status_html(False, str(exc))
            return
        if saved is None:
            return
        brief, _ = saved
        self.author.value = brief.author
        if any(brief.plan):
            try:
                self.planner.set_plan([list(p) for p in brief.plan])
            except ValueError as exc:
                self.restored.value = status_html(
                    False, f"Your saved plan could not be shown ({exc})")
        self.justification.value = brief.justification
        for capital, box in self.perspectives.items():
            box.value = brief.perspectives.get(capital, "")
        self.claims = list(brief.claims)
        self.restored.value = status_html(True, f"Your saved brief is back "
                                          f"({len(self.claims)} claim(s)).")

    def _watch(self) -> None:
        for box in (self.author, self.justification, *self.perspectives.values()):
            box.observe(self._update, names="value")
        for select in self.planner._pool:
            select.observe(self._update, names="value")
        self.planner.add_button.on_click(self._update)
        self.planner.remove_button.on_click(self._update)
        self.add_button.on_click(self._add_from_controls)
        self.cites.on_msg(self._enter_in_cites)  # Enter in the last box adds the claim
        self.remove_button.on_click(self._remove)
        self.export_button.on_click(lambda _: self._export_clicked())

    # ---- learner actions

    def add_claim(self, text: str, kind: str, cites: object, priority: str) -> None:
        """Add a claim (what Add does); a bad or repeated claim is explained, not added."""
        claim, problem = self._claim(text, kind, cites, priority)
        if problem:
            self._say(False, f"Not added: {problem}.")
            return
        if claim in self.claims:
            self._say(True, "That claim is already in your brief.")
            return
        self.claims.append(claim)
        self._say(True, f"Claim {len(self.claims)} added{_read_as(cites, claim.cites)}.")
        self._update()

    def _say(self, ok: bool, text: str) -> None:
        """A confirmation under the claim buttons, where the learner is looking."""
        self.claim_message.value = status_html(ok, text)

    def _claim(self, text: Any, kind: Any, cites: Any, priority: Any) -> tuple[Claim, str]:
        if not isinstance(text, str) or not text.strip():
            return Claim("", "", (), ""), "the claim is empty; write one sentence"
        if kind not in KINDS:
            return Claim("", "", (), ""), "choose its kind: " + ", ".join(KINDS.values())
        if priority not in self.priorities:
            return Claim("", "", (), ""), "choose the priority the claim speaks to"
        return Claim(" ".join(text.split()), kind, parse_cites(cites), priority), ""

    def _add_from_controls(self, button: object = None) -> None:
        before = len(self.claims)
        self.add_claim(self.claim_text.value, self.kind.value, self.cites.value,
                       self.priority.value)
        if len(self.claims) > before:
            self.claim_text.value, self.cites.value = "", ""

    def _enter_in_cites(self, _widget: object, content: object, _buffers: object) -> None:
        """ipywidgets 8 sends {"event": "submit"} when Enter is pressed in a Text box."""
        if isinstance(content, dict) and content.get("event") == "submit":
            self._add_from_controls()

    def _remove(self, button: object = None) -> None:
        if self.claims:
            self.claims.pop()
            self._say(True, "Last claim removed.")
            self._update()

    # ---- results

    @property
    def brief(self) -> Brief:
        return Brief(author=self.author.value.strip(),
                     plan=tuple(tuple(p) for p in self.planner.answer),
                     justification=self.justification.value,
                     perspectives={c: box.value for c, box in self.perspectives.items()},
                     claims=tuple(self.claims))

    @property
    def answer(self) -> dict[str, Any]:
        """The brief as exercise 06.3 checks it."""
        return brief_store.to_dict(self.brief, "concern_moscow")

    def _update(self, change: object = None) -> None:
        brief = self.brief
        self.checks = brief_checks.check(brief)
        rows = [(n, c.text, KINDS.get(c.kind, c.kind), ", ".join(c.cites),
                 self.priorities.get(c.priority, c.priority))
                for n, c in enumerate(self.claims, 1)]
        self.claims_html.value = rows_html(["#", "Claim", "Kind", "Cites", "Priority"], rows,
                                            f"Your claims ({len(rows)})",
                                            empty="No claims yet: write one above.")
        self.checks_html.value = "".join(status_html(bool(r.passed), f"{r.check}: {r.detail}")
                                         for r in self.checks.itertuples(index=False))
        try:
            brief_store.save(brief, "concern_moscow")
        except brief_store.BriefFileProblem as exc:  # shown at the top, above what is typed
            self.restored.value = status_html(False, str(exc))

    def to_markdown(self) -> str:
        """The brief as Markdown, as handed in: every part, the cited sentences, the checks."""
        brief = self.brief
        return to_markdown(brief, constraint=brief_checks.constraint_words("concern_moscow"),
                           verdict=self.planner.message, checks=self.checks,
                           sentences=self._texts, priorities=self.priorities)

    def preview(self) -> BriefPreview:
        """The file's content as a page reads it (``print(to_markdown())`` shows raw marks)."""
        return BriefPreview(self.to_markdown())

    def export(self, folder: str | Path = ".") -> Path:
        """Write the brief to ``folder`` as ``policy_brief_<name>.md``, and the same brief as
        a page to read, ``policy_brief_<name>.html``, beside it; never replacing a file."""
        text = self.to_markdown()
        title = f"Policy brief: {self.author.value.strip() or 'unnamed'}"
        name = export_name(self.author.value)
        for n in itertools.count(1):  # new files, written whole; never over another file
            stem = Path(name).stem if n == 1 else f"{Path(name).stem}-{n}"
            target, page = Path(folder) / f"{stem}.md", Path(folder) / f"{stem}.html"
            if os.path.lexists(target) or os.path.lexists(page):
                continue
            try:
                create_text(target, text)
            except FileExistsError:  # another export took the name meanwhile
                continue
            with contextlib.suppress(FileExistsError):  # a page appeared meanwhile: kept
                create_text(page, brief_page(text, title))
            return target
        raise AssertionError("unreachable")

    def _export_clicked(self) -> None:
        try:
            path = self.export()
        except OSError as exc:
            self.message.value = status_html(False, f"Not exported: {exc.strerror or exc}.")
            return
        page = path.with_suffix(".html").name
        self.message.value = status_html(
            True, f"Exported to {path.name}, with a page to read, {page}, in this notebook's "
            "folder (open them from the file browser on the left).")


def _read_as(typed: object, read: tuple[str, ...]) -> str:
    """' (cites read as S01, S18)' when the ids typed were written otherwise, else ''."""
    if not isinstance(typed, str) or not read:
        return ""
    as_typed = [p.strip().upper() for p in typed.replace(",", " ").replace(";", " ").split()]
    return "" if as_typed == list(read) else f" (cites read as {', '.join(read)})"


def brief_builder() -> BriefBuilder:
    """The capstone's brief builder (it brings back the brief you saved last)."""
    return BriefBuilder()


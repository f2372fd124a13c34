"""Explorers of the article's tables and sentences: filter, sort, and read the sources."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ipywidgets as widgets
import pandas as pd

from balancing_act import model
from balancing_act.data import loaders as data
from balancing_act.widgets.common import ALL, WIDE, html_table, pretty, sentence_list
from balancing_act.widgets.page_fixes import page_fixes

#: One label width for the explorer's settings (Sort by, Order, Layout, Show sources of),
#: so their controls start in one column; wide enough for the longest label.
SETTING = {"description_width": "9em"}
#: Toggle buttons draw their label above the buttons; beside them, like the dropdowns.
SETTING_CSS = ("<style>.ba-aligned>.widget-toggle-buttons{display:flex;flex-direction:row;"
               "align-items:center}.ba-aligned>.widget-toggle-buttons>.widget-label"
               "{text-align:right;flex-shrink:0;margin-right:8px}</style>")


class TableExplorer(widgets.VBox):
    """Filter, sort and trace a table back to the sentences it cites.

    Controls: ``filters`` (column -> SelectMultiple; nothing selected = all),
    ``sort_by``, ``order``, ``form`` (partner table only: long or the article's
    wide form) and ``row`` (whose cited sentences ``sources_html`` shows).
    Results: ``table`` (the filtered, sorted DataFrame), ``cited_ids``.
    """

    def __init__(self, frame: pd.DataFrame, caption: str, filter_columns: Sequence[str],
                 id_columns: Sequence[str], wide: Callable[[pd.DataFrame], pd.DataFrame] | None):
        self.source = frame.reset_index(drop=True)
        self.caption, self.id_columns, self._wide = caption, tuple(id_columns), wide
        self._sentences = data.load_sentences().set_index("id")
        self.filters = {c: widgets.SelectMultiple(
            options=[str(v) for v in model.distinct_values(self.source[c])], value=(),
            description=pretty(c), rows=min(4, self.source[c].nunique()), style=WIDE)
            for c in filter_columns}
        shown = [c for c in self.source.columns if c not in self.id_columns]
        self.sort_by = widgets.Dropdown(options=[("article order", ALL)] +
                                        [(pretty(c), c) for c in shown],
                                        value=ALL, description="Sort by", style=SETTING)
        self.order = widgets.ToggleButtons(options=["ascending", "descending"],
                                           description="Order", style=SETTING)
        self.form = widgets.ToggleButtons(options=["long form", "article's wide form"],
                                          description="Layout", style=SETTING)
        self.row = widgets.Dropdown(description="Show sources of", style=SETTING,
                                    layout=widgets.Layout(width="max-content"))
        self.html, self.sources_html = widgets.HTML(), widgets.HTML()
        self.table, self.cited_ids = self.source, []
        hint = widgets.HTML(SETTING_CSS + "<small>Select nothing in a filter to show every "
                            "row; Ctrl- or Shift-click (or Shift with the arrow keys) selects "
                            "several.</small>")
        controls = [widgets.HBox(list(self.filters.values())), hint, self.sort_by, self.order]
        if wide is not None:
            controls.append(self.form)
        super().__init__(controls + [self.html, self.row, self.sources_html, page_fixes()])
        self.add_class("ba-aligned")  # the browser tests check that the settings line up
        for control in [*self.filters.values(), self.sort_by, self.order, self.form]:
            control.observe(self._update, names="value")
        self.row.observe(self._show_sources, names="value")
        self._update()

    def _labels(self, frame: pd.DataFrame) -> list[tuple[str, int]]:
        keys = [c for c in frame.columns if c not in self.id_columns][:2]
        return [(" – ".join(str(frame.at[i, k]) for k in keys)[:70], int(i))
                for i in frame.index]

    def _update(self, change: object = None) -> None:
        chosen = {c: w.value for c, w in self.filters.items()}
        long = model.sort_rows(model.filter_rows(self.source, chosen),
                               self.sort_by.value or None, self.order.value == "descending")
        wide = self._wide is not None and self.form.value != "long form"
        self.table = self._wide(long) if wide else long
        shown_as = "; shown in the article's wide form" if wide else ""
        caption = f"{self.caption} ({len(long)} of {len(self.source)} rows{shown_as})"
        visible = self.table.drop(columns=[c for c in self.id_columns if c in self.table])
        self.html.value = html_table(visible, caption)
        options = self._labels(long)
        keep = self.row.value if self.row.value in long.index else None
        self.row.unobserve(self._show_sources, names="value")
        self.row.options = options
        self.row.value = keep if keep is not None else (options[0][1] if options else None)
        self.row.observe(self._show_sources, names="value")
        self._show_sources()

    def _show_sources(self, change: object = None) -> None:
        index = self.row.value
        if index is None:
            self.cited_ids = []
            self.sources_html.value = "<p>No rows match the filters, so no sources to show.</p>"
            return
        record = self.source.loc[index]
        self.cited_ids = [i for c in self.id_columns for i in data.split_ids(record[c])]
        self.cited_ids = list(dict.fromkeys(self.cited_ids))
        label = dict((v, k) for k, v in self.row.options)[index]
        self.sources_html.value = sentence_list(self.cited_ids, self._sentences,
                                                 f"Sentences cited by “{label}”")


def table_explorer(name: str) -> TableExplorer:
    """Explore one of the article's tables: filter, sort, and reveal each row's sources.

    Example::

        ex = table_explorer("partner_ties")
        ex.filters["partner"].value = ("United States",)
        ex.table            # the filtered DataFrame
        ex.form.value = "article's wide form"   # Aspect / Belarus-Russia / Belarus-US
    """
    if name not in data.list_tables():
        raise ValueError(f"no table called {name!r}; expected one of: "
                         f"{', '.join(data.list_tables())}")
    frame = data.load_table(name)
    schema = data.TABLES[name]
    columns = [c.name for c in schema.columns if c.kind == "category"]
    if not columns:  # a plain list: filter on its short columns
        columns = [c for c in frame.columns if c not in schema.sources
                   and frame[c].astype(str).str.len().max() <= 40]
    wide = model.pivot_partners if name == "partner_ties" else None
    return TableExplorer(frame, schema.description, columns, schema.sources, wide)


def glossary_table() -> TableExplorer:
    """The glossary, filterable by where each definition comes from (article or background).

    Example: ``g = glossary_table(); g.filters["origin"].value = ("background",)``.
    """
    frame = data.load_glossary()
    frame.insert(2, "origin", ["background" if s == "background" else "article"
                               for s in frame["source"]])
    return TableExplorer(frame, "Glossary: terms, definitions and where each comes from",
                         ["origin"], ["source", "mentioned_in"], None)


class SentenceExplorer(widgets.VBox):
    """Find sentences by section, kind, actor and a plain-text search.

    Controls: ``section``, ``kind``, ``actor`` (Dropdowns; ``ALL`` ("") = all) and
    ``search`` (Text; case-insensitive substring). Results: ``table``, ``answer``
    (the matching sentence ids).
    """

    def __init__(self) -> None:
        self.sentences = data.load_sentences()
        sections = data.load_sections().sort_values("order")
        self.section = widgets.Dropdown(
            options=[("all sections", ALL)] + [(f"{r.order}. {r.id}", r.id)
                                               for r in sections.itertuples()],
            value=ALL, description="Section")
        self.kind = widgets.Dropdown(options=[("all kinds", ALL)] + [(k, k) for k in data.KINDS],
                                     value=ALL, description="Kind")
        self.actor = widgets.Dropdown(
            options=[("all actors", ALL)] + [(a, a) for a in data.load_actors()["name"]],
            value=ALL, description="Actor")
        self.search = widgets.Text(value="", description="Search",
                                   placeholder="words to find, e.g. Russia")
        self.count, self.html = widgets.HTML(), widgets.HTML()
        super().__init__([widgets.HBox([self.section, self.kind, self.actor]), self.search,
                          self.count, self.html, page_fixes()])
        for control in (self.section, self.kind, self.actor, self.search):
            control.observe(self._update, names="value")
        self._update()

    def _update(self, change: object = None) -> None:
        found = model.filter_sentences(self.sentences, sections=self.section.value or None,
                                       kinds=self.kind.value or None,
                                       actor=self.actor.value or None, text=self.search.value)
        self.table = found[["id", "section", "kind", "text", "attributed_to"]]
        self.answer = [str(i) for i in found["id"]]
        self.count.value = (f'<p role="status">{len(found)} of {len(self.sentences)} '
                            "sentences match.</p>")
        table = html_table(self.table, "Sentences of the article that match",
                           headers={c: pretty(c) for c in self.table.columns})
        # No scroll box of its own: the notebook scrolls, a box inside it hid rows.
        self.html.value = f'<div role="region" aria-label="Matching sentences">{table}</div>'


def sentence_explorer() -> SentenceExplorer:
    """Explore the article sentence by sentence.

    Example::

        ex = sentence_explorer()
        ex.kind.value = "recommendation"
        ex.search.value = "trust"
        ex.answer           # ['S30']
    """
    return SentenceExplorer()

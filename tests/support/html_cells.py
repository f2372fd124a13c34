"""Read the tables out of an HTML string, as a test sees them: caption, headers, cells, styles."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Cell:
    tag: str
    text: str
    attrs: dict[str, str]

    @property
    def align(self) -> str:
        """The cell's inline text-align ("" when it has none)."""
        rules = dict(r.split(":", 1) for r in self.attrs.get("style", "").split(";") if ":" in r)
        return rules.get("text-align", "").strip()


@dataclass
class Table:
    caption: str = ""
    head: list[Cell] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)

    def column(self, header: str) -> list[Cell]:
        """The body cells under the header whose text is ``header``."""
        i = [c.text for c in self.head].index(header)
        return [row[i] for row in self.rows]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[Table] = []
        self._cell: Cell | None = None
        self._in_caption = self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(Table())
        elif tag == "caption":
            self._in_caption = True
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head and self.tables:
            self.tables[-1].rows.append([])
        elif tag in ("th", "td"):
            self._cell = Cell(tag, "", {k: v or "" for k, v in attrs})

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
        elif tag == "thead":
            self._in_head = False
        elif tag in ("th", "td") and self._cell is not None:
            self._cell.text = self._cell.text.strip()
            table = self.tables[-1]
            (table.head if self._in_head else table.rows[-1]).append(self._cell)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.text += data
        elif self._in_caption:
            self.tables[-1].caption += data


def tables(html: str) -> list[Table]:
    """Every table in ``html``, in order."""
    parser = _Parser()
    parser.feed(html)
    return parser.tables

"""The exported brief as a page to read: the hand-in Markdown, rendered as one HTML file.

A learner who opens ``policy_brief_<name>.md`` outside JupyterLab sees raw Markdown;
the ``.html`` copy written beside it opens as a readable page in any browser. The
learner's own text is escaped (``escape=True``): a ``<script>`` in a claim stays text.
"""

from __future__ import annotations

import mistune

from balancing_act.support.html_page import page

__all__ = ["PAGE_CSS", "brief_html", "brief_page"]

PAGE_CSS = ("body{font-family:system-ui,sans-serif;line-height:1.5;max-width:46em;"
            "margin:1.5em auto;padding:0 1em;color:#1a1a1a;background:#fff}"
            "table{border-collapse:collapse;margin:0.6em 0}"
            "th,td{border:1px solid #888;padding:0.3em 0.5em;text-align:left;"
            "vertical-align:top}blockquote{border-left:3px solid #888;margin:0.5em 0;"
            "padding-left:0.8em}code{background:#f0f0f0}"
            "@media print{body{margin:0}}")

_RENDER = mistune.create_markdown(escape=True, plugins=["table"])


def brief_html(markdown_text: str) -> str:
    """The brief's Markdown as an HTML fragment, for a preview inside the notebook."""
    return str(_RENDER(markdown_text))


def brief_page(markdown_text: str, title: str) -> str:
    """A whole standalone page (no script, no network) for the brief's Markdown."""
    return page(title, f"<main>\n{_RENDER(markdown_text)}\n</main>", css=PAGE_CSS)

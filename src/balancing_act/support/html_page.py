"""The one shell of every standalone page the course writes (answer key, site index, class
report, worksheets): a language, a viewport, a title, inline style, no script, no network."""

from __future__ import annotations

import html

__all__ = ["page", "title_tag"]


def title_tag(title: str) -> str:
    """The page's ``<title>``; a command knows a page it wrote earlier by it."""
    return f"<title>{html.escape(title)}</title>"


def page(title: str, body: str, *, css: str = "", skip_to: str | None = None) -> str:
    """A whole HTML page around ``body`` (already HTML); ``skip_to`` adds a skip link whose
    text it is (the body then holds ``<main id="main">``)."""
    skip = f'<a class="skip" href="#main">{html.escape(skip_to)}</a>\n' if skip_to else ""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"{title_tag(title)}\n<style>{css}</style>\n</head>\n"
            f"<body>\n{skip}{body}\n</body>\n</html>\n")

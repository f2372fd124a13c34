"""Balancing Act: a Jupyter course on Belarus's balancing strategy in one news article.

Notebooks import from here; heavy modules (widgets, plots) load on first use so
that ``import balancing_act`` stays cheap.
"""

from __future__ import annotations

__version__ = "0.1.0"

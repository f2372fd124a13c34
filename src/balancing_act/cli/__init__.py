"""``balancing-act ...``: a thin shell over the rest of the package (see ``main``)."""

from balancing_act.cli.commands import build_parser, failure_line, main

__all__ = ["build_parser", "failure_line", "main"]

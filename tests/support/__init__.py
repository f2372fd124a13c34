"""Helpers the tests (and ``make bench``) share, importable as ``tests.support.<name>``.

``REPO`` is the checkout the tests run in, wherever the test file sits.
"""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

"""Plumbing that knows nothing of the article: errors, where the course's files are,
atomic writes, the overwrite policy, bounded YAML, HTML tables and pages, a11y fixes.

The bottom layer: it imports no other folder of the package.
"""

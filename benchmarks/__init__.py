"""`make bench`: the course's speed and memory figures (``python -m benchmarks.run``)."""

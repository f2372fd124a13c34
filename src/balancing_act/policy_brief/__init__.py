"""The capstone's policy brief, without widgets.

``brief`` is the brief as data and its pure checks; ``markdown`` writes and reads
the Markdown a learner hands in; ``evidence`` gathers what the checks judge
against from one data folder; ``saved_copy`` keeps the learner's draft beside the
progress record, atomically.
"""

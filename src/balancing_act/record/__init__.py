"""The learner's record: its format (``format``), its file (``store``), its tables (``views``).

Knows nothing of the course's exercises: whoever wants a summary passes the
course's size in (see ``balancing_act.progress``, the lessons' entry).
"""

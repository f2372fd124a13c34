"""The teacher's view over learners' handed-in files: ``records`` reads them (never
stopping on a bad one), ``tables`` summarises them, ``page`` writes the offline page."""

"""The model's option and priority labels as lessons_data/model/*.csv spell them.

Pinned here once so the model and widget tests read like the lessons, and a
renamed option fails them with a readable diff.
"""

O1, O2, O3, O4 = (
    "Phased deal with safeguards",
    "Rapid comprehensive deal with Washington",
    "Status quo: prioritise ties with Moscow",
    "Multilateral track first",
)
P1, P2, P3 = "Economic diversification", "Respecting existing alliances", "Strategic autonomy"

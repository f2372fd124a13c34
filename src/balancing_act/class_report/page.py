"""The class report as one self-contained HTML page: opens offline, prints, reads aloud.

No scripts and no fetched resources: the chart is inline SVG with a text
alternative, and every figure in it is also in the tables below it.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from balancing_act.class_report import reasoning
from balancing_act.class_report.tables import struggles
from balancing_act.support import html_page, html_tables, safe_io
from balancing_act.support.atomic_files import replace_text

NEED_CAPTION = ("Attempted nothing first, then most exercises not solved, most solutions "
                "viewed before solving, most hints, fewest solved")
TITLE = html_page.title_tag("Balancing Act: class report")
BAR_HEIGHT = 26
WRONG_LINE = 18  # the line under a bar that names the most chosen wrong option
CHOICES_CAPTION = ("Per item: learners per first choice, right answers for a wrong reason, "
                   "self-marks per criterion")
LABEL_WIDTH = 90
CHART_WIDTH = 820
TEXT_ROOM = 230  # room right of the longest bar for its label
STYLE = """
body { font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif; color: #1a1a1a;
       margin: 1.5rem auto; max-width: 70rem; padding: 0 1rem; line-height: 1.45; }
table.ba-table { margin-bottom: 1.5rem; }
.note { color: #333; }
svg { max-width: 100%; height: auto; }
th { white-space: normal !important; }  /* a long header wraps between words */
svg text { font-size: 13px; fill: #1a1a1a; }
svg text.wrong { font-size: 12px; fill: #5c3c00; }
@page { margin: 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9pt; }
  table { width: 100%; font-size: 8pt !important; }
  th, td { padding: 0.1em 0.25em !important; overflow-wrap: break-word !important; }
  th { hyphens: manual !important; }
  td:first-child { white-space: nowrap !important; }
  thead { display: table-header-group; }
  tr, figure { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""
LABELS = {"not_solved": "attempted, not solved", "solved_first_try": "solved first try",
          "used_hints": "learners who used hints", "hints": "hints", "solutions":
          "solutions viewed", "top_mistake": "most made catalogued mistake (learners)",
          "top_mistake_count": "learners", "solution_first": "solution before solving",
          "first_try": "solved first try", "stuck_on": "stuck on",
          "learners_started": "learners started", "learners_finished": "learners finished",
          "most_missed": "most missed", "wrong_answer": "wrong answer",
          "lessons_started": "lessons started",
          "lessons_finished": "lessons finished", "not_started": "attempted nothing"}

#: The learners' table is the widest: its headers are shorter so it prints on A4.
LEARNER_LABELS = {"attempted": "tried", "not_solved": "not solved", "first_try": "first try",
                  "solutions": "solutions", "not_started": "nothing tried",
                  "lessons_started": "lessons begun", "lessons_finished": "lessons done"}


def _yes(value: object) -> object:
    return ("yes" if value else "") if isinstance(value, bool) else value


def table_html(frame: pd.DataFrame, caption: str,
               labels: dict[str, str] | None = None) -> str:
    """An accessible table (``html_tables``): text left, counts right, a caption, scopes."""
    keys = [str(c) for c in frame.columns]
    rows = [tuple(_yes(v) for v in row) for row in frame.itertuples(index=False, name=None)]
    return html_tables.render(html_tables.columns_for(keys, rows, LABELS | (labels or {})),
                              rows, caption)


def _bar_rows(tried: pd.DataFrame, wrong: dict[str, reasoning.Wrong]) -> tuple[list[str], int]:
    """Each attempted exercise's bars, and under them its most chosen wrong option."""
    most = max(int(tried["attempted"].max()), 1)
    scale = (CHART_WIDTH - LABEL_WIDTH - TEXT_ROOM) / most
    bars, y = [], 24
    for row in tried.itertuples(index=False):
        miss, solved = row.not_solved * scale, row.solved * scale
        bars.append(
            f"<text x='0' y='{y + 15}'>{html.escape(row.exercise)}</text>"
            f"<rect x='{LABEL_WIDTH}' y='{y}' width='{miss:.1f}' height='18' fill='#E69F00'/>"
            f"<rect x='{LABEL_WIDTH + miss:.1f}' y='{y}' width='{solved:.1f}' height='18' "
            f"fill='#0072B2'/>"
            f"<text x='{LABEL_WIDTH + miss + solved + 6:.1f}' y='{y + 15}'>{row.not_solved} not "
            f"solved, {row.solved} solved</text>")
        y += BAR_HEIGHT
        if row.exercise in wrong:
            worst = wrong[row.exercise]
            bars.append(f"<text x='{LABEL_WIDTH}' y='{y + 8}' class='wrong'>most chosen "
                        f"wrong: {html.escape(worst.short)} ({_learners(worst.learners)})"
                        "</text>")
            y += WRONG_LINE
    return bars, y + 10


def _learners(n: int) -> str:
    return f"{n} learner{'s' * (n != 1)}"


def chart_svg(exercises: pd.DataFrame,
              wrong: dict[str, reasoning.Wrong] | None = None) -> str:
    """Horizontal bars, most-missed exercise first: solved (blue) and not solved (orange);
    under an item's bars, the wrong option most learners chose at their first check."""
    tried = struggles(exercises)
    if tried.empty:
        return "<p class='note'>No exercise has been attempted yet.</p>"
    wrong = wrong or {}
    bars, height = _bar_rows(tried, wrong)
    worst = tried.iloc[0]
    alt = f"Bar chart of {len(tried)} attempted exercises, most missed first. " + (
        f"The most missed is {worst['exercise']}: {worst['not_solved']} of {worst['attempted']} "
        "learners who tried it have not solved it yet." if worst["not_solved"] else
        "Every learner who tried an exercise has solved it.")
    if shown := [e for e in tried["exercise"] if e in wrong]:
        first = wrong[shown[0]]
        alt += (f" Under each choice item, its most chosen wrong option at the first check; "
                f"for {shown[0]}: {first.what} ({_learners(first.learners)}).")
    legend = ("<text x='0' y='14'>Orange: attempted, not solved. Blue: solved.</text>")
    return (f"<figure><svg role='img' aria-label='{html.escape(alt)}' width='{CHART_WIDTH}' "
            f"height='{height}' viewBox='0 0 {CHART_WIDTH} {height}' "
            f"xmlns='http://www.w3.org/2000/svg'>{legend}{''.join(bars)}</svg>"
            f"<figcaption>{html.escape(alt)}</figcaption></figure>")


def choices_html(choices: pd.DataFrame | None) -> str:
    """What the class chose per item: the table ``reasoning.choice_table`` makes."""
    if choices is None or choices.empty:
        return ""
    return ("<h2>What the class chose, item by item</h2>"
            "<p class='note'>At each learner's first check: how many chose each option (its "
            "letter and the course's own words), for a two-tier item how many had the right "
            "answer for a wrong reason, and for a written item how each criterion was "
            "self-marked.</p>"
            + table_html(reasoning.shown(choices), CHOICES_CAPTION,
                         {"what": "chosen, or self-marked", "right": "a right answer"}))


def _shown(exercises: pd.DataFrame) -> pd.DataFrame:
    """The exercise table as a page shows it: narrow enough for a 1366-pixel screen."""
    mistakes = [f"{m} ({n} {'learner' if n == 1 else 'learners'})".replace(
                     "mistake", "Mistake", 1) if n else ""
                for m, n in zip(exercises["top_mistake"], exercises["top_mistake_count"],
                                strict=True)]
    return exercises.drop(columns=["lesson", "hints", "top_mistake_count"]).assign(
        top_mistake=mistakes)


def _items(title: str, lines: list[str]) -> str:
    return "" if not lines else f"<h2>{html.escape(title)}</h2><ul>" + "".join(
        f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"


def _waiting(learners: pd.DataFrame, nothing: list[str] | None) -> str:
    """Who attempted nothing, and (with a roster) who handed in nothing: never hidden."""
    idle = learners[learners["not_started"]]["learner"].tolist()
    said = (f"Attempted nothing yet: {', '.join(idle)}." if idle
            else "Every learner in these files has attempted an exercise.")
    if nothing:
        said += f" Handed in nothing ({len(nothing)}): {', '.join(nothing)}."
    return said


def page(exercises: pd.DataFrame, learners: pd.DataFrame, skipped: list[str], *,
         lessons: pd.DataFrame | None = None, wrong: pd.DataFrame | None = None,
         nothing: list[str] | None = None, notes: list[str] | None = None,
         choices: pd.DataFrame | None = None,
         chosen_wrong: dict[str, reasoning.Wrong] | None = None) -> str:
    """The whole report page (a string of HTML; the caller writes it). ``nothing``: the
    roster's learners with no file; ``notes``: repeats and course-version warnings;
    ``choices``: ``reasoning.choice_table``; ``chosen_wrong``: its most chosen wrong
    option per item, named in the chart."""
    lesson_html = ("" if lessons is None else "<h2>Per lesson</h2>"
                   + table_html(lessons, "One row per lesson of the course"))
    wrong_html = ("" if wrong is None or wrong.empty else "<h2>Most chosen wrong answers</h2>"
                  + table_html(wrong, "Up to three per exercise, counted in learners "
                               "(option letters and the course's own words only)"))
    return html_page.page("Balancing Act: class report", (
        "<main><h1>Balancing Act: class report</h1>"
        f"<p>{len(learners)} learner(s). {html.escape(_waiting(learners, nothing))} The files "
        "hold counts and option letters only: no learner's own words are in them, or here. "
        "A catalogued mistake is named by its number in the exercise file and its wrong "
        "answer. \"First try\" means correct at the first check with no solution viewed "
        "before it. These are self-reported practice records, not a test.</p>"
        f"{_items('Notes', notes or [])}"
        "<h2>Learners, who needs help first</h2>"
        f"{table_html(learners, NEED_CAPTION, LEARNER_LABELS)}"
        f"{lesson_html}"
        f"<h2>Where the class struggles</h2>{chart_svg(exercises, chosen_wrong)}"
        f"{table_html(_shown(struggles(exercises)), 'Attempted exercises, most missed first')}"
        f"{wrong_html}{choices_html(choices)}"
        "<h2>Every exercise, in course order</h2>"
        f"{table_html(_shown(exercises), 'Every exercise of the course')}"
        f"{_items('Files skipped', skipped)}</main>"), css=STYLE)


def is_report(path: Path) -> bool:
    """True for a page this module wrote earlier (a teacher re-runs the report weekly)."""
    try:
        head = safe_io.read_bytes(path, 2000, follow_links=False)  # never waits on a FIFO
    except OSError:
        return False
    return TITLE in head.decode("utf-8", errors="replace")


def write(path: Path, text: str) -> None:
    """Write the page atomically: a reader never sees half a report."""
    replace_text(path, text, prefix=f".{path.name}-")

"""Change the model's illustrative numbers from inside the notebook.

Lessons 03 and 04 invite learners to disagree with a rating. The numbers live in
``lessons_data/model/*.csv``, a folder learners do not have in ``my_work/``, so
the invitation must be doable where they are: ``ratings_editor(panel)`` shows
the ratings as a grid of number boxes, one row per option (its name beside its
id), one column per priority; a change re-ranks the weights panel at once. The
files stay as they are: the edits live in the learner's kernel.

The grid has no fixed width: each row shares the width it gets (the option's name
twice a number box's share), so at 200 % zoom, on a narrow window or on A4 inside a
print dialog's margins every column stays on the page (issue 25).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from balancing_act.widgets.page_fixes import page_fixes

#: How a row shares its width: each cell starts from a small definite width (a widget's
#: default is 300 px) and the name column grows twice as fast as a number column.
NAME_CELL = {"width": "9em", "flex": "2 1 9em", "min_width": "7em"}
NUMBER_CELL = {"width": "4.5em", "flex": "1 1 4.5em", "min_width": "3.5em",
               "max_width": "150px"}
ROW = {"width": "100%", "max_width": "720px"}


class RatingsEditor(widgets.VBox):
    """A grid of the ratings; each box updates ``panel.ratings`` and re-ranks the panel.

    ``boxes[(option label, criterion label)]`` is the number box; ``reset()`` puts
    back the ratings from the files.
    """

    def __init__(self, panel: Any):
        self.panel = panel
        self.original = panel.ratings.copy()
        low, high = panel.params.rating_range
        ids = {o.label: o.id for o in panel.params.options}
        self.boxes: dict[tuple[str, str], widgets.BoundedIntText] = {}
        head = [widgets.HTML("<b>Option</b>", layout=widgets.Layout(**NAME_CELL))] + [
            widgets.HTML(f"<b>{crit}</b>", layout=widgets.Layout(**NUMBER_CELL))
            for crit in panel.ratings.columns]
        rows = [widgets.HBox(head, layout=widgets.Layout(**ROW))]
        for option in panel.ratings.index:
            cells = [widgets.HTML(f"{option} ({ids.get(option, '')})",
                                  layout=widgets.Layout(**NAME_CELL))]
            for crit in panel.ratings.columns:
                box = widgets.BoundedIntText(
                    value=int(panel.ratings.loc[option, crit]), min=int(low), max=int(high),
                    description=f"{option}, {crit}", style={"description_width": "0px"},
                    layout=widgets.Layout(**NUMBER_CELL))
                box.observe(self._changed, names="value")
                self.boxes[(option, crit)] = box
                cells.append(box)
            rows.append(widgets.HBox(cells, layout=widgets.Layout(**ROW)))
        self.reset_button = widgets.Button(description="Back to the course's ratings",
                                           icon="undo", layout=widgets.Layout(width="auto"),
                                           disabled=True)  # until a rating is changed
        self.reset_button.on_click(lambda _: self.reset())
        note = widgets.HTML(f"<p>Ratings from {int(low)} to {int(high)} (illustrative "
                            "classroom assumptions). Change one you disagree with: the "
                            "scorecard above re-ranks at once.</p>")
        super().__init__([note, *rows, self.reset_button, page_fixes()])
        self.add_class("ba-ratings")  # support/a11y.py: its number boxes shrink with the row

    def _changed(self, change: Any) -> None:
        for (option, crit), box in self.boxes.items():
            self.panel.ratings.loc[option, crit] = box.value
        self.reset_button.disabled = bool((self.panel.ratings == self.original).all().all())
        self.panel._update()

    def reset(self) -> None:
        """The ratings from the course files again."""
        for (option, crit), box in self.boxes.items():
            box.value = int(self.original.loc[option, crit])


def ratings_editor(panel: Any) -> RatingsEditor:
    """Edit the ratings that ``panel`` (a ``weights_panel()``) scores with.

    Example::

        panel = weights_panel()
        editor = ratings_editor(panel)
        editor.boxes[("Status quo: prioritise ties with Moscow",
                      "Economic diversification")].value = 6
        panel.answer   # re-ranked with the new rating
    """
    return RatingsEditor(panel)

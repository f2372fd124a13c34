"""Change the model's illustrative numbers from inside the notebook.

Lessons 03 and 04 invite learners to disagree with a rating. The numbers live in
``lessons_data/model/*.csv``, a folder learners do not have in ``my_work/``, so
the invitation must be doable where they are: ``ratings_editor(panel)`` shows
the ratings as a grid of number boxes, one row per option (its name beside its
id), one column per priority; a change re-ranks the weights panel at once. The
files stay as they are: the edits live in the learner's kernel.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets


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
        head = [widgets.HTML("<b>Option</b>", layout=widgets.Layout(width="260px"))] + [
            widgets.HTML(f"<b>{crit}</b>", layout=widgets.Layout(width="150px"))
            for crit in panel.ratings.columns]
        rows = [widgets.HBox(head)]
        for option in panel.ratings.index:
            cells = [widgets.HTML(f"{option} ({ids.get(option, '')})",
                                  layout=widgets.Layout(width="260px"))]
            for crit in panel.ratings.columns:
                box = widgets.BoundedIntText(
                    value=int(panel.ratings.loc[option, crit]), min=int(low), max=int(high),
                    description=f"{option}, {crit}", style={"description_width": "0px"},
                    layout=widgets.Layout(width="150px"))
                box.observe(self._changed, names="value")
                self.boxes[(option, crit)] = box
                cells.append(box)
            rows.append(widgets.HBox(cells))
        self.reset_button = widgets.Button(description="Back to the course's ratings",
                                           icon="undo", layout=widgets.Layout(width="auto"),
                                           disabled=True)  # until a rating is changed
        self.reset_button.on_click(lambda _: self.reset())
        note = widgets.HTML(f"<p>Ratings from {int(low)} to {int(high)} (illustrative "
                            "classroom assumptions). Change one you disagree with: the "
                            "scorecard above re-ranks at once.</p>")
        super().__init__([note, *rows, self.reset_button])

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

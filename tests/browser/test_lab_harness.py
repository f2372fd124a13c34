"""The lesson checks can fail: a synthetic lesson with a broken callback and a failing cell.

Without this, a harness that never sees a change or an error would pass every
lesson. The synthetic notebook is written into the lab's temporary copy.
"""

from __future__ import annotations

import nbformat
import pytest

from tests.support import labdriver

GOOD = '''slider = widgets.IntSlider(value=3, min=0, max=10, description="weight")
table = widgets.HTML()
def update(change=None):
    table.value = pd.DataFrame({"score": [slider.value, 2 * slider.value]}).to_html()
slider.observe(update, names="value"); update()
display(widgets.VBox([slider, table]))'''
# Its own names (slider2, ...), so the two cells' callbacks cannot reach each other's table.
BROKEN = (GOOD.replace("slider", "slider2").replace("table", "table2")
          .replace("update", "update2")
          .replace("def update2(change=None):\n",
                   "def update2(change=None):\n    if change: raise RuntimeError('broken')\n"))


@pytest.fixture(scope="module")
def harness_page(lab, lab_page, lab_root):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(
                    "import ipywidgets as widgets, pandas as pd\n"
                    "from IPython.display import display"),
                nbformat.v4.new_code_cell(GOOD), nbformat.v4.new_code_cell(BROKEN),
                nbformat.v4.new_code_cell("1 / 0"), nbformat.v4.new_code_cell("'never run'")]
    (lab_root / "_harness").mkdir(exist_ok=True)
    nbformat.write(nb, lab_root / "_harness" / "synthetic.ipynb")
    with labdriver.notebook_open(lab, lab_page, "_harness/synthetic.ipynb") as page:
        labdriver.run_all(page)
        yield page


def test_a_working_slider_changes_its_table_and_a_broken_one_does_not(harness_page):
    assert labdriver.widget_cells(harness_page) == [1, 2]
    good, broken = (labdriver.try_controls(harness_page, i, timeout=3) for i in (1, 2))
    assert good[-1].changed and "score" in good[-1].after
    assert not any(t.changed for t in broken)


def test_an_error_cell_is_reported_and_stops_run_all(harness_page):
    errors = labdriver.error_outputs(harness_page)
    assert [i for i, _ in errors] == [3] and "ZeroDivisionError" in errors[0][1]
    assert labdriver.unrun_cells(harness_page) == [4]

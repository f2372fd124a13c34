"""The page's accessibility fixes as a widget, so every panel can carry them.

JupyterLab trusts what an Output widget holds, so a hidden one applies
``support.a11y``'s script and style to whatever page the panel is shown on.
"""

from __future__ import annotations

import ipywidgets as widgets
from IPython.display import HTML, Javascript

from balancing_act.support import a11y


def page_fixes() -> widgets.Output:
    """A hidden Output widget that applies ``FIX_JS`` and ``FOCUS_CSS`` to the page it is on."""
    out = widgets.Output(layout=widgets.Layout(display="none"))
    out.append_display_data(HTML(a11y.FOCUS_CSS))
    out.append_display_data(Javascript(a11y.FIX_JS))
    return out

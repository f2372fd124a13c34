"""Accessibility fixes for widget pages that ipywidgets 8 cannot express from Python.

ipywidgets' slider draws its knob (a noUiSlider handle, ``role="slider"``) with
no accessible name, and its number readout is an editable box that takes a Tab
stop where the arrow keys do nothing. The description label is there, but not
tied to the knob. ``FIX_JS`` names each knob after its label and takes the
readout out of the Tab order (the knob's arrows change the value), and gives each
dropdown its chosen label as a tooltip (a label cut short by the box's width, with an
ellipsis, is read whole on hover); ``FOCUS_CSS``
draws keyboard focus as an outline, lets buttons wrap their label instead of
cutting it, gives accordion headers and links the contrast axe asks for (a link in a
sentence is underlined, not told apart by colour alone), and stops printed text (a
brief) from breaking words mid-line (the lab theme's ``word-break: break-all`` on
output ``pre`` made "Str ategic"), and lets the ratings editor's number boxes shrink with
their column (a number input is 200 px wide by nature, which pushed the grid off A4 and
off a 200 % zoom), lets a table's column headers wrap between words (a number column's
"Respecting existing alliances" on one line pushed the ratings table past a 200 % zoom;
its figures still never wrap), and keeps each box's name (its label) for screen readers only, never
drawn as stray letters beside the box.
The offline site puts both in its page template; in JupyterLab and Voilà the
course's widget panels carry them in a hidden Output widget
(``widgets.page_fixes``), whose outputs JupyterLab trusts.
"""

from __future__ import annotations

import json

FOCUS_COLOUR = "#1a5a94"  # 7:1 on white
DARK_FOCUS = "#64b5f6"  # JupyterLab Dark's light blue: 8:1 on its #111 page

#: Page-wide rules: focus outline, buttons that wrap, words kept whole in printed text. (The
#: course's tables carry their alignment inline: see html_tables.)
PAGE_RULES = f"""
.jupyter-widgets .noUi-handle:focus, .jupyter-widgets .noUi-handle:focus-visible,
.jupyter-widgets :focus-visible {{ outline: 3px solid {FOCUS_COLOUR}; outline-offset: 2px; }}
body[data-jp-theme-light="false"] .jupyter-widgets :focus-visible,
body[data-jp-theme-light="false"] .jupyter-widgets .noUi-handle:focus {{
  outline-color: {DARK_FOCUS}; }}
.jupyter-button {{ white-space: normal; height: auto; min-height: 28px; line-height: 1.2; }}
.jp-OutputArea-output pre {{ word-break: normal; overflow-wrap: break-word; }}
.jupyter-widgets.widget-dropdown select {{ text-overflow: ellipsis; }}
.jupyter-widget-Collapse-header, .jupyter-widget-Collapse-header > span {{
  color: var(--jp-ui-font-color1, #212121); }}
.jp-RenderedHTMLCommon a:link, .jp-RenderedHTMLCommon a:visited {{ text-decoration: underline; }}
table.ba-table th[scope="col"] {{ white-space: normal !important; }}
.ba-ratings .widget-text input {{ width: 0; min-width: 2.5em; }}
.ba-ratings .widget-text .widget-label {{ position: absolute !important; width: 0 !important;
  height: 0 !important; min-width: 0 !important; min-height: 0 !important;
  overflow: hidden !important; white-space: nowrap !important; padding: 0 !important;
  margin: 0 !important; }}
"""

FOCUS_CSS = f"<style>{PAGE_RULES}</style>"

FIX_JS = """(function () {
  if (window.__baA11y) { return; }
  window.__baA11y = true;
  var style = document.createElement('style');
  style.id = 'ba-page-fixes';
  style.textContent = RULES;
  document.head.appendChild(style);
  function titled(select) {  // a label cut short by its width can be read whole on hover
    var option = select.options[select.selectedIndex];
    var text = option ? option.textContent.trim() : '';
    if (select.title !== text) { select.title = text; }
  }
  document.addEventListener('change', function (event) {
    if (event.target && event.target.tagName === 'SELECT') { titled(event.target); }
  }, true);
  function fix() {
    document.querySelectorAll('.widget-dropdown select').forEach(titled);
    document.querySelectorAll('.widget-slider').forEach(function (slider) {
      var label = slider.querySelector('.widget-label');
      var name = label ? label.textContent.trim() : '';
      slider.querySelectorAll('.noUi-handle').forEach(function (knob) {
        if (name && knob.getAttribute('aria-label') !== name) {
          knob.setAttribute('aria-label', name);
        }
      });
      slider.querySelectorAll('.widget-readout').forEach(function (readout) {
        if (readout.getAttribute('tabindex') !== '-1') { readout.setAttribute('tabindex', '-1'); }
      });
    });
  }
  var pending = false;
  function later() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fix(); });
  }
  fix();
  new MutationObserver(later).observe(document.body, {childList: true, subtree: true});
})();""".replace("RULES", json.dumps(PAGE_RULES), 1)

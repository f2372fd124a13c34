"""The offline site's page template: what each lesson page loads and how it looks.

Two faults of nbconvert's lab template used offline, and their causes:

* ipywidgets 8 typesets labels with the MathJax 2 call ``MathJax.Hub.Queue``
  (ipywidgets issue #3829), but the site ships MathJax 3, which has no ``Hub``:
  every label threw "Cannot read properties of undefined (reading 'Queue')".
  ``MATHJAX_JS`` gives MathJax 3 a small ``Hub.Queue`` that calls its own
  ``typesetPromise``.
* The widget renderer (``embed-amd.js``) finds its fonts (Font Awesome, for
  button icons) next to the require.js module URL of each bundle, which
  require.js resolves against the page: ``@jupyter-widgets/...`` beside the
  page, where nothing is. ``REQUIRE_JS`` maps those module ids to ``static/``,
  where the build copies the fonts.

``BANNER`` says at the top of every lesson page what the page is: a reading copy whose
buttons and sliders do nothing, and how to open the lesson live. Code is hidden as on the
projector (the exporter leaves inputs out; ``HIDDEN_CSS`` hides the code asides), and
``PRINT_CSS`` lets wide tables and widget rows wrap on paper instead of losing a column.

``PAGE_CSS`` makes the page readable and accessible: a system sans-serif font for
widgets (the renderer's CSS variables are otherwise undefined outside
JupyterLab, so text fell back to serif), prompts and code colours at WCAG AA
contrast, wrapping instead of clipping, and a visible keyboard focus outline.
"""

from __future__ import annotations

from balancing_act.delivery.present import HIDDEN_SELECTOR
from balancing_act.support import a11y

STATIC = "static"

#: Module ids of the widget bundles -> the site's static folder (their fonts live there).
REQUIRE_JS = f"""<script>
require.config({{paths: {{
  "@jupyter-widgets/html-manager/dist": "{STATIC}",
  "@jupyter-widgets": "{STATIC}"
}}}});
</script>"""

#: MathJax 3 from the site, plus the MathJax 2 ``Hub.Queue`` that ipywidgets 8 calls.
MATHJAX_JS = f"""<script>
(function () {{
  function typeset(command) {{
    var element = command && command[2], mj = window.MathJax;
    if (element && mj && mj.typesetPromise) {{
      mj.startup.promise.then(function () {{ return mj.typesetPromise([element]); }})
        .catch(function () {{}});
    }}
  }}
  var hub = {{Queue: typeset}};
  window.MathJax = {{
    tex: {{inlineMath: [['$', '$'], ['\\\\(', '\\\\)']], processEscapes: true}},
    options: {{ignoreHtmlClass: 'tex2jax_ignore'}},
    startup: {{ready: function () {{ MathJax.startup.defaultReady(); MathJax.Hub = hub; }}}},
    Hub: hub
  }};
}})();
</script>
<script src="{STATIC}/tex-svg-full.js" defer></script>"""

_SANS = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
_MONO = "'DejaVu Sans Mono', Menlo, Consolas, monospace"

#: Fonts, AA contrast, wrapping and focus for the offline pages (lab template, light theme).
PAGE_CSS = f"""<style>
:root {{
  --jp-widgets-font-family: {_SANS};
  --jp-ui-font-family: {_SANS};
  --jp-content-font-family: {_SANS};
  --jp-code-font-family: {_MONO};
  --jp-cell-prompt-not-active-font-color: #4d4d4d;
  --jp-cell-prompt-not-active-opacity: 1;
  --jp-cell-inprompt-font-color: #1a5a94;
  --jp-cell-outprompt-font-color: #a8321f;
  --jp-mirror-editor-comment-color: #3b6b6b;
  --jp-mirror-editor-keyword-color: #006b00;
  --jp-mirror-editor-operator-color: #8a2cb8;
  --jp-mirror-editor-number-color: #006b00;
  --jp-mirror-editor-string-color: #a1211d;
  --jp-mirror-editor-builtin-color: #006b00;
  --jp-mirror-editor-def-color: #0034d1;
  --jp-mirror-editor-variable-2-color: #05a;
  --jp-mirror-editor-variable-3-color: #085;
  --jp-mirror-editor-meta-color: #8a2cb8;
  --jp-mirror-editor-attribute-color: #00c;
  --jp-mirror-editor-qualifier-color: #555;
  --jp-content-link-color: #0b57a4;
}}
body, .jupyter-widgets, .widget-label, .widget-html-content {{ font-family: {_SANS}; }}
body.jp-Notebook .jp-Cell .jp-InputPrompt, body.jp-Notebook .jp-Cell .jp-OutputPrompt,
body.jp-Notebook .jp-Cell:not(.jp-mod-active) .jp-InputPrompt,
body.jp-Notebook .jp-Cell:not(.jp-mod-active) .jp-OutputPrompt {{ color: #4d4d4d; opacity: 1; }}
body .jp-RenderedHTMLCommon a:link, body .jp-RenderedHTMLCommon a:visited {{
  text-decoration: underline; }}
.highlight .c1, .highlight .c, .highlight .cm, .highlight .ch {{ color: #3b6b6b; }}
.highlight .o, .highlight .ow {{ color: #8a2cb8; }}
.highlight .kn, .highlight .k, .highlight .nb, .highlight .mi, .highlight .mf {{
  color: #006b00; }}
.highlight .s1, .highlight .s2, .highlight .sa, .highlight .se {{ color: #a1211d; }}
.highlight pre, .jp-RenderedText pre {{ white-space: pre-wrap; overflow-wrap: break-word; }}
.jupyter-button, .widget-label, .widget-label-basic, .widget-inline-hbox .widget-label {{
  white-space: normal; overflow: visible; text-overflow: clip; height: auto;
  min-height: var(--jp-widgets-inline-height, 28px); }}
.jupyter-button {{ line-height: 1.2; padding-top: 4px; padding-bottom: 4px; }}
.jupyter-widget-Collapse-header, .jupyter-widget-Collapse-header > span {{ color: #333333; }}
</style>"""

#: What hides on the page as on the projector: the code asides of feedback and cards.
HIDDEN_CSS = f"<style>{HIDDEN_SELECTOR} {{ display: none !important; }}</style>"

#: On paper: no prompts, every table and widget row inside the page, cells wrapping,
#: widget labels whole, a label kept for screen readers only (width 0: the ratings editor's)
#: left off instead of printing as stray letters, the banner kept.
PRINT_CSS = """<style>
@media print {
  body.jp-Notebook, .jp-Notebook { padding: 0 !important; margin: 0 !important; }
  .jp-InputPrompt, .jp-OutputPrompt, nav[aria-label="Course"] { display: none !important; }
  .jp-Cell, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output,
  .jp-RenderedHTMLCommon { overflow: visible !important; max-width: 100% !important;
    width: auto !important; }
  .widget-html-content, .jupyter-widgets, .widget-box, .widget-hbox, .widget-vbox {
    overflow: visible !important; max-width: 100% !important; }
  .widget-hbox { flex-wrap: nowrap !important; }
  .widget-hbox > * { flex-shrink: 1 !important; min-width: 0 !important; }
  img, .jp-OutputArea-output svg { max-width: 100% !important; height: auto !important; }
  .widget-inline-hbox { height: auto !important; }
  table { table-layout: auto !important; width: auto !important; max-width: 100% !important;
    font-size: 9pt !important; }
  td, th { white-space: normal !important; overflow-wrap: anywhere; word-break: normal;
    padding: 2px 4px !important; }
  .widget-label, .widget-label-basic, .widget-inline-hbox .widget-label {
    width: auto !important; min-width: 0 !important; white-space: normal !important;
    overflow: visible !important; text-overflow: clip !important; }
  .widget-label[style*="width: 0"] { display: none !important; }
  .ba-offline-banner { border: 1px solid #000 !important; }
  tr, img, svg, .jp-OutputArea-child { break-inside: avoid; }
}
</style>"""

#: Every lesson page opens with what it is: the controls do nothing here, and how to get
#: the lesson live. Plain words, no icon; ``lesson_file`` comes from the build.
BANNER = (
    '<aside class="ba-offline-banner" role="note" aria-label="About this page" '
    'style="margin: 0.5em 1em; padding: 0.6em 1em; border: 2px solid #8a5a00; '
    'background: #fff8e5; color: #1a1a1a; font: 1rem/1.45 system-ui, sans-serif">'
    "<strong>This is a reading copy.</strong> The buttons, sliders, answer forms and "
    "tables to filter on this page show where the lesson started; they do nothing here. "
    "To use them, open the lesson live: in a terminal, <code>make lab</code> (or "
    "<code>balancing-act lab</code>), then open "
    "<code>{{ resources.metadata.lesson_file | default('the lesson') }}</code> in "
    "JupyterLab; or ask your teacher for the class link.</aside>\n")

#: nbconvert's lab template (its body is one <main>) with the pieces above and a link home.
OFFLINE_TEMPLATE = (
    "{%- extends 'index.html.j2' -%}\n"
    "{%- block html_head_js_requirejs -%}{{ super() }}\n" + REQUIRE_JS
    + "\n{%- endblock html_head_js_requirejs -%}\n"
    "{%- block html_head_js_mathjax -%}\n" + MATHJAX_JS
    + "\n{%- endblock html_head_js_mathjax -%}\n"
    "{%- block html_head_css -%}\n" + PAGE_CSS + HIDDEN_CSS + PRINT_CSS
    + "\n{%- endblock html_head_css -%}\n"
    "{%- block body_header -%}{{ super() }}\n"
    '<nav aria-label="Course" style="padding: 0.5em 1em; font-family: system-ui, sans-serif">\n'
    '<a href="index.html">All lessons</a></nav>\n' + BANNER +
    f"<script>{a11y.FIX_JS}</script>\n{a11y.FOCUS_CSS}\n"
    "{%- endblock body_header -%}\n"
)

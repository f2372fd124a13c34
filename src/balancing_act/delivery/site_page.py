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

``PAGE_CSS`` makes the page readable and accessible: a system sans-serif font for
widgets (the renderer's CSS variables are otherwise undefined outside
JupyterLab, so text fell back to serif), prompts and code colours at WCAG AA
contrast, wrapping instead of clipping, and a visible keyboard focus outline.
"""

from __future__ import annotations

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

#: nbconvert's lab template (its body is one <main>) with the pieces above and a link home.
OFFLINE_TEMPLATE = (
    "{%- extends 'index.html.j2' -%}\n"
    "{%- block html_head_js_requirejs -%}{{ super() }}\n" + REQUIRE_JS
    + "\n{%- endblock html_head_js_requirejs -%}\n"
    "{%- block html_head_js_mathjax -%}\n" + MATHJAX_JS
    + "\n{%- endblock html_head_js_mathjax -%}\n"
    "{%- block html_head_css -%}\n" + PAGE_CSS + "\n{%- endblock html_head_css -%}\n"
    "{%- block body_header -%}{{ super() }}\n"
    '<nav aria-label="Course" style="padding: 0.5em 1em; font-family: system-ui, sans-serif">\n'
    '<a href="index.html">All lessons</a></nav>\n'
    f"<script>{a11y.FIX_JS}</script>\n{a11y.FOCUS_CSS}\n"
    "{%- endblock body_header -%}\n"
)

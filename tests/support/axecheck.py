"""axe-core in the browser: fetch it once from npm, run it on a page, sort its findings.

axe-core is the accessibility engine browsers' own audits use. It comes from the
npm registry (``npm pack axe-core@4``) the first time and is kept in
``build/cache/axe-core/`` like the offline site's assets, so later runs need no
network. Nothing here asserts; the tests decide.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from balancing_act.support import paths

PACKAGE = "axe-core@4"
CACHE = paths.BUILD_DIR / "cache" / "axe-core"
SCRIPT = CACHE / "axe.min.js"
BLOCKING = ("critical", "serious")
#: WCAG 2.1 A and AA, plus axe's best practices (landmarks, headings), reported by impact.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_script() -> Path | None:
    """The cached ``axe.min.js``, fetched with npm the first time; None when that is impossible."""
    if SCRIPT.is_file():
        return SCRIPT
    npm = shutil.which("npm")
    if npm is None:
        return None
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([npm, "pack", "--loglevel=error", PACKAGE], cwd=tmp, check=True,
                       capture_output=True, timeout=300)
        tarball = next(Path(tmp).glob("axe-core-*.tgz"))
        with tarfile.open(tarball) as tar:
            data = tar.extractfile("package/axe.min.js").read()
    partial = SCRIPT.with_suffix(".tmp")
    partial.write_bytes(data)
    partial.replace(SCRIPT)
    return SCRIPT


@dataclass
class Finding:
    """One axe rule broken on a page: its impact, id, help text and a few offending nodes."""

    impact: str
    rule: str
    help: str
    nodes: list[str]

    def __str__(self) -> str:
        where = "; ".join(self.nodes[:3])
        return f"{self.impact}: {self.rule} ({self.help}), {len(self.nodes)} node(s): {where}"


#: JupyterLab's <body> is 0 px high with `overflow: hidden` (its shell is positioned on its
#: own), so axe took every element of a lab page for clipped and skipped it: colour contrast
#: was never checked in JupyterLab. For the audit the body is as high as the window.
_RUN_JS = """async ([include, tags]) => {
  const body = document.body, height = body.style.height;
  if (body.getBoundingClientRect().height === 0) { body.style.height = '100vh'; }
  try {
    const context = include ? {include: include.map(s => [s])} : document;
    const result = await axe.run(context, {runOnly: {type: 'tag', values: tags},
                                           resultTypes: ['violations']});
    return result.violations.map(v => ({impact: v.impact || 'minor', rule: v.id,
      help: v.help, nodes: v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary
        || '').split('\\n').slice(1, 2).join(''))}));
  } finally { body.style.height = height; }
}"""


def run_axe(page: Any, include: list[str] | None = None) -> list[Finding]:
    """axe's violations on the page (or inside the ``include`` selectors), most severe first."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script()))
    raw = page.evaluate(_RUN_JS, [include, TAGS])
    order = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
    found = [Finding(**v) for v in raw]
    return sorted(found, key=lambda f: (order.get(f.impact, 4), f.rule))


def blocking(found: list[Finding]) -> list[Finding]:
    """Critical and serious violations: the ones a test fails on."""
    return [f for f in found if f.impact in BLOCKING]


def report(name: str, found: list[Finding]) -> str:
    """Lines for the test output: every finding, so moderate ones are listed too."""
    if not found:
        return f"axe {name}: no violations"
    return "\n".join([f"axe {name}: {len(found)} rule(s) broken", *(f"  {f}" for f in found)])

"""The offline site's scripts and fonts, fetched with npm once and cached.

require.js, the widget renderer and MathJax come from the npm registry at build
time only (the sole network use); the pages then load them from their own
``static/`` folder. Only built files are taken from the tarballs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from pathlib import Path

from balancing_act.delivery.site_page import STATIC
from balancing_act.support import paths

#: What an offline page loads: require.js, the widget renderer, and MathJax (as SVG, no fonts).
SITE_PACKAGES = ("@jupyter-widgets/html-manager@^1", "requirejs@^2", "mathjax@^3")
REQUIRED_ASSETS = ("require.js", "embed-amd.js", "tex-svg-full.js")
ASSET_CACHE = paths.cache_dir() / "site-assets"
_MANIFEST = "MANIFEST.txt"
_FONT = re.compile(r"\.(woff2?|ttf|eot|svg)$")


class SiteBuildError(RuntimeError):
    """The static site cannot be built (e.g. the widget renderer could not be fetched)."""


def _npm_pack(workdir: Path, cache_dir: Path) -> list[Path]:
    """Download the npm tarballs into ``workdir`` (the only network use, at build time)."""
    command = f"npm pack {' '.join(SITE_PACKAGES)}"
    npm = shutil.which("npm")
    if npm is None:
        raise SiteBuildError(f"npm not found: the offline site needs the widget renderer, "
                             f"require.js and MathJax from the npm registry. Install Node.js "
                             f"(npm), or run `{command}` elsewhere and unpack "
                             f"{', '.join(REQUIRED_ASSETS)} (and the fonts embed-amd.js names) "
                             f"into {cache_dir} with a {_MANIFEST} listing them")
    try:
        subprocess.run([npm, "pack", "--loglevel=error", *SITE_PACKAGES], cwd=workdir,
                       check=True, capture_output=True, text=True, timeout=300)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        detail = " / ".join(str(exc.stderr or "").strip().splitlines()[:3]) or str(exc)
        raise SiteBuildError(f"`{command}` failed; is the npm registry reachable? ({detail}) "
                             f"Run that command by hand to see why; once it works, the build "
                             f"keeps the files in {cache_dir}") from None
    return sorted(workdir.glob("*.tgz"))


def _wanted(member: tarfile.TarInfo) -> bool:
    """Built files only: the packages' dist/ or es5/ output, never their sources."""
    parts = Path(member.name).parts
    return member.isfile() and parts[0] == "package" and (
        len(parts) == 2 or (len(parts) == 3 and parts[1] in ("dist", "es5")))


def _extract(tarballs: Iterable[Path], dest: Path) -> list[str]:
    """Copy the required files, and the fonts embed-amd.js names, into ``dest``."""
    files: dict[str, bytes] = {}
    for tgz in tarballs:
        with tarfile.open(tgz) as tar:
            for member in filter(_wanted, tar.getmembers()):
                files[Path(member.name).name] = tar.extractfile(member).read()
    embed = files.get("embed-amd.js", b"")
    wanted = [name for name in files if name in REQUIRED_ASSETS
              or (_FONT.search(name) and name.encode() in embed)]
    for name in wanted:
        (dest / name).write_bytes(files[name])
    return wanted


def _cached(cache_dir: Path) -> bool:
    manifest = cache_dir / _MANIFEST
    if not manifest.is_file():
        return False
    names = manifest.read_text().split()
    return set(REQUIRED_ASSETS) <= set(names) and all((cache_dir / n).is_file() for n in names)


def site_assets(cache_dir: Path = ASSET_CACHE) -> Path:
    """The folder holding require.js, the widget renderer and MathJax, fetched with npm once."""
    if _cached(cache_dir):
        return cache_dir
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        names = _extract(_npm_pack(Path(tmp), cache_dir), cache_dir)
    missing = set(REQUIRED_ASSETS) - set(names)
    if missing:
        raise SiteBuildError(f"the npm packages lacked {', '.join(sorted(missing))}; expected "
                             f"them in {', '.join(SITE_PACKAGES)}")
    (cache_dir / _MANIFEST).write_text("\n".join(sorted(names)) + "\n")
    return cache_dir


def copy_assets(source: Path, out_dir: Path) -> None:
    """Copy the cached files the manifest lists into the site's ``static/`` folder."""
    (out_dir / STATIC).mkdir(parents=True, exist_ok=True)
    for name in (source / _MANIFEST).read_text().split():
        shutil.copy2(source / name, out_dir / STATIC / name)

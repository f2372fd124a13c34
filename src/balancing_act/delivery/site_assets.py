"""The offline site's scripts and fonts, fetched with npm once and cached.

require.js, the widget renderer and MathJax come from the npm registry at build
time only (the sole network use); the pages then load them from their own
``static/`` folder. Only built files are taken from the tarballs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from balancing_act.delivery.site_page import STATIC
from balancing_act.support import paths, safe_io
from balancing_act.support.atomic_files import replace_bytes, replace_text

#: What an offline page loads: require.js, the widget renderer, and MathJax (as SVG, no fonts).
SITE_PACKAGES = ("@jupyter-widgets/html-manager@^1", "requirejs@^2", "mathjax@^3")
REQUIRED_ASSETS = ("require.js", "embed-amd.js", "tex-svg-full.js")
ASSET_CACHE = paths.cache_dir() / "site-assets"
_MANIFEST = "MANIFEST.txt"
_MANIFEST_BYTES = 100_000
_ASSET_BYTES = 100_000_000  # MathJax's full bundle is a few MB
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
        replace_bytes(dest / name, files[name])
    return wanted


def _listed(cache_dir: Path) -> list[str]:
    """The file names the cache's manifest lists ([] when there is none, or it is not a
    regular file: a FIFO there is never waited on); names with a folder in them are not
    the cache's."""
    try:
        raw = safe_io.read_bytes(cache_dir / _MANIFEST, _MANIFEST_BYTES)
    except FileNotFoundError:
        return []
    names = raw[:_MANIFEST_BYTES].decode("utf-8", errors="replace").split()
    return [n for n in names if "/" not in n and "\\" not in n and n not in (".", "..")]


def _cached(cache_dir: Path) -> bool:
    names = _listed(cache_dir)
    return set(REQUIRED_ASSETS) <= set(names) and all(
        safe_io.regular_file(cache_dir / n) is not None for n in names)


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
    replace_text(cache_dir / _MANIFEST, "\n".join(sorted(names)) + "\n")  # last: complete
    return cache_dir


def copy_assets(source: Path, out_dir: Path,
                write: Callable[[str, bytes], object] | None = None) -> None:
    """Copy the cached files the manifest lists into the site's ``static/`` folder, each
    whole; ``write(name, data)`` (a build's ``BuildFiles.write``) records them as written.
    A ``static/`` that is a link is refused: nothing is written through links."""
    folder = out_dir / STATIC
    if folder.is_symlink():
        raise safe_io.NotARegularFile(folder, f"a symbolic link (to {os.readlink(folder)})",
                                      "remove the link; static/ is the site's own folder")
    folder.mkdir(parents=True, exist_ok=True)
    for name in _listed(source):
        data = safe_io.read_bytes(source / name, _ASSET_BYTES)
        if write is None:
            replace_bytes(folder / name, data)
        else:
            write(f"{STATIC}/{name}", data)

"""Charts for the widgets: small, colour-blind-safe, with a one-line text summary each.

Why the odd shape: a widget callback must stay fast (about 20 ms), and a full
matplotlib redraw costs more than that on a classroom laptop. So each chart
keeps one figure with fixed axes, draws the static parts once, and on every
update only restores that background and redraws the few changing artists
(blitting), then encodes a PNG. matplotlib is imported when a chart is built,
never at ``import balancing_act``, and only through the Agg canvas, so the
learner's own pyplot backend is left alone.

Each summary function returns the sentence shown beside its chart for learners
who cannot see it.

A chart is an opaque white card with black text and Okabe-Ito colours, on purpose: it
reads the same in JupyterLab's light and dark themes (a transparent figure would need
text colours that work on both, and there are none).
"""

from __future__ import annotations

import struct
import textwrap
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from balancing_act.model import (
    INDICATOR_LABELS,
    INDICATORS,
    SCORE_DECIMALS,
    Constraint,
    constraint_message,
)

__all__ = [
    "OKABE_ITO",
    "ScoreChart",
    "TrajectoryChart",
    "scorecard_summary",
    "trajectory_summary",
]

#: Okabe & Ito's palette, distinguishable with the common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00",
    "reddish purple": "#CC79A7", "black": "#000000",
}
_BAR_COLOURS = ("blue", "orange", "bluish green", "reddish purple", "sky blue", "vermillion")
#: Each indicator gets a colour, a marker and a line style, so colour is never the only cue.
_LINE_STYLES = {
    "gain": ("blue", "o", "-"),
    "concern_moscow": ("vermillion", "s", "--"),
    "concern_washington": ("sky blue", "^", "-."),
    "autonomy": ("reddish purple", "D", ":"),
}
DPI = 100
#: Rendered PNGs kept per chart (about 20 kB each).
CACHE_SIZE = 128


# --------------------------------------------------------------------------- summaries


def scorecard_summary(table: pd.DataFrame) -> str:
    """E.g. "Top option: X (score 6.67); lowest: Y (score 4.67)." from a scorecard table."""
    if table is None or len(table) == 0:
        return "No scores to show: all weights are zero."
    ranked = table.sort_values("rank", kind="stable")
    top, low = ranked.iloc[0], ranked.iloc[-1]
    text = (f"Top option: {top['option']} (score {top['score']:.2f}); "
            f"lowest: {low['option']} (score {low['score']:.2f}).")
    if len(ranked) > 1 and round(ranked["score"].iloc[1], SCORE_DECIMALS) == round(
            top["score"], SCORE_DECIMALS):
        text += f" {ranked['option'].iloc[1]} ties for the top; the tie rule ranks it second."
    return text


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def trajectory_summary(result: pd.DataFrame, threshold: float | Constraint) -> str:
    """Where each indicator starts and ends, then the verdict of the constraint the plan
    was run with (a number is the ceiling on concern in Moscow)."""
    first, last = result.iloc[0], result.iloc[-1]
    parts = [f"{_lower_first(INDICATOR_LABELS[ind])} {first[ind]:.2f} to {last[ind]:.2f}"
             for ind in INDICATORS]
    return (f"From phase 0 to phase {int(last['phase'])}: {', '.join(parts)}. "
            f"{constraint_message(result, threshold)}.")


# --------------------------------------------------------------------------- rendering


def _chunk(tag: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(tag + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + tag + payload + struct.pack(">I", crc)


def encode_png(rgba: np.ndarray) -> bytes:
    """An RGB PNG from an (height, width, 4) uint8 array; alpha is dropped (figures are opaque).

    Why not Pillow: its per-row filtering doubles the cost of a widget update,
    and flat chart colours compress well without it. Same pixels, same bytes.
    """
    height, width = rgba.shape[:2]
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)
    rows[:, 0] = 0  # filter type "none" for every row
    rows[:, 1:].reshape(height, width, 3)[...] = rgba[:, :, :3]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + _chunk(b"IEND", b""))


@lru_cache(maxsize=1024)
def _text_path(text: str, size: float, bold: bool):
    """Glyph outlines for a label, cached: redrawing a path is ~10x cheaper than a Text."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    return TextPath((0, 0), text, prop=FontProperties(size=size,
                                                      weight="bold" if bold else "normal"))


class _Label:
    """A cheap, redrawable text label at a data position, left-aligned, vertically centred."""

    def __init__(self, ax: Any, size: float = 8.0):
        from matplotlib.patches import PathPatch

        self.ax, self.size, self.text, self.bold, self.xy = ax, size, "", False, (0.0, 0.0)
        self.patch = PathPatch(_text_path("0", size, False), facecolor="black", linewidth=0)
        self.patch.set_figure(ax.figure)

    def set(self, text: str, x: float, y: float, bold: bool = False) -> None:
        self.text, self.xy, self.bold = text, (x, y), bold

    def draw(self) -> None:
        from matplotlib.transforms import Affine2D

        if not self.text:
            return
        scale = self.ax.figure.dpi / 72
        x, y = self.ax.transData.transform(self.xy)
        self.patch.set_path(_text_path(self.text, self.size, self.bold))
        self.patch.set_transform(Affine2D().scale(scale).translate(x, y - 0.36 * self.size * scale))
        self.patch.draw(self.ax.figure.canvas.get_renderer())


class _BlitChart:
    """One Agg figure whose static parts are drawn once; ``_png`` redraws only the artists."""

    def __init__(self, width: float, height: float):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.figure = Figure(figsize=(width, height), dpi=DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        self.ax = self.figure.add_subplot()
        self._animated: list[Any] = []
        self._extra: list[_Label] = []
        self._background = None
        self._cache: OrderedDict[Hashable, bytes] = OrderedDict()
        self.png = b""

    def _animate(self, *artists: Any) -> None:
        for artist in artists:
            artist.set_animated(True)
            self._animated.append(artist)

    def _cached(self, key: Hashable, draw: Callable[[], None]) -> bytes:
        """The PNG for ``key``, drawn only the first time: sliders revisit the same positions."""
        if key in self._cache:
            self._cache.move_to_end(key)
            self.png = self._cache[key]
            return self.png
        draw()
        self._cache[key] = self._png()
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return self.png

    def _png(self) -> bytes:
        if self._background is None:
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self.canvas.restore_region(self._background)
        for artist in self._animated:
            self.ax.draw_artist(artist)
        for label in self._extra:
            label.draw()
        self.png = encode_png(np.asarray(self.canvas.buffer_rgba()))
        return self.png

    def _repr_png_(self) -> bytes:
        """Show the latest rendering when the chart itself is displayed in a notebook."""
        return self.png


class ScoreChart(_BlitChart):
    """Horizontal bars, one per option in a fixed order, so bars do not jump as weights move.

    Example: ``chart = ScoreChart(labels); png = chart.render(model.scorecard(r, w))``.
    """

    def __init__(self, options: Sequence[str], scale_max: float = 10.0):
        height = 0.9 + 0.4 * len(options)
        super().__init__(5.6, height)
        self.options = [str(o) for o in options]
        colours = [OKABE_ITO[_BAR_COLOURS[i % len(_BAR_COLOURS)]] for i in range(len(options))]
        positions = np.arange(len(options))[::-1]
        self.bars = self.ax.barh(positions, np.zeros(len(options)), color=colours,
                                 edgecolor="black", linewidth=0.6, height=0.6)
        self.positions = positions
        self.labels = [_Label(self.ax) for _ in positions]
        self.ax.set_yticks(positions, [textwrap.fill(o, 26) for o in self.options], fontsize=8)
        self.ax.set_xlim(0, scale_max * 1.25)
        self.ax.set_xticks(np.linspace(0, scale_max, 6))
        self.ax.tick_params(labelsize=8)
        self.ax.set_xlabel(f"Weighted score (0 to {scale_max:g}; illustrative)", fontsize=8)
        self.ax.set_title("Options by weighted score", fontsize=9)
        self.ax.spines[["top", "right"]].set_visible(False)
        self.figure.subplots_adjust(left=0.34, right=0.97, top=1 - 0.3 / height,
                                    bottom=0.5 / height)
        self._animate(*self.bars)
        self._extra = self.labels

    def render(self, table: pd.DataFrame | None) -> bytes:
        """Bars for a scorecard table (``None`` or empty: no bars); returns the PNG."""
        scores = {} if table is None else dict(zip(table["option"], table["score"], strict=True))
        top = None if table is None or not len(table) else str(table["option"].iloc[0])
        key = (top, *(round(float(scores.get(o, -1.0)), 6) for o in self.options))
        return self._cached(key, lambda: self._draw(scores, top))

    def _draw(self, scores: dict[str, float], top: str | None) -> None:
        for option, bar, label, y in zip(self.options, self.bars, self.labels, self.positions,
                                         strict=True):
            score = scores.get(option)
            bar.set_width(0.0 if score is None else score)
            bar.set_hatch("//" if option == top else "")
            text = "" if score is None else f"{score:.2f}" + ("  (top)" if option == top else "")
            label.set(text, (score or 0.0) + 0.15, float(y), bold=option == top)


class TrajectoryChart(_BlitChart):
    """One line per indicator over phases 0..max_phases, with the ceiling on concern in Moscow.

    The axes are fixed (phases 0 to ``max_phases``, values 0 to 1) so that adding
    a phase never forces a full redraw. Phases where the constraint breaks get a
    black cross on the line of the chosen constraint's indicator.
    """

    def __init__(self, max_phases: int, threshold: float):
        super().__init__(6.0, 2.9)
        self.threshold = threshold
        self.lines = {}
        for ind in INDICATORS:
            colour, marker, style = _LINE_STYLES[ind]
            (line,) = self.ax.plot([], [], color=OKABE_ITO[colour], marker=marker,
                                   linestyle=style, linewidth=1.6, markersize=5,
                                   label=INDICATOR_LABELS[ind])
            self.lines[ind] = line
        (self.breaches,) = self.ax.plot([], [], linestyle="none", marker="X", markersize=10,
                                        color="black", label="Constraint broken")
        self.ax.axhline(threshold, color="black", linestyle=(0, (1, 2)), linewidth=1.0,
                        label=f"Ceiling on concern in Moscow {threshold:.2f}")
        self.ax.set_xlim(-0.2, max_phases + 0.2)
        self.ax.set_ylim(0, 1)
        self.ax.set_xticks(range(max_phases + 1))
        self.ax.tick_params(labelsize=8)
        self.ax.set_xlabel("Phase (0 = before the first phase)", fontsize=8)
        self.ax.set_ylabel("Index (0 to 1; illustrative)", fontsize=8)
        self.ax.set_title("Illustrative trajectory of the plan", fontsize=9)
        self.ax.spines[["top", "right"]].set_visible(False)
        self.ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=7, frameon=False)
        self.figure.subplots_adjust(left=0.1, right=0.64, top=0.9, bottom=0.16)
        self._animate(*self.lines.values(), self.breaches)

    def render(self, result: pd.DataFrame, indicator: str = "concern_moscow") -> bytes:
        """Lines for a ``model.simulate_plan`` result; returns the PNG. The crosses mark the
        breaks on the line of the chosen constraint's ``indicator``, where they happen."""
        values = {ind: tuple(float(v) for v in result[ind]) for ind in INDICATORS}
        broken = tuple(not ok for ok in result["constraint_ok"])
        key = (tuple(values.values()), broken, indicator)
        return self._cached(key, lambda: self._draw(values, broken, indicator))

    def _draw(self, values: dict[str, tuple[float, ...]], broken: tuple[bool, ...],
              indicator: str = "concern_moscow") -> None:
        phases = np.arange(len(broken))
        for ind, line in self.lines.items():
            line.set_data(phases, values[ind])
        mask = np.array(broken, dtype=bool)
        self.breaches.set_data(phases[mask], np.array(values[indicator])[mask])

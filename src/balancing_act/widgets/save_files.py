"""Where a learner's work is kept, in plain words, and buttons that save it as files.

A learner with no terminal still hands in their progress, their written answers or
their brief: each button calls the course's own export function (passed in, so a
change to what an export holds reaches the button unchanged) and writes into the
lesson's folder, under a name no earlier file holds, then says the file's name.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import ipywidgets as widgets

__all__ = ["KEPT_FILES", "SaveButton", "SavePanel", "free_path", "kept_where", "save_panel"]

#: The files beside the progress record, as a learner would describe them.
KEPT_FILES = (("progress.json", "your checks, hints and solutions, counted (no answers)"),
              ("answers.json", "the last answer you checked in each form"),
              ("written.json", "your written answers"),
              ("brief.json", "your capstone brief, as you write it"))


def free_path(folder: Path, stem: str, suffix: str) -> Path:
    """``stem + suffix`` in ``folder``, or the first free ``stem-2``, ``stem-3``...:
    a file already there (even a dangling link) is never written over."""
    path, n = folder / f"{stem}{suffix}", 2
    while os.path.lexists(path):
        path, n = folder / f"{stem}-{n}{suffix}", n + 1
    return path


def kept_where(home: Path, user_home: Path | None = None) -> str:
    """The record's folder as a learner reads it: ``~/...`` under their home folder, else
    the words "a folder set for this computer" (the full name is one press away)."""
    user_home = Path.home() if user_home is None else user_home
    try:
        return "~/" + home.resolve().relative_to(user_home.resolve()).as_posix()
    except ValueError:
        return "a folder set for this computer or class"


def _where_html(where: str) -> str:
    """A folder name in code type; the plain words for an unnamed folder in plain type."""
    return f"<code>{html.escape(where)}</code>" if where.startswith("~/") else html.escape(where)


class SaveButton(widgets.VBox):
    """A button that saves one file with ``write(folder)`` and says, right below it, where.

    Controls: ``button``. Result: ``status`` (HTML), ``saved`` (the last path written).
    """

    def __init__(self, label: str, tooltip: str, write: Callable[[Path], Path],
                 folder: Callable[[], Path] = Path.cwd):
        self.write, self.folder = write, folder
        self.saved: Path | None = None
        self.button = widgets.Button(description=label, tooltip=tooltip, icon="download",
                                     layout=widgets.Layout(width="auto",
                                                           align_self="flex-start"))
        self.status = widgets.HTML()
        self.button.on_click(lambda _: self.save())
        super().__init__([self.button, self.status])

    def save(self) -> Path | None:
        """What the button does; a failure is one sentence, never a traceback."""
        try:
            self.saved = Path(self.write(self.folder()))
        except Exception as exc:  # a full disk, a read-only folder, a damaged record
            self.status.value = _line(f"✖ Not saved: {_why(exc)}.")
            return None
        self.status.value = _line(f"✔ Saved as {self.saved.name}, in this lesson's folder: "
                                  "open it from the file browser on the left, or hand it in.")
        return self.saved


class SavePanel(widgets.VBox):
    """Where the work is kept (and its full folder on request), then one button per file."""

    def __init__(self, home: Path, buttons: Sequence[SaveButton]):
        self.home, self.buttons = home, list(buttons)
        rows = "".join(f"<li><code>{name}</code>: {html.escape(what)}</li>"
                       for name, what in KEPT_FILES)
        self.where = widgets.HTML(
            "<p><strong>Where your work is kept.</strong> On this computer only, in "
            f"{_where_html(kept_where(home))}, in small files that survive "
            f"restarts:</p><ul>{rows}</ul><p>Nothing is sent anywhere. To hand something "
            "in, save it as a file here with a button below.</p>")
        self.show_button = widgets.Button(description="Show the folder's full name",
                                          layout=widgets.Layout(width="auto"))
        self.full_name = widgets.HTML()
        self.show_button.on_click(lambda _: self.show_folder())
        super().__init__([self.where, widgets.HBox([self.show_button, self.full_name]),
                          *self.buttons])

    def show_folder(self) -> str:
        self.full_name.value = f"<code>{html.escape(str(self.home))}</code>"
        return str(self.home)


def save_panel(home: Path, actions: Sequence[tuple[str, str, Callable[[Path], Path]]]
               ) -> SavePanel:
    """The panel over ``actions``: (button label, tooltip, write(folder) -> path written)."""
    return SavePanel(home, [SaveButton(label, tip, write) for label, tip, write in actions])


def _why(exc: Exception) -> str:
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return text.rstrip(".")


def _line(text: str) -> str:
    return f"<p role='status' style='margin:0.2em 0 0.5em 0'>{html.escape(text)}</p>"

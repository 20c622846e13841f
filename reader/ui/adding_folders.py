"""Adding a folder of articles from the window: File ▸ Open Folder…, the
Folders view's Add Folder…, a folder given on the command line.

The folder is added at once and indexed in the background; when it is the
analyst's first folder, the sample articles step aside, and the message
says so and where to bring them back.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from ..core.model import LibraryError
from ..core.paths import bundled_articles_dir

if TYPE_CHECKING:
    from .main_window import MainWindow


def choose_folder(window: MainWindow) -> None:
    """Ask for a folder, then add it."""
    folder = QFileDialog.getExistingDirectory(window, "Add a Folder of Articles", str(Path.home()))
    if folder:
        window.add_folder(folder)


def add_folder(window: MainWindow, folder: str | os.PathLike[str]) -> bool:
    """Add ``folder`` and start indexing it; False, with a message, when it cannot be added."""
    samples_before = bundled_articles_dir() in window.library.folders
    try:
        added = window.library.add_folders([folder])
    except LibraryError as exc:
        window.message_bar.show_message(str(exc), "error", "Choose Another Folder…",
                                        window.choose_folder)
        return False
    if samples_before and bundled_articles_dir() not in window.library.folders:
        window.message_bar.show_message(
            f"Adding {added[0]}. The sample articles step aside; Preferences brings them back.")
    elif added:
        window.statusBar().showMessage(f"Adding {added[0]} to the library…", 5000)
    else:
        window.statusBar().showMessage(f"{folder} is already in the library; re-indexing.", 5000)
    window.reindex()
    return True

"""The library table's rows, read off the GUI thread.

Reading 20,000 rows takes longer than a frame, so the rows are prepared
(sorted as the table is) on the window's pool; the table keeps showing the
old rows until the new ones are in, and only the newest request counts.
After an index update the same load also walks the library folders, for
folder_watch.py, since that walk is slow too.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QThreadPool, Signal

from ..core.library import Library
from ..core.model import NotesError
from .folder_watch import watched_dirs
from .library_view import LibraryRows, LibraryView
from .message_bar import MessageBar
from .workers import LatestRunner

log = logging.getLogger("reader.ui")


class LibraryLoader(QObject):
    """Fills ``view``; ``loaded`` says what came in (and the folders, when they were walked)."""

    loaded = Signal(object, object)  # LibraryRows, list[str] of folders to watch or None

    def __init__(self, library: Library, pool: QThreadPool, view: LibraryView,
                 message_bar: MessageBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._library = library
        self._view = view
        self._closed = False
        self._walk_pending = False
        self._runner = LatestRunner(pool, self)
        self._runner.ready.connect(self._ready)
        self._runner.failed.connect(
            lambda message: message_bar.show_message(
                f"The library list could not be read: {message}", "error", "Try Again",
                self.refresh))

    @property
    def busy(self) -> bool:
        return self._runner.busy

    def refresh(self, *, walk_folders: bool = False) -> None:
        """Reload the rows in the background; ``walk_folders``: and list the folders to watch."""
        if self._closed:
            return
        # The flag stays up until a load that walked the folders arrives
        # (a newer request may supersede this one).
        self._walk_pending = self._walk_pending or walk_folders
        library, walk = self._library, self._walk_pending
        sorted_by = self._view.model.sort_state()
        self._runner.request(
            lambda: (LibraryRows.prepare(library.articles(), sorted_by),
                     watched_dirs(library.folders) if walk else None))

    def refresh_note_counts(self) -> None:
        """The notes column after a note change: one small query, rows updated in place."""
        try:
            counts = self._library.note_counts()
        except NotesError as exc:
            log.warning("note counts: %s", exc)
            return
        self._view.set_note_counts(counts)

    def shutdown(self) -> None:
        self._closed = True
        self._runner.shutdown()

    def _ready(self, loaded: tuple[LibraryRows, list[str] | None]) -> None:
        if self._closed:
            return
        rows, dirs = loaded
        self._view.set_articles(rows)
        if dirs is not None:
            self._walk_pending = False
        self.loaded.emit(rows, dirs)

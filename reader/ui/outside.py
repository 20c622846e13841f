"""What reaches the window from outside it: targets, links, other processes' changes, files.

* ``open_target``: a file, a folder or a ``reader://`` link, from the
  command line, a second launch (``single_instance``) or ``reader-cli open``.
* ``ElsewhereWatch``: the command line beside the window adds notes or
  updates the index; twice a second the window asks the library what
  changed (SQLite's ``data_version``: no file is read when nothing did) and
  refreshes what it shows, as after its own changes.
* ``offer_kept_drafts``: a note that was being written when Reader last
  stopped (a crash, a kill, a power cut) was kept as a draft: it is offered
  back, one at a time.
* ``follow_article_files``: the open article's file changed on disk (an
  index update said so): it is reloaded at the same place, or closed with a
  word if it left the library.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer

from ..core.model import Draft, IndexSummary, LibraryError, NotesError, is_link, parse_link

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger("reader.ui")

#: How often the window looks for changes made by other processes.
POLL_MS = 500


def open_target(window: MainWindow, target: str) -> None:
    """Open a link, an article file, or add a folder; a bad one gets a sentence."""
    if not is_link(target):
        window.open_path(target)
        return
    try:
        link = parse_link(target)
    except ValueError as exc:
        window.message_bar.show_message(str(exc), "error")
        return
    if link.query:
        window.search_panel.set_query(link.query)
        window.focus_search()
    else:
        window.open_article(link.article_id, note_id=link.note_id or None)


def bring_forward(window: MainWindow) -> None:
    """Show the window in front, un-minimised (as far as the window manager lets it)."""
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized
                          | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()


def open_handed_over(window: MainWindow, targets: list[str]) -> None:
    """What a second launch handed over: the window comes forward and opens each."""
    bring_forward(window)
    for target in targets:
        open_target(window, target)


class ElsewhereWatch(QObject):
    """Polls ``Library.changes_elsewhere`` and refreshes the window from what it says."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.look)
        self.look()  # the first look only notes how things are
        self.timer.start()

    def look(self) -> None:
        window = self._window
        try:
            elsewhere = window.library.changes_elsewhere()
        except (LibraryError, NotesError, OSError) as exc:  # a closed library, a vanished file
            log.warning("could not look for changes made elsewhere: %s", exc)
            return
        if elsewhere.notes is not None:
            window.notes.changed.emit(elsewhere.notes)  # as if made here: all who show notes follow
        if elsewhere.index:
            window.library_loader.refresh(walk_folders=False)
            window.search_panel.rerun()
            article = window.reading_pane.article
            if article is not None and window.library.record(article.id) is None:
                window.message_bar.show_message(
                    f"“{article.title}” left the library (the index was updated elsewhere).",
                    "warning")

    def stop(self) -> None:
        self.timer.stop()


def follow_article_files(window: MainWindow, summary: IndexSummary) -> None:
    """Reload the open article if its file changed; close it if it left."""
    article = window.reading_pane.article
    if article is None:
        return
    if article.id in summary.removed_ids and window.library.record(article.id) is None:
        window.reading_pane.clear()
        window.notes_panel.show_article_notes(None)
        window.setWindowTitle("Reader")
        window.message_bar.show_message(
            f"“{article.title}” is no longer in the library (its file was moved or deleted).",
            "warning")
    elif article.id in {c.article_id for c in summary.changed}:
        window.open_article(article.id, query=window.query_for_hits or None, keep_position=True)


def offer_kept_drafts(window: MainWindow) -> None:
    """Say that a draft was kept, with a button that opens it in the note editor."""
    try:
        drafts = window.library.drafts()
    except NotesError as exc:
        log.warning("could not read the kept drafts: %s", exc)
        return
    if not drafts:
        return
    draft = drafts[0]
    quote = draft.quote if len(draft.quote) <= 60 else draft.quote[:57] + "…"
    more = f" ({len(drafts) - 1} more after it)" if len(drafts) > 1 else ""
    window.message_bar.show_message(
        f"A note you were writing on “{quote}” when Reader last closed was kept{more}.",
        "warning", "Open It…", lambda: _resume(window, draft))


def _resume(window: MainWindow, draft: Draft) -> None:
    window.notes.resume_draft(window, draft)
    offer_kept_drafts(window)  # the next one, if any

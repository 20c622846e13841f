"""Index updates as the window shows them: the runs, the progress, the messages.

``IndexStatus`` starts updates on the window's pool (``IndexRunner``), shows
a progress bar with a cancel button (only for work that lasts: a bar for a
100 ms update is flicker), says in the status bar how the last update went,
and turns its warnings (unreadable files, notes that lost their passage)
into message-bar messages.  What the rest of the window does after an
update (reload the list, the open article, the notes) is the window's
business: it listens to ``updated``.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QProgressBar, QToolButton, QWidget

from ..core.library import Library
from ..core.model import ORPHANED, IndexSummary, ReanchorSummary, shown
from .message_bar import MessageBar
from .workers import IndexRunner, delay_timer

PROGRESS_DELAY_MS = 400  # a progress bar for work shorter than this is only flicker


class IndexStatus(QObject):
    """The index runner and its status-bar widgets (``progress_widget``, ``label``)."""

    updated = Signal(object, object)  # IndexSummary, ReanchorSummary, after the messages

    def __init__(self, library: Library, pool: QThreadPool, window: QMainWindow,
                 message_bar: MessageBar, *, retry: Callable[[], object],
                 show_all_notes: Callable[[], object], show_folders: Callable[[], object]) -> None:
        """``retry``, ``show_all_notes`` and ``show_folders`` are the window's, for the
        messages' buttons."""
        super().__init__(window)
        self._window = window
        self._messages = message_bar
        self._retry = retry
        self._show_all_notes = show_all_notes
        self._show_folders = show_folders
        self._library = library
        self._closed = False
        self._orphans_said = ""  # the "lost their passage" message on show, if it is
        self.runner = IndexRunner(library, pool, self)
        self.runner.started.connect(self._started)
        self.runner.progress.connect(self._progress)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.progress_delay = delay_timer(self, PROGRESS_DELAY_MS, self._show_progress)

        self.progress_bar = QProgressBar(window)
        self.progress_bar.setMaximumWidth(180)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setFormat("Indexing %v / %m")
        self.cancel_button = QToolButton(window)
        self.cancel_button.setText("✕")
        self.cancel_button.setAutoRaise(True)
        self.cancel_button.setToolTip("Cancel indexing (what is done so far is kept)")
        self.cancel_button.clicked.connect(self.cancel)
        self.progress_widget = QWidget(window)
        row = QHBoxLayout(self.progress_widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.progress_bar)
        row.addWidget(self.cancel_button)
        self.progress_widget.hide()
        self.label = QLabel(window)

    @property
    def running(self) -> bool:
        return self.runner.running

    def start(self) -> None:
        """Bring the index up to date in the background (queued if one runs)."""
        if not self._closed:
            self.runner.start()

    def cancel(self) -> None:
        self.runner.cancel()

    def shutdown(self) -> None:
        """No more messages; cancel the running update (the window then waits for its pool)."""
        self._closed = True
        self.progress_delay.stop()
        self.runner.shutdown()

    def _started(self) -> None:
        self.label.setText("Indexing…")
        self.progress_bar.setRange(0, 0)
        self.progress_delay.start()

    def _show_progress(self) -> None:
        if self.runner.running:
            self.progress_widget.show()

    def _progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.label.setText(f"Indexing {done} / {total}…")

    def _done(self) -> None:
        self.progress_delay.stop()
        self.progress_widget.hide()

    def _finished(self, summary: IndexSummary, reanchored: ReanchorSummary) -> None:
        self._done()
        if self._closed:
            return
        self.label.setText("Index update cancelled" if summary.cancelled else "Index up to date")
        self.label.setToolTip(summary.describe())
        self._window.statusBar().showMessage(
            ("Indexing cancelled: " if summary.cancelled else "Indexed: ") + summary.describe(), 8000)
        for message in summary.messages:
            self._messages.show_message(message, "warning")
        if summary.skipped:
            names = ", ".join(Path(shown(s.path)).name for s in summary.skipped[:3])
            more = f" and {len(summary.skipped) - 3} more" if len(summary.skipped) > 3 else ""
            self._messages.show_message(
                f"{len(summary.skipped)} file(s) could not be read and were skipped: {names}{more}. "
                f"({summary.skipped[0].reason})", "warning", "Show Folders…", self._show_folders)
        orphaned = reanchored.counts.get(ORPHANED, 0)
        if orphaned:
            self._say_orphans(orphaned)
        self.updated.emit(summary, reanchored)

    def _say_orphans(self, count: int) -> None:
        self._orphans_said = (
            f"{count} note(s) lost their passage after the articles changed. They are kept; "
            "re-attach them to a new passage from the notes panel.")
        self._messages.show_message(self._orphans_said, "warning", "Show All Notes",
                                    self._show_all_notes)

    def recount_orphans(self) -> None:
        """Notes changed (a re-attach, an undo): the "lost their passage" message
        says how many are left, and goes when none is."""
        if self._closed or not self._orphans_said or self._messages.isHidden() \
                or self._messages.text != self._orphans_said:
            return
        left = len(self._library.list_notes(status=ORPHANED))
        if left == 0:
            self._orphans_said = ""
            self._messages.dismiss()
        elif not self._orphans_said.startswith(f"{left} note(s)"):
            self._say_orphans(left)

    def _failed(self, message: str) -> None:
        self._done()
        if self._closed:
            return
        self.label.setText("Index update failed")
        self._messages.show_message(message, "error", "Try Again", self._retry)

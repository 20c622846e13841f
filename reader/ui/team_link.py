"""The window's side of the team library: the status bar's word on it, syncing on
a timer and on demand, opening team articles, and putting folders into it.

Everything that talks to the server runs on the window's thread pool
(``Library.sync_team``, fetching a team article, an ingest), so the window
never waits on the network.  The status bar says synced, offline, or N
changes waiting; a click syncs now.  Notes changed here on team articles are
sent a few seconds later; the team's changes arrive every minute, and show
wherever notes are shown, as any change does (``NotesController.changed``).
The server's address is kept in the settings file; a password never is: it
comes from libpq's own places (``~/.pgpass``, ``PGPASSWORD``), or is asked
for once per session.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QToolButton

from ..core.model import NO_TEAM, OFFLINE, TEAM_ENV, Changes, TeamPasswordNeeded
from .workers import TaskRelay, delay_timer, start_task

if TYPE_CHECKING:
    from ..core.library import Library
    from .main_window import MainWindow

log = logging.getLogger("reader.ui")

KEY_TEAM_URL = "team/url"
#: How often the team's changes are fetched while the window is open.
SYNC_INTERVAL_MS = 60_000
#: How soon a change made here on a team note is sent.
SYNC_AFTER_CHANGE_MS = 3_000


def use_team(library: Library, settings: QSettings, given: str | None) -> None:
    """The team library the window starts with: ``--team URL`` (then remembered),
    else $READER_TEAM, else the one Preferences ▸ Team library set."""
    if given:
        settings.setValue(KEY_TEAM_URL, given)
    url = given or os.environ.get(TEAM_ENV) or str(settings.value(KEY_TEAM_URL, "") or "")
    library.use_team(url or None)


class TeamLink(QObject):
    """See the module docstring."""

    #: What the status bar says of the team library, with the last failure's reason.
    statusChanged = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.library = window.library
        self.button = QToolButton(window)
        self.button.setObjectName("teamStatus")
        self.button.setAutoRaise(True)
        self.button.setAccessibleName("Team library: sync now")
        self.button.clicked.connect(self.sync)
        self._relay = TaskRelay(self)
        self._relay.finished.connect(self._finished)
        self._relay.failed.connect(self._failed)
        self._relay.progress.connect(self._progress)
        self._handlers: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None],
                                        Callable[[int, int], None] | None]] = {}
        self.syncing = False
        self._again = False
        self._announcing = False
        self._asked_password = False
        self.timer = QTimer(self)
        self.timer.setInterval(SYNC_INTERVAL_MS)
        self.timer.timeout.connect(self.sync)
        self.soon = delay_timer(self, SYNC_AFTER_CHANGE_MS, self.sync)
        window.notes.changed.connect(self._notes_changed)
        window.actions.sync_team.triggered.connect(self.sync)
        self.refresh()
        if self.library.team_url:
            self.timer.start()
            self.sync()

    @property
    def url(self) -> str:
        return self.library.team_url or ""

    def connect_to(self, url: str) -> None:
        """Work with the team library at ``url`` from now on ("" for none), remembered."""
        url = url.strip()
        if url == self.url:
            self.sync()
            return
        settings = self._window.settings
        if url:
            settings.setValue(KEY_TEAM_URL, url)
        else:
            settings.remove(KEY_TEAM_URL)
        self.library.use_team(url or None)
        self._asked_password = False
        self.refresh()
        if url:
            self.timer.start()
            self.sync()
        else:
            self.timer.stop()
            self.soon.stop()

    # -- syncing

    def sync(self) -> None:
        """Sync now (one sync at a time: asked while one runs, one more follows)."""
        if not self.url or self._window.closed:
            return
        if self.syncing:
            self._again = True
            return
        self.syncing = True
        self.button.setText("Team: syncing…")
        self._start(lambda _progress, _cancelled: self.library.sync_team(),
                    self._synced, self._sync_failed)

    def _synced(self, report) -> None:
        self.syncing = False
        if report.changes.notes:
            self._announcing = True  # (not a change of this window's to send back)
            try:
                self._window.notes.changed.emit(report.changes)
            finally:
                self._announcing = False
        elif report.sent:  # no note changed, but they are no longer waiting: say so
            self._window.notes.notesChanged.emit("")
        if report.conflicts:
            count = len(report.conflicts)
            self._window.message_bar.show_message(
                f"{count} team note{'s were' if count != 1 else ' was'} changed on two desktops: "
                "the newer edit was kept, the other is among the note's versions.", "info")
        self._after_sync()

    def _sync_failed(self, exc: Exception) -> None:
        self.syncing = False
        if isinstance(exc, TeamPasswordNeeded) and not self._asked_password:
            self._window.message_bar.show_message(
                "The team server wants a password for your role.", "warning",
                "Enter Password…", self.ask_password)
        self._after_sync()

    def _after_sync(self) -> None:
        self.refresh()
        if self._again:
            self._again = False
            self.sync()

    def ask_password(self) -> None:
        """Ask for the role's password; kept in memory for this session only."""
        self._asked_password = True
        password, ok = QInputDialog.getText(
            self._window, "Team Library", f"Password for the team server\n{self.url}:",
            QLineEdit.EchoMode.Password)
        if ok and password:
            self.library.use_team(self.url, password)
            self.sync()

    def refresh(self) -> None:
        """The status bar's word on the team library, as it stands now."""
        status = self.library.team_status()
        self.button.setVisible(status.state != NO_TEAM)
        self._window.actions.sync_team.setEnabled(bool(self.url))
        if not self.syncing:
            self.button.setText(status.describe())
        tips = [status.describe() + "."]
        if status.state == OFFLINE and status.message:
            tips.append(status.message.rstrip(".") + ".")
        if status.last_synced:
            tips.append(f"Last synced {status.last_synced[:16].replace('T', ' ')} UTC.")
        tips.append("Click to sync now.")
        self.button.setToolTip("\n".join(tips))
        self.statusChanged.emit(" ".join(tips[:-1]))

    def _notes_changed(self, changes: Changes) -> None:
        """A change made here: if it touched a team note, send it shortly."""
        if self._announcing or not self.url:
            return
        if self.library.team_entries(changes.notes):
            self.refresh()
            self.soon.start()

    # -- team articles and folders

    def open_article(self, article_id: str, query: str | None) -> None:
        """Open a search hit: a team article not kept here is fetched off the GUI thread first."""
        window = self._window
        library = self.library
        if not self.url or library.record(article_id) or library.is_team_article(article_id):
            window.open_article(article_id, query=query)
            return
        window.statusBar().showMessage("Fetching the article from the team library…", 3000)
        self._start(lambda _p, _c: library.article(article_id),
                    lambda _article: window.open_article(article_id, query=query),
                    lambda exc: window.message_bar.show_message(str(exc), "error"))

    def ingest(self, folders: list[Path]) -> None:
        """Put ``folders``' articles into the team library, with progress and a summary."""
        if not self.url:
            return
        window, url = self._window, self.url
        names = ", ".join(folder.name or str(folder) for folder in folders)
        window.message_bar.show_message(f"Adding {names} to the team library…", "info")

        def done(summary) -> None:
            window.statusBar().clearMessage()
            window.message_bar.show_message(
                f"Added {names} to the team library: {summary.describe()}.", "info")

        def progress(done_count: int, total: int) -> None:
            window.statusBar().showMessage(
                f"Adding to the team library: {done_count} of {total} files…")

        password = self.library.team_password
        self._start(lambda report, _c: self.library.ingest_team_folders(
            url, folders, report, password=password), done,
            lambda exc: window.message_bar.show_message(str(exc), "error"), progress)

    # -- the pool

    def _start(self, work, done: Callable[[Any], None], failed: Callable[[Exception], None],
               progress: Callable[[int, int], None] | None = None) -> None:
        task_id, _cancel = start_task(self._window.pool, work, self._relay)
        self._handlers[task_id] = (done, failed, progress)

    def _finished(self, task_id: int, result: object) -> None:
        handlers = self._handlers.pop(task_id, None)
        if handlers is not None and not self._window.closed:
            handlers[0](result)

    def _failed(self, task_id: int, exc: Exception) -> None:
        handlers = self._handlers.pop(task_id, None)
        log.info("team task failed: %s", exc)
        if handlers is not None and not self._window.closed:
            handlers[1](exc)

    def _progress(self, task_id: int, done: int, total: int) -> None:
        handlers = self._handlers.get(task_id)
        if handlers is not None and handlers[2] is not None:
            handlers[2](done, total)

    def shutdown(self) -> None:
        self.timer.stop()
        self.soon.stop()
        self._handlers.clear()

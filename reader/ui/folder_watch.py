"""Watching the library folders, so articles added or edited on disk are indexed.

A ``QFileSystemWatcher`` on the folders, their subfolders and the article
files.  Editors write a file in several steps, so changes are debounced
into one ``changed`` signal; the window answers it with an index update.
Watches are a shared, limited resource (inotify), hence the caps, and the
first watch of a big library is added in batches between events.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from .workers import delay_timer

log = logging.getLogger("reader.ui")

WATCH_DEBOUNCE_MS = 1000  # editors write a file in several steps
MAX_WATCHED_FILES = 4000  # inotify watches are a shared, limited resource
MAX_WATCHED_DIRS = 2000
WATCH_BATCH = 500  # watches added per turn of the event loop


def watched_dirs(folders: list[Path]) -> list[str]:
    """The library folders and their subfolders (not hidden ones), at most MAX_WATCHED_DIRS.

    Run on a worker thread: a big tree takes a while to walk.
    """
    dirs: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for root, subdirs, _files in os.walk(folder):
            subdirs[:] = [d for d in subdirs if not d.startswith(".")]
            dirs.append(root)
            if len(dirs) >= MAX_WATCHED_DIRS:
                return dirs
    return dirs


class FolderWatch(QObject):
    """Watches paths; ``changed`` comes once things have been quiet for ``debounce_ms``."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._closed = False
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._path_changed)
        self.watcher.fileChanged.connect(self._path_changed)
        self._debounce = delay_timer(self, WATCH_DEBOUNCE_MS, self.changed.emit)
        self._to_watch: list[str] = []
        self._batches = delay_timer(self, 0, self._watch_some)

    @property
    def debounce_ms(self) -> int:
        return self._debounce.interval()

    @debounce_ms.setter
    def debounce_ms(self, ms: int) -> None:
        self._debounce.setInterval(ms)

    def forget_changes(self) -> None:
        """An update starts now anyway: no need to signal what it will see."""
        self._debounce.stop()

    def rewatch(self, dirs: list[str], article_paths: list[str]) -> None:
        """Watch these folders and the article files (the first MAX_WATCHED_FILES).

        Only the difference to what is watched already is added or removed,
        and additions go in batches between events: the first watch of a
        20,000-article library adds thousands of inotify watches.
        """
        if self._closed:
            return
        wanted = set(dirs) | set(article_paths[:MAX_WATCHED_FILES])
        watched = set(self.watcher.files()) | set(self.watcher.directories())
        gone = sorted(watched - wanted)
        if gone:
            self.watcher.removePaths(gone)
        self._to_watch = sorted(wanted - watched)
        self._watch_some()

    def shutdown(self) -> None:
        """Stop the timers and drop every watch (the window is closing)."""
        self._closed = True
        self._debounce.stop()
        self._batches.stop()
        old = self.watcher.files() + self.watcher.directories()
        if old:
            self.watcher.removePaths(old)

    def _watch_some(self) -> None:
        if self._closed or not self._to_watch:
            return
        batch, self._to_watch = self._to_watch[:WATCH_BATCH], self._to_watch[WATCH_BATCH:]
        failed = self.watcher.addPaths(batch)
        if failed:
            log.info("not watching %d path(s), e.g. %s", len(failed), failed[0])
        if self._to_watch:
            self._batches.start()

    def _path_changed(self, path: str) -> None:
        log.debug("changed on disk: %s", path)
        if not self._closed:
            self._debounce.start()

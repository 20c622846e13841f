"""What the main window remembers between runs: geometry, splitter, panes, highlight colour,
and where the analyst left off: the article open, the place in it, the search.

All of it lives in ``settings.ini`` in the data directory (``settings_for``),
so each data directory, and each test, has its own.  The reading
preferences are stored beside it by preferences.py.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize, QTimer
from PySide6.QtGui import QGuiApplication

from ..core.library import Library
from ..core.model import COLORS
from .preferences import save_prefs

if TYPE_CHECKING:
    from .main_window import MainWindow

KEY_GEOMETRY = "window/geometry"
KEY_STATE = "window/state"
KEY_SPLITTER = "window/splitter"
KEY_LIBRARY_VISIBLE = "window/library_pane"
KEY_NOTES_VISIBLE = "window/notes_pane"
KEY_HIGHLIGHT_COLOR = "notes/highlight_color"
KEY_LAST_ARTICLE = "session/article"
KEY_LAST_OFFSET = "session/offset"
KEY_LAST_QUERY = "session/query"
KEY_LAST_HITS_QUERY = "session/hits_query"
DEFAULT_SIZE = QSize(1280, 800)
DEFAULT_COLOR = "yellow"


def settings_for(library: Library) -> QSettings:
    """The settings file in the data directory, so each data dir (and test) has its own."""
    return QSettings(str(library.paths.home / "settings.ini"), QSettings.Format.IniFormat)


def saved_highlight_color(settings: QSettings) -> str:
    """The colour the Highlight button used last time (yellow if unknown)."""
    color = str(settings.value(KEY_HIGHLIGHT_COLOR, DEFAULT_COLOR))
    return color if color in COLORS else DEFAULT_COLOR


class WindowState:
    """Restores the window's layout when it is built and saves it when it closes."""

    def __init__(self, window: MainWindow, settings: QSettings) -> None:
        self._window = window
        self._settings = settings
        self._default_split = False

    def restore(self) -> None:
        window, settings = self._window, self._settings
        # Panes first: a hidden pane lowers the minimum width the geometry is checked against.
        for key, action, pane in ((KEY_LIBRARY_VISIBLE, window.actions.toggle_library,
                                   window.search_panel),
                                  (KEY_NOTES_VISIBLE, window.actions.toggle_notes, window.notes_panel)):
            visible = str(settings.value(key, "true")).lower() not in ("false", "0")
            action.setChecked(visible)
            pane.setVisible(visible)
        geometry = settings.value(KEY_GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            window.restoreGeometry(geometry)
        else:
            screen = QGuiApplication.primaryScreen()
            available = screen.availableGeometry().size() if screen else DEFAULT_SIZE
            window.resize(min(DEFAULT_SIZE.width(), available.width()),
                          min(DEFAULT_SIZE.height(), available.height()))
        state = settings.value(KEY_STATE)
        if isinstance(state, QByteArray) and not state.isEmpty():
            window.restoreState(state)
        splitter = settings.value(KEY_SPLITTER)
        self._default_split = not (isinstance(splitter, QByteArray)
                                   and window.splitter.restoreState(splitter))

    def shown(self) -> None:
        """First start: share the width the window really got, not the one it had while built."""
        if not self._default_split:
            return
        self._default_split = False
        splitter = self._window.splitter
        width = splitter.width() or self._window.width()
        side = max(260, min(400, width * 30 // 100))
        notes = max(230, min(330, width * 23 // 100))
        splitter.setSizes([side, max(360, width - side - notes), notes])

    def save(self, highlight_color: str) -> None:
        window, settings = self._window, self._settings
        settings.setValue(KEY_GEOMETRY, window.saveGeometry())
        settings.setValue(KEY_STATE, window.saveState())
        settings.setValue(KEY_SPLITTER, window.splitter.saveState())
        settings.setValue(KEY_LIBRARY_VISIBLE, window.actions.toggle_library.isChecked())
        settings.setValue(KEY_NOTES_VISIBLE, window.actions.toggle_notes.isChecked())
        settings.setValue(KEY_HIGHLIGHT_COLOR, highlight_color)
        article = window.reading_pane.article
        settings.setValue(KEY_LAST_ARTICLE, article.id if article is not None else "")
        settings.setValue(KEY_LAST_OFFSET, window.reading_pane.top_offset() or 0)
        settings.setValue(KEY_LAST_QUERY, window.search_panel.query)
        settings.setValue(KEY_LAST_HITS_QUERY, window.query_for_hits)
        save_prefs(settings, window.prefs)
        settings.sync()

    def reopen_last_article(self) -> None:
        """The search and the article of the last run, at the place where reading stopped
        (once the window is laid out: a place is a scroll position)."""
        window, settings = self._window, self._settings
        query = str(settings.value(KEY_LAST_QUERY, "") or "")
        if query:
            window.search_panel.set_query(query)
        article_id = str(settings.value(KEY_LAST_ARTICLE, "") or "")
        if not article_id or window.library.record(article_id) is None:
            return  # gone since, or never indexed: nothing to say about it
        hits_query = str(settings.value(KEY_LAST_HITS_QUERY, "") or "")
        if not window.open_article(article_id, query=hits_query or None):
            return
        try:
            offset = int(settings.value(KEY_LAST_OFFSET, 0) or 0)
        except (TypeError, ValueError):
            return
        if offset > 0:
            QTimer.singleShot(0, window, lambda: window.reading_pane.scroll_offset_to_top(offset))

"""The main window: three panes, the menus and toolbar, the status bar, and the wiring.

Left: the search field over the Library and Results tabs (SearchPanel).
Centre: the reading pane, with a find bar for the search hits above it.
Right: the notes panel.  The panes sit in one splitter whose sizes, like the
window geometry and which panes are shown, are kept in the settings file.

Everything here is wiring: data comes from the ``Library`` facade, note
changes go through the ``NotesController`` (so they are undoable), long work
runs on the window's private thread pool (workers.py).  ``closeEvent``
cancels that work and waits for it, then closes the library, releasing the
notes file's lock; nothing runs after the window is gone.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QFileSystemWatcher, QSettings, QSize, Qt, QThreadPool, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSizePolicy,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core import articles
from ..core.library import Library
from ..core.model import (COLORS, ORPHANED, Article, IndexSummary, LibraryError, NotesError,
                         QueryError, ReanchorSummary)
from .actions import Actions
from .dialogs import AboutDialog, QueryHelpDialog
from .export_dialog import ExportDialog
from .icons import app_icon, apply_fallback_icons
from .library_view import LibraryRows, LibraryView
from .message_bar import MessageBar
from .notes_controller import NotesController
from .notes_panel import NotesPanel
from .preferences import PreferencesDialog, ReadingPrefs, load_prefs, save_prefs
from .reading_pane import ReadingPane
from .search_panel import SearchPanel
from .theme import THEMES, Theme, apply_theme
from .workers import IndexRunner, LatestRunner, delay_timer

log = logging.getLogger("reader.ui.main_window")

KEY_GEOMETRY = "window/geometry"
KEY_STATE = "window/state"
KEY_SPLITTER = "window/splitter"
KEY_LIBRARY_VISIBLE = "window/library_pane"
KEY_NOTES_VISIBLE = "window/notes_pane"
KEY_HIGHLIGHT_COLOR = "notes/highlight_color"

PROGRESS_DELAY_MS = 400  # a progress bar for work shorter than this is only flicker
WATCH_DEBOUNCE_MS = 1000  # editors write a file in several steps
MAX_WATCHED_FILES = 4000  # inotify watches are a shared, limited resource
MAX_WATCHED_DIRS = 2000
WATCH_BATCH = 500  # watches added per turn of the event loop
DEFAULT_SIZE = QSize(1280, 800)


def settings_for(library: Library) -> QSettings:
    """The settings file in the data directory, so each data dir (and test) has its own."""
    return QSettings(str(library.paths.home / "settings.ini"), QSettings.Format.IniFormat)


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


def _bar_over(bar: QWidget, main: QWidget, parent: QWidget) -> QWidget:
    """A thin bar (shown only when it has something to say) over a widget that takes the rest."""
    column = QWidget(parent)
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(bar)
    layout.addWidget(main, 1)
    return column


class ElidedLabel(QLabel):
    """A label that shortens its text in the middle rather than widening the window.

    The notes file's path can be long; it must never set the window's
    minimum width (the layout has to work from 1024 px).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMaximumWidth(420)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        return QSize(60, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        width = self.fontMetrics().horizontalAdvance(self._full) + 8
        return QSize(min(width, self.maximumWidth()), super().sizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle,
                                                   max(20, self.width() - 4)))


class FindBar(QWidget):
    """'3 / 12' with previous and next buttons, above the reading pane while there are hits."""

    def __init__(self, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.label = QLabel(self)
        self.label.setObjectName("hitCounter")
        self.query_label = QLabel(self)
        self.query_label.setTextFormat(Qt.TextFormat.PlainText)
        self.previous_button = QToolButton(self)
        self.previous_button.setDefaultAction(actions.previous_hit)
        self.previous_button.setAutoRaise(True)
        self.next_button = QToolButton(self)
        self.next_button.setDefaultAction(actions.next_hit)
        self.next_button.setAutoRaise(True)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Hide the search hits in this article")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 4, 2)
        layout.setSpacing(4)
        layout.addWidget(self.query_label, 1)
        layout.addWidget(self.label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self.setAutoFillBackground(True)
        self.hide()

    def set_hits(self, current: int, total: int, query: str) -> None:
        self.label.setText(f"{current} / {total}" if total else "")
        elided = query if len(query) <= 60 else query[:57] + "…"
        self.query_label.setText(f"Hits for:  {elided}" if query else "Search hits")
        self.setVisible(total > 0)


class MainWindow(QMainWindow):
    """Reader's window; see the module docstring."""

    def __init__(self, library: Library, settings: QSettings | None = None, *,
                 open_url: Callable[[QUrl], object] | None = None,
                 search_debounce_ms: int = 200) -> None:
        super().__init__()
        self.library = library
        self.settings = settings if settings is not None else settings_for(library)
        self.open_url = open_url or QDesktopServices.openUrl
        self._closed = False
        self._query_for_hits = ""
        self._highlight_color = str(self.settings.value(KEY_HIGHLIGHT_COLOR, "yellow"))
        if self._highlight_color not in COLORS:
            self._highlight_color = "yellow"
        self.prefs: ReadingPrefs = load_prefs(self.settings)
        self.theme: Theme = THEMES[self.prefs.theme]
        self.export_dialog: ExportDialog | None = None
        self._dialogs: dict[str, object] = {}

        self.setWindowTitle("Reader")
        self.setWindowIcon(app_icon())
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max(2, min(4, os.cpu_count() or 2)))
        self.actions = Actions(self)
        apply_fallback_icons(self.actions)

        # The panes.
        self.notes = NotesController(library, self)
        self.reading_pane = ReadingPane(self.actions, self)
        self.notes_panel = NotesPanel(self.notes, self.actions, self)
        self.library_view = LibraryView(self)
        self.search_panel = SearchPanel(library, self.actions, self.library_view, self.pool, self,
                                        debounce_ms=search_debounce_ms)
        self.find_bar = FindBar(self.actions, self)
        self.message_bar = MessageBar(self)

        centre = _bar_over(self.find_bar, self.reading_pane, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.search_panel)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.notes_panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.search_panel.setMinimumWidth(240)
        self.notes_panel.setMinimumWidth(220)
        centre.setMinimumWidth(360)
        self.setCentralWidget(_bar_over(self.message_bar, self.splitter, self))

        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()

        # Background work.
        self.indexer = IndexRunner(library, self.pool, self)
        self.indexer.started.connect(self._index_started)
        self.indexer.progress.connect(self._index_progress)
        self.indexer.finished.connect(self._index_finished)
        self.indexer.failed.connect(self._index_failed)
        self._progress_delay = delay_timer(self, PROGRESS_DELAY_MS, self._show_progress)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._files_changed)
        self.watcher.fileChanged.connect(self._files_changed)
        self._watch_timer = delay_timer(self, WATCH_DEBOUNCE_MS, self.reindex)
        self.rows_loader = LatestRunner(self.pool, self)
        self.rows_loader.ready.connect(self._library_loaded)
        self.rows_loader.failed.connect(
            lambda message: self.message_bar.show_message(
                f"The library list could not be read: {message}", "error", "Try Again",
                self.refresh_library))
        self._rewatch_pending = False
        self._to_watch: list[str] = []
        self._watch_batches = delay_timer(self, 0, self._watch_some)

        self._connect()
        self._restore_state()
        self.apply_prefs(self.prefs, save=False)
        self.library_view.set_loading()
        self.refresh_library()
        self.pool.start(articles.warm_up)
        self.reading_pane.clear()
        for message in library.messages:
            self.message_bar.show_message(message, "warning")
        self.reindex()

    # -- building ---------------------------------------------------------------------

    def _build_menus(self) -> None:
        a = self.actions
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([a.open_folder, a.reindex])
        file_menu.addSeparator()
        file_menu.addAction(a.export_notes)
        file_menu.addSeparator()
        file_menu.addAction(a.quit)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addActions([a.undo, a.redo])
        edit_menu.addSeparator()
        edit_menu.addActions([a.copy, a.copy_quote])
        edit_menu.addSeparator()
        edit_menu.addActions([a.find, a.next_hit, a.previous_hit])
        edit_menu.addSeparator()
        edit_menu.addAction(a.preferences)

        notes_menu = bar.addMenu("&Notes")
        notes_menu.addAction(a.highlight)
        self.color_menu = QMenu("Highlight &Colour", self)
        self.color_menu.addActions(list(a.highlight_color.values()))
        notes_menu.addMenu(self.color_menu)
        notes_menu.addAction(a.add_note)
        edit_note = getattr(a, "edit_note", None)
        if edit_note is not None:
            notes_menu.addAction(edit_note)
        notes_menu.addSeparator()
        notes_menu.addActions([a.delete_note, a.reattach_note])
        notes_menu.addSeparator()
        notes_menu.addAction(a.all_notes)

        view_menu = bar.addMenu("&View")
        view_menu.addActions([a.toggle_library, a.toggle_notes])
        view_menu.addSeparator()
        view_menu.addActions([a.zoom_in, a.zoom_out, a.zoom_reset])
        view_menu.addSeparator()
        theme_menu = view_menu.addMenu("&Theme")
        theme_menu.addActions(list(a.theme.values()))

        help_menu = bar.addMenu("&Help")
        help_menu.addActions([a.query_help])
        help_menu.addSeparator()
        help_menu.addAction(a.about)
        for action in a.highlight_color.values():
            action.setCheckable(True)
        a.highlight_color[self._highlight_color].setChecked(True)

    def _build_toolbar(self) -> None:
        a = self.actions
        toolbar = QToolBar("Main Toolbar", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(20, 20))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar = toolbar
        toolbar.addAction(a.open_folder)
        toolbar.addAction(a.reindex)
        toolbar.addSeparator()
        highlight_button = QToolButton(toolbar)
        highlight_button.setDefaultAction(a.highlight)
        highlight_button.setMenu(self.color_menu)
        highlight_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        highlight_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.highlight_button = highlight_button
        toolbar.addWidget(highlight_button)
        toolbar.addAction(a.add_note)
        toolbar.addSeparator()
        toolbar.addAction(a.export_notes)
        spacer = QWidget(toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        for action in (a.zoom_out, a.zoom_in, a.toggle_library, a.toggle_notes):
            toolbar.addAction(action)
            button = toolbar.widgetForAction(action)
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        # Shortcuts work even with the menu bar hidden.  (``self.actions`` is
        # the Actions object, so QWidget's own method is called explicitly.)
        QWidget.addActions(self, a.all())

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setMaximumWidth(180)
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setFormat("Indexing %v / %m")
        self.cancel_button = QToolButton(self)
        self.cancel_button.setText("✕")
        self.cancel_button.setAutoRaise(True)
        self.cancel_button.setToolTip("Cancel indexing (what is done so far is kept)")
        self.cancel_button.clicked.connect(self.cancel_indexing)
        self.progress_widget = QWidget(self)
        row = QHBoxLayout(self.progress_widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.progress_bar)
        row.addWidget(self.cancel_button)
        self.progress_widget.hide()
        self.count_label = QLabel(self)
        self.index_label = QLabel(self)
        self.notes_label = ElidedLabel(self)
        notes_file = str(self.library.paths.notes_file)
        home = str(Path.home())
        shown = "~" + notes_file[len(home):] if notes_file.startswith(home + os.sep) else notes_file
        self.notes_label.set_full_text(f"Notes: {shown}")
        self.notes_label.setToolTip(f"Your notes are kept in {notes_file}")
        status.addPermanentWidget(self.progress_widget)
        status.addPermanentWidget(self.count_label)
        status.addPermanentWidget(self.index_label)
        status.addPermanentWidget(self.notes_label)

    def _connect(self) -> None:
        a = self.actions
        a.open_folder.triggered.connect(self.choose_folder)
        a.reindex.triggered.connect(self.reindex)
        a.export_notes.triggered.connect(self.show_export_dialog)
        a.preferences.triggered.connect(self.show_preferences)
        a.quit.triggered.connect(self.close)
        a.find.triggered.connect(self.focus_search)
        a.next_hit.triggered.connect(self.reading_pane.next_hit)
        a.previous_hit.triggered.connect(self.reading_pane.previous_hit)
        a.highlight.triggered.connect(lambda: self.highlight_selection(self._highlight_color))
        for color, action in a.highlight_color.items():
            action.triggered.connect(lambda _checked=False, c=color: self.highlight_selection(c))
        a.add_note.triggered.connect(self.add_note)
        a.delete_note.triggered.connect(self.delete_selected_note)
        a.reattach_note.triggered.connect(self.reattach_selected_note)
        a.all_notes.triggered.connect(self.show_all_notes)
        self.notes.bind_undo_actions(a.undo, a.redo)
        a.copy.triggered.connect(self.reading_pane.copy)
        a.copy_quote.triggered.connect(self.reading_pane.copy_as_markdown_quote)
        a.zoom_in.triggered.connect(self.reading_pane.zoom_in)
        a.zoom_out.triggered.connect(self.reading_pane.zoom_out)
        a.zoom_reset.triggered.connect(self.reading_pane.zoom_reset)
        zoom_changed = getattr(self.reading_pane, "zoomChanged", None)
        if zoom_changed is not None:
            zoom_changed.connect(self._zoom_changed)
        a.toggle_library.toggled.connect(self._show_library_pane)
        a.toggle_notes.toggled.connect(self._show_notes_pane)
        for name, action in a.theme.items():
            action.triggered.connect(lambda _checked=False, n=name: self.set_theme(n))
        a.query_help.triggered.connect(self.show_query_help)
        a.about.triggered.connect(self.show_about)

        self.notes.notesChanged.connect(self._notes_changed)
        self.notes.error.connect(lambda message: self.message_bar.show_message(message, "error"))
        self.reading_pane.noteClicked.connect(self.notes_panel.select_note)
        self.reading_pane.hitChanged.connect(self._hit_changed)
        self.reading_pane.selectionChanged.connect(self._selection_changed)
        self.notes_panel.noteActivated.connect(self.open_note)
        self.library_view.articleActivated.connect(lambda article_id: self.open_article(article_id))
        self.search_panel.articleRequested.connect(
            lambda article_id, query: self.open_article(article_id, query=query or None))
        self.search_panel.noteRequested.connect(
            lambda article_id, note_id: self.open_article(article_id, note_id=note_id))
        self.find_bar.close_button.clicked.connect(self.clear_hits)
        self._hit_changed(0, 0)
        self._selection_changed(False)

    # -- state --------------------------------------------------------------------------

    def _restore_state(self) -> None:
        # Panes first: a hidden pane lowers the minimum width the geometry is checked against.
        for key, action, pane in ((KEY_LIBRARY_VISIBLE, self.actions.toggle_library, self.search_panel),
                                  (KEY_NOTES_VISIBLE, self.actions.toggle_notes, self.notes_panel)):
            visible = str(self.settings.value(key, "true")).lower() not in ("false", "0")
            action.setChecked(visible)
            pane.setVisible(visible)
        geometry = self.settings.value(KEY_GEOMETRY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            screen = QGuiApplication.primaryScreen()
            available = screen.availableGeometry().size() if screen else DEFAULT_SIZE
            self.resize(min(DEFAULT_SIZE.width(), available.width()),
                        min(DEFAULT_SIZE.height(), available.height()))
        state = self.settings.value(KEY_STATE)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        splitter = self.settings.value(KEY_SPLITTER)
        self._default_split = not (isinstance(splitter, QByteArray)
                                   and self.splitter.restoreState(splitter))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._default_split:
            # First start: share the width the window really got, not the one
            # it had while being built.
            self._default_split = False
            width = self.splitter.width() or self.width()
            side = max(260, min(400, width * 30 // 100))
            notes = max(230, min(330, width * 23 // 100))
            self.splitter.setSizes([side, max(360, width - side - notes), notes])

    def save_state(self) -> None:
        self.settings.setValue(KEY_GEOMETRY, self.saveGeometry())
        self.settings.setValue(KEY_STATE, self.saveState())
        self.settings.setValue(KEY_SPLITTER, self.splitter.saveState())
        self.settings.setValue(KEY_LIBRARY_VISIBLE, self.actions.toggle_library.isChecked())
        self.settings.setValue(KEY_NOTES_VISIBLE, self.actions.toggle_notes.isChecked())
        self.settings.setValue(KEY_HIGHLIGHT_COLOR, self._highlight_color)
        save_prefs(self.settings, self.prefs)
        self.settings.sync()

    # -- preferences and theme ----------------------------------------------------------

    def apply_prefs(self, prefs: ReadingPrefs, *, save: bool = True) -> None:
        """Theme, reading font, line width and zoom, applied at once everywhere."""
        app = QApplication.instance()
        self.theme = apply_theme(app, prefs.theme) if app is not None else THEMES[prefs.theme]
        zoom = prefs.zoom
        self.prefs = prefs
        self.actions.theme[self.theme.name].setChecked(True)
        apply_fallback_icons(self.actions)
        self.reading_pane.apply_theme(self.theme)
        self.reading_pane.set_reading_font(prefs.font_family, prefs.font_size)
        self.reading_pane.set_line_width(prefs.line_width)
        self._set_zoom(zoom)
        self.search_panel.set_theme(self.theme)
        apply_panel_theme = getattr(self.notes_panel, "apply_theme", None)
        if apply_panel_theme is not None:
            apply_panel_theme(self.theme)
        palette = self.find_bar.palette()
        palette.setColor(self.find_bar.backgroundRole(), app.palette().window().color() if app else palette.window().color())
        self.find_bar.setPalette(palette)
        if save:
            save_prefs(self.settings, self.prefs)

    def _set_zoom(self, steps: int) -> None:
        setter = getattr(self.reading_pane, "set_zoom_steps", None)
        if setter is not None:
            setter(steps)
            return
        self.reading_pane.zoom_reset()
        for _ in range(abs(steps)):
            (self.reading_pane.zoom_in if steps > 0 else self.reading_pane.zoom_out)()

    def _zoom_changed(self, steps: int) -> None:
        if steps != self.prefs.zoom:
            self.prefs = ReadingPrefs(**{**self.prefs.__dict__, "zoom": steps})
            save_prefs(self.settings, self.prefs)

    def set_theme(self, name: str) -> None:
        self.apply_prefs(ReadingPrefs(**{**self.prefs.__dict__, "theme": name}))

    def show_preferences(self) -> PreferencesDialog:
        def make() -> PreferencesDialog:
            dialog = PreferencesDialog(self.prefs, self)
            dialog.changed.connect(self.apply_prefs)
            dialog.finished.connect(lambda _r: self._dialogs.pop("preferences", None))
            return dialog
        return self._show_dialog("preferences", PreferencesDialog, make)

    def show_query_help(self) -> QueryHelpDialog:
        return self._show_dialog("help", QueryHelpDialog, lambda: QueryHelpDialog(self))

    def show_about(self) -> AboutDialog:
        return self._show_dialog("about", AboutDialog, lambda: AboutDialog(app_icon(), self))

    def _show_dialog(self, key: str, kind: type, make):
        """Non-modal dialogs exist once: asking again raises the open one."""
        dialog = self._dialogs.get(key)
        if not isinstance(dialog, kind):
            dialog = make()
            self._dialogs[key] = dialog
        dialog.show()
        dialog.raise_()
        return dialog

    # -- the library --------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Background work is under way: an index update, a search or loading the table."""
        return self.indexer.running or self.search_panel.runner.busy or self.rows_loader.busy

    def refresh_library(self) -> None:
        """Reload the library table's rows (and the status bar's count) in the background.

        Reading 20,000 rows takes longer than a frame; the table keeps
        showing the old rows until the new ones are in.
        """
        if not self._closed:
            # The flag stays up until a load that walked the folders arrives
            # (a newer request may supersede this one).
            library, rewatch = self.library, self._rewatch_pending
            sorted_by = self.library_view.model.sort_state()
            self.rows_loader.request(
                lambda: (LibraryRows.prepare(library.articles(), sorted_by),
                         watched_dirs(library.folders) if rewatch else None))

    def _library_loaded(self, loaded: tuple[LibraryRows, list[str] | None]) -> None:
        if self._closed:
            return
        rows, dirs = loaded
        self.library_view.set_indexing(self.indexer.running)  # after an update: done
        self.library_view.set_articles(rows)
        count = len(rows.articles)
        self.count_label.setText(f"{count:,} article{'s' if count != 1 else ''}")
        current = self.reading_pane.article
        if current is not None:
            self.library_view.select_article(current.id)
        if dirs is not None:
            self._rewatch_pending = False
            self._rewatch(dirs, [info.path for info in rows.articles])

    def _refresh_note_counts(self) -> None:
        """The notes column after a note change: one small query, rows updated in place."""
        try:
            counts = self.library.note_counts()
        except NotesError as exc:
            log.warning("note counts: %s", exc)
            return
        self.library_view.set_note_counts(counts)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a Folder of Articles", str(Path.home()))
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str | os.PathLike[str]) -> bool:
        """Add a folder to the library and index it in the background."""
        try:
            added = self.library.add_folders([folder])
        except LibraryError as exc:
            self.message_bar.show_message(str(exc), "error", "Choose Another Folder…",
                                          self.choose_folder)
            return False
        if added:
            self.statusBar().showMessage(f"Adding {added[0]} to the library…", 5000)
        else:
            self.statusBar().showMessage(f"{folder} is already in the library; re-indexing.", 5000)
        self.reindex()
        return True

    def open_path(self, path: str | os.PathLike[str]) -> None:
        """The command line's PATH: a folder is added, an article file opened."""
        target = Path(path).expanduser()
        if target.is_dir():
            self.add_folder(target)
        else:
            self.open_article(str(target.resolve()))

    def reindex(self) -> None:
        """Bring the index up to date in the background (queued if one runs)."""
        if not self._closed:
            self._watch_timer.stop()
            self.indexer.start()

    def cancel_indexing(self) -> None:
        self.indexer.cancel()

    def _index_started(self) -> None:
        self.library_view.set_indexing(True)
        self.index_label.setText("Indexing…")
        self.progress_bar.setRange(0, 0)
        self._progress_delay.start()

    def _show_progress(self) -> None:
        if self.indexer.running:
            self.progress_widget.show()

    def _index_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        self.index_label.setText(f"Indexing {done} / {total}…")

    def _index_done(self) -> None:
        self._progress_delay.stop()
        self.progress_widget.hide()

    def _index_finished(self, summary: IndexSummary, reanchored: ReanchorSummary) -> None:
        self._index_done()
        if self._closed:
            return
        self.index_label.setText("Index update cancelled" if summary.cancelled else "Index up to date")
        self.index_label.setToolTip(summary.describe())
        self.statusBar().showMessage(
            ("Indexing cancelled: " if summary.cancelled else "Indexed: ") + summary.describe(), 8000)
        for message in summary.messages:
            self.message_bar.show_message(message, "warning")
        if summary.skipped:
            names = ", ".join(Path(s.path).name for s in summary.skipped[:3])
            more = f" and {len(summary.skipped) - 3} more" if len(summary.skipped) > 3 else ""
            self.message_bar.show_message(
                f"{len(summary.skipped)} file(s) could not be read and were skipped: {names}{more}. "
                f"({summary.skipped[0].reason})", "warning")
        orphaned = reanchored.counts.get(ORPHANED, 0)
        if orphaned:
            self.message_bar.show_message(
                f"{orphaned} note(s) lost their passage after the articles changed. They are kept; "
                "re-attach them to a new passage from the notes panel.", "warning",
                "Show All Notes", self.show_all_notes)
        self._rewatch_pending = True
        self.refresh_library()
        self._article_files_changed(summary)
        if reanchored.counts or summary.changed or summary.removed_ids:
            # Re-anchoring wrote to the notes behind the controller's back:
            # tell everyone who shows notes (pane, panel, counts) to reload.
            self.notes.notesChanged.emit("")
        self.search_panel.rerun()

    def _index_failed(self, message: str) -> None:
        self._index_done()
        self.library_view.set_indexing(False)
        if self._closed:
            return
        self.index_label.setText("Index update failed")
        self.message_bar.show_message(message, "error", "Try Again", self.reindex)

    def _article_files_changed(self, summary: IndexSummary) -> None:
        """Reload the open article if its file changed; close it if it left."""
        article = self.reading_pane.article
        if article is None:
            return
        if article.id in summary.removed_ids and self.library.record(article.id) is None:
            self.reading_pane.clear()
            self.notes_panel.show_article_notes(None)
            self.setWindowTitle("Reader")
            self.message_bar.show_message(
                f"“{article.title}” is no longer in the library (its file was moved or deleted).",
                "warning")
        elif article.id in {c.article_id for c in summary.changed}:
            self.open_article(article.id, query=self._query_for_hits or None, keep_position=True)

    # -- watching the folders -----------------------------------------------------------

    def _rewatch(self, dirs: list[str], article_paths: list[str]) -> None:
        """Watch the library folders, their subfolders and the article files.

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

    def _watch_some(self) -> None:
        if self._closed or not self._to_watch:
            return
        batch, self._to_watch = self._to_watch[:WATCH_BATCH], self._to_watch[WATCH_BATCH:]
        failed = self.watcher.addPaths(batch)
        if failed:
            log.info("not watching %d path(s), e.g. %s", len(failed), failed[0])
        if self._to_watch:
            self._watch_batches.start()

    def _files_changed(self, path: str) -> None:
        log.debug("changed on disk: %s", path)
        if not self._closed:
            self._watch_timer.start()

    @property
    def watch_debounce_ms(self) -> int:
        return self._watch_timer.interval()

    @watch_debounce_ms.setter
    def watch_debounce_ms(self, ms: int) -> None:
        self._watch_timer.setInterval(ms)

    # -- opening articles ---------------------------------------------------------------

    def open_article(self, article_id: str, *, query: str | None = None,
                     note_id: str | None = None, keep_position: bool = False) -> bool:
        """Show an article with a query's hits and its notes; scroll to a note if asked.

        ``keep_position``: the open article is being reloaded (its file changed):
        the reader stays at the passage they were reading.
        """
        if self._closed:
            return False
        try:
            article = self.library.article(article_id)
        except LibraryError as exc:
            self.message_bar.show_message(str(exc), "error")
            return False
        hits: list[tuple[int, int]] = []
        if query:
            try:
                hits = self.library.highlights(article.id, query)
            except QueryError:
                hits = []
        self._query_for_hits = query or ""
        notes = self.notes.notes_for(article.id)
        self.reading_pane.show_article(article, notes, hits, keep_position=keep_position)
        self.notes_panel.show_article_notes(article.id)
        self.setWindowTitle(f"Reader — {article.title or Path(str(article.path)).name}")
        self.library_view.select_article(article.id)
        if note_id:
            note = next((n for n in notes if n.id == note_id), None)
            if note is not None and note.status != ORPHANED:
                self.reading_pane.scroll_to_range(note.start, note.end)
            self.notes_panel.select_note(note_id)
        return True

    def open_note(self, note_id: str) -> None:
        """A note chosen in the notes panel: its article, scrolled to its passage."""
        try:
            note = self.library.note(note_id)
        except NotesError as exc:
            self.message_bar.show_message(str(exc), "error")
            return
        current = self.reading_pane.article
        if current is not None and current.id == note.article_id:
            if note.status != ORPHANED:
                self.reading_pane.scroll_to_range(note.start, note.end)
            return
        self.open_article(note.article_id, note_id=note_id)

    def clear_hits(self) -> None:
        self._query_for_hits = ""
        self.reading_pane.set_hits([])

    def _hit_changed(self, current: int, total: int) -> None:
        self.find_bar.set_hits(current, total, self._query_for_hits)
        self.actions.next_hit.setEnabled(total > 0)
        self.actions.previous_hit.setEnabled(total > 0)

    def _show_library_pane(self, visible: bool) -> None:
        self._set_pane_visible(self.search_panel, visible)

    def _show_notes_pane(self, visible: bool) -> None:
        self._set_pane_visible(self.notes_panel, visible)

    def _set_pane_visible(self, pane: QWidget, visible: bool) -> None:
        """Show or hide a side pane; the window's minimum width follows at once."""
        pane.setVisible(visible)
        self.splitter.updateGeometry()
        body = self.centralWidget().layout()
        if body is not None:
            body.invalidate()
            body.activate()

    def focus_search(self) -> None:
        if not self.search_panel.isVisible():
            self.actions.toggle_library.setChecked(True)
        self.search_panel.focus_search()

    # -- notes --------------------------------------------------------------------------

    def _selection_changed(self, has_selection: bool) -> None:
        self.actions.reattach_note.setEnabled(has_selection)

    def _selected_passage(self) -> tuple[Article, int, int] | None:
        article = self.reading_pane.article
        selected = self.reading_pane.selected_range()
        if article is None or selected is None:
            self.statusBar().showMessage("Select a passage in the article first.", 4000)
            return None
        return article, selected[0], selected[1]

    def highlight_selection(self, color: str) -> None:
        self._highlight_color = color
        self.actions.highlight_color[color].setChecked(True)
        passage = self._selected_passage()
        if passage is not None:
            self.notes.highlight(*passage, color)

    def add_note(self) -> None:
        passage = self._selected_passage()
        if passage is not None:
            self.notes.add_note(self, *passage)

    def delete_selected_note(self) -> None:
        note_id = self.notes_panel.selected_note_id()
        if note_id:
            self.notes.delete_note(note_id)

    def reattach_selected_note(self) -> None:
        note_id = self.notes_panel.selected_note_id()
        passage = self._selected_passage()
        if note_id and passage is not None:
            self.notes.reattach(note_id, *passage)

    def show_all_notes(self) -> None:
        if not self.notes_panel.isVisible():
            self.actions.toggle_notes.setChecked(True)
        self.notes_panel.show_all_notes()

    def _notes_changed(self, article_id: str) -> None:
        if self._closed:
            return
        article = self.reading_pane.article
        if article is not None and article_id in ("", article.id):
            self.reading_pane.set_notes(self.notes.notes_for(article.id))
        self._refresh_note_counts()
        if self.search_panel.scope != "articles":
            self.search_panel.rerun()

    # -- export -------------------------------------------------------------------------

    def show_export_dialog(self) -> ExportDialog:
        article = self.reading_pane.article
        dialog = ExportDialog(self.library, article_id=article.id if article else None,
                              article_title=article.title if article else "",
                              pool=self.pool, open_url=self.open_url, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(self._exported)
        self.export_dialog = dialog
        dialog.destroyed.connect(lambda *_: setattr(self, "export_dialog", None))
        dialog.show()
        return dialog

    def _exported(self, files: list) -> None:
        if files and not self._closed:
            self.statusBar().showMessage(f"Exported notes to {files[0]}", 8000)

    # -- closing ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            event.accept()
            return
        if self.export_dialog is not None and self.export_dialog.running:
            self.message_bar.show_message("An export is still being written; Reader will close "
                                          "when it is done.", "info")
        self.save_state()
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop timers, cancel and wait for the workers, close the library (releasing the lock)."""
        if self._closed:
            return
        self._closed = True
        self._watch_timer.stop()
        self._watch_batches.stop()
        self._progress_delay.stop()
        self.statusBar().clearMessage()  # stops the status bar's message timer
        old = self.watcher.files() + self.watcher.directories()
        if old:
            self.watcher.removePaths(old)
        self.search_panel.shutdown()
        self.rows_loader.shutdown()
        self.indexer.shutdown()
        self.pool.waitForDone()
        for dialog in list(self._dialogs.values()):
            if isinstance(dialog, QWidget):
                dialog.close()
        self.library.close()
        log.info("window closed; library closed")


"""The main window: the three panes put together, and the wiring between them.

Left: the search field over the Library and Results tabs (SearchPanel).
Centre: the reading pane, with a find bar for the search hits above it.
Right: the notes panel.  The panes sit in one splitter whose sizes, like the
window geometry and which panes are shown, are kept in the settings file.

The parts live in modules of their own: the chrome (menus, toolbar, status
bar widgets, find bar: window_chrome.py), what is remembered between runs
(window_state.py), the dialogs (window_dialogs.py), index updates and their
progress (index_status.py), folder watching (folder_watch.py) and loading
the library table (library_loader.py).

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

from PySide6.QtCore import QSettings, Qt, QThreadPool, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSplitter, QWidget

from ..core.library import Library
from ..core.model import (ORPHANED, Article, IndexSummary, LibraryError, NotesError, QueryError,
                          ReanchorSummary)
from .actions import Actions
from .adding_folders import add_folder, choose_folder
from .article_links import follow_link
from .dialogs import AboutDialog, QueryHelpDialog
from .export_dialog import ExportDialog
from .find_bar import FindBar
from .folder_watch import FolderWatch
from .icons import apply_fallback_icons
from .index_status import IndexStatus
from .library_loader import LibraryLoader
from .library_view import LibraryRows, LibraryView
from .message_bar import MessageBar
from .notes_controller import NotesController
from .notes_panel import NotesPanel
from .open_original import open_original
from .outside import ElsewhereWatch, follow_article_files, offer_kept_drafts
from .preferences import PreferencesDialog, ReadingPrefs, load_prefs, save_prefs
from .reading_pane import ReadingPane
from .search_panel import SearchPanel
from .team_link import TeamLink
from .theme import THEMES, Theme, apply_theme
from .window_chrome import bar_over, build_menus, build_toolbar, dress, notes_file_label
from .window_dialogs import Dialogs
from .window_state import WindowState, saved_highlight_color, settings_for

__all__ = ["MainWindow", "settings_for"]

log = logging.getLogger("reader.ui")


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
        self.query_for_hits = ""  # the library search whose hits the open article shows
        self._highlight_color = saved_highlight_color(self.settings)
        self.prefs: ReadingPrefs = load_prefs(self.settings)
        self.theme: Theme = THEMES[self.prefs.theme]
        self.dialogs = Dialogs(self)

        self.setWindowTitle("Reader")
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max(2, min(4, os.cpu_count() or 2)))
        self.actions = Actions(self)
        dress(self, self.actions)

        # The panes.
        self.notes = NotesController(library, self)
        self.reading_pane = ReadingPane(self.actions, self)
        self.notes_panel = NotesPanel(self.notes, self.actions, self)
        self.library_view = LibraryView(self)
        self.search_panel = SearchPanel(library, self.actions, self.library_view, self.pool, self,
                                        debounce_ms=search_debounce_ms)
        self.find_bar = FindBar(self.actions, self.reading_pane, self)
        self.message_bar = MessageBar(self)

        centre = bar_over(self.find_bar, self.reading_pane, self)
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
        self.setCentralWidget(bar_over(self.message_bar, self.splitter, self))

        # Chrome, and the background work the status bar reports on.
        self.color_menu = build_menus(self, self.actions, self._highlight_color)
        self.toolbar, self.highlight_button = build_toolbar(self, self.actions, self.color_menu)
        self.index_status = IndexStatus(library, self.pool, self, self.message_bar,
                                        retry=self.reindex, show_all_notes=self.show_all_notes,
                                        show_folders=self.dialogs.folders)
        self.indexer = self.index_status.runner
        self.progress_widget = self.index_status.progress_widget
        self.index_label = self.index_status.label
        self.cancel_button = self.index_status.cancel_button
        self.count_label = QLabel(self)
        self.notes_label = notes_file_label(library.paths.notes_file, self)
        self.team = TeamLink(self)  # the team library: its status, syncing, its articles
        for widget in (self.progress_widget, self.count_label, self.index_label, self.team.button,
                       self.notes_label):
            self.statusBar().addPermanentWidget(widget)
        self.folder_watch = FolderWatch(self)
        self.watcher = self.folder_watch.watcher
        self.library_loader = LibraryLoader(library, self.pool, self.library_view, self.message_bar, self)
        self.library_loader.loaded.connect(self._library_loaded)

        self._connect()
        self.state = WindowState(self, self.settings)
        self.state.restore()
        self.apply_prefs(self.prefs, save=False)
        self.library_view.set_loading()
        self.refresh_library()
        self.pool.start(library.warm_up)
        self.reading_pane.clear()
        for message in library.messages:
            self.message_bar.show_message(message, "warning")
        self.elsewhere = ElsewhereWatch(self)  # reader-cli beside the window
        offer_kept_drafts(self)  # a note being written when Reader last stopped
        self.state.reopen_last_article()
        self.reindex()

    def _connect(self) -> None:
        a = self.actions
        a.open_folder.triggered.connect(self.choose_folder)
        a.folders.triggered.connect(self.dialogs.folders)
        a.reindex.triggered.connect(self.reindex)
        a.open_original.triggered.connect(lambda: open_original(self.reading_pane.article, self.message_bar))
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
        self.reading_pane.zoomChanged.connect(self._zoom_changed)
        a.toggle_library.toggled.connect(lambda shown: self._set_pane_visible(self.search_panel, shown))
        a.toggle_notes.toggled.connect(lambda shown: self._set_pane_visible(self.notes_panel, shown))
        for name, action in a.theme.items():
            action.triggered.connect(lambda _checked=False, n=name: self.set_theme(n))
        a.query_help.triggered.connect(self.show_query_help)
        a.about.triggered.connect(self.show_about)

        self.notes.notesChanged.connect(self._notes_changed)
        self.notes.notesChanged.connect(lambda _article_id: self.index_status.recount_orphans())
        self.notes.error.connect(lambda message: self.message_bar.show_message(message, "error"))
        self.reading_pane.noteClicked.connect(self.notes_panel.select_note)
        self.reading_pane.view.linkClicked.connect(lambda href: follow_link(self, href))
        self.reading_pane.hitChanged.connect(self._hit_changed)
        self.reading_pane.selectionChanged.connect(self._selection_changed)
        self.reading_pane.view.selection_bar.colorChosen.connect(self.highlight_selection)
        self.reading_pane.view.selection_bar.noteRequested.connect(self.add_note)
        self.notes_panel.noteActivated.connect(self.open_note)
        self.library_view.articleActivated.connect(lambda article_id: self.open_article(article_id))
        self.search_panel.articleRequested.connect(  # (a team article may be fetched first)
            lambda article_id, query: self.team.open_article(article_id, query or None))
        self.search_panel.noteRequested.connect(
            lambda article_id, note_id: self.open_article(article_id, note_id=note_id))
        self.find_bar.dismissed.connect(self.clear_hits)
        self.find_bar.finished.connect(self._show_query_hits)
        a.trash.triggered.connect(self.dialogs.trash)
        a.notes_browser.triggered.connect(self.dialogs.notes_browser)
        a.find_in_article.triggered.connect(  # with no article open: the library, as Zotero does
            lambda: self.find_bar.start_finding() if self.reading_pane.article else self.focus_search())
        self.indexer.started.connect(lambda: self.library_view.set_indexing(True))
        self.indexer.failed.connect(lambda _message: self.library_view.set_indexing(False))
        self.index_status.updated.connect(self._index_updated)
        self.folder_watch.changed.connect(self.reindex)
        self._hit_changed(0, 0)
        self._selection_changed(False)

    @property
    def closed(self) -> bool:
        return self._closed

    # -- state --------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.state.shown()

    def save_state(self) -> None:
        self.state.save(self._highlight_color)

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
        self.reading_pane.set_zoom_steps(zoom)
        self.search_panel.set_theme(self.theme)
        self.notes_panel.apply_theme(self.theme)
        self.dialogs.apply_theme(self.theme)
        self.message_bar.set_dark(self.theme.name == "dark")
        if app is not None:
            self.find_bar.set_background(app.palette().window().color())
        if save:
            save_prefs(self.settings, self.prefs)

    def _zoom_changed(self, steps: int) -> None:
        if steps != self.prefs.zoom:
            self.prefs = ReadingPrefs(**{**self.prefs.__dict__, "zoom": steps})
            save_prefs(self.settings, self.prefs)

    def set_theme(self, name: str) -> None:
        self.apply_prefs(ReadingPrefs(**{**self.prefs.__dict__, "theme": name}))

    def show_preferences(self) -> PreferencesDialog:
        return self.dialogs.preferences(self.prefs, self.apply_prefs)

    def show_query_help(self) -> QueryHelpDialog:
        return self.dialogs.query_help()

    def show_about(self) -> AboutDialog:
        return self.dialogs.about()

    # -- the library --------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Background work is under way: an index update, a search or loading the table."""
        return self.indexer.running or self.search_panel.runner.busy or self.library_loader.busy

    def refresh_library(self) -> None:
        """Reload the library table's rows (and the status bar's count) in the background."""
        if not self._closed:
            self.library_loader.refresh()

    def _library_loaded(self, rows: LibraryRows, dirs: list[str] | None) -> None:
        self.library_view.set_indexing(self.indexer.running)  # after an update: done
        count = len(rows.articles)
        self.count_label.setText(f"{count:,} article{'s' if count != 1 else ''}")
        current = self.reading_pane.article
        if current is not None:
            self.library_view.select_article(current.id)
        if dirs is not None:
            self.folder_watch.rewatch(dirs, [info.path for info in rows.articles])

    def choose_folder(self) -> None:
        """File ▸ Open Folder…: ask for a folder, then add it."""
        choose_folder(self)

    def add_folder(self, folder: str | os.PathLike[str]) -> bool:
        """Add a folder to the library and index it in the background (False: refused)."""
        return add_folder(self, folder)

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
            self.folder_watch.forget_changes()
            self.index_status.start()

    def _index_updated(self, summary: IndexSummary, reanchored: ReanchorSummary) -> None:
        """After an update (index_status has said how it went): everything shown follows."""
        if self._closed:
            return
        self.library_loader.refresh(walk_folders=True)
        follow_article_files(self, summary)
        if reanchored.counts or summary.changed or summary.removed_ids:
            # Re-anchoring wrote to the notes behind the controller's back:
            # tell everyone who shows notes (pane, panel, counts) to reload.
            self.notes.notesChanged.emit("")
        self.search_panel.rerun()

    @property
    def watch_debounce_ms(self) -> int:
        return self.folder_watch.debounce_ms

    @watch_debounce_ms.setter
    def watch_debounce_ms(self, ms: int) -> None:
        self.folder_watch.debounce_ms = ms

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
        self.query_for_hits = query or ""
        notes = self.notes.notes_for(article.id)
        self.reading_pane.show_article(article, notes, hits, keep_position=keep_position)
        self.find_bar.refind()  # finding words: in this article too
        self.notes_panel.follow_article(article.id)
        # Qt adds " — Reader" (the application's display name) on Linux and Windows.
        self.setWindowTitle(article.title or Path(str(article.path)).name)
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
        self.query_for_hits = ""
        self.reading_pane.set_hits([])

    def _show_query_hits(self) -> None:
        """The finder closed: the library search's hits come back."""
        article, query = self.reading_pane.article, self.query_for_hits
        self.reading_pane.set_hits(self.library.highlights(article.id, query)
                                   if article is not None and query else [])

    def _hit_changed(self, current: int, total: int) -> None:
        self.find_bar.set_hits(current, total, self.query_for_hits)
        self.actions.next_hit.setEnabled(total > 0)
        self.actions.previous_hit.setEnabled(total > 0)

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
        self.library_loader.refresh_note_counts()
        if self.search_panel.scope != "articles":
            self.search_panel.rerun()

    # -- export -------------------------------------------------------------------------

    def show_export_dialog(self, *, note_ids: list[str] | None = None) -> ExportDialog:
        return self.dialogs.export(self.library, self.reading_pane.article, self.pool, self.open_url,
                                   self._exported, note_ids=note_ids)

    def _exported(self, files: list) -> None:
        if files and not self._closed:
            self.statusBar().showMessage(f"Exported notes to {files[0]}", 8000)

    # -- closing ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            event.accept()
            return
        if self.dialogs.export_running:
            self.message_bar.show_message("An export is still being written; Reader will close "
                                          "when it is done.", "info")
        self.save_state()
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop timers, cancel and wait for the workers, close the library."""
        if self._closed:
            return
        self._closed = True
        self.elsewhere.stop()
        self.team.shutdown()
        self.folder_watch.shutdown()
        self.index_status.shutdown()
        self.statusBar().clearMessage()  # stops the status bar's message timer
        self.search_panel.shutdown()
        self.library_loader.shutdown()
        self.pool.waitForDone()
        self.dialogs.close_all()
        self.library.close()
        log.info("window closed; library closed")


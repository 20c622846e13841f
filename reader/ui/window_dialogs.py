"""The main window's non-modal dialogs and windows: Preferences, Folders, Notes Browser, Trash,
Query Help, About, Export Notes.

Preferences, Folders, the Notes Browser, Trash, Query Help and About exist once: asking again raises the open
one instead of stacking a second copy; closing the window closes them.  An
Export Notes dialog is made for the article open when it is asked for, and
deletes itself when closed; the window asks whether an export is still
being written when it closes.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt, QThreadPool, QUrl
from PySide6.QtWidgets import QWidget

from ..core.library import Library
from ..core.model import Article
from ..core.paths import bundled_articles_dir
from .dialogs import AboutDialog, QueryHelpDialog
from .export_dialog import ExportDialog
from .folders_dialog import FoldersDialog
from .icons import app_icon
from .notes_browser import NotesBrowser
from .preferences import PreferencesDialog, ReadingPrefs
from .team_prefs import TeamPreferences
from .theme import Theme
from .trash_dialog import TrashDialog

if TYPE_CHECKING:
    from .main_window import MainWindow

D = TypeVar("D", bound=QWidget)


class Dialogs(QObject):
    """The open dialogs of one window (their parent)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._open: dict[str, QWidget] = {}
        self._export: ExportDialog | None = None

    @property
    def export_running(self) -> bool:
        """An Export Notes dialog is still writing its files."""
        return self._export is not None and self._export.running

    def preferences(self, prefs: ReadingPrefs,
                    changed: Callable[[ReadingPrefs], object]) -> PreferencesDialog:
        """The Preferences dialog; ``changed`` gets every change at once (no OK needed)."""
        def make() -> PreferencesDialog:
            window = self._window
            dialog = PreferencesDialog(
                prefs, window, samples_shown=bundled_articles_dir() in window.library.folders)
            dialog.changed.connect(changed)
            dialog.samplesToggled.connect(self._show_samples)
            dialog.form.addRow("&Team library:", TeamPreferences(window.team, dialog))
            dialog.finished.connect(lambda _r: self._open.pop("preferences", None))
            return dialog
        return self._show("preferences", PreferencesDialog, make)

    def _show_samples(self, shown: bool) -> None:
        """The sample articles back in the library, or out of it; the index follows."""
        window, samples = self._window, bundled_articles_dir()
        if shown and samples not in window.library.folders:
            window.add_folder(samples)
        elif not shown and samples in window.library.folders:
            window.library.remove_folder(samples)
            window.reindex()

    def trash(self) -> TrashDialog:
        """Notes ▸ Trash…; a restored note shows wherever notes are shown, and Undo
        follows what emptying the Trash dropped."""
        def make() -> TrashDialog:
            window = self._window
            dialog = TrashDialog(window.library, window)
            dialog.changed.connect(window.notes.changed.emit)
            dialog.finished.connect(lambda _r: self._open.pop("trash", None))
            return dialog
        return self._show("trash", TrashDialog, make)

    def folders(self) -> FoldersDialog:
        """File ▸ Folders…; its rows follow every index update while it is open."""
        def make() -> FoldersDialog:
            window = self._window
            dialog = FoldersDialog(window.library, add=window.choose_folder, rescan=window.reindex,
                                   to_team=window.team.ingest, parent=window)
            dialog.set_indexing(window.indexer.running)
            window.indexer.started.connect(dialog.index_started)
            window.indexer.failed.connect(dialog.index_stopped)
            window.index_status.updated.connect(dialog.index_stopped)
            dialog.finished.connect(lambda _r: self._open.pop("folders", None))
            return dialog
        return self._show("folders", FoldersDialog, make)

    def notes_browser(self) -> NotesBrowser:
        """Notes ▸ Notes Browser…; a note opened from it shows in the window, which
        the browser leaves in front of it, keeping its place."""
        def make() -> NotesBrowser:
            window = self._window
            browser = NotesBrowser(window.notes, window.settings,
                                   [window.actions.undo, window.actions.redo], window)
            browser.noteActivated.connect(window.open_note)
            browser.exportRequested.connect(self.export_notes)
            return browser
        return self._show("notes_browser", NotesBrowser, make)

    def query_help(self) -> QueryHelpDialog:
        return self._show("help", QueryHelpDialog, lambda: QueryHelpDialog(self._window))

    def about(self) -> AboutDialog:
        return self._show("about", AboutDialog, lambda: AboutDialog(app_icon(), self._window))

    def export(self, library: Library, article: Article | None, pool: QThreadPool,
               open_url: Callable[[QUrl], object], exported: Callable[[list], object], *,
               note_ids: list[str] | None = None) -> ExportDialog:
        """Export Notes, for ``article`` (or all notes, or the ``note_ids`` chosen in the
        Notes Browser); ``exported`` gets the files written."""
        dialog = ExportDialog(library, article_id=article.id if article else None,
                              article_title=article.title if article else "", note_ids=note_ids,
                              pool=pool, open_url=open_url, parent=self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(exported)
        self._export = dialog
        dialog.destroyed.connect(lambda *_: setattr(self, "_export", None))
        dialog.show()
        return dialog

    def export_notes(self, note_ids: list[str]) -> ExportDialog:
        """The Notes Browser's Export…: the export dialog, for the notes selected there."""
        return self._window.show_export_dialog(note_ids=note_ids)

    def apply_theme(self, theme: Theme) -> None:
        """The theme changed: the windows that paint with it follow."""
        browser = self._open.get("notes_browser")
        if isinstance(browser, NotesBrowser):
            browser.apply_theme(theme)

    def close_all(self) -> None:
        for dialog in list(self._open.values()):
            dialog.close()

    def _show(self, key: str, kind: type[D], make: Callable[[], D]) -> D:
        dialog = self._open.get(key)
        if not isinstance(dialog, kind):
            dialog = make()
            self._open[key] = dialog
        dialog.show()
        dialog.raise_()
        return dialog

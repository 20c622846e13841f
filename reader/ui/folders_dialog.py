"""File ▸ Folders…: the library's folders, what each holds, and what it could not read.

One row per folder: its articles in the index, when the last complete
update looked at it, and how many files it skipped; a folder's row opens to
list those files with the reason each was skipped (the same sentences the
command line's ``reader-cli folders --skipped`` prints).  Add, Remove and
Re-scan act at once: a removed folder's articles leave the index in the
update that follows, not at the next start.  The dialog follows every
index update while it is open.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QMessageBox, QPushButton,
    QStyle, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from ..core.library import Library
from ..core.model import FolderStatus, LibraryError, format_moment

_PATH_ROLE = Qt.ItemDataRole.UserRole
FOLDER, ARTICLES, INDEXED, SKIPPED = range(4)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class FoldersDialog(QDialog):
    """The Folders view.  ``add`` asks for a folder and adds it (the window's
    Open Folder…), ``rescan`` brings the index up to date: both the window's."""

    def __init__(self, library: Library, *, add: Callable[[], object],
                 rescan: Callable[[], object],
                 to_team: Callable[[list[Path]], object] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Folders")
        self.resize(760, 400)
        self._library = library
        self._rescan = rescan
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(["Folder", "Articles", "Last indexed", "Skipped"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(FOLDER, QHeaderView.ResizeMode.Stretch)
        for column in (ARTICLES, INDEXED, SKIPPED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.add_button = QPushButton("&Add Folder…", self)
        self.add_button.clicked.connect(add)
        self.remove_button = QPushButton("&Remove…", self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.rescan_button = QPushButton("Re-&scan", self)
        self.rescan_button.setToolTip("Look for new, changed and deleted files in every folder now")
        self.rescan_button.clicked.connect(rescan)
        self.team_button = QPushButton("Add to &Team Library", self)
        self.team_button.setToolTip("Parse the selected folder's articles and store them in the "
                                    "team library, once, for every desktop of the team")
        self.team_button.clicked.connect(
            lambda: to_team and self.selected_folder() and to_team([Path(self.selected_folder())]))
        self.team_button.setVisible(bool(to_team and library.team_url))
        for button in (self.add_button, self.remove_button, self.rescan_button, self.team_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        #: Asked before a folder is removed; tests answer it.
        self.confirm_remove = self._confirm_remove
        self._indexing = False
        self.reload()

    # -- what is shown --------------------------------------------------------------------

    def reload(self) -> None:
        """Read the folders again, keeping the selected one selected."""
        selected = self.selected_folder()
        expanded = {self.tree.topLevelItem(i).data(FOLDER, _PATH_ROLE)
                    for i in range(self.tree.topLevelItemCount())
                    if self.tree.topLevelItem(i).isExpanded()}
        self.tree.clear()
        statuses = self._library.folder_statuses()
        for status in statuses:
            row = self._folder_row(status)
            self.tree.addTopLevelItem(row)
            row.setExpanded(status.path in expanded)
            if status.path == selected:
                row.setSelected(True)
        self._say(statuses)
        self._selection_changed()

    def _folder_row(self, status: FolderStatus) -> QTreeWidgetItem:
        if not status.found:
            indexed = "not found"
        elif self._indexing and not status.checked_at:
            indexed = "indexing…"
        else:
            indexed = format_moment(status.checked_at) if status.checked_at else "not yet"
        row = QTreeWidgetItem([status.path, f"{status.articles:,}", indexed,
                               f"{len(status.skipped):,}" if status.skipped else "—"])
        row.setData(FOLDER, _PATH_ROLE, status.path)
        row.setData(ARTICLES, _PATH_ROLE, status.articles)  # (what removing it takes away)
        for column in (ARTICLES, SKIPPED):
            row.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        icon = QStyle.StandardPixmap.SP_DirIcon if status.found else QStyle.StandardPixmap.SP_MessageBoxWarning
        row.setIcon(FOLDER, self.style().standardIcon(icon))
        row.setToolTip(FOLDER, status.path if status.found else
                       f"{status.path} is not there: moved, renamed, or on a drive that is not "
                       "mounted. Its articles stay out of the index until it is back.")
        for skip in status.skipped:
            name = os.path.relpath(skip.path, status.path)
            child = QTreeWidgetItem([name, "", "", ""])
            child.setFirstColumnSpanned(True)
            child.setText(FOLDER, f"{name}: {skip.reason}")
            child.setToolTip(FOLDER, f"{skip.path}\n{skip.reason}")
            child.setFlags(child.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            row.addChild(child)
        return row

    def _say(self, statuses: list[FolderStatus]) -> None:
        if not statuses:
            self.summary.setText("No folders. Add a folder of articles to start a library.")
            return
        articles = sum(s.articles for s in statuses)
        skipped = sum(len(s.skipped) for s in statuses)
        text = f"{_plural(len(statuses), 'folder')}, {_plural(articles, 'article')} in the index"
        if skipped:
            text += f"; {_plural(skipped, 'file')} could not be read (open a folder to see why)"
        missing = sum(not s.found for s in statuses)
        if missing:
            text += f"; {_plural(missing, 'folder')} not found"
        self.summary.setText(text + ("; indexing…" if self._indexing else "."))

    def set_indexing(self, running: bool) -> None:
        """An index update started or finished: Re-scan waits for it, the rows follow it."""
        self._indexing = running
        self.rescan_button.setEnabled(not running)
        self.reload()

    def index_started(self) -> None:
        self.set_indexing(True)

    def index_stopped(self, *_result: object) -> None:
        """After an update (its summary), or one that failed (its message)."""
        self.set_indexing(False)

    def selected_folder(self) -> str | None:
        rows = [item for item in self.tree.selectedItems() if item.parent() is None]
        return rows[0].data(FOLDER, _PATH_ROLE) if rows else None

    def _selection_changed(self) -> None:
        self.remove_button.setEnabled(self.selected_folder() is not None)
        self.team_button.setEnabled(self.selected_folder() is not None)

    # -- removing ---------------------------------------------------------------------------

    def remove_selected(self) -> bool:
        """Remove the selected folder after asking; its articles leave the index at once."""
        folder = self.selected_folder()
        if folder is None:
            return False
        row = next(item for item in self.tree.selectedItems() if item.parent() is None)
        if not self.confirm_remove(folder, row.data(ARTICLES, _PATH_ROLE)):
            return False
        try:
            self._library.remove_folder(folder)
        except LibraryError as exc:  # removed meanwhile, by reader-cli beside the window
            QMessageBox.warning(self, "Folders", str(exc))
        self.reload()
        self._rescan()
        return True

    def _confirm_remove(self, folder: str, articles: int) -> bool:
        answer = QMessageBox.question(
            self, "Remove Folder",
            f"Remove {folder} from the library?\n\nIts {_plural(articles, 'article')} leave the "
            "index now. The files stay where they are, and your notes are kept: add the folder "
            "again and they find their passages.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

"""Notes ▸ Trash…: the deleted notes the notes file keeps 30 days, to restore or let go.

Each row is a deleted note (its passage, its article, when it was deleted);
Restore puts the selected notes back as they were (and Undo can take that
back), Empty Trash deletes them all for good after asking.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QMessageBox, QPushButton,
    QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from ..core.library import Library
from ..core.model import Changes, LibraryError, NotesError, TrashedNote, format_moment
from .note_format import excerpt

_ID_ROLE = Qt.ItemDataRole.UserRole


class TrashDialog(QDialog):
    """The Trash; ``changed`` carries the ``Changes`` of each restore, and of emptying
    (which drops the undo steps that would bring its notes back): the window follows."""

    changed = Signal(object)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Trash")
        self.resize(720, 420)
        self._library = library
        self.summary = QLabel(self)
        self.list = QTreeWidget(self)
        self.list.setHeaderLabels(["Passage", "Article", "Deleted"])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemSelectionChanged.connect(self._selection_changed)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 200)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.restore_button = QPushButton("&Restore", self)
        self.restore_button.clicked.connect(self.restore_selected)
        self.empty_button = QPushButton("&Empty Trash…", self)
        self.empty_button.clicked.connect(self.empty)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.empty_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        #: Asked before emptying; tests answer it.
        self.confirm_empty = self._confirm_empty
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        kept: list[TrashedNote] = self._library.trash()
        for item in kept:
            row = QTreeWidgetItem([excerpt(item.note.exact, 90) or "(no passage)",
                                   item.note.article_title, format_moment(item.trashed)])
            row.setData(0, _ID_ROLE, item.note.id)
            row.setToolTip(0, item.note.body or item.note.exact)
            self.list.addTopLevelItem(row)
        self.summary.setText(
            f"{len(kept)} deleted note{'' if len(kept) == 1 else 's'}, kept 30 days after "
            "deletion." if kept else "The Trash is empty. Deleted notes wait here 30 days.")
        self.empty_button.setEnabled(bool(kept))
        self._selection_changed()

    def restore_selected(self) -> None:
        for row in self.list.selectedItems():
            try:
                changes: Changes = self._library.restore_note(row.data(0, _ID_ROLE))
            except (LibraryError, NotesError) as exc:
                QMessageBox.warning(self, "Cannot Restore", str(exc))
                break
            self.changed.emit(changes)
        self.reload()

    def empty(self) -> None:
        if self.list.topLevelItemCount() and self.confirm_empty():
            self._library.empty_trash()
            self.changed.emit(Changes(undo=self._library.undo_status()))
            self.reload()

    def _confirm_empty(self) -> bool:
        count = self.list.topLevelItemCount()
        which = "the note" if count == 1 else f"the {count} notes"
        answer = QMessageBox.question(
            self, "Empty the Trash?",
            f"Delete {which} in the Trash for good? This cannot be undone.",
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(bool(self.list.selectedItems()))

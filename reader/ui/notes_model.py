"""The notes as item models: one row per note, and a proxy that applies the filters.

``NotesModel`` is a thin list model over ``Note`` objects and
``NotesFilterModel`` a proxy that applies ``NoteFilters`` (text, tag,
colour, status); neither knows about the notes file.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt,
)

from ..core.model import INTACT, ORPHANED, Note
from .note_format import STATUS_HELP, anchor_history_lines, excerpt, status_label

NoteRole = Qt.ItemDataRole.UserRole + 1
NoteIdRole = Qt.ItemDataRole.UserRole + 2
StatusRole = Qt.ItemDataRole.UserRole + 3
ColorRole = Qt.ItemDataRole.UserRole + 4

ARTICLE, ALL = "article", "all"  # what the panel lists: the open article's notes, or all


def reading_order(notes: Sequence[Note]) -> list[Note]:
    """Notes by position in the text; orphans (whose position means nothing) last."""
    return sorted(notes, key=lambda n: (n.status == ORPHANED, n.start, n.end, n.created, n.id))


class NotesModel(QAbstractListModel):
    """One row per note; the Note itself under ``NoteRole``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notes: list[Note] = []

    def set_notes(self, notes: Sequence[Note]) -> None:
        self.beginResetModel()
        self._notes = list(notes)
        self.endResetModel()

    def notes(self) -> list[Note]:
        return list(self._notes)

    def row_of(self, note_id: str) -> int:
        return next((i for i, n in enumerate(self._notes) if n.id == note_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._notes)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._notes) or index.column() != 0:
            return None
        note = self._notes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return excerpt(note.exact, 120)
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [excerpt(note.exact, 400)]
            if note.status != INTACT:
                parts.append(f"{status_label(note)}: {STATUS_HELP.get(note.status, '')}")
            history = anchor_history_lines(note)
            if history:
                parts.append("Passage history:\n" + "\n".join(f"• {line}" for line in history))
            return "\n\n".join(parts)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            label = status_label(note)
            return f"{note.color} note{', ' + label if label else ''}: {excerpt(note.exact, 120)}"
        if role == NoteRole:
            return note
        if role == NoteIdRole:
            return note.id
        if role == StatusRole:
            return note.status
        if role == ColorRole:
            return note.color
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


@dataclass(frozen=True)
class NoteFilters:
    """What the library-wide view shows; None / "" = no constraint."""

    text: str = ""
    tag: str | None = None
    color: str | None = None
    status: str | None = None

    def accepts(self, note: Note) -> bool:
        if self.color is not None and note.color != self.color:
            return False
        if self.status is not None and note.status != self.status:
            return False
        if self.tag is not None and self.tag.casefold() not in {t.casefold() for t in note.tags}:
            return False
        words = self.text.casefold().split()
        if words:
            haystack = " ".join((note.exact, note.body, note.article_title, *note.tags)).casefold()
            return all(word in haystack for word in words)
        return True


class NotesFilterModel(QSortFilterProxyModel):
    """The notes that pass the panel's filters, in the source order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filters = NoteFilters()

    @property
    def filters(self) -> NoteFilters:
        return self._filters

    def set_filters(self, filters: NoteFilters) -> None:
        if filters != self._filters:
            self.beginFilterChange()
            self._filters = filters
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        note = self.sourceModel().index(source_row, 0, source_parent).data(NoteRole)
        return note is not None and self._filters.accepts(note)

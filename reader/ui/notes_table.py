"""The notes browser's item models: every note as a row of columns, flat or
grouped under its article, and the proxy that filters and sorts them.

``NotesTableModel`` is a two-level tree when grouped (an article's row,
its notes below it) and a flat list otherwise; ``NotesTableProxy`` applies
the same ``NoteFilters`` as the notes panel (a group stays while one of its
notes passes) and sorts on ``SortRole``, which gives every column a value
that sorts as the analyst means it: dates as times, colours in the
highlight menu's order, statuses from intact to orphaned, text without
regard to case.  An article's row sorts by its title in the Passage and
Article columns and by its newest note in the date columns.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt,
)
from PySide6.QtGui import QFont

from ..core.model import COLORS, STATUSES, Note, format_moment
from .note_format import excerpt, plain_text, status_label, swatch_icon
from .notes_model import NoteIdRole, NoteRole, NotesFilterModel
from .theme import Theme

COLUMNS = ("Passage", "Note", "Tags", "Article", "Colour", "Status", "Created", "Modified")
PASSAGE, BODY, TAGS, ARTICLE, COLOUR, STATUS, CREATED, MODIFIED = range(len(COLUMNS))
SortRole = Qt.ItemDataRole.UserRole + 20
ArticleRole = Qt.ItemDataRole.UserRole + 21  # an article's row: its id

Index = QModelIndex | QPersistentModelIndex
_TOP = 0  # internalId of top-level rows; a note under group g has g + 1


@dataclass
class _Group:
    article_id: str
    title: str
    notes: list[Note]


class NotesTableModel(QAbstractItemModel):
    """Notes as rows of columns; grouped by article, or flat."""

    def __init__(self, theme: Theme, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._grouped = True
        self._notes: list[Note] = []
        self._groups: list[_Group] = []

    # -- content ------------------------------------------------------------------------------

    @property
    def grouped(self) -> bool:
        return self._grouped

    def set_notes(self, notes: Sequence[Note], *, grouped: bool | None = None) -> None:
        self.beginResetModel()
        self._notes = list(notes)
        if grouped is not None:
            self._grouped = grouped
        groups: dict[str, _Group] = {}
        for note in self._notes:
            group = groups.setdefault(note.article_id, _Group(
                note.article_id, note.article_title or note.article_path, []))
            group.notes.append(note)
        self._groups = list(groups.values())
        self.endResetModel()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(COLUMNS) - 1))

    def notes(self) -> list[Note]:
        return list(self._notes)

    def note_index(self, note_id: str) -> QModelIndex:
        """Column 0 of the note's row, invalid if it is not listed."""
        if not self._grouped:
            row = next((i for i, n in enumerate(self._notes) if n.id == note_id), -1)
            return self.index(row, 0) if row >= 0 else QModelIndex()
        for number, group in enumerate(self._groups):
            for row, note in enumerate(group.notes):
                if note.id == note_id:
                    return self.createIndex(row, 0, number + 1)
        return QModelIndex()

    def group_index(self, article_id: str) -> QModelIndex:
        number = next((i for i, g in enumerate(self._groups) if g.article_id == article_id), -1)
        return self.index(number, 0) if self._grouped and number >= 0 else QModelIndex()

    # -- the tree -----------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        if not parent.isValid():
            return len(self._groups) if self._grouped else len(self._notes)
        if self._grouped and parent.internalId() == _TOP and parent.column() == 0:
            return len(self._groups[parent.row()].notes)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags if self._group_of(index) is not None else flags | Qt.ItemFlag.ItemNeverHasChildren

    def note_at(self, index: Index) -> Note | None:
        if not index.isValid():
            return None
        if not self._grouped:
            return self._notes[index.row()] if index.row() < len(self._notes) else None
        if index.internalId() == _TOP:
            return None
        return self._groups[index.internalId() - 1].notes[index.row()]

    def _group_of(self, index: Index) -> _Group | None:
        """The article's group of a top-level row when grouped; None for a note's row."""
        if self._grouped and index.isValid() and index.internalId() == _TOP:
            return self._groups[index.row()]
        return None

    # -- data ---------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        group = self._group_of(index)
        if group is not None:
            return self._group_data(group, index.column(), role)
        note = self.note_at(index)
        if note is None:
            return None
        if role == NoteRole:
            return note
        if role == NoteIdRole:
            return note.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._note_text(note, index.column())
        if role == SortRole:
            return _note_sort_key(note, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (PASSAGE, BODY):
            return excerpt(note.exact if index.column() == PASSAGE else note.body, 600) or None
        if role == Qt.ItemDataRole.DecorationRole and index.column() == PASSAGE:
            return swatch_icon(self._theme.highlight(note.color), 14)
        return None

    @staticmethod
    def _note_text(note: Note, column: int) -> str:
        if column == PASSAGE:
            return excerpt(note.exact, 140)
        if column == BODY:
            return excerpt(plain_text(note.body), 140)
        if column == TAGS:
            return " ".join(f"#{tag}" for tag in note.tags)
        if column == ARTICLE:
            return note.article_title or note.article_path
        if column == COLOUR:
            return note.color.capitalize()
        if column == STATUS:
            return status_label(note)  # (nothing to say of an intact note)
        if column == CREATED:
            return format_moment(note.created)
        return format_moment(note.modified)

    def _group_data(self, group: _Group, column: int, role: int):
        if role == ArticleRole:
            return group.article_id
        if role == Qt.ItemDataRole.DisplayRole:
            count = len(group.notes)
            if column == PASSAGE:
                return f"{group.title}  ({count} note{'' if count == 1 else 's'})"
            if column in (CREATED, MODIFIED):
                return format_moment(_newest(group, column))
            return None
        if role == SortRole:
            if column in (CREATED, MODIFIED):
                return _newest(group, column)
            return group.title.casefold() if column in (PASSAGE, ARTICLE) else ""
        if role == Qt.ItemDataRole.FontRole and column == PASSAGE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == PASSAGE:
            return group.title
        return None


def _newest(group: _Group, column: int) -> str:
    return max((n.created if column == CREATED else n.modified) for n in group.notes)


def _note_sort_key(note: Note, column: int):
    if column == COLOUR:
        return COLORS.index(note.color) if note.color in COLORS else len(COLORS)
    if column == STATUS:
        return STATUSES.index(note.status) if note.status in STATUSES else len(STATUSES)
    if column == CREATED:
        return note.created
    if column == MODIFIED:
        return note.modified
    return NotesTableModel._note_text(note, column).casefold()


class NotesTableProxy(NotesFilterModel):
    """The notes that pass the filters (with their articles' rows), sorted on ``SortRole``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setRecursiveFilteringEnabled(True)  # an article's row stays while a note passes
        self.setDynamicSortFilter(True)

    def lessThan(self, left: Index, right: Index) -> bool:  # noqa: N802
        a, b = left.data(SortRole), right.data(SortRole)
        if a == b:  # ties keep a stable, meaningful order: oldest note first
            a = left.sibling(left.row(), CREATED).data(SortRole) or ""
            b = right.sibling(right.row(), CREATED).data(SortRole) or ""
        return a < b

"""The library table: every article with its date, source and note count.

``LibraryTableModel`` is a thin adapter over ``Library.articles()`` rows
(``ArticleInfo``); ``LibraryFilterProxy`` adds the filter box and sorting with
proper keys (dates chronologically, note counts numerically).  The view only
shows and reports: opening an article is MainWindow's job.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from ..core.library import ArticleInfo

log = logging.getLogger("reader.ui.library_view")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
FILTER_ROLE = Qt.ItemDataRole.UserRole + 3
SOURCE_MIN_TABLE_WIDTH = 340  # px: below this the Source column is hidden

AnyIndex = QModelIndex | QPersistentModelIndex


def display_title(info: ArticleInfo) -> str:
    """The title, or the file name for an article without one."""
    return info.title.strip() or Path(info.path).name


class LibraryTableModel(QAbstractTableModel):
    """Rows are ``ArticleInfo``; columns Title, Date, Source, Notes."""

    TITLE, DATE, SOURCE, NOTES = range(4)
    HEADERS = ("Title", "Date", "Source", "Notes")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ArticleInfo] = []

    # -- data -------------------------------------------------------------------

    def set_articles(self, articles: Sequence[ArticleInfo]) -> None:
        """Replace the rows; when only note counts (or metadata) changed, update in place.

        An in-place update keeps the view's selection and scroll position,
        which matters because every note change refreshes the counts.
        """
        new = list(articles)
        if [a.id for a in new] == [a.id for a in self._rows]:
            for row, (old, info) in enumerate(zip(self._rows, new)):
                if old != info:
                    self._rows[row] = info
                    self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
            return
        self.beginResetModel()
        self._rows = new
        self.endResetModel()

    def article(self, row: int) -> ArticleInfo:
        return self._rows[row]

    def row_of(self, article_id: str) -> int:
        for row, info in enumerate(self._rows):
            if info.id == article_id:
                return row
        return -1

    # -- the model API ----------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.HEADERS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section == self.NOTES:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        info = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TITLE:
                return display_title(info)
            if column == self.DATE:
                return info.date[:10]
            if column == self.SOURCE:
                return info.source
            if column == self.NOTES:
                return str(info.note_count) if info.note_count else ""
        elif role == SORT_ROLE:
            if column == self.TITLE:
                return display_title(info).casefold()
            if column == self.DATE:
                return info.date  # ISO 8601 sorts chronologically as text
            if column == self.SOURCE:
                return info.source.casefold()
            if column == self.NOTES:
                return info.note_count
        elif role == ID_ROLE:
            return info.id
        elif role == FILTER_ROLE:
            return " ".join((display_title(info), info.date, info.source, info.author)).casefold()
        elif role == Qt.ItemDataRole.ToolTipRole:
            lines = [display_title(info)]
            if info.author:
                lines.append(f"by {info.author}")
            lines.append(info.path)
            return "\n".join(lines)
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == self.NOTES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif role == Qt.ItemDataRole.FontRole and column == self.TITLE and info.note_count:
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class LibraryFilterProxy(QSortFilterProxyModel):
    """Sorting on real keys, and a filter box where every word must match somewhere."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._words: list[str] = []

    def set_filter_text(self, text: str) -> None:
        words = text.casefold().split()
        if words == self._words:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._words = words
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        haystack = model.data(model.index(source_row, 0, source_parent), FILTER_ROLE) or ""
        return all(word in haystack for word in self._words)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a == b:  # a stable tie-break: the title
            model = self.sourceModel()
            return (model.index(left.row(), 0).data(SORT_ROLE) or "") < (
                model.index(right.row(), 0).data(SORT_ROLE) or "")
        if isinstance(a, str) and isinstance(b, str) and (not a or not b):
            # Undated (or sourceless) articles go last, whichever the order.
            if self.sortOrder() == Qt.SortOrder.AscendingOrder:
                return bool(a) and not b
            return not a and bool(b)
        return a < b


class LibraryView(QWidget):
    """Filter box over the article table."""

    articleActivated = Signal(str)  # article id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LibraryTableModel(self)
        self.proxy = LibraryFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter by title, source, author or date")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter the library")
        self.filter_edit.textChanged.connect(self._filter_changed)

        self.table = _PlaceholderTable(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(LibraryTableModel.DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(LibraryTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (LibraryTableModel.DATE, LibraryTableModel.SOURCE, LibraryTableModel.NOTES):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(32)
        # The title elides; a horizontal scroll bar in a narrow pane helps nobody.
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fit_columns()
        self.table.clicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        self.table.setAccessibleName("Articles in the library")
        self._update_placeholder()
        self.proxy.modelReset.connect(self._update_placeholder)
        self.proxy.rowsInserted.connect(self._update_placeholder)
        self.proxy.rowsRemoved.connect(self._update_placeholder)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)

    def set_articles(self, articles: Sequence[ArticleInfo]) -> None:
        self.model.set_articles(articles)
        self._update_placeholder()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Date and note count as wide as they need; the source at most a quarter;
        the title gets the rest (it is what the analyst reads)."""
        metrics = self.fontMetrics()
        header = self.table.horizontalHeader()
        width = self.table.viewport().width() or self.width()
        header.resizeSection(LibraryTableModel.DATE, metrics.horizontalAdvance("2016-11-24") + 18)
        header.resizeSection(LibraryTableModel.NOTES, metrics.horizontalAdvance("Notes") + 14)
        # In a narrow pane the source gives way to the title (it stays in the
        # tooltip and the filter); widen the pane to get the column back.
        narrow = width < SOURCE_MIN_TABLE_WIDTH
        self.table.setColumnHidden(LibraryTableModel.SOURCE, narrow)
        if not narrow:
            header.resizeSection(LibraryTableModel.SOURCE, max(
                48, min(metrics.horizontalAdvance("Russia Insider") + 12, width // 5)))

    def article_count(self) -> int:
        return self.model.rowCount()

    def select_article(self, article_id: str) -> None:
        """Make the open article the current row, without emitting articleActivated."""
        row = self.model.row_of(article_id)
        if row < 0:
            self.table.clearSelection()
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def current_article_id(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def _activated(self, index: QModelIndex) -> None:
        article_id = index.data(ID_ROLE)
        if article_id:
            self.articleActivated.emit(article_id)

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        self._update_placeholder()

    def _update_placeholder(self) -> None:
        if self.model.rowCount() == 0:
            text = "The library is empty.\nUse File ▸ Open Folder… to add a folder of articles."
        elif self.proxy.rowCount() == 0:
            text = "No article matches the filter."
        else:
            text = ""
        self.table.set_placeholder(text)


class _PlaceholderTable(QTableView):
    """A table that says something helpful when it has no rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._placeholder = ""

    def set_placeholder(self, text: str) -> None:
        if text != self._placeholder:
            self._placeholder = text
            self.viewport().update()

    @property
    def placeholder(self) -> str:
        return self._placeholder

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._placeholder:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            rect = self.viewport().rect().adjusted(16, 16, -16, -16)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                                       | Qt.TextFlag.TextWordWrap), self._placeholder)
            painter.end()

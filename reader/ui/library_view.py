"""The library table: every article with its date, source, note count and language.

``LibraryTableModel`` is a thin adapter over ``Library.articles()`` rows
(``ArticleInfo``) that sorts and filters by itself.  A
``QSortFilterProxyModel`` would call back into Python for every comparison
and every row it filters: with 20,000 articles that froze the window for
seconds.  Here each row's sort keys and filter text are computed once, when
the rows arrive, and a sort or a filter is one ``list.sort`` or one list
comprehension.  The view only shows and reports: opening an article is
MainWindow's job.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePath

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTableView, QVBoxLayout, QWidget

from ..core.model import ArticleInfo, language_name
from .follow_keys import FollowKeys

ID_ROLE = Qt.ItemDataRole.UserRole + 2
SOURCE_MIN_TABLE_WIDTH = 340  # px: below this the Source column is hidden
LANGUAGE_MIN_TABLE_WIDTH = 480  # px: below this the Language column is hidden
FOLDER_MIN_TABLE_WIDTH = 620  # px: below this the Folder column is hidden

AnyIndex = QModelIndex | QPersistentModelIndex


def display_title(info: ArticleInfo) -> str:
    """The title, or the file name for an article without one."""
    return info.title.strip() or Path(info.path).name


def _filter_text(info: ArticleInfo) -> str:
    return " ".join((display_title(info), info.date, info.source, info.author,
                     language_name(info.language))).casefold()


# Language and Folder come last: they are the columns a narrow pane gives up first.
TITLE, DATE, SOURCE, NOTES, LANGUAGE, FOLDER = range(6)


def sort_order(rows: Sequence[ArticleInfo], titles: Sequence[str], column: int,
               descending: bool) -> list[int]:
    """Indexes of ``rows`` sorted on ``column``'s real key, the title breaking ties.

    Dates sort chronologically (ISO 8601 text), note counts numerically,
    languages by name; empty dates, sources and languages go last whichever
    the order.
    """
    indexes = range(len(rows))
    if column == TITLE:
        return sorted(indexes, key=titles.__getitem__, reverse=descending)
    if column == NOTES:
        key = [(info.note_count, titles[i]) for i, info in enumerate(rows)]
        return sorted(indexes, key=key.__getitem__, reverse=descending)
    if column == LANGUAGE:
        values = [language_name(info.language).casefold() for info in rows]
    elif column == FOLDER:
        values = [str(PurePath(info.path).parent).casefold() for info in rows]
    else:
        values = [info.date if column == DATE else info.source.casefold() for info in rows]
    keys = list(zip(values, titles))
    filled = sorted((i for i in indexes if values[i]), key=keys.__getitem__, reverse=descending)
    empty = sorted((i for i in indexes if not values[i]), key=titles.__getitem__)
    return filled + empty


@dataclasses.dataclass(frozen=True)
class LibraryRows:
    """Rows with their sort titles, filter texts and order, computed where waiting is cheap.

    For 20,000 articles that is some 50 ms of Python: the window prepares
    them on its thread pool, next to reading the rows, for the sort the
    table had when it asked (``sorted_by``).
    """

    articles: list[ArticleInfo]
    titles: list[str]
    haystacks: list[str]
    order: list[int] | None = None
    sorted_by: tuple[int, bool] | None = None

    @classmethod
    def prepare(cls, articles: Sequence[ArticleInfo],
                sorted_by: tuple[int, bool] | None = None) -> LibraryRows:
        rows = list(articles)
        titles = [display_title(info).casefold() for info in rows]
        order = sort_order(rows, titles, *sorted_by) if sorted_by is not None else None
        return cls(rows, titles, [_filter_text(info) for info in rows], order, sorted_by)


class LibraryTableModel(QAbstractTableModel):
    """Rows are ``ArticleInfo``; columns Title, Date, Source, Notes, Language, Folder.

    ``_rows`` holds every article; ``_sorted`` the indexes into it in the
    current sort order, and ``_shown`` those of them that pass the filter.
    Row numbers of the model API are positions in ``_shown``.
    """

    TITLE, DATE, SOURCE, NOTES, LANGUAGE, FOLDER = TITLE, DATE, SOURCE, NOTES, LANGUAGE, FOLDER
    HEADERS = ("Title", "Date", "Source", "Notes", "Language", "Folder")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ArticleInfo] = []
        self._titles: list[str] = []  # casefolded display titles: a sort key and the tie-break
        self._haystacks: list[str] = []
        self._sorted: list[int] = []
        self._shown: list[int] = []
        self._position: dict[str, int] | None = None  # article id -> row, made when asked
        self._words: list[str] = []
        self._sort_column = self.DATE
        self._sort_order = Qt.SortOrder.DescendingOrder

    # -- data -------------------------------------------------------------------

    def set_articles(self, articles: Sequence[ArticleInfo] | LibraryRows) -> None:
        """Replace the rows; when only metadata or note counts changed, update in place.

        An in-place update keeps the view's selection and scroll position.
        """
        rows = articles if isinstance(articles, LibraryRows) else LibraryRows.prepare(articles)
        new = rows.articles
        if len(new) == len(self._rows) and all(
                a.id == b.id for a, b in zip(new, self._rows)):
            changed = [i for i, (old, info) in enumerate(zip(self._rows, new)) if old != info]
            for i in changed:
                self._set_row(i, new[i])
            self._changed(changed, resort=True)
            return
        self.beginResetModel()
        self._rows = list(new)
        self._titles = list(rows.titles)
        self._haystacks = list(rows.haystacks)
        ready = rows.order is not None and rows.sorted_by == self.sort_state()
        self._sorted = list(rows.order) if ready else self._ordered()
        self._shown = self._matching()
        self._position = None
        self.endResetModel()

    def set_note_counts(self, counts: Mapping[str, int]) -> None:
        """New note counts (article id -> count; missing means none), updated in place."""
        changed = [i for i, info in enumerate(self._rows) if counts.get(info.id, 0) != info.note_count]
        for i in changed:
            info = self._rows[i]
            self._set_row(i, dataclasses.replace(info, note_count=counts.get(info.id, 0)))
        self._changed(changed, resort=self._sort_column == self.NOTES)

    def _set_row(self, i: int, info: ArticleInfo) -> None:
        self._rows[i] = info
        self._titles[i] = display_title(info).casefold()
        self._haystacks[i] = _filter_text(info)

    def _changed(self, changed: list[int], resort: bool) -> None:
        """Tell the view about rows changed in place, re-sorting first if their keys may have moved."""
        if not changed:
            return
        if resort:
            self.sort(self._sort_column, self._sort_order)
        position = self._positions()
        last = len(self.HEADERS) - 1
        for i in changed:
            row = position.get(self._rows[i].id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def set_filter_words(self, text: str) -> bool:
        """Show only rows where every word occurs in the title, date, source or author.

        Returns whether the shown rows changed.
        """
        words = text.casefold().split()
        if words == self._words:
            return False
        self.beginResetModel()
        self._words = words
        self._shown = self._matching()
        self._position = None
        self.endResetModel()
        return True

    def _matching(self) -> list[int]:
        """The sorted rows that pass the filter, narrowed word by word (still in order)."""
        matching = self._sorted
        haystacks = self._haystacks
        for word in self._words:
            matching = [i for i in matching if word in haystacks[i]]
        return list(matching)

    def _ordered(self) -> list[int]:
        return sort_order(self._rows, self._titles, self._sort_column,
                          self._sort_order == Qt.SortOrder.DescendingOrder)

    def sort_state(self) -> tuple[int, bool]:
        """(column, descending): what LibraryRows.prepare needs to sort rows in advance."""
        return self._sort_column, self._sort_order == Qt.SortOrder.DescendingOrder

    def article(self, row: int) -> ArticleInfo:
        return self._rows[self._shown[row]]

    def articles(self) -> list[ArticleInfo]:
        """Every article, shown or filtered out."""
        return list(self._rows)

    def total_count(self) -> int:
        return len(self._rows)

    def row_of(self, article_id: str) -> int:
        """The row showing ``article_id``; -1 when it is not in the library or filtered out."""
        return self._positions().get(article_id, -1)

    def _positions(self) -> dict[str, int]:
        if self._position is None:
            rows = self._rows
            self._position = {rows[i].id: row for row, i in enumerate(self._shown)}
        return self._position

    # -- the model API ----------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.HEADERS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section == self.NOTES:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        info = self._rows[self._shown[index.row()]]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.TITLE:  # a row per file; a text saved twice says so, up front
                copies = f"{info.copies + 1}× " if info.copies else ""  # (a narrow pane elides the end)
                return copies + display_title(info)
            if column == self.DATE:
                return info.date[:10]
            if column == self.SOURCE:
                return info.source
            if column == self.NOTES:
                return str(info.note_count) if info.note_count else ""
            if column == self.LANGUAGE:
                return language_name(info.language)
            if column == self.FOLDER:  # the folder it is in; the whole path in the tooltip
                return PurePath(info.path).parent.name
        elif role == ID_ROLE:
            return info.id
        elif role == Qt.ItemDataRole.ToolTipRole:
            lines = [display_title(info)]
            if info.author:
                lines.append(f"by {info.author}")
            lines.append(info.path)
            if info.copies:
                lines.append(f"{info.copies + 1}×: the same text as {info.copies} other "
                             f"file{'s' if info.copies != 1 else ''}; a search shows them as one result.")
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

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column on its real key: dates chronologically, note counts numerically."""
        if not 0 <= column < len(self.HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._rows[self._shown[index.row()]].id for index in persistent]
        self._sort_column, self._sort_order = column, order
        self._sorted = self._ordered()
        self._shown = self._matching()
        self._position = None
        position = self._positions()
        self.changePersistentIndexList(
            persistent, [self.index(position[article_id], index.column())
                         for index, article_id in zip(persistent, ids)])
        self.layoutChanged.emit()


class LibraryView(QWidget):
    """Filter box over the article table."""

    articleActivated = Signal(str)  # article id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = LibraryTableModel(self)
        self._loading = False
        self._indexing = False

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter by title, source, author, date or language")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter the library")
        self.filter_edit.textChanged.connect(self._filter_changed)

        self.table = _PlaceholderTable(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(LibraryTableModel.DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # 20,000 rows: no measuring
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(LibraryTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (LibraryTableModel.DATE, LibraryTableModel.SOURCE, LibraryTableModel.NOTES,
                       LibraryTableModel.LANGUAGE, LibraryTableModel.FOLDER):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(32)
        # The title elides; a horizontal scroll bar in a narrow pane helps nobody.
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._fit_columns()
        self.table.clicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        self.follow = FollowKeys(self.table, self._activated)
        self.table.setAccessibleName("Articles in the library")
        self._update_placeholder()
        self.model.modelReset.connect(self._update_placeholder)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)

    def set_articles(self, articles: Sequence[ArticleInfo] | LibraryRows) -> None:
        """New rows; the current article stays current (and selected) if it is still there."""
        self._loading = False
        self._keeping_current(lambda: self.model.set_articles(articles))
        self._update_placeholder()

    def set_note_counts(self, counts: Mapping[str, int]) -> None:
        self.model.set_note_counts(counts)

    def set_loading(self) -> None:
        """Say the rows are on their way (the first load of a big library takes a moment)."""
        self._loading = True
        self._update_placeholder()

    def set_indexing(self, indexing: bool) -> None:
        """An empty table while the first index is built says so, not "empty"."""
        self._indexing = indexing
        self._update_placeholder()

    def _keeping_current(self, change) -> None:
        current = self.current_article_id()
        change()
        if current and self.current_article_id() != current:
            self.select_article(current)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Date, note count and language as wide as they need; the source at
        most a fifth; the title gets the rest (it is what the analyst reads)."""
        metrics = self.fontMetrics()
        header = self.table.horizontalHeader()
        width = self.table.viewport().width() or self.width()
        header.resizeSection(LibraryTableModel.DATE, metrics.horizontalAdvance("2016-11-24") + 18)
        header.resizeSection(LibraryTableModel.NOTES, metrics.horizontalAdvance("Notes") + 14)
        header.resizeSection(LibraryTableModel.LANGUAGE,
                             metrics.horizontalAdvance("Ukrainian") + 18)
        self.table.setColumnHidden(LibraryTableModel.LANGUAGE, width < LANGUAGE_MIN_TABLE_WIDTH)
        self.table.setColumnHidden(LibraryTableModel.FOLDER, width < FOLDER_MIN_TABLE_WIDTH)
        header.resizeSection(LibraryTableModel.FOLDER, max(
            48, min(metrics.horizontalAdvance("Syria briefs") + 18, width // 5)))
        # In a narrow pane the source gives way to the title (it stays in the
        # tooltip and the filter); widen the pane to get the column back.
        narrow = width < SOURCE_MIN_TABLE_WIDTH
        self.table.setColumnHidden(LibraryTableModel.SOURCE, narrow)
        if not narrow:
            header.resizeSection(LibraryTableModel.SOURCE, max(
                48, min(metrics.horizontalAdvance("Russia Insider") + 12, width // 5)))

    def article_count(self) -> int:
        """Articles in the library, whether or not the filter shows them."""
        return self.model.total_count()

    def select_article(self, article_id: str) -> None:
        """Make the open article the current row, without emitting articleActivated."""
        row = self.model.row_of(article_id)
        if row < 0:
            self.table.clearSelection()
            return
        index = self.model.index(row, 0)
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
        self._keeping_current(lambda: self.model.set_filter_words(text))

    def _update_placeholder(self) -> None:
        if self._loading and self.model.total_count() == 0:
            text = "Loading the library…"
        elif self._indexing and self.model.total_count() == 0:
            text = "Indexing your articles…\nThey are listed here as soon as it is done."
        elif self.model.total_count() == 0:
            text = "The library is empty.\nUse File ▸ Open Folder… to add a folder of articles."
        elif self.model.rowCount() == 0:
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

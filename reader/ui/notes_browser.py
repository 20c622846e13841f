"""Notes ▸ Notes Browser…: every note in the library, to sort, group and work on in bulk.

A window of its own beside the reading window: the notes as rows (passage,
note, tags, article, colour, status, created, modified), grouped under their
articles or not, sorted by any column (a header click), filtered as in the
notes panel.  Enter or a double-click shows the note in its article and the
browser keeps its place: the same rows selected, the same scroll, the same
groups open, after every change.  A selection (an article's row stands for
its notes) can be tagged, untagged, recoloured, deleted (to the Trash) or
exported at once; each is one step that Undo (Ctrl+Z, here too) takes back.
The sort and the grouping are remembered.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QMenu,
    QPushButton, QToolButton, QTreeView, QVBoxLayout, QWidget,
)

from ..core.model import COLORS, Changes, Note, normalise_tags
from .follow_keys import return_on_current
from .note_filter_bar import NoteFilterBar
from .note_format import current_theme, swatch_icon
from .notes_controller import NotesController
from .notes_model import NoteFilters, NoteRole
from .notes_table import ARTICLE, BODY, COLUMNS, MODIFIED, PASSAGE, ArticleRole, NotesTableModel, NotesTableProxy
from .theme import Theme

_SETTINGS = "notes_browser"


class NotesTree(QTreeView):
    """The rows; Return (or Enter) shows the current note in its article."""

    returnPressed = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not return_on_current(self, event, self.returnPressed):
            super().keyPressEvent(event)


class NotesBrowser(QDialog):
    """The notes browser; ``noteActivated`` asks the window to show a note,
    ``exportRequested`` to export the given notes."""

    noteActivated = Signal(str)
    exportRequested = Signal(list)  # note ids

    def __init__(self, controller: NotesController, settings: QSettings,
                 window_actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Notes Browser")
        self.setWindowFlag(Qt.WindowType.Window)  # a window of its own, with its own size
        self.resize(1100, 640)
        self._controller = controller
        self._settings = settings
        self.theme: Theme = current_theme()
        self.model = NotesTableModel(self.theme, self)
        self.proxy = NotesTableProxy(self)
        self.proxy.setSourceModel(self.model)
        self._collapsed: set[str] = set()  # the articles whose rows the analyst closed

        self.filter_bar = NoteFilterBar(self)
        self.filter_bar.changed.connect(self._filter)
        self.group_check = QCheckBox("&Group by article", self)
        self.group_check.setChecked(settings.value(f"{_SETTINGS}/grouped", True, type=bool))
        self.group_check.toggled.connect(self._set_grouped)
        self.tree = NotesTree(self)
        self.tree.setModel(self.proxy)
        self.tree.setSortingEnabled(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.setAccessibleName("Notes")
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in ((PASSAGE, 330), (BODY, 220), (ARTICLE, 200)):
            header.resizeSection(column, width)
        for column in range(2, len(COLUMNS)):
            if column not in (ARTICLE,):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.sortByColumn(settings.value(f"{_SETTINGS}/sort_column", MODIFIED, type=int),
                               Qt.SortOrder(settings.value(f"{_SETTINGS}/sort_order", 1, type=int)))
        header.sortIndicatorChanged.connect(self._remember_sort)
        self.tree.returnPressed.connect(self._activate)
        self.tree.doubleClicked.connect(self._activate)
        self.tree.customContextMenuRequested.connect(self._show_menu)
        self.tree.collapsed.connect(lambda index: self._collapsed.add(index.data(ArticleRole)))
        self.tree.expanded.connect(lambda index: self._collapsed.discard(index.data(ArticleRole)))
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        for signal in (self.proxy.layoutChanged, self.proxy.modelReset, self.proxy.rowsInserted):
            signal.connect(self._span_groups)

        self.summary = QLabel(self)
        self.show_button = QPushButton("&Show in Article", self)
        self.show_button.clicked.connect(lambda: self._activate(self.tree.currentIndex()))
        self.tag_button = QPushButton("Add &Tag…", self)
        self.tag_button.clicked.connect(self.add_tag)
        self.untag_button = QPushButton("&Remove Tag…", self)
        self.untag_button.clicked.connect(self.remove_tag)
        self.color_button = QToolButton(self)
        self.color_button.setText("&Colour")
        self.color_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.color_menu = QMenu(self)
        for color in COLORS:
            action = self.color_menu.addAction(color.capitalize())
            action.setData(color)
            action.triggered.connect(lambda _checked=False, c=color: self.recolour(c))
        self.color_button.setMenu(self.color_menu)
        self.delete_button = QPushButton("&Delete", self)
        self.delete_button.setToolTip("Move the selected notes to the Trash (Undo brings them back)")
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button = QPushButton("E&xport…", self)
        self.export_button.clicked.connect(lambda: self.exportRequested.emit(self.selected_note_ids()))
        self._bulk = (self.tag_button, self.untag_button, self.color_button, self.delete_button,
                      self.export_button)

        top = QHBoxLayout()
        top.addWidget(self.filter_bar, 1)
        top.addWidget(self.group_check)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        for button in (self.show_button, *self._bulk):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.addActions(window_actions)  # Undo and Redo work here as in the window

        #: Asked for a tag to add / to remove; tests answer them.
        self.ask_tag_to_add: Callable[[list[str]], str | None] = self._ask_tag_to_add
        self.ask_tag_to_remove: Callable[[list[str]], str | None] = self._ask_tag_to_remove
        controller.notesChanged.connect(self._notes_changed)
        self.apply_theme(self.theme)
        self._show_grouping(self.group_check.isChecked())
        self.reload()

    # -- what is listed ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch the notes again, keeping the place: selection, current row, scroll, open groups."""
        selected, current = set(self.selected_note_ids()), self._current_key()
        scroll = self.tree.verticalScrollBar().value()
        self.model.set_notes(self._controller.all_notes())
        self.filter_bar.set_tags(self._controller.tags())
        self._restore(selected, current)
        self.tree.verticalScrollBar().setValue(scroll)
        self._selection_changed()

    def _notes_changed(self, _article_id: str) -> None:
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.reload()  # what changed while it was hidden

    def _restore(self, selected: set[str], current: tuple[str, str] | None) -> None:
        """Open the groups (but the closed ones), select the notes again, make ``current`` current."""
        closed = set(self._collapsed)  # (opening all of them says each was opened)
        self.tree.expandAll()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ArticleRole) in closed:
                self.tree.collapse(index)
        self._collapsed = closed
        selection = self.tree.selectionModel()
        flags = (selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
        for note_id in selected:
            index = self._view_index(note_id)
            if index.isValid():
                selection.select(index, flags)
        if current is not None:
            kind, key = current
            index = self._view_index(key) if kind == "note" else self.proxy.mapFromSource(
                self.model.group_index(key))
            if index.isValid():
                selection.setCurrentIndex(index, selection.SelectionFlag.NoUpdate)

    def _view_index(self, note_id: str) -> QModelIndex:
        return self.proxy.mapFromSource(self.model.note_index(note_id))

    def _current_key(self) -> tuple[str, str] | None:
        index = self.tree.currentIndex()
        note = index.data(NoteRole)
        if note is not None:
            return "note", note.id
        article_id = index.data(ArticleRole)
        return ("article", article_id) if article_id else None

    def _filter(self, filters: NoteFilters) -> None:
        self.proxy.set_filters(filters)
        self._restore(set(self.selected_note_ids()), self._current_key())
        self._say()

    def _set_grouped(self, grouped: bool) -> None:
        self._settings.setValue(f"{_SETTINGS}/grouped", grouped)
        selected, current = set(self.selected_note_ids()), self._current_key()
        self._show_grouping(grouped)
        self._restore(selected, current if current and current[0] == "note" else None)
        self._selection_changed()

    def _span_groups(self, *_args) -> None:
        """An article's row spans the columns: its title is read whole, not cut at Passage."""
        for row in range(self.proxy.rowCount()):
            spanned = self.proxy.index(row, 0).data(ArticleRole) is not None
            self.tree.setFirstColumnSpanned(row, QModelIndex(), spanned)

    def _show_grouping(self, grouped: bool) -> None:
        self.model.set_notes(self.model.notes(), grouped=grouped)
        self.tree.setRootIsDecorated(grouped)
        self.tree.setColumnHidden(ARTICLE, grouped)  # the group's row names the article

    def _remember_sort(self, column: int, order: Qt.SortOrder) -> None:
        self._settings.setValue(f"{_SETTINGS}/sort_column", column)
        self._settings.setValue(f"{_SETTINGS}/sort_order", order.value)

    def visible_notes(self) -> list[Note]:
        """The notes listed, top to bottom (groups open or not), after filtering and sorting."""
        notes: list[Note] = []
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            note = index.data(NoteRole)
            if note is not None:
                notes.append(note)
            notes.extend(self.proxy.index(r, 0, index).data(NoteRole)
                         for r in range(self.proxy.rowCount(index)))
        return notes

    def selected_note_ids(self) -> list[str]:
        """The selected notes, top to bottom; an article's row stands for its notes listed."""
        ids: list[str] = []
        for index in sorted(self.tree.selectionModel().selectedRows(),
                            key=lambda i: (i.parent().row(), i.row()) if i.parent().isValid()
                            else (i.row(), -1)):
            note = index.data(NoteRole)
            if note is not None:
                ids.append(note.id)
            else:
                ids.extend(self.proxy.index(r, 0, index).data(NoteRole).id
                           for r in range(self.proxy.rowCount(index)))
        return list(dict.fromkeys(ids))

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.model.set_theme(theme)
        self.filter_bar.apply_theme(theme)
        for action in self.color_menu.actions():
            action.setIcon(swatch_icon(theme.highlight(action.data())))

    # -- acting on the selection --------------------------------------------------------------

    def add_tag(self) -> Changes | None:
        ids = self.selected_note_ids()
        tag = self.ask_tag_to_add(self._controller.tags()) if ids else None
        tags = normalise_tags((tag or "").split(","))
        return self._done(self._controller.edit_notes(ids, add_tags=tags), "tagged") if tags else None

    def remove_tag(self) -> Changes | None:
        ids = set(self.selected_note_ids())
        present = normalise_tags(t for n in self.model.notes() if n.id in ids for t in n.tags)
        tag = self.ask_tag_to_remove(present) if present else None
        return self._done(self._controller.edit_notes(list(ids), remove_tags=[tag]), "untagged") \
            if tag else None

    def recolour(self, color: str) -> Changes | None:
        ids = self.selected_note_ids()
        return self._done(self._controller.edit_notes(ids, color=color), "recoloured") if ids else None

    def delete_selected(self) -> Changes | None:
        ids = self.selected_note_ids()
        changes = self._controller.delete_notes(ids)
        if changes is not None and changes.removed:
            count = len(changes.removed)
            self.summary.setText(f"{count} note{'' if count == 1 else 's'} moved to the Trash; "
                                 "Undo (Ctrl+Z) brings them back.")
        return changes

    def _done(self, changes: Changes | None, verb: str) -> Changes | None:
        if changes is not None:
            count = len(changes.changed)
            self.summary.setText(f"{count} note{'' if count == 1 else 's'} {verb}."
                                 if count else "Nothing to change: the notes already were so.")
        return changes

    def _ask_tag_to_add(self, known: list[str]) -> str | None:
        tag, ok = QInputDialog.getItem(self, "Add Tag", "Tag (several: separated by commas):",
                                       known, -1, True)
        return tag if ok else None

    def _ask_tag_to_remove(self, present: list[str]) -> str | None:
        tag, ok = QInputDialog.getItem(self, "Remove Tag", "Remove this tag from the selected notes:",
                                       present, 0, False)
        return tag if ok else None

    # -- the rest -----------------------------------------------------------------------------

    def _activate(self, index: QModelIndex) -> None:
        note = index.data(NoteRole)
        if note is not None:
            self.noteActivated.emit(note.id)

    def _selection_changed(self, *_args) -> None:
        count = len(self.selected_note_ids())
        for button in self._bulk:
            button.setEnabled(count > 0)
        self.show_button.setEnabled(self.tree.currentIndex().data(NoteRole) is not None)
        self._say(count)

    def _say(self, selected: int | None = None) -> None:
        if selected is None:
            selected = len(self.selected_note_ids())
        notes = self.visible_notes()
        total = len(self.model.notes())
        articles = len({n.article_id for n in notes})
        text = (f"{len(notes):,} of {total:,} notes" if len(notes) != total else f"{total:,} notes")
        text += f" in {articles:,} article{'' if articles == 1 else 's'}"
        if selected:
            text += f" · {selected:,} selected"
        self.summary.setText(text if total else "No notes yet. Select a passage in an article "
                             "to highlight it or add a note.")

    def _show_menu(self, point) -> None:
        if not self.tree.indexAt(point).isValid():
            return
        menu = QMenu(self)
        menu.addAction("&Show in Article", lambda: self._activate(self.tree.currentIndex())
                       ).setEnabled(self.show_button.isEnabled())
        menu.addSeparator()
        menu.addAction("Add &Tag…", self.add_tag)
        menu.addAction("&Remove Tag…", self.remove_tag)
        menu.addMenu(self.color_menu).setText("&Colour")
        menu.addAction("&Delete", self.delete_selected)
        menu.addSeparator()
        menu.addAction("E&xport…", lambda: self.exportRequested.emit(self.selected_note_ids()))
        menu.exec(self.tree.viewport().mapToGlobal(point))
        menu.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Delete and self.selected_note_ids():
            self.delete_selected()
            event.accept()
            return
        super().keyPressEvent(event)


__all__ = ["NotesBrowser", "NotesTableModel", "NotesTableProxy"]

"""The notes panel: the open article's notes in reading order, or every note.

Each note is a card: its colour, the quoted passage, the rendered note, its
tags and, when the article changed under it, a status badge (moved, fuzzy,
orphaned).  The library-wide view filters by text, tag, colour and status.
Clicking a card asks the main window to show the passage (``noteActivated``);
double-clicking, F2 or Edit opens the note editor; Delete deletes (undoable).

The models and the filters are in notes_model.py, the cards in
note_card.py; this module is the panel widget.
"""
from __future__ import annotations


from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView, QButtonGroup, QHBoxLayout, QLabel, QListView, QMenu,
    QStackedWidget, QToolButton, QVBoxLayout, QWidget,
)

from ..core.model import FUZZY, ORPHANED, Note, TeamEntry
from .actions import Actions
from .note_card import NoteCardDelegate, NotesList
from .note_filter_bar import NoteFilterBar
from .note_format import current_theme
from .notes_controller import NotesController
from .notes_model import (
    ALL, ARTICLE, ColorRole, NoteFilters, NoteIdRole, NoteRole, NotesFilterModel, NotesModel,
    StatusRole, reading_order,
)
from .theme import Theme
from .versions_dialog import VersionsDialog

_REATTACHABLE = (ORPHANED, FUZZY)


class NotesPanel(QWidget):
    """The notes of the open article, or of the whole library, as cards."""

    noteActivated = Signal(str)

    def __init__(self, controller: NotesController, actions: Actions,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._actions = actions
        self._mode = ARTICLE
        self._article_id: str | None = None
        self.theme: Theme = current_theme()
        #: The team notes' places in the team library, as of the last reload (the cards show them).
        self.team: dict[str, TeamEntry] = {}
        #: How many other versions of each note are kept (cards say so; Other Versions… shows them).
        self.versions: dict[str, int] = {}

        self.model = NotesModel(self)
        self.proxy = NotesFilterModel(self)
        self.proxy.setSourceModel(self.model)

        self.title_label = QLabel("Notes", self)
        title_font = QFont(self.title_label.font())
        title_font.setBold(True)
        self.title_label.setFont(title_font)
        self.count_label = QLabel(self)
        self.article_button = self._scope_button("Article", "The notes of the open article, in reading order")
        self.all_button = self._scope_button("All", "Every note in the library (Ctrl+Shift+N)")
        self._scope = QButtonGroup(self)
        self._scope.addButton(self.article_button)
        self._scope.addButton(self.all_button)
        self.article_button.setChecked(True)
        self.article_button.clicked.connect(lambda: self.show_article_notes(self._article_id))
        self.all_button.clicked.connect(self.show_all_notes)

        self.filter_bar = NoteFilterBar(self, stacked=True)
        self.filter_bar.changed.connect(self._apply_filters)
        bar = self.filter_bar  # the panel's own names for its parts, as tests and callers use them
        self.filter_edit, self.tag_combo = bar.filter_edit, bar.tag_combo
        self.color_combo, self.status_combo = bar.color_combo, bar.status_combo

        self.view = NotesList(self)
        self.view.returnPressed.connect(self._activate)
        self.view.setModel(self.proxy)
        self.delegate = NoteCardDelegate(self.view, self)
        self.view.setItemDelegate(self.delegate)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setUniformItemSizes(False)
        # Each card is a laid-out rich text document: measure the first ones
        # now and the rest a batch at a time, so 200 notes open as fast as 10.
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(10)
        self.view.setSpacing(2)
        self.view.setMouseTracking(True)
        self.view.setFrameShape(QListView.Shape.NoFrame)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setAccessibleName("Notes")
        self.view.clicked.connect(self._activate)
        self.view.doubleClicked.connect(lambda index: self.edit_selected())
        self.view.customContextMenuRequested.connect(self._show_menu)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setMargin(16)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.view)
        self._stack.addWidget(self.empty_label)

        self.edit_button = self._tool_button(actions.edit_note)
        self.delete_button = self._tool_button(actions.delete_note)
        self.reattach_button = self._tool_button(actions.reattach_note)
        self.orphan_box = QWidget(self)  # shown for a note that lost (or may have lost) its passage
        self.orphan_label = QLabel(self.orphan_box)
        self.orphan_label.setWordWrap(True)
        orphan_layout = QVBoxLayout(self.orphan_box)
        orphan_layout.setContentsMargins(4, 2, 4, 2)
        orphan_layout.setSpacing(2)
        orphan_layout.addWidget(self.orphan_label)
        orphan_layout.addWidget(self.reattach_button, 0, Qt.AlignmentFlag.AlignRight)
        self.orphan_box.setVisible(False)
        actions.edit_note.triggered.connect(self.edit_selected)
        self.addAction(actions.edit_note)
        actions.share_note.triggered.connect(
            lambda shared: self._controller.share([self.selected_note_id() or ""][:1], shared))
        actions.note_versions.triggered.connect(self.show_versions)

        header = QHBoxLayout()
        header.addWidget(self.title_label)
        header.addWidget(self.count_label)
        header.addStretch(1)
        header.addWidget(self.article_button)
        header.addWidget(self.all_button)
        header.setSpacing(2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self.orphan_box)
        layout.addLayout(buttons)

        controller.notesChanged.connect(self._notes_changed)
        self.apply_theme(self.theme)
        self._reload()

    # -- public API ----------------------------------------------------------------

    @property
    def mode(self) -> str:
        """'article' (the open article's notes) or 'all' (the library's)."""
        return self._mode

    def show_article_notes(self, article_id: str | None) -> None:
        self._mode = ARTICLE
        self._article_id = article_id
        self.article_button.setChecked(True)
        self._reload()

    def follow_article(self, article_id: str | None) -> None:
        """The window opened an article.  Listing its notes, the panel shows
        them; listing all notes, it stays where it is, so that opening notes
        one after another from the list never loses the place in it."""
        if self._mode == ARTICLE:
            self.show_article_notes(article_id)
        else:
            self._article_id = article_id

    def show_all_notes(self) -> None:
        self._mode = ALL
        self.all_button.setChecked(True)
        self._reload()

    def set_filters(self, filters: NoteFilters) -> None:
        """Set the filter widgets (and so the filters)."""
        self.filter_bar.set_filters(filters)

    def select_note(self, note_id: str) -> None:
        """Select a note's card and scroll to it (clearing filters that hide it)."""
        row = self.model.row_of(note_id)
        if row < 0:
            return
        source = self.model.index(row, 0)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.set_filters(NoteFilters())
            index = self.proxy.mapFromSource(source)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def selected_note_id(self) -> str | None:
        note = self.selected_note()
        return note.id if note else None

    def selected_note(self) -> Note | None:
        indexes = self.view.selectionModel().selectedIndexes()
        return indexes[0].data(NoteRole) if indexes else None

    def visible_notes(self) -> list[Note]:
        """The notes shown, top to bottom (after filtering)."""
        return [self.proxy.index(r, 0).data(NoteRole) for r in range(self.proxy.rowCount())]

    def show_versions(self) -> VersionsDialog | None:
        """Other Versions… of the selected note (modeless: the window stays usable)."""
        note = self.selected_note()
        if note is None:
            return None
        entry = self.team.get(note.id)
        dialog = VersionsDialog(self._controller, note, editable=entry is None or entry.mine,
                                parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def edit_selected(self) -> None:
        note_id = self.selected_note_id()
        if note_id:
            self._controller.edit_note(self.window(), note_id)

    def apply_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.delegate.clear_cache()
        self.filter_bar.apply_theme(theme)
        palette = self.view.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(theme.window))
        self.view.setPalette(palette)
        dim = self.count_label.palette()
        dim.setColor(QPalette.ColorRole.WindowText, QColor(theme.dim))
        self.count_label.setPalette(dim)
        self.empty_label.setPalette(dim)
        self.view.scheduleDelayedItemsLayout()
        self.view.viewport().update()

    # -- internals -----------------------------------------------------------------

    def _scope_button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(True)
        button.setAutoRaise(True)
        return button

    def _tool_button(self, action) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setAutoRaise(True)
        return button

    def _notes_changed(self, article_id: str) -> None:
        if self._mode == ALL or article_id in ("", self._article_id):
            self._reload()

    def _reload(self) -> None:
        """Fetch the notes again, keeping the selected one selected."""
        selected = self.selected_note_id()
        if self._mode == ALL:
            notes = self._controller.all_notes()
        elif self._article_id:
            notes = reading_order(self._controller.notes_for(self._article_id))
        else:
            notes = []
        self.team = self._controller.team_entries()
        self.versions = self._controller.version_counts()
        self.model.set_notes(notes)
        self.filter_bar.set_tags(self._controller.tags())
        if selected:
            self.select_note(selected)
        self._update_counts()
        self._selection_changed()

    def _apply_filters(self, filters: NoteFilters) -> None:
        self.proxy.set_filters(filters)
        self._update_counts()

    def _update_counts(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.count_label.setText(f"{shown}" if shown == total else f"{shown} of {total}")
        if shown:
            self._stack.setCurrentWidget(self.view)
            return
        if total:
            message = "No note matches the filters."
        elif self._mode == ALL:
            message = "No notes yet. Select a passage in an article to highlight it or add a note."
        elif self._article_id is None:
            message = "Open an article to see its notes."
        else:
            message = ("No notes on this article yet.\n\nSelect a passage, then Highlight "
                       "(Ctrl+H) or Add Note (Ctrl+N).")
        self.empty_label.setText(message)
        self._stack.setCurrentWidget(self.empty_label)

    def _selection_changed(self, *_args) -> None:
        note = self.selected_note()
        entry = self.team.get(note.id) if note is not None else None
        self._actions.edit_note.setEnabled(note is not None and (entry is None or entry.mine))
        self._actions.delete_note.setEnabled(note is not None and (entry is None or entry.mine))
        self._actions.share_note.setEnabled(entry is not None and entry.mine)
        self._actions.note_versions.setEnabled(note is not None and note.id in self.versions)
        self._actions.share_note.setChecked(entry is not None and entry.shared)
        needs_passage = note is not None and note.status in _REATTACHABLE
        if needs_passage:
            self.orphan_label.setText(
                ("This note's passage is no longer in the article. " if note.status == ORPHANED
                 else "This note was re-anchored to a similar passage; check it. ")
                + "Select the right passage in the article, then:")
        self.orphan_box.setVisible(needs_passage)

    def _activate(self, index: QModelIndex) -> None:
        note = index.data(NoteRole)
        if note is not None:
            self.noteActivated.emit(note.id)

    def _show_menu(self, point) -> None:
        index = self.view.indexAt(point)
        if not index.isValid():
            return
        self.view.setCurrentIndex(index)
        menu = self.context_menu()
        menu.exec(self.view.viewport().mapToGlobal(point))
        menu.deleteLater()

    def context_menu(self) -> QMenu:
        """Show in Article, Edit, Delete, and Re-attach for an orphaned note."""
        menu = QMenu(self)
        note = self.selected_note()
        show = menu.addAction("&Show in Article")
        show.setEnabled(note is not None)
        show.triggered.connect(lambda: self._activate(self.view.currentIndex()))
        menu.addAction(self._actions.edit_note)
        menu.addAction(self._actions.delete_note)
        if note is not None and note.id in self.team:
            menu.addAction(self._actions.share_note)
        if note is not None and note.id in self.versions:
            menu.addAction(self._actions.note_versions)
        if note is not None and note.status in _REATTACHABLE:
            menu.addSeparator()
            menu.addAction(self._actions.reattach_note)
        return menu

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "delegate"):
            self.delegate.clear_cache()
        super().changeEvent(event)


__all__ = ["NotesPanel", "NotesModel", "NotesFilterModel", "NoteFilters", "NoteCardDelegate",
           "reading_order", "NoteRole", "NoteIdRole", "StatusRole", "ColorRole"]

"""Notes ▸ Other Versions…: the versions of a note that an import or a team sync did not keep.

When the same note was changed in two places (an export brought back, two
desktops of one analyst), the newer edit won and the other was kept with the
note.  This dialog lists them, the latest first, with when and why each was
kept, shows the selected one as the note card would, and can make it the
note again: an ordinary edit (Undo takes it back; a team note is then sent
at the next sync).
"""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QPushButton, QSplitter,
    QTextBrowser, QVBoxLayout, QWidget,
)

from ..core.model import KeptVersion, Note, format_moment
from .note_format import excerpt, render_markdown
from .notes_controller import NotesController

_INDEX_ROLE = Qt.ItemDataRole.UserRole


class VersionsDialog(QDialog):
    """The kept versions of one note; Use This Version makes the selected one the note."""

    def __init__(self, controller: NotesController, note: Note, *, editable: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Other Versions")
        self.resize(720, 420)
        self._controller = controller
        self._note = note
        self.versions: list[KeptVersion] = controller.versions(note.id)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        count = len(self.versions)
        self.summary.setText(
            f"“{html.escape(excerpt(note.exact, 80))}”: {count} other version"
            f"{'' if count == 1 else 's'} kept, the latest first. The note as it is now "
            "is the newer edit.")
        self.list = QListWidget(self)
        self.list.setWordWrap(True)  # (a reason is a sentence: shown whole)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(2)
        for index, version in enumerate(self.versions):
            item = QListWidgetItem(f"{format_moment(version.saved)}\n{version.reason}")
            item.setData(_INDEX_ROLE, index)
            self.list.addItem(item)
        self.preview = QTextBrowser(self)
        self.preview.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 440])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.use_button = QPushButton("&Use This Version", self)
        self.use_button.setToolTip("Make the selected version the note (Undo takes it back)"
                                   if editable else "Another member's note: only they can "
                                                    "change it")
        self.use_button.clicked.connect(self.use_selected)
        buttons.addButton(self.use_button, QDialogButtonBox.ButtonRole.ActionRole)
        self._editable = editable
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        self.list.setCurrentRow(0 if self.versions else -1)
        self._show(self.list.currentRow())

    def selected(self) -> KeptVersion | None:
        row = self.list.currentRow()
        return self.versions[row] if 0 <= row < len(self.versions) else None

    def _show(self, _row: int) -> None:
        version = self.selected()
        self.use_button.setEnabled(version is not None and self._editable)
        if version is None:
            self.preview.setHtml("")
            return
        kept = version.note
        tags = " ".join(f"#{html.escape(t)}" for t in kept.tags)
        self.preview.setHtml(
            f"<p><i>“{html.escape(excerpt(kept.exact, 200))}”</i></p>"
            f"{render_markdown(kept.body) or '<p><i>(no note text)</i></p>'}"
            f"<p>{tags}</p><p>Colour: {html.escape(kept.color)} · edited "
            f"{html.escape(format_moment(kept.modified))}</p>")

    def use_selected(self) -> None:
        """The selected version's text, tags and colour become the note's (one Undo step)."""
        version = self.selected()
        if version is None or not self._editable:
            return
        kept = version.note
        if self._controller.update_note(self._note.id, body=kept.body, tags=list(kept.tags),
                                        color=kept.color) is not None:
            self.accept()

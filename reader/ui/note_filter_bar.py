"""The filters over a list of notes: words, tag, colour and status.

Shared by the notes panel (the words above the three lists) and the notes
browser (all in one row); ``changed`` carries the ``NoteFilters`` they make.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QBoxLayout, QComboBox, QHBoxLayout, QLineEdit, QWidget

from ..core.model import COLORS, STATUSES
from .note_format import swatch_icon
from .notes_model import NoteFilters
from .theme import Theme


class NoteFilterBar(QWidget):
    """A filter field and the Tag, Colour and Status lists; ``stacked``: the field
    above the lists (a narrow pane), else all in one row."""

    changed = Signal(object)  # NoteFilters

    def __init__(self, parent: QWidget | None = None, *, stacked: bool = False) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter notes…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter notes by text")
        self.tag_combo = QComboBox(self)
        self.tag_combo.setAccessibleName("Filter by tag")
        self.color_combo = QComboBox(self)
        self.color_combo.setAccessibleName("Filter by colour")
        self.status_combo = QComboBox(self)
        self.status_combo.setAccessibleName("Filter by status")
        self.color_combo.addItem("Colour", None)
        for color in COLORS:
            self.color_combo.addItem(color.capitalize(), color)
        self.status_combo.addItem("Status", None)
        for status in STATUSES:
            self.status_combo.addItem(status.capitalize(), status)
        self.tag_combo.addItem("Tag", None)
        for combo in (self.tag_combo, self.color_combo, self.status_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(2 if stacked else 8)
            combo.currentIndexChanged.connect(self._emit)
        self.filter_edit.textChanged.connect(self._emit)

        lists = QHBoxLayout()
        lists.setSpacing(4)
        lists.setContentsMargins(0, 0, 0, 0)
        for combo in (self.tag_combo, self.color_combo, self.status_combo):
            lists.addWidget(combo, 1)
        direction = QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        layout = QBoxLayout(direction, self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.filter_edit, 0 if stacked else 1)
        layout.addLayout(lists)

    def filters(self) -> NoteFilters:
        return NoteFilters(self.filter_edit.text().strip(), self.tag_combo.currentData(),
                           self.color_combo.currentData(), self.status_combo.currentData())

    def set_filters(self, filters: NoteFilters) -> None:
        """Set the widgets (and so the filters, once)."""
        self.blockSignals(True)
        self.filter_edit.setText(filters.text)
        for combo, value in ((self.tag_combo, filters.tag), (self.color_combo, filters.color),
                             (self.status_combo, filters.status)):
            row = combo.findData(value)
            if row < 0 and combo is self.tag_combo and value is not None:
                combo.addItem(f"#{value}", value)
                row = combo.count() - 1
            combo.setCurrentIndex(max(row, 0))
        self.blockSignals(False)
        self._emit()

    def set_tags(self, tags: list[str]) -> None:
        """The tags to offer, keeping the chosen one (even when no note has it any more)."""
        current = self.tag_combo.currentData()
        self.tag_combo.blockSignals(True)
        self.tag_combo.clear()
        self.tag_combo.addItem("Tag", None)
        for tag in tags:
            self.tag_combo.addItem(f"#{tag}", tag)
        row = self.tag_combo.findData(current) if current is not None else 0
        if row < 0 and current is not None:
            self.tag_combo.addItem(f"#{current}", current)
            row = self.tag_combo.count() - 1
        self.tag_combo.setCurrentIndex(max(row, 0))
        self.tag_combo.blockSignals(False)

    def apply_theme(self, theme: Theme) -> None:
        for row in range(1, self.color_combo.count()):
            self.color_combo.setItemIcon(row, swatch_icon(theme.highlight(self.color_combo.itemData(row))))

    def _emit(self, *_args) -> None:
        if not self.signalsBlocked():
            self.changed.emit(self.filters())

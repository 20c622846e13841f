"""The bar over the reading pane: the library search's hits, or Find in Article.

As in calibre's viewer and Zotero's reader, Ctrl+F finds words in the open
article: a field, "3 / 12", previous and next.  It is the bar that shows the
library search's hits the rest of the time ("Hits for: putin 1 / 40"), so
the article never shows two sets of marks at once: finding replaces the
search's hits, and closing the finder brings them back.
"""
from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from .actions import Actions
from .reading_pane import ReadingPane


def find_in_text(text: str, words: str) -> list[tuple[int, int]]:
    """Where ``words`` occur in ``text``, ignoring case and the width of white space.

    Offsets are ``str`` indexes into ``text`` (the text model's), so they go
    straight to the reading pane as hits.
    """
    words = words.strip()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(word) for word in words.split())
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]


class _FindField(QLineEdit):
    """Enter: next match; Shift+Enter: previous; Esc: close the finder."""

    def __init__(self, bar: "FindBar") -> None:
        super().__init__(bar)
        self._bar = bar

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shifted = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            (self._bar.pane.previous_hit if shifted else self._bar.pane.next_hit)()
        elif event.key() == Qt.Key.Key_Escape:
            self._bar.stop_finding()
        else:
            super().keyPressEvent(event)


class FindBar(QWidget):
    """'3 / 12' with previous and next buttons; a field while finding in the article.

    ``finished``: the finder closed, and the window puts the library
    search's hits back; ``dismissed``: the search's hits were closed.
    """

    finished = Signal()
    dismissed = Signal()

    def __init__(self, actions: Actions, pane: ReadingPane, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.pane = pane
        self.finding = False
        self.field = _FindField(self)
        self.field.setPlaceholderText("Find in article")
        self.field.setClearButtonEnabled(True)
        self.field.setMaximumWidth(320)
        self.field.textChanged.connect(self.refind)
        self.field.hide()
        self.label = QLabel(self)
        self.label.setObjectName("hitCounter")
        self.query_label = QLabel(self)
        self.query_label.setTextFormat(Qt.TextFormat.PlainText)
        self.previous_button = QToolButton(self)
        self.previous_button.setDefaultAction(actions.previous_hit)
        self.previous_button.setAutoRaise(True)
        self.next_button = QToolButton(self)
        self.next_button.setDefaultAction(actions.next_hit)
        self.next_button.setAutoRaise(True)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Hide the search hits in this article")
        self.close_button.clicked.connect(self._close_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 4, 2)
        layout.setSpacing(4)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.query_label, 1)
        layout.addWidget(self.label)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self.setAutoFillBackground(True)
        self.hide()

    def set_background(self, color: QColor) -> None:
        """The window's colour (the bar sits over the page, which has the base colour)."""
        palette = self.palette()
        palette.setColor(self.backgroundRole(), color)
        self.setPalette(palette)

    def set_hits(self, current: int, total: int, query: str) -> None:
        """What the pane's hits are now: the finder's, or the library search's for ``query``."""
        if self.finding:
            self.label.setText(f"{current} / {total}" if total else
                               "No matches" if self.field.text().strip() else "")
            return
        self.label.setText(f"{current} / {total}" if total else "")
        elided = query if len(query) <= 60 else query[:57] + "…"
        self.query_label.setText(f"Hits for:  {elided}" if query else "Search hits")
        self.setVisible(total > 0)

    # -- finding in the article

    def start_finding(self) -> None:
        """Ctrl+F: the field, filled with the selected words if any, ready to type."""
        selected = self.pane.selected_text().strip()
        if selected and "\n" not in selected and len(selected) <= 200:
            self.field.setText(selected)
        self.finding = True
        self.query_label.hide()
        self.field.show()
        self.close_button.setToolTip("Close the finder (Esc)")
        self.show()
        self.field.setFocus()
        self.field.selectAll()
        self.refind()

    def refind(self) -> None:
        """Mark the matches in the article now shown (after typing, or opening another)."""
        article = self.pane.article
        if self.finding:
            self.pane.set_hits(find_in_text(article.text, self.field.text()) if article else [])

    def stop_finding(self) -> None:
        if not self.finding:
            return
        self.finding = False
        self.field.hide()
        self.query_label.show()
        self.close_button.setToolTip("Hide the search hits in this article")
        self.hide()
        self.pane.setFocus()
        self.finished.emit()

    def _close_clicked(self) -> None:
        if self.finding:
            self.stop_finding()
        else:
            self.dismissed.emit()

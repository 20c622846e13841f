"""The small bar over a fresh selection: a highlight colour, or a note, in one click.

As in Zotero's reader and Hypothesis: select a passage with the mouse and a
bar with the highlight colours and "Note" appears just above its end.  It
goes away when the selection does, on a scroll, a key, or once used; the
menu items and shortcuts stay for the keyboard.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QToolButton, QWidget

from ...core.model import COLORS
from ..note_format import swatch_icon
from ..theme import Theme

#: Space kept between the bar and the selected line.
GAP = 6


class SelectionBar(QFrame):
    """Colour swatches and a Note button; ``colorChosen`` or ``noteRequested`` when used."""

    colorChosen = Signal(str)
    noteRequested = Signal()
    used = Signal()  # after either: the passage is marked, the selection can go

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("selectionBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        self.color_buttons: dict[str, QToolButton] = {}
        for color in COLORS:
            button = QToolButton(self)
            button.setAutoRaise(True)
            button.setIconSize(QSize(18, 18))
            button.setToolTip(f"Highlight in {color}")
            button.clicked.connect(lambda _checked=False, c=color: self._use(self.colorChosen, c))
            layout.addWidget(button)
            self.color_buttons[color] = button
        self.note_button = QToolButton(self)
        self.note_button.setText("Note…")
        self.note_button.setAutoRaise(True)
        self.note_button.setToolTip("Write a note on the passage (Ctrl+N)")
        self.note_button.clicked.connect(lambda: self._use(self.noteRequested))
        layout.addWidget(self.note_button)
        self.hide()

    def apply_theme(self, theme: Theme) -> None:
        """Swatches in the theme's highlight colours, on a card that stands off the page."""
        for color, button in self.color_buttons.items():
            button.setIcon(swatch_icon(theme.highlight(color), 18, border=theme.dim))
        self.setStyleSheet(
            f"QFrame#selectionBar {{ background: {theme.window}; border: 1px solid {theme.dim};"
            f" border-radius: 6px; }} QFrame#selectionBar QToolButton {{ color: {theme.text}; }}")

    def show_over(self, first: QRect, last: QRect) -> None:
        """Show the bar just above the selection's ``first`` line (viewport
        coordinates), or below its ``last`` when there is no room above; kept inside."""
        self.adjustSize()
        area = self.parentWidget().rect()
        x = min(max(0, first.left()), max(0, area.width() - self.width()))
        y = first.top() - self.height() - GAP
        if y < 0:
            y = last.bottom() + GAP
        self.move(QPoint(x, min(y, max(0, area.height() - self.height()))))
        self.show()
        self.raise_()

    def _use(self, signal, *args) -> None:
        self.hide()
        signal.emit(*args)
        self.used.emit()

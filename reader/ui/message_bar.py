"""A dismissible message strip (as in Firefox or Okular) for things the user should know.

Non-modal on purpose: "the index was damaged; rebuilding it" or "the folder
cannot be read" must be seen, but must not stop the analyst from reading.
A message can carry one action button ("Choose Another Folder…"), so the
user can act on it right there.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from .icons import message_icon

log = logging.getLogger("reader.ui")

# (background, text) of each level, in the light and the dark theme.  The sign
# is drawn in the text colour with its mark in the background colour: at least
# 6:1 apart in every pair, where a brighter sign colour fell to 2.7:1 (warning).
LEVELS = {
    "info": ("#e8f1fd", "#1d4f91"),
    "warning": ("#fff4d6", "#7a5300"),
    "error": ("#fde8e8", "#8e1b1b"),
}
DARK_LEVELS = {
    "info": ("#1c2a3d", "#b9d3f7"),
    "warning": ("#3a3018", "#f3d792"),
    "error": ("#3d1f1f", "#f4b8b8"),
}
ICON_SIZE = 16


class MessageBar(QFrame):
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.history: list[tuple[str, str]] = []  # (level, text), oldest first
        self.level = "info"
        self._callback: Callable[[], None] | None = None
        self.dark = False  # the window's theme: set_dark
        # The sign and the text side by side, the sign level with the first
        # line: centred on a long message it would float between two lines.
        # Together they are centred on the buttons, as one line is.
        message = QWidget(self)
        self.icon = QLabel(message)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label = QLabel(message)
        self.label.setWordWrap(True)
        message_layout = QHBoxLayout(message)
        message_layout.setContentsMargins(0, 0, 0, 0)
        message_layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        message_layout.addWidget(self.label, 1)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton(self)
        self.action_button.hide()
        self.action_button.clicked.connect(self._act)
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("Dismiss")
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(message, 1, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    @property
    def text(self) -> str:
        return self.label.text()

    def show_message(self, text: str, level: str = "info", action_text: str | None = None,
                     callback: Callable[[], None] | None = None) -> None:
        """Show ``text``; a newer message replaces an older one (all are in ``history``)."""
        self.level = level
        self.history.append((level, text))
        getattr(log, "warning" if level != "info" else "info")("%s", text)
        self._paint()
        self.label.setText(text)
        self._callback = callback
        self.action_button.setVisible(bool(action_text and callback))
        self.action_button.setText(action_text or "")
        self.show()

    def set_dark(self, dark: bool) -> None:
        """Follow the window's theme."""
        self.dark = dark
        self._paint()

    def _paint(self) -> None:
        """The level's colours, in the theme's shades, and its sign."""
        levels = DARK_LEVELS if self.dark else LEVELS
        background, foreground = levels.get(self.level, levels["info"])
        self.setStyleSheet(
            f"QFrame#messageBar {{ background: {background}; border-bottom: 1px solid {foreground}40; }}"
            f"QFrame#messageBar QLabel {{ color: {foreground}; }}"
            f"QFrame#messageBar QToolButton {{ color: {foreground}; }}")
        # As tall as a line of text (the sign centred in it), at the screen's
        # pixel ratio: 16 logical px, sharp at 2x too.
        line = self.label.fontMetrics().height()
        self.icon.setFixedSize(ICON_SIZE + 4, max(ICON_SIZE, line))
        self.icon.setPixmap(message_icon(self.level, QColor(foreground), QColor(background)).pixmap(
            QSize(ICON_SIZE, ICON_SIZE), self.devicePixelRatioF()))

    def dismiss(self) -> None:
        self.hide()
        self._callback = None
        self.dismissed.emit()

    def _act(self) -> None:
        callback = self._callback
        self.dismiss()
        if callback is not None:
            callback()

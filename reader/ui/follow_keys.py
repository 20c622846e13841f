"""Lists where moving with the keyboard opens what is selected, as in Zotero.

Up, Down, Page Up, Page Down, Home and End in the library table or the
search results open the row they land on, so the selected row and the open
article always agree (a click and Enter already open it).  The opening waits
a moment after the last key, so holding Down glides over the rows instead
of loading every article on the way.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView

from .workers import delay_timer

#: How long after the last key the row it landed on opens.
FOLLOW_MS = 120
_MOVES = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
                    Qt.Key.Key_Home, Qt.Key.Key_End})


def return_on_current(view: QAbstractItemView, event: QKeyEvent, signal) -> bool:
    """Return or Enter on ``view``'s current row: ``signal`` gets that row, and
    True says the key was taken (a list that shows the row's note or article)."""
    if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and view.currentIndex().isValid():
        signal.emit(view.currentIndex())
        event.accept()
        return True
    return False


class FollowKeys(QObject):
    """Opens ``view``'s current row (through ``open_row``) after a keyboard move."""

    def __init__(self, view: QAbstractItemView, open_row: Callable[[QModelIndex], None]) -> None:
        super().__init__(view)
        self._view = view
        self.timer = delay_timer(self, FOLLOW_MS, lambda: open_row(view.currentIndex()))
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (watched is self._view and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and Qt.Key(event.key()) in _MOVES
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            self.timer.start()
        return False

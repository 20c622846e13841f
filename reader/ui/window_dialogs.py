"""The main window's non-modal dialogs: Preferences, Query Help, About.

Each exists once: asking again raises the open one instead of stacking a
second copy; closing the window closes them.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from .dialogs import AboutDialog, QueryHelpDialog
from .icons import app_icon
from .preferences import PreferencesDialog, ReadingPrefs

D = TypeVar("D", bound=QWidget)


class Dialogs(QObject):
    """The open dialogs of one window (their parent)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._open: dict[str, QWidget] = {}

    def preferences(self, prefs: ReadingPrefs,
                    changed: Callable[[ReadingPrefs], object]) -> PreferencesDialog:
        """The Preferences dialog; ``changed`` gets every change at once (no OK needed)."""
        def make() -> PreferencesDialog:
            dialog = PreferencesDialog(prefs, self._window)
            dialog.changed.connect(changed)
            dialog.finished.connect(lambda _r: self._open.pop("preferences", None))
            return dialog
        return self._show("preferences", PreferencesDialog, make)

    def query_help(self) -> QueryHelpDialog:
        return self._show("help", QueryHelpDialog, lambda: QueryHelpDialog(self._window))

    def about(self) -> AboutDialog:
        return self._show("about", AboutDialog, lambda: AboutDialog(app_icon(), self._window))

    def close_all(self) -> None:
        for dialog in list(self._open.values()):
            dialog.close()

    def _show(self, key: str, kind: type[D], make: Callable[[], D]) -> D:
        dialog = self._open.get(key)
        if not isinstance(dialog, kind):
            dialog = make()
            self._open[key] = dialog
        dialog.show()
        dialog.raise_()
        return dialog

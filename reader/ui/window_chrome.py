"""The main window's chrome: menus, toolbar, status bar widgets, the icons.

Only building: what an action does is connected in main_window.py, and
what the index labels say is index_status.py's business.  Everything here
is made once, when the window is built.
"""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QLabel, QMainWindow, QMenu, QSizePolicy, QToolBar, QToolButton, QVBoxLayout, QWidget,
)

from .actions import Actions
from .icons import app_icon, apply_fallback_icons


def bar_over(bar: QWidget, main: QWidget, parent: QWidget) -> QWidget:
    """A thin bar (shown only when it has something to say) over a widget that takes the rest."""
    column = QWidget(parent)
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(bar)
    layout.addWidget(main, 1)
    return column


def dress(window: QMainWindow, actions: Actions) -> None:
    """The window's own icon, and theme icons (or drawn fallbacks) on the actions."""
    window.setWindowIcon(app_icon())
    apply_fallback_icons(actions)


class ElidedLabel(QLabel):
    """A label that shortens its text in the middle rather than widening the window.

    The notes file's path can be long; it must never set the window's
    minimum width (the layout has to work from 1024 px).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMaximumWidth(420)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(60, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:  # noqa: N802
        width = self.fontMetrics().horizontalAdvance(self._full) + 8
        return QSize(min(width, self.maximumWidth()), super().sizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle,
                                                   max(20, self.width() - 4)))


def build_menus(window: QMainWindow, a: Actions, highlight_color: str) -> QMenu:
    """File, Edit, Notes, View, Help; returns the highlight colour menu (the toolbar shares it)."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([a.open_folder, a.folders, a.reindex, a.sync_team])
    file_menu.addSeparator()
    file_menu.addAction(a.open_original)
    file_menu.addSeparator()
    file_menu.addAction(a.export_notes)
    file_menu.addSeparator()
    file_menu.addAction(a.quit)

    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([a.undo, a.redo])
    edit_menu.addSeparator()
    edit_menu.addActions([a.copy, a.copy_quote])
    edit_menu.addSeparator()
    edit_menu.addActions([a.find_in_article, a.next_hit, a.previous_hit, a.find])
    edit_menu.addSeparator()
    edit_menu.addAction(a.preferences)

    notes_menu = bar.addMenu("&Notes")
    notes_menu.addAction(a.highlight)
    color_menu = QMenu("Highlight &Colour", window)
    color_menu.addActions(list(a.highlight_color.values()))
    notes_menu.addMenu(color_menu)
    notes_menu.addAction(a.add_note)
    notes_menu.addAction(a.edit_note)
    notes_menu.addSeparator()
    notes_menu.addActions([a.delete_note, a.reattach_note, a.share_note, a.note_versions])
    notes_menu.addSeparator()
    notes_menu.addActions([a.all_notes, a.notes_browser, a.trash])

    view_menu = bar.addMenu("&View")
    view_menu.addActions([a.toggle_library, a.toggle_notes])
    view_menu.addSeparator()
    view_menu.addActions([a.zoom_in, a.zoom_out, a.zoom_reset])
    view_menu.addSeparator()
    theme_menu = view_menu.addMenu("&Theme")
    theme_menu.addActions(list(a.theme.values()))

    help_menu = bar.addMenu("&Help")
    help_menu.addActions([a.query_help])
    help_menu.addSeparator()
    help_menu.addAction(a.about)
    for action in a.highlight_color.values():
        action.setCheckable(True)
    a.highlight_color[highlight_color].setChecked(True)
    return color_menu


def build_toolbar(window: QMainWindow, a: Actions, color_menu: QMenu) -> tuple[QToolBar, QToolButton]:
    """The toolbar, and its Highlight button (with the colour menu beside it)."""
    toolbar = QToolBar("Main Toolbar", window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    toolbar.setIconSize(QSize(20, 20))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addAction(a.open_folder)
    toolbar.addAction(a.reindex)
    toolbar.addSeparator()
    highlight_button = QToolButton(toolbar)
    highlight_button.setDefaultAction(a.highlight)
    highlight_button.setMenu(color_menu)
    highlight_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
    highlight_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addWidget(highlight_button)
    toolbar.addAction(a.add_note)
    toolbar.addSeparator()
    toolbar.addAction(a.export_notes)
    spacer = QWidget(toolbar)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    toolbar.addWidget(spacer)
    for action in (a.zoom_out, a.zoom_in, a.toggle_library, a.toggle_notes):
        toolbar.addAction(action)
        button = toolbar.widgetForAction(action)
        if isinstance(button, QToolButton):
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    # Shortcuts work even with the menu bar hidden.  (``window.actions`` is
    # the Actions object, so QWidget's own method is called explicitly.)
    QWidget.addActions(window, a.all())
    return toolbar, highlight_button


def notes_file_label(notes_file: Path, parent: QWidget) -> ElidedLabel:
    """'Notes: ~/…/notes.sqlite' for the status bar, the full path in its tooltip."""
    label = ElidedLabel(parent)
    full = str(notes_file)
    home = str(Path.home())
    shown = "~" + full[len(home):] if full.startswith(home + os.sep) else full
    label.set_full_text(f"Notes: {shown}")
    label.setToolTip(f"Your notes are kept in {full}")
    return label

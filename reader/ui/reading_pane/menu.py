"""The reading pane's context menu: what can be done with the selection, and with the article.

The actions are the window's (actions.py), so a shortcut, a status tip and
whether an action is enabled are the same here as in the menu bar.
"""
from __future__ import annotations

from PySide6.QtWidgets import QMenu, QWidget

from ..actions import Actions
from ..note_format import swatch_icon
from ..theme import Theme


def context_menu(parent: QWidget, actions: Actions, theme: Theme, has_selection: bool) -> QMenu:
    """Highlight ▸ colours, Add Note, Copy, Copy as Markdown Quote; Open Original."""
    menu = QMenu(parent)
    colours = menu.addMenu(swatch_icon(theme.highlight("yellow")), "&Highlight")
    colours.addActions(list(actions.highlight_color.values()))
    colours.setEnabled(has_selection)
    menu.addAction(actions.add_note)
    menu.addSeparator()
    menu.addAction(actions.copy)
    menu.addAction(actions.copy_quote)
    menu.addSeparator()
    menu.addAction(actions.open_original)
    return menu

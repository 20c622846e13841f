"""The window's chrome: every action in the menus and toolbar, the status bar, the bars."""
from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from reader.ui.window_chrome import ElidedLabel

STANDARD = {
    "find_in_article": "Ctrl+F", "find": "Ctrl+K", "next_hit": "F3", "previous_hit": "Shift+F3", "highlight": "Ctrl+H",
    "add_note": "Ctrl+N", "zoom_in": "Ctrl+=", "zoom_out": "Ctrl+-", "zoom_reset": "Ctrl+0",
    "open_folder": "Ctrl+O", "quit": "Ctrl+Q", "export_notes": "Ctrl+E",
}


def menu_actions(window) -> set:
    found = set()
    for menu in window.findChildren(QMenu):
        found.update(a for a in menu.actions() if not a.isSeparator() and a.menu() is None)
    return found


def test_every_action_lives_in_actions_with_tip_and_shortcut(window):
    actions = window.actions
    for name, keys in STANDARD.items():
        action = getattr(actions, name)
        shortcuts = [s.toString(QKeySequence.SequenceFormat.PortableText) for s in action.shortcuts()]
        assert keys in shortcuts, (name, shortcuts)
    for action in actions.all():
        assert action.statusTip(), action.text()
    in_menus = menu_actions(window)
    everything = set(actions.all())
    assert in_menus <= everything  # menus show only the shared actions
    for name in ("open_folder", "reindex", "export_notes", "find", "find_in_article", "next_hit",
                 "previous_hit",
                 "highlight", "add_note", "zoom_in", "zoom_out", "zoom_reset", "preferences",
                 "about", "quit", "query_help"):
        assert getattr(actions, name) in in_menus, name
    assert set(actions.highlight_color.values()) <= in_menus
    assert set(actions.theme.values()) <= in_menus
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert actions.open_folder in toolbar.actions() and actions.export_notes in toolbar.actions()
    assert window.highlight_button.menu() is window.color_menu  # Highlight with its colour submenu


def test_status_bar_shows_library_size_index_state_and_notes_file(window, library):
    assert window.count_label.text() == "5 articles"
    assert window.index_label.text() == "Index up to date"
    assert window.notes_label.toolTip().endswith(str(library.paths.notes_file))
    assert window.progress_widget.isHidden()



def test_elided_label_never_widens_the_window(qtbot):
    label = ElidedLabel()
    qtbot.addWidget(label)
    label.set_full_text("Notes: " + "/very/long/path" * 40)
    assert label.full_text().startswith("Notes: /very")
    assert label.sizeHint().width() <= label.maximumWidth() == 420
    assert label.minimumSizeHint().width() == 60
    label.resize(120, 20)
    assert "…" in label.text()

"""Every QAction of the app, created in one place.

Menus, the toolbar, context menus and tests all share these objects, so a
shortcut or status tip is defined once and a disabled action is disabled
everywhere.  Standard shortcuts come from ``QKeySequence.StandardKey`` where Qt
has one, so they follow the platform's conventions.
"""
from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence

from ..core.model import COLORS
from .theme import THEMES

Std = QKeySequence.StandardKey


def _keys(*keys) -> list[QKeySequence]:
    sequences: list[QKeySequence] = []
    for key in keys:
        if isinstance(key, QKeySequence.StandardKey):
            sequences.extend(QKeySequence.keyBindings(key))
        else:
            sequences.append(QKeySequence(key))
    # A standard key may be unbound on some platforms (Preferences on Linux).
    unique: list[QKeySequence] = []
    for seq in sequences:
        if not seq.isEmpty() and seq not in unique:
            unique.append(seq)
    return unique


class Actions(QObject):
    """The app's actions, as attributes; ``main_window`` connects them."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        make = self._make
        # Library
        self.open_folder = make("&Open Folder…", "Add a folder of articles to the library",
                                Std.Open, icon="folder-open")
        self.folders = make("&Folders…", "The library's folders: add, remove, re-scan, and the "
                            "files each could not read", "Ctrl+Shift+L", icon="folder")
        self.open_original = make("Open &Original", "Open the article's own file in the system's viewer",
                                  "Ctrl+Shift+O", icon="document-open")
        self.reindex = make("&Re-index", "Bring the index up to date with the article folders",
                            Std.Refresh, "F5", icon="view-refresh")
        self.export_notes = make("&Export Notes…", "Export notes to Markdown, W3C JSON or CSV",
                                 "Ctrl+E", icon="document-export")
        self.preferences = make("&Preferences…", "Fonts, reading width and theme",
                                Std.Preferences, "Ctrl+,", icon="preferences-system")
        self.quit = make("&Quit", "Quit Reader", Std.Quit, "Ctrl+Q", icon="application-exit")
        # Search and hits
        self.find = make("&Search Library", "Search the library (the query language is in Help)",
                         "Ctrl+K", "Ctrl+Shift+F", icon="edit-find")
        self.find_in_article = make("&Find in Article…", "Find words in the open article",
                                    Std.Find, icon="edit-find")
        self.next_hit = make("&Next Match", "Scroll to the next match in the article",
                             Std.FindNext, "F3", icon="go-down")
        self.previous_hit = make("&Previous Match", "Scroll to the previous match in the article",
                                 Std.FindPrevious, "Shift+F3", icon="go-up")
        # Notes
        self.highlight = make("&Highlight", "Highlight the selected passage", "Ctrl+H",
                              icon="format-text-bold")
        self.highlight_colors = QActionGroup(self)
        self.highlight_color: dict[str, QAction] = {}
        for color in COLORS:
            action = make(color.capitalize(), f"Highlight the selection in {color}")
            action.setData(color)
            self.highlight_colors.addAction(action)
            self.highlight_color[color] = action
        self.add_note = make("Add &Note…", "Write a note on the selected passage", "Ctrl+N",
                             icon="document-new")
        self.delete_note = make("&Delete Note", "Delete the selected note (undo with Ctrl+Z)",
                                Std.Delete, icon="edit-delete")
        self.reattach_note = make("Re-attach to Selection",
                                  "Attach the selected orphaned note to the selected passage")
        self.all_notes = make("All &Notes", "Show every note in the library", "Ctrl+Shift+N")
        self.notes_browser = make("Notes &Browser…", "Every note in a window of its own: sort, "
                                  "group by article, tag, recolour, delete or export many at once",
                                  "Ctrl+Shift+B")
        self.trash = make("&Trash…", "The deleted notes, kept 30 days: restore or empty")
        self.undo = make("&Undo", "Undo the last change to notes", Std.Undo, icon="edit-undo")
        self.redo = make("&Redo", "Redo", Std.Redo, icon="edit-redo")
        # Editing
        self.copy = make("&Copy", "Copy the selected text", Std.Copy, icon="edit-copy")
        self.copy_quote = make("Copy as &Markdown Quote",
                               "Copy the selection as a Markdown quote with its source",
                               "Ctrl+Shift+C")
        # View
        self.zoom_in = make("Zoom &In", "Larger text", Std.ZoomIn, "Ctrl+=", icon="zoom-in")
        self.zoom_out = make("Zoom &Out", "Smaller text", Std.ZoomOut, "Ctrl+-", icon="zoom-out")
        self.zoom_reset = make("&Actual Size", "Reset the text size", "Ctrl+0",
                               icon="zoom-original")
        self.toggle_library = make("&Library Pane", "Show or hide the library and search pane",
                                   "F9", checkable=True)
        self.toggle_notes = make("N&otes Pane", "Show or hide the notes pane", "F10",
                                 checkable=True)
        self.themes = QActionGroup(self)
        self.theme: dict[str, QAction] = {}
        for name in THEMES:
            action = make(name.capitalize(), f"Use the {name} theme", checkable=True)
            action.setData(name)
            self.themes.addAction(action)
            self.theme[name] = action
        # Help
        self.query_help = make("&Query Language", "How to write searches", Std.HelpContents,
                               "F1", icon="help-contents")
        self.about = make("&About Reader", "Version and licence", icon="help-about")
        # The team library
        self.sync_team = make("S&ync Team Notes", "Send your notes on team articles to the team "
                              "library, and receive the team's", "Ctrl+Shift+Y",
                              icon="emblem-synchronizing")
        self.share_note = make("&Share with Team", "Let the whole team read the selected note "
                               "(on a team article); untick to make it private again",
                               checkable=True)
        self.note_versions = make("Other &Versions…", "The versions of the selected note an "
                                  "import or a team sync did not keep: look, or use one")
        # Notes (appended)
        self.edit_note = make("&Edit Note…", "Edit the selected note's text, tags and colour",
                              "F2", icon="document-edit")

    def _make(self, text: str, tip: str, *keys, icon: str | None = None,
              checkable: bool = False) -> QAction:
        action = QAction(text, self)
        action.setStatusTip(tip)
        action.setToolTip(f"{text.replace('&', '').rstrip('…')} — {tip}")
        shortcuts = _keys(*keys)
        if shortcuts:
            action.setShortcuts(shortcuts)
        if icon:
            action.setIcon(QIcon.fromTheme(icon))
        action.setCheckable(checkable)
        return action

    def all(self) -> list[QAction]:
        return [a for a in vars(self).values() if isinstance(a, QAction)] + [
            *self.highlight_color.values(), *self.theme.values()]

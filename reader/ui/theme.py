"""Light, dark and sepia themes, applied to the whole application.

A theme is a handful of colours; the Qt palette, the reading pane and the
highlight colours are all derived from it, so switching theme is one call.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Theme:
    name: str
    window: str
    base: str  # reading pane and lists
    text: str
    dim: str  # boilerplate, metadata, secondary text
    accent: str  # selection, current hit outline
    hit: str  # search hit background
    current_hit: str
    highlights: dict[str, str]  # note colour name -> background
    link: str  # links in articles, and the palette's Link

    def color(self, role: str) -> QColor:
        return QColor(getattr(self, role))

    def highlight(self, name: str) -> QColor:
        return QColor(self.highlights.get(name, self.highlights["yellow"]))


def mix(color: str, other: str, amount: float) -> QColor:
    """``color`` moved ``amount`` of the way towards ``other`` (0: color, 1: other).

    Tints derived from a theme (card fills, quote text, quote bars) follow
    the theme without a colour of their own.
    """
    a, b = QColor(color), QColor(other)
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * amount,
                           a.greenF() + (b.greenF() - a.greenF()) * amount,
                           a.blueF() + (b.blueF() - a.blueF()) * amount)


THEMES: dict[str, Theme] = {
    "light": Theme(
        "light", window="#f3f3f3", base="#ffffff", text="#1d1d1f", dim="#8a8a8e",
        accent="#2f6fdb", hit="#ffd66b", current_hit="#ff9f1a",
        highlights={"yellow": "#fff3a3", "green": "#c9f2c7", "blue": "#cde3ff",
                    "pink": "#ffd3e6", "purple": "#e6d7ff"},
        link="#1f5fc6",
    ),
    "dark": Theme(
        "dark", window="#232427", base="#1a1b1e", text="#e6e6e6", dim="#8c8f96",
        accent="#5b9bff", hit="#8a6d00", current_hit="#c76d00",
        highlights={"yellow": "#5c5322", "green": "#2d4d2f", "blue": "#243f63",
                    "pink": "#5e2f46", "purple": "#45325e"},
        link="#80b4ff",
    ),
    "sepia": Theme(
        "sepia", window="#efe6d2", base="#f8f1e3", text="#3b2f22", dim="#8f7f6a",
        accent="#9a5b1e", hit="#f2c15b", current_hit="#e08a2c",
        highlights={"yellow": "#f6e59a", "green": "#d4e6b5", "blue": "#cfdcec",
                    "pink": "#f1cfd6", "purple": "#dcd0ea"},
        link="#8a4a12",
    ),
}
DEFAULT_THEME = "light"


def palette_for(theme: Theme) -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.base,
        QPalette.ColorRole.AlternateBase: theme.window,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.window,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.ToolTipBase: theme.base,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.dim,
        QPalette.ColorRole.Highlight: theme.accent,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: theme.link,
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(theme.dim))
    return palette


def apply_theme(app: QApplication, name: str) -> Theme:
    """Apply a theme to every widget; unknown names fall back to the default."""
    theme = THEMES.get(name, THEMES[DEFAULT_THEME])
    app.setStyle("Fusion")  # the one style that honours a custom palette everywhere
    app.setPalette(palette_for(theme))
    return theme

"""The window icon is the shipped icon (resources/icons), with a drawn stand-in."""
from __future__ import annotations

from PySide6.QtCore import QSize

from reader.core.paths import ICON_SIZES
from reader.ui import icons


def test_the_window_icon_is_the_shipped_png_set(qapp):
    icon = icons.app_icon()
    assert sorted(s.width() for s in icon.availableSizes()) == list(ICON_SIZES)
    pixmap = icon.pixmap(QSize(48, 48))
    assert pixmap.width() == 48
    # The tile's blue at its centre-top, the book's white in the middle.
    image = pixmap.toImage()
    assert image.pixelColor(24, 3).blue() > 150
    assert image.pixelColor(14, 30).lightness() > 200


def test_without_the_files_a_drawn_icon(qapp, monkeypatch):
    monkeypatch.setattr(icons, "app_icon_files", dict)
    icon = icons.app_icon()
    assert not icon.isNull()
    assert icon.pixmap(QSize(32, 32)).width() == 32

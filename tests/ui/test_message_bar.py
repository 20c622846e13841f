"""The message strip: a drawn sign for each level, colours for each theme, one action."""
from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMainWindow

from reader.ui.message_bar import DARK_LEVELS, LEVELS, MessageBar


def sign_of(bar: MessageBar):
    pixmap = bar.icon.pixmap()
    assert pixmap is not None and not pixmap.isNull()
    return pixmap.toImage()


def test_each_level_draws_its_sign_in_its_colour(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    bar = MessageBar(window)
    window.setCentralWidget(bar)
    window.resize(900, 60)
    window.show()
    images = {}
    for level in ("info", "warning", "error"):
        bar.show_message(f"a {level} message", level)
        image = sign_of(bar)
        middle = image.pixelColor(image.width() // 2, int(image.height() * 0.75))
        assert middle.alpha() > 0  # drawn, not an empty box
        body = image.pixelColor(int(image.width() * 0.3), int(image.height() * 0.75))
        assert body.name() == QColor(LEVELS[level][2]).name()  # the level's colour
        images[level] = image
    assert len({bytes(image.constBits()) for image in images.values()}) == 3


def test_the_dark_theme_has_dark_strips_and_keeps_the_action(qtbot):
    bar = MessageBar()
    qtbot.addWidget(bar)
    acted = []
    bar.show_message("The folder cannot be read.", "error", "Choose Another Folder…",
                     lambda: acted.append(True))
    assert LEVELS["error"][0] in bar.styleSheet()
    bar.set_dark(True)
    assert DARK_LEVELS["error"][0] in bar.styleSheet() and bar.text.startswith("The folder")
    assert bar.action_button.isVisibleTo(bar)
    bar.action_button.click()
    assert acted and bar.isHidden()

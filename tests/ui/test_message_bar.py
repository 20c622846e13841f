"""The message strip: a drawn sign for each level, colours for each theme, one action."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget

from reader.ui.icons import message_icon
from reader.ui.message_bar import DARK_LEVELS, ICON_SIZE, LEVELS, MessageBar

LONG = ("The index was damaged and is being rebuilt; search results may be incomplete until "
        "it is done. Your notes are safe: they live in their own file and nothing was lost.")


@pytest.fixture
def bar_in_window(qtbot) -> Callable[[int], MessageBar]:
    """The strip above the reading area of a window ``width`` px wide, as in Reader."""
    windows = []  # kept alive until the test ends (qtbot holds only a weak reference)

    def make(width: int) -> MessageBar:
        window = QMainWindow()
        qtbot.addWidget(window)
        windows.append(window)
        central = QWidget()
        layout = QVBoxLayout(central)
        bar = MessageBar(central)
        layout.addWidget(bar)
        layout.addStretch(1)
        window.setCentralWidget(central)
        window.resize(width, 300)
        window.show()
        qtbot.waitExposed(window)
        return bar
    return make


def sign_of(bar: MessageBar) -> QImage:
    pixmap = bar.icon.pixmap()
    assert pixmap is not None and not pixmap.isNull()
    return pixmap.toImage()


def colours(image: QImage) -> set[str]:
    return {image.pixelColor(x, y).name() for x in range(image.width())
            for y in range(image.height()) if image.pixelColor(x, y).alpha() == 255}


def test_each_level_draws_its_sign_in_its_colour(bar_in_window):
    bar = bar_in_window(900)
    images = {}
    for level in ("info", "warning", "error"):
        bar.show_message(f"a {level} message", level)
        image = sign_of(bar)
        assert image.size() == QSize(ICON_SIZE, ICON_SIZE) * bar.devicePixelRatioF()
        middle = image.pixelColor(image.width() // 2, image.height() // 2)
        assert middle.alpha() == 255  # drawn, not an empty box
        background, text = LEVELS[level]
        body = image.pixelColor(int(image.width() * 0.3), int(image.height() * 0.75))
        assert body.name() == QColor(text).name()  # the shape in the level's text colour
        assert QColor(background).name() in colours(image)  # its mark in the strip's
        images[level] = image
    assert len({bytes(image.constBits()) for image in images.values()}) == 3


@pytest.mark.parametrize("ratio", [1.0, 2.0])
@pytest.mark.parametrize("level", ["info", "warning", "error"])
def test_the_sign_is_sharp_on_any_screen(level, ratio):
    """The mark's stroke covers whole pixels: across it, only the two colours, no grey."""
    text, background = QColor("#8e1b1b"), QColor("#fde8e8")
    pixmap = message_icon(level, text, background).pixmap(QSize(ICON_SIZE, ICON_SIZE), ratio)
    assert pixmap.devicePixelRatio() == ratio
    image = pixmap.toImage()
    assert image.width() == image.height() == int(ICON_SIZE * ratio)
    stroke_row = int(image.height() * {"info": 0.6, "warning": 0.5, "error": 0.4}[level])
    across = [image.pixelColor(x, stroke_row).name()
              for x in range(int(image.width() * 0.3), int(image.width() * 0.7))]
    assert set(across) == {text.name(), background.name()}, across
    assert across.count(background.name()) == int(ICON_SIZE / 8 * ratio)  # 2 px wide at 16


def centre_y(widget: QWidget, bar: MessageBar) -> float:
    return widget.mapTo(bar, QPoint(0, 0)).y() + widget.height() / 2


def test_the_sign_is_level_with_the_first_line_of_a_long_message(qtbot, bar_in_window):
    bar = bar_in_window(560)
    bar.show_message(LONG, "warning")
    qtbot.waitUntil(lambda: bar.label.height() > 2 * bar.label.fontMetrics().height())
    first_line = bar.label.mapTo(bar, QPoint(0, 0)).y() + bar.label.fontMetrics().height() / 2
    assert abs(centre_y(bar.icon, bar) - first_line) <= 1
    # not centred on the block, as it was: that sits between the lines
    assert centre_y(bar.icon, bar) < centre_y(bar.label, bar) - bar.label.fontMetrics().height() / 2


def test_a_one_line_message_is_centred_on_its_button(qtbot, bar_in_window):
    bar = bar_in_window(900)
    bar.show_message("The folder cannot be read.", "error", "Choose Another Folder…", lambda: None)
    qtbot.waitUntil(lambda: bar.action_button.isVisible())
    button = centre_y(bar.action_button, bar)
    assert abs(centre_y(bar.icon, bar) - button) <= 1
    assert abs(centre_y(bar.label, bar) - button) <= 1


def test_the_dark_theme_has_dark_strips_and_keeps_the_action(qtbot):
    bar = MessageBar()
    qtbot.addWidget(bar)
    acted = []
    bar.show_message("The folder cannot be read.", "error", "Choose Another Folder…",
                     lambda: acted.append(True))
    assert LEVELS["error"][0] in bar.styleSheet()
    bar.set_dark(True)
    assert DARK_LEVELS["error"][0] in bar.styleSheet() and bar.text.startswith("The folder")
    assert QColor(DARK_LEVELS["error"][1]).name() in colours(sign_of(bar))
    assert bar.action_button.isVisibleTo(bar)
    bar.action_button.click()
    assert acted and bar.isHidden()

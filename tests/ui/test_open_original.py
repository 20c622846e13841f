"""Open Original: the open article's file goes to the desktop's viewer, through QDesktopServices."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from reader.ui.open_original import open_original


class Desktop(QObject):
    """Stands in for the system's viewer: Qt hands it every file: URL opened."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def desktop() -> Iterator[Desktop]:
    handler = Desktop()
    QDesktopServices.setUrlHandler("file", handler, "open")
    yield handler
    QDesktopServices.unsetUrlHandler("file")


def test_open_original_hands_the_articles_file_to_the_desktop(qtbot, window, library, desktop):
    action = window.actions.open_original
    assert not action.isEnabled()  # no article open yet
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions()
    info = library.articles()[1]
    window.open_article(info.id)
    assert action.isEnabled()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_O,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [Path(url.toLocalFile()) for url in desktop.urls] == [Path(info.path)]
    assert desktop.urls[0].scheme() == "file"
    assert window.message_bar.isHidden()


def test_a_file_that_has_gone_gets_a_sentence_not_a_viewer(window, library, desktop):
    info = library.articles()[0]
    window.open_article(info.id)
    Path(info.path).unlink()
    window.actions.open_original.trigger()
    assert desktop.urls == []
    level, text = window.message_bar.history[-1]
    assert level == "error" and "no longer there" in text and str(info.path) in text


def test_a_file_the_system_cannot_open_gets_a_sentence(window, library):
    article = library.article(library.articles()[0].id)
    assert open_original(article, window.message_bar, lambda _url: False) is False
    assert window.message_bar.history[-1] == (
        "error", f"The system has no viewer that can open {article.path}.")
    assert open_original(None, window.message_bar) is False  # nothing open: nothing to do

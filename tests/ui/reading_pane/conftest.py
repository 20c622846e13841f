"""The reading pane's fixtures: a pane in a shown host widget, with the shared actions."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QVBoxLayout, QWidget

from reader.ui.actions import Actions
from reader.ui.reading_pane import ReadingPane
from reader.ui.theme import THEMES


@pytest.fixture
def host(qtbot):
    widget = QWidget()
    widget.resize(900, 640)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def actions(host) -> Actions:
    return Actions(host)


@pytest.fixture
def pane(qtbot, host, actions) -> ReadingPane:
    pane = ReadingPane(actions, host)
    layout = QVBoxLayout(host)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(pane)
    host.show()
    qtbot.waitExposed(host)
    pane.apply_theme(THEMES["light"])
    return pane

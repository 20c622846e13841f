"""Fixtures for the GUI tests: a real MainWindow on a temporary data dir, a search panel.

Every window is closed at teardown, which cancels and waits for its workers
and closes its library; the autouse check then makes sure no pool thread and
no timer of the window is still running.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QThreadPool, QTimer
from tests.ui.ui_helpers import Opened, wait_idle, write_article

from reader.core.library import Library
from reader.ui.actions import Actions
from reader.ui.library_view import LibraryView
from reader.ui.search_panel import SearchPanel


@pytest.fixture(autouse=True)
def unsaved_notes_are_discarded_at_teardown(monkeypatch) -> None:
    """A note editor closed with changes asks in a modal box, which no test may
    leave waiting (tests that check the question set ``ask_unsaved`` themselves)."""
    from PySide6.QtWidgets import QMessageBox

    from reader.ui.note_editor import NoteEditor

    monkeypatch.setattr(NoteEditor, "_ask_unsaved",
                        lambda _editor: QMessageBox.StandardButton.Discard)


@pytest.fixture
def opened() -> Opened:
    return Opened()


@pytest.fixture
def make_window(qtbot, opened) -> Iterator[Callable]:
    """Build MainWindows on a library; each is closed (and checked) at teardown."""
    from reader.ui.main_window import MainWindow

    windows = []

    def make(library: Library, *, size=(1280, 800), show: bool = True, idle: bool = True):
        window = MainWindow(library, open_url=opened, search_debounce_ms=50)
        qtbot.addWidget(window)
        windows.append(window)
        if size is not None:  # None: keep the geometry the window restored
            window.resize(*size)
        if show:
            window.show()
            qtbot.waitExposed(window)
        if idle:
            wait_idle(qtbot, window)
        return window

    yield make
    for window in windows:
        window.close()
        assert window.pool.activeThreadCount() == 0
        running = [_describe(t) for t in window.findChildren(QTimer) if t.isActive()]
        assert not running, f"timers still running after close: {running}"


def _describe(timer: QTimer) -> str:
    chain, obj = [], timer
    while obj is not None:
        chain.append(f"{type(obj).__name__}({obj.objectName()})")
        obj = obj.parent()
    return " < ".join(chain) + f" interval={timer.interval()}"


@pytest.fixture
def window(make_window, library):
    return make_window(library)


@pytest.fixture(autouse=True)
def _no_threads_left() -> Iterator[None]:
    yield
    pool = QThreadPool.globalInstance()
    pool.waitForDone(5000)
    assert pool.activeThreadCount() == 0


@pytest.fixture
def fresh_library(home, seeds) -> Callable[[], Library]:
    """Open (again) a Library on the same home and seeds, e.g. to simulate a restart."""
    opened_libs: list[Library] = []

    def open_again() -> Library:
        lib = Library(home)
        if seeds.resolve() not in lib.folders:
            for folder in lib.folders:
                lib.remove_folder(folder)
            lib.add_folders([seeds])
        opened_libs.append(lib)
        return lib

    yield open_again
    for lib in opened_libs:
        lib.close()


# -- the search panel, for its tests and those of its parts ----------------------------

EXTRA = {
    "kremlin-syria.txt": ("Kremlin strategy in Syria", "March 3, 2015", "The Guardian",
                          "Operation Zephyr: the Kremlin argues its campaign in Syria targets terrorism."),
    "kremlin-oil.txt": ("Kremlin and the oil price", "June 9, 2015", "The Economist",
                        "Oil revenue funds the Kremlin and operation Zephyr; Brent is watched."),
    "kremlin-media.txt": ("Kremlin media abroad", "May 1, 2017", "The Guardian",
                          "State media spread the Kremlin line about Zephyr and the war in Syria."),
}


@pytest.fixture
def rich_library(library, seeds):
    """The seeds plus three articles with sources and dates, for the facets."""
    for name, fields in EXTRA.items():
        write_article(seeds, name, *fields)
    library.update_index()
    return library


@pytest.fixture
def make_panel(qtbot):
    made = []
    pool = QThreadPool()

    def make(library):
        holder = LibraryView()
        qtbot.addWidget(holder)
        actions = Actions(holder)
        view = LibraryView()
        panel = SearchPanel(library, actions, view, pool, debounce_ms=30)
        qtbot.addWidget(panel)
        panel.resize(380, 700)
        panel.show()
        qtbot.waitExposed(panel)
        made.append(panel)
        return panel

    yield make
    for panel in made:
        panel.shutdown()
    pool.waitForDone()


@pytest.fixture
def panel(make_panel, library):
    return make_panel(library)

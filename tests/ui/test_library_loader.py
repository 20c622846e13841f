"""The library table is filled off the GUI thread; after an update the folders are walked too."""
from __future__ import annotations

from PySide6.QtCore import QThreadPool

from reader.ui.library_loader import LibraryLoader
from reader.ui.library_view import LibraryView
from reader.ui.message_bar import MessageBar


def make_loader(qtbot, library) -> tuple[LibraryLoader, LibraryView, QThreadPool]:
    view = LibraryView()
    qtbot.addWidget(view)
    bar = MessageBar()
    qtbot.addWidget(bar)
    pool = QThreadPool()
    return LibraryLoader(library, pool, view, bar, view), view, pool


def test_rows_arrive_and_folders_are_walked_only_when_asked(qtbot, library, seeds):
    loader, view, pool = make_loader(qtbot, library)
    with qtbot.waitSignal(loader.loaded, timeout=10000) as blocker:
        loader.refresh()
    rows, dirs = blocker.args
    assert len(rows.articles) == 5 and view.article_count() == 5
    assert dirs is None
    with qtbot.waitSignal(loader.loaded, timeout=10000) as blocker:
        loader.refresh(walk_folders=True)
    assert str(seeds) in blocker.args[1]
    with qtbot.waitSignal(loader.loaded, timeout=10000) as blocker:
        loader.refresh()
    assert blocker.args[1] is None  # the walk was delivered: not again
    loader.shutdown()
    pool.waitForDone()


def test_note_counts_update_in_place(qtbot, library):
    loader, view, pool = make_loader(qtbot, library)
    with qtbot.waitSignal(loader.loaded, timeout=10000):
        loader.refresh()
    info = library.articles()[0]
    library.add_note(info.id, quote=library.article(info.id).text.split()[0], color="green")
    loader.refresh_note_counts()
    assert view.model.article(view.model.row_of(info.id)).note_count == 1
    loader.shutdown()
    pool.waitForDone()

"""Up and Down in the library and the results open the row they land on."""
from __future__ import annotations

from PySide6.QtCore import Qt
from tests.ui.ui_helpers import search

from reader.ui.library_view import ID_ROLE
from reader.ui.search_results import HIT_ROLE


def test_down_in_the_library_opens_the_row_it_lands_on(qtbot, make_window, library):
    window = make_window(library)
    table = window.library_view.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    for _ in range(2):
        qtbot.keyClick(table, Qt.Key.Key_Down)
        wanted = table.currentIndex().data(ID_ROLE)
        qtbot.waitUntil(lambda: window.reading_pane.article is not None
                        and window.reading_pane.article.id == wanted, timeout=2000)
    assert table.hasFocus()  # the analyst goes on with the keyboard
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # extends: no jump
    qtbot.wait(300)
    assert window.reading_pane.article.id == wanted


def test_down_in_the_results_opens_the_hit_with_its_marks(qtbot, make_window, library):
    window = make_window(library)
    search(qtbot, window.search_panel, "Putin")
    results = window.search_panel.list
    results.setFocus()
    results.setCurrentIndex(results.model().index(0, 0))
    qtbot.keyClick(results, Qt.Key.Key_Down)
    hit = results.currentIndex().data(HIT_ROLE)
    qtbot.waitUntil(lambda: window.reading_pane.article is not None
                    and window.reading_pane.article.id == hit.id, timeout=2000)
    assert window.reading_pane.hits and window.query_for_hits == "Putin"

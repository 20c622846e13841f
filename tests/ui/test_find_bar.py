"""The bar over the reading pane: the library search's hits, and Find in Article (Ctrl+F)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from tests.ui.ui_helpers import search, wait_idle

from reader.ui.find_bar import find_in_text


def test_find_in_text_ignores_case_and_the_width_of_spaces():
    text = "Putin said.\nThe Kremlin,  putin's office, and PUTIN again."
    assert [text[s:e] for s, e in find_in_text(text, "putin")] == ["Putin", "putin", "PUTIN"]
    assert [text[s:e] for s, e in find_in_text(text, "kremlin, putin")] == ["Kremlin,  putin"]
    assert find_in_text(text, "   ") == [] and find_in_text(text, "a.b") == []


def test_the_search_hits_show_only_when_there_are_some(qtbot, make_window, library):
    window = make_window(library)
    bar = window.find_bar
    bar.set_hits(3, 12, "kremlin " * 10)
    assert bar.label.text() == "3 / 12" and not bar.isHidden()
    assert bar.query_label.text().endswith("…") and len(bar.query_label.text()) < 80
    bar.set_hits(0, 0, "")
    assert bar.isHidden() and bar.label.text() == ""


def test_ctrl_f_finds_in_the_article_and_esc_brings_back_the_search_hits(qtbot, make_window,
                                                                         library):
    window = make_window(library)
    search(qtbot, window.search_panel, "Putin")
    hit = next(h for h in library.search("Putin").hits if "Putin" in h.title)
    window.open_article(hit.id, query="Putin")
    pane, bar = window.reading_pane, window.find_bar
    search_hits = pane.hits
    assert search_hits and bar.query_label.text() == "Hits for:  Putin"

    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.finding and bar.field.isVisible() and QApplication.focusWidget() is bar.field
    qtbot.keyClicks(bar.field, "the")
    text = pane.article.text
    expected = [(s, e) for s, e in find_in_text(text, "the")]
    assert pane.hits == expected and bar.label.text() == f"1 / {len(expected)}"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert pane.current_hit == 2 and bar.label.text() == f"2 / {len(expected)}"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert pane.current_hit == 1
    bar.field.setText("zzzqqq")
    assert pane.hits == [] and bar.label.text() == "No matches" and bar.isVisible()

    bar.field.setText("the")
    other = next(a for a in library.articles() if a.id != hit.id)
    window.open_article(other.id)  # the finder keeps finding, in the new article
    assert pane.hits == find_in_text(pane.article.text, "the")

    window.open_article(hit.id, query="Putin")
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.finding and not bar.field.isVisible()
    assert pane.hits == search_hits and bar.query_label.text() == "Hits for:  Putin"


def test_ctrl_k_and_ctrl_shift_f_search_the_library(qtbot, make_window, library):
    window = make_window(library)
    for key, modifiers in ((Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier),
                           (Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier
                            | Qt.KeyboardModifier.ShiftModifier)):
        window.reading_pane.setFocus()
        qtbot.keyClick(window, key, modifiers)
        wait_idle(qtbot, window)
        assert QApplication.focusWidget() is window.search_panel.field

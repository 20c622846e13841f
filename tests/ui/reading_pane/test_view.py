"""The text view: tooltips and clicks on highlights, keyboard selection and Ctrl+C, scrolling."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QHelpEvent
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget
from tests.ui.reading_pane.pane_helpers import (
    SAMPLE, long_article, make_article, make_note, point_in, visible_in_view,
)

from reader.core.model import Block
from reader.ui.reading_pane import ReadingPane
from reader.ui.reading_pane.view import word_edges
from reader.ui.theme import THEMES, mix


def test_first_hit_is_scrolled_into_view(pane: ReadingPane) -> None:
    article = long_article()
    s = article.text.index("needle")
    pane.show_article(article, hits=[(s, s + 6)])
    assert pane.view.verticalScrollBar().value() > 0
    assert visible_in_view(pane, s, s + 6)


def test_scroll_to_range_makes_it_visible(pane: ReadingPane) -> None:
    article = long_article()
    pane.show_article(article)
    s = article.text.index("Paragraph 120")
    assert not visible_in_view(pane, s, s + 13)
    pane.scroll_to_range(s, s + 13)
    assert visible_in_view(pane, s, s + 13)
    pane.scroll_to_range(0, 4)
    assert visible_in_view(pane, 0, 4)


def test_scroll_before_the_pane_is_shown_happens_when_it_is(qtbot, actions) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    pane = ReadingPane(actions, host)
    article = long_article()
    s = article.text.index("needle")
    pane.show_article(article, hits=[(s, s + 6)])
    layout = QVBoxLayout(host)
    layout.addWidget(pane)
    host.resize(800, 600)
    host.show()
    qtbot.waitExposed(host)
    qtbot.waitUntil(lambda: visible_in_view(pane, s, s + 6))


def test_hovering_a_highlight_shows_the_rendered_note(qtbot, pane: ReadingPane) -> None:
    text = SAMPLE.text
    s = text.index("quoted passage")
    note = make_note(SAMPLE, s, s + 14, body="A **bold** remark", tags=("policy", "europe"))
    pane.show_article(SAMPLE, [note])
    point = point_in(pane, s, s + 14)
    tip = pane.tooltip_html_at(point)
    assert tip is not None and "<strong>bold</strong>" in tip and "#policy" in tip
    outside = point_in(pane, 0, 4)
    assert pane.tooltip_html_at(outside) is None
    event = QHelpEvent(QEvent.Type.ToolTip, point, pane.view.viewport().mapToGlobal(point))
    QGuiApplication.sendEvent(pane.view.viewport(), event)
    assert "bold" in QToolTip.text()
    QToolTip.hideText()


def test_clicking_a_highlight_emits_its_note_id(qtbot, pane: ReadingPane) -> None:
    text = SAMPLE.text
    s = text.index("first paragraph")
    outer = make_note(SAMPLE, s, s + 40, note_id="outer")
    inner = make_note(SAMPLE, s + 6, s + 15, note_id="inner", color="green")
    pane.show_article(SAMPLE, [outer, inner])
    with qtbot.waitSignal(pane.noteClicked) as blocker:
        qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=point_in(pane, s + 8, s + 12))
    assert blocker.args == ["inner"]
    with qtbot.waitSignal(pane.noteClicked) as blocker:
        qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton, pos=point_in(pane, s + 30, s + 35))
    assert blocker.args == ["outer"]
    with qtbot.assertNotEmitted(pane.noteClicked):
        qtbot.mouseClick(pane.view.viewport(), Qt.MouseButton.LeftButton,
                         pos=point_in(pane, text.index("Daesh"), text.index("Daesh") + 5))


def test_keyboard_selection_and_ctrl_c(qtbot, pane: ReadingPane) -> None:
    pane.show_article(SAMPLE)
    cursor = pane.view.textCursor()
    cursor.setPosition(pane.text_map.to_doc(SAMPLE.text.index("The first")))
    pane.view.setTextCursor(cursor)
    pane.view.setFocus()
    for _ in range(9):
        qtbot.keyClick(pane.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert pane.selected_text() == "The first"
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(pane.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "The first"



def test_offset_at_finds_the_character_under_a_point(pane: ReadingPane) -> None:
    pane.show_article(SAMPLE)
    start = SAMPLE.text.index("Daesh is")
    rects = pane.view.range_rects(pane.text_map, start, start + 5)
    assert len(rects) == 1
    offset = pane.view.offset_at(rects[0].center().toPoint(), pane.text_map, SAMPLE.text)
    assert start <= offset < start + 5
    assert pane.view.offset_at(QPoint(2, 2), pane.text_map, SAMPLE.text) is None  # the margin


def test_a_right_to_left_quote_has_its_bar_on_the_right(pane: ReadingPane) -> None:
    quote = "اقتباس من التقرير الرسمي حول الوضع في سوريا"
    article = make_article(Block("heading", "Q", 1), Block("quote", "An English quote."),
                           Block("paragraph", "Between."), Block("quote", quote), title="Q")
    pane.show_article(article)
    theme = THEMES["light"]
    bar = mix(theme.accent, theme.base, 0.55)
    image = pane.view.viewport().grab().toImage()

    def bar_columns(offset: int) -> list[int]:
        rect = pane.view.range_rects(pane.text_map, offset, offset + 3)[0]
        y = int(rect.center().y())
        return [x for x in range(image.width()) if _near(image.pixelColor(x, y), bar)]

    column_mid = pane.view.viewport().width() / 2
    left = bar_columns(article.text.index("An English"))
    right = bar_columns(article.text.index(quote))
    assert left and max(left) < column_mid
    assert right and min(right) > column_mid
    text_right = pane.view.range_rects(pane.text_map, article.text.index(quote), len(article.text))[0]
    assert min(right) > text_right.right()  # beside the text, not over it


def _near(color, other, tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(color.getRgb()[:3], other.getRgb()[:3]))


def test_word_edges_widen_a_selection_to_whole_words() -> None:
    text = "Russia’s forces, Wladimir Putin said: مرحبا بالعالم."
    start = text.index("ussia")
    assert text[slice(*word_edges(text, start, start + 3))] == "Russia’s"
    w = text.index("imir")
    assert text[slice(*word_edges(text, w, text.index("Putin") + 2))] == "Wladimir Putin"
    exact = (text.index("forces"), text.index("forces") + 6)
    assert word_edges(text, *exact) == exact  # already on the edges: unchanged
    a = text.index("حبا")
    assert text[slice(*word_edges(text, a, a + 1))] == "مرحبا"


def test_a_drag_from_mid_word_selects_the_whole_words(qtbot, pane: ReadingPane) -> None:
    article = make_article(Block("paragraph", "The Kremlin denied the report on Thursday."))
    pane.show_article(article)
    text = article.text
    viewport = pane.view.viewport()
    start = point_in(pane, text.index("remlin") + 1, text.index("remlin") + 2)
    end = point_in(pane, text.index("Thursday") + 3, text.index("Thursday") + 4)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert pane.selected_text() == "Kremlin denied the report on Thursday"

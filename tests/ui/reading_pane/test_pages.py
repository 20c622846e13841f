"""Page markers: a real PDF in the pane, "— p. N —" painted between blocks, never text."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QGuiApplication, QTextCursor
from tests.ui.reading_pane.pane_helpers import sitrep

from reader.core.articles import parse_article
from reader.core.model import Block
from reader.ui.reading_pane import PARAGRAPH_SEPARATOR, ReadingPane
from reader.ui.reading_pane.pages import marker_text, page_breaks
from reader.ui.theme import THEMES


def test_page_breaks_are_the_blocks_that_start_a_later_page():
    blocks = [Block("heading", "T", 1), Block("paragraph", "a", page=1), Block("paragraph", "b", page=1),
              Block("paragraph", "c", page=3), Block("paragraph", "d", page=3),
              Block("paragraph", "e", page=4)]
    assert page_breaks(blocks) == {3: 3, 5: 4}
    assert page_breaks([Block("paragraph", "x", page=2)]) == {0: 2}  # the text starts on page 2
    assert page_breaks([Block("paragraph", "x"), Block("paragraph", "y")]) == {}
    assert marker_text(12) == "— p. 12 —"


def test_markers_sit_between_the_pages_and_the_text_is_the_articles(pane: ReadingPane):
    article = sitrep()
    pane.show_article(article)
    doc = pane.view.document()
    base = pane.text_map.base
    assert doc.toPlainText()[base:].replace(PARAGRAPH_SEPARATOR, "\n") == article.text
    assert "p. 2" not in doc.toPlainText()
    starts = {page: index for index, page in page_breaks(article.blocks).items()}
    markers = pane.page_markers()
    assert [page for page, _rect in markers] == [2, 3] == sorted(starts)
    assert [article.blocks[starts[page]].text for page in (2, 3)] == ["Situation Report"] * 2
    for page, rect in markers:
        offset = article.block_starts[starts[page]]
        first_line = pane.view.range_rects(pane.text_map, offset, offset + 5)[0]
        last_before = pane.view.range_rects(pane.text_map, offset - 2, offset - 1)[-1]
        assert last_before.bottom() < rect.top() and rect.bottom() < first_line.top()
        assert rect.height() > 5 and rect.width() > 100


def test_a_selection_over_a_page_break_copies_the_article_text_only(pane: ReadingPane):
    article = sitrep()
    pane.show_article(article)
    start = article.text.index("allies.")
    end = article.text.index("Part 2") + len("Part 2")
    pane.select_range(start, end)
    assert pane.selected_range() == (start, end)
    pane.copy()
    assert QGuiApplication.clipboard().text() == article.text[start:end]
    assert "p. 2" not in QGuiApplication.clipboard().text()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_markers_are_painted_dimmed_in_both_themes(pane: ReadingPane, theme: str):
    pane.apply_theme(THEMES[theme])
    pane.show_article(sitrep())
    _page, rect = pane.page_markers()[0]
    pane.scroll_to_range(0, 1)
    bar = pane.view.verticalScrollBar()
    bar.setValue(bar.value() + int(rect.top()) - 100)  # the first marker 100 px from the top
    _page, rect = pane.page_markers()[0]
    image = pane.view.viewport().grab().toImage()
    base, dim = QColor(THEMES[theme].base), QColor(THEMES[theme].dim)
    inked = [image.pixelColor(x, y) for x in range(int(rect.left()), int(rect.right()))
             for y in range(int(rect.top()), int(rect.bottom()))
             if image.pixelColor(x, y) != base]
    assert len(inked) > 30  # "— p. 2 —" was painted there
    # Its strongest ink is the theme's dim colour, not the text's.
    strongest = max(inked, key=lambda c: abs(c.lightness() - base.lightness()))
    assert abs(strongest.lightness() - dim.lightness()) < 25
    text = QColor(THEMES[theme].text)
    assert abs(strongest.lightness() - text.lightness()) > 60


def test_an_article_without_pages_has_no_markers(pane: ReadingPane):
    article = parse_article(Path("/notes/plain.txt"), b"Title\n\nOne.\n\nTwo.\n")
    pane.show_article(article)
    assert pane.page_markers() == []
    cursor = QTextCursor(pane.view.document())
    assert all(cursor.document().findBlockByNumber(n).blockFormat().topMargin() < 30
               for n in range(cursor.document().blockCount()))

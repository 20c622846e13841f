"""Building the document: one QTextBlock per core Block after the header, formats, lists."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor
from tests.ui.reading_pane.pane_helpers import EMOJI, SAMPLE, drawn, make_article, make_note

from reader.core.articles import parse_article
from reader.core.model import Block
from reader.ui.reading_pane import ReadingPane
from reader.ui.reading_pane.document import ZOOM_STEP, Typography, build_document, file_location
from reader.ui.theme import THEMES


def test_one_text_block_per_core_block_after_the_header(pane: ReadingPane) -> None:
    pane.show_article(SAMPLE)
    doc = pane.view.document()
    base_block = doc.findBlock(pane.text_map.base)
    assert base_block.position() == pane.text_map.base
    header = base_block.blockNumber()
    assert header == 2  # the metadata line, the file; the title is the article's own heading
    assert doc.blockCount() == header + len(SAMPLE.blocks)
    for i, block in enumerate(SAMPLE.blocks):
        assert doc.findBlockByNumber(header + i).text() == block.text
    assert "JANE DOE" in doc.firstBlock().text().upper()
    assert doc.findBlockByNumber(1).text() == file_location(SAMPLE)
    assert doc.characterCount() - 1 == pane.text_map.base + pane.text_map.doc_length


def test_boilerplate_is_dimmed_and_lists_have_markers_not_text(pane: ReadingPane) -> None:
    pane.show_article(SAMPLE)
    doc = pane.view.document()
    base = doc.findBlock(pane.text_map.base).blockNumber()
    chrome = doc.findBlockByNumber(base)
    fmt = chrome.begin().fragment().charFormat()
    assert fmt.foreground().color() == QColor(THEMES["light"].dim)
    item = doc.findBlockByNumber(base + 4)
    assert item.textList() is not None and item.text() == "first item"


def test_title_without_heading_goes_into_the_header(pane: ReadingPane) -> None:
    article = make_article(Block("paragraph", "Just text."), title="From the file name")
    pane.show_article(article)
    doc = pane.view.document()
    assert doc.findBlockByNumber(1).text() == "From the file name"  # after where the file is
    assert doc.findBlock(pane.text_map.base).text() == "Just text."


def test_zoom_and_font_keep_the_invariant(qtbot, pane: ReadingPane) -> None:
    text = SAMPLE.text
    s = text.index(EMOJI)
    pane.show_article(SAMPLE, [make_note(SAMPLE, s - 3, s + 4)], [(s, s + 1)])
    size = pane.reading_font.pointSizeF()
    with qtbot.waitSignal(pane.zoomChanged) as blocker:
        pane.zoom_in()
    assert blocker.args == [1]
    assert pane.reading_font.pointSizeF() > size
    pane.zoom_out()
    pane.zoom_out()
    assert pane.reading_font.pointSizeF() < size
    pane.zoom_reset()
    assert pane.reading_font.pointSizeF() == pytest.approx(size)
    pane.set_reading_font("DejaVu Sans", 15)
    assert pane.reading_font.family() == "DejaVu Sans"
    assert drawn(pane, "note") == [("n1", text[s - 3:s + 4])]
    assert drawn(pane, "current") == [("0", EMOJI)]


def test_article_without_metadata_or_blocks(pane: ReadingPane) -> None:
    bare = make_article(Block("heading", "Bare", 1), Block("paragraph", "Text."), title="Bare")
    pane.show_article(bare)
    assert pane.view.document().firstBlock().text() == file_location(bare)  # only where it is
    assert pane.view.document().blockCount() == 3
    empty = make_article(title="Nothing here")
    pane.show_article(empty, hits=[(0, 1)])
    assert pane.view.document().findBlockByNumber(1).text() == "Nothing here"
    assert pane.hits == [] and pane.selected_range() is None



def test_build_document_maps_the_article_and_lists_its_quotes(qapp) -> None:
    typography = Typography("Serif", 10.0, zoom=2)
    assert typography.scaled(1.0) == pytest.approx(10.0 * ZOOM_STEP ** 2)
    assert typography.body_font.pointSizeF() == pytest.approx(typography.scaled(1.0))
    owner = QObject()  # the document's parent: it lives as long as the owner does
    built = build_document(SAMPLE, THEMES["light"], typography, owner)
    assert built.text_map.base == built.doc.findBlock(built.text_map.base).position()
    assert built.doc.characterCount() - 1 == built.text_map.base + built.text_map.doc_length
    quotes = [i for i, b in enumerate(SAMPLE.blocks) if b.kind == "quote"]
    header = built.doc.findBlock(built.text_map.base).blockNumber()
    assert built.quote_blocks == [header + i for i in quotes]


ARABIC = "قالت وزارة الخارجية إن العقوبات الجديدة ستدخل حيز التنفيذ في عام 2019 بعد مفاوضات طويلة."


def test_right_to_left_paragraphs_of_a_plain_text_file_are_right_aligned(pane: ReadingPane) -> None:
    data = f"Sanctions\n\nThe ministry said so in English first.\n\n{ARABIC}\n".encode()
    article = parse_article(Path("/reports/sanctions.txt"), data)
    assert ARABIC in article.text.split("\n")
    pane.show_article(article)
    doc = pane.view.document()
    base = doc.findBlock(pane.text_map.base).blockNumber()
    english, arabic = (article.blocks.index(next(b for b in article.blocks if b.text.startswith(p)))
                       for p in ("The ministry", ARABIC[:4]))
    rtl_format = doc.findBlockByNumber(base + arabic).blockFormat()
    assert rtl_format.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert rtl_format.alignment() & Qt.AlignmentFlag.AlignRight
    assert doc.findBlockByNumber(base + english).blockFormat().layoutDirection() \
        == Qt.LayoutDirection.LeftToRight
    # What the reader sees: the English starts at the column's left edge, the
    # Arabic's lines end at its right edge and its short last line leaves the left open.
    column_left = pane.view.side
    column_right = pane.view.viewport().width() - pane.view.side
    start = article.block_starts[english]
    assert pane.view.range_rects(pane.text_map, start, start + 3)[0].left() == pytest.approx(
        column_left, abs=2)
    start = article.block_starts[arabic]
    lines = pane.view.range_rects(pane.text_map, start, start + len(ARABIC))
    assert all(rect.right() == pytest.approx(column_right, abs=3) for rect in lines)
    assert lines[-1].left() > column_left + 20


def test_the_header_says_where_the_file_is(monkeypatch) -> None:
    monkeypatch.setattr(Path, "home", staticmethod(lambda: Path("/home/analyst")))
    article = replace(make_article(Block("paragraph", "Text.")),
                      path=Path("/home/analyst/briefs/desk.mbox"), part="<a1@x>/annex.pdf")
    assert file_location(article) == "~/briefs/desk.mbox › annex.pdf"
    assert file_location(replace(article, path=Path("/srv/x.txt"), part="")) == "/srv/x.txt"

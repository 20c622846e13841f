"""A block's spans in the reading pane (inline.py): formats over the text, nothing more."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QFont, QTextCursor
from tests.ui.reading_pane.pane_helpers import EMOJI, drawn, make_article, make_note

from reader.core.model import (BLOCK_KINDS, BOILERPLATE, BOLD, CODE, HEADING, ITALIC, LINK, PARAGRAPH,
                               Block, Span)
from reader.ui.reading_pane import PARAGRAPH_SEPARATOR, ReadingPane
from reader.ui.theme import THEMES


def _format_at(pane: ReadingPane, offset: int):
    """The format of the character at core ``offset``."""
    cursor = QTextCursor(pane.view.document())
    cursor.setPosition(pane.text_map.to_doc(offset + 1))
    return cursor.charFormat()


_CHARS = st.sampled_from(["a", "b", " ", EMOJI, "👍🏽", "Ж", "ع", "é", "中"])


@st.composite
def _styled_block(draw) -> Block:
    text = "".join(draw(st.lists(_CHARS, min_size=1, max_size=20)))
    spans = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        kind = draw(st.sampled_from([BOLD, CODE, LINK]))
        spans.append(Span(start, end, kind, "x.md" if kind == LINK else ""))
    return Block(draw(st.sampled_from([k for k in BLOCK_KINDS if k != BOILERPLATE])), text, 1,
                 spans=tuple(spans))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blocks=st.lists(_styled_block(), min_size=1, max_size=5), data=st.data())
def test_spans_style_exactly_their_characters_and_move_nothing(pane: ReadingPane, blocks, data):
    article = make_article(*blocks, title="T")
    text = article.text
    s, e = sorted(data.draw(st.tuples(st.integers(0, len(text)), st.integers(0, len(text)))))
    notes = [make_note(article, s, e)] if s < e else []
    pane.show_article(article, notes, [(s, e)] if s < e else [])
    document = pane.view.document().toPlainText().replace(PARAGRAPH_SEPARATOR, "\n")
    assert document.endswith(text)  # the header, then the article's text, unchanged
    assert drawn(pane, "note") == ([("n1", text[s:e])] if notes else [])
    for block, start in zip(article.blocks, article.block_starts):
        for at in range(len(block.text)):
            fmt = _format_at(pane, start + at)
            covering = {span.kind for span in block.spans if span.start <= at < span.end}
            assert fmt.isAnchor() == (LINK in covering)
            assert fmt.fontFixedPitch() == (CODE in covering)
            if BOLD in covering:
                assert fmt.fontWeight() == QFont.Weight.Bold


def test_heading_code_quote_emphasis_boilerplate_links_and_arabic(pane: ReadingPane):
    article = make_article(
        Block(HEADING, "Title with code()", 1, spans=(Span(11, 17, CODE),)),
        Block("quote", "Quoted and stressed words", spans=(Span(11, 19, ITALIC),)),
        Block(PARAGRAPH, "مرحبا بكم and plain", spans=(Span(0, 9, ITALIC), Span(14, 19, ITALIC))),
        Block(BOILERPLATE, "Home | About", spans=(Span(0, 4, LINK, "/"),)),
        title="Title with code()",
    )
    pane.apply_theme(THEMES["light"])
    pane.show_article(article)
    text = article.text
    heading_code, heading = _format_at(pane, text.index("code()")), _format_at(pane, 0)
    assert heading_code.fontFixedPitch()
    assert heading_code.fontPointSize() > pane.reading_font.pointSizeF()  # still a heading's size
    assert heading_code.fontPointSize() < heading.fontPointSize()
    assert _format_at(pane, text.index("Quoted")).fontItalic()
    assert not _format_at(pane, text.index("stressed")).fontItalic()  # emphasis in italics: upright
    arabic = _format_at(pane, text.index("بكم"))
    assert not arabic.fontItalic() and arabic.fontWeight() == QFont.Weight.DemiBold
    assert _format_at(pane, text.index("plain")).fontItalic()
    home = _format_at(pane, text.index("Home"))
    assert home.isAnchor() and home.foreground().color().name() == THEMES["light"].dim

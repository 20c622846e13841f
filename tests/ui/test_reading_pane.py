"""The reading pane: the text model invariant, hits, highlights, menus, copy."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QHelpEvent, QTextCursor
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

from reader.core.model import (
    BLOCK_KINDS, BOILERPLATE, FUZZY, ORPHANED, Article, Block, Note, text_fingerprint,
)
from reader.ui.actions import Actions
from reader.ui.reading_pane import PARAGRAPH_SEPARATOR, SIDE_PADDING, ReadingPane
from reader.ui.theme import THEMES

EMOJI = "😀"


def make_article(*blocks: Block, title: str = "Emoji 😀 and café", **meta) -> Article:
    return Article(id="art1", path=Path("/tmp/articles/emoji.md"), title=title, blocks=tuple(blocks),
                   **meta)


def make_note(article: Article, start: int, end: int, *, note_id: str = "n1", color: str = "yellow",
              body: str = "", tags: tuple[str, ...] = (), status: str = "intact") -> Note:
    return Note(id=note_id, article_id=article.id, article_path=str(article.path),
                article_title=article.title, fingerprint=article.fingerprint,
                exact=article.text[start:end], prefix="", suffix="", start=start, end=end,
                color=color, body=body, tags=list(tags), status=status)


SAMPLE = make_article(
    Block(BOILERPLATE, "Skip to main content"),
    Block("heading", "Emoji 😀 and café", 1),
    Block("paragraph", f"The first paragraph has an emoji {EMOJI} and a combining e\u0301 and 中文."),
    Block("quote", "A quoted passage that goes on for a while so that it wraps onto a second line."),
    Block("list_item", "first item", 1),
    Block("list_item", "nested item 👍🏽", 2),
    Block("paragraph", "Daesh is a word. Another Daesh. And a third daesh-like Daesh."),
    date="2016-11-24T23:21", author="Jane Doe", source="Example Times",
)


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


def drawn(pane: ReadingPane, kind: str) -> list[tuple[str, str]]:
    return [(key, text) for k, key, text in pane.drawn_passages(whole_article=True) if k == kind]


def select_doc(pane: ReadingPane, start: int, end: int) -> None:
    cursor = QTextCursor(pane.view.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    pane.view.setTextCursor(cursor)


def point_in(pane: ReadingPane, start: int, end: int) -> QPoint:
    """A viewport point over the middle of the first line of text[start:end]."""
    rects = pane._range_rects(start, end)
    assert rects, "range not laid out"
    return rects[0].center().toPoint()


# -- the document mirrors the text model ----------------------------------------------


def test_one_text_block_per_core_block_after_the_header(pane: ReadingPane) -> None:
    pane.show_article(SAMPLE)
    doc = pane.view.document()
    base_block = doc.findBlock(pane.text_map.base)
    assert base_block.position() == pane.text_map.base
    header = base_block.blockNumber()
    assert header == 1  # the metadata line; the title is the article's own first heading
    assert doc.blockCount() == header + len(SAMPLE.blocks)
    for i, block in enumerate(SAMPLE.blocks):
        assert doc.findBlockByNumber(header + i).text() == block.text
    assert "JANE DOE" in doc.firstBlock().text().upper()
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
    assert doc.firstBlock().text() == "From the file name"
    assert doc.findBlock(pane.text_map.base).text() == "Just text."


# -- the invariant, as a property -------------------------------------------------------

_CHARS = st.one_of(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"),
                  exclude_characters="\ufdd0\ufdd1\ufffc"),
    st.sampled_from([EMOJI, "👍🏽", "👩\u200d👩\u200d👧", "e\u0301", "a\u0308\u0323", "中", "文", "𝔘", " "]),
)
_BLOCKS = st.lists(
    st.tuples(st.sampled_from(BLOCK_KINDS), st.lists(_CHARS, max_size=30).map("".join),
              st.integers(0, 3)),
    min_size=1, max_size=7,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blocks=_BLOCKS, data=st.data())
def test_drawn_text_is_exactly_the_core_text(pane: ReadingPane, blocks, data) -> None:
    article = make_article(*(Block(kind, text, level) for kind, text, level in blocks),
                           title="T")
    text = article.text
    offsets = st.integers(0, len(text))

    def ranges(n: int) -> list[tuple[int, int]]:
        found = []
        for _ in range(n):
            a, b = sorted(data.draw(st.tuples(offsets, offsets)))
            if a < b:
                found.append((a, b))
        return found

    notes = [make_note(article, s, e, note_id=f"n{i}") for i, (s, e) in enumerate(ranges(4))]
    hits = ranges(4)
    pane.show_article(article, notes, hits)
    by_note = {n.id: text[n.start:n.end] for n in notes}
    for note_id, shown in drawn(pane, "note"):
        assert shown == by_note[note_id]
    assert sorted(shown for _k, shown in drawn(pane, "hit")) == sorted(text[s:e] for s, e in set(hits))
    for key, shown in drawn(pane, "current"):
        assert shown == text.__getitem__(slice(*pane.hits[int(key)]))
    assert len(drawn(pane, "note")) == len(notes)
    # a programmatic selection of document positions maps back exactly
    if text:
        s, e = sorted(data.draw(st.tuples(offsets, offsets)))
        if s < e:
            select_doc(pane, pane.text_map.to_doc(s), pane.text_map.to_doc(e))
            assert pane.selected_range() == (s, e)
            assert pane.selected_text() == text[s:e]
            selected = pane.view.textCursor().selectedText().replace(PARAGRAPH_SEPARATOR, "\n")
            assert selected == text[s:e]


def test_emoji_highlight_and_hit_are_exact(pane: ReadingPane) -> None:
    text = SAMPLE.text
    s = text.index(EMOJI)
    note = make_note(SAMPLE, s - 6, s + 1 + 6, body="emoji!")
    pane.show_article(SAMPLE, [note], [(s, s + 1)])
    assert drawn(pane, "note") == [("n1", text[s - 6:s + 7])]
    assert drawn(pane, "hit") == [("0", EMOJI)]
    assert drawn(pane, "current") == [("0", EMOJI)]


def test_selection_reaching_into_the_header_is_clamped(pane: ReadingPane) -> None:
    pane.show_article(SAMPLE)
    base = pane.text_map.base
    select_doc(pane, 0, base + 5)
    assert pane.selected_range() == (0, 5)
    assert pane.selected_text() == SAMPLE.text[:5]
    select_doc(pane, 0, base - 1)
    assert pane.selected_range() is None


def test_orphaned_and_stale_notes_are_not_drawn(pane: ReadingPane) -> None:
    good = make_note(SAMPLE, 0, 4, note_id="good")
    orphan = make_note(SAMPLE, 5, 9, note_id="orphan", status=ORPHANED)
    stale = make_note(SAMPLE, 10, 14, note_id="stale")
    stale.fingerprint, stale.exact = text_fingerprint("old text"), "zzzz"
    moved = make_note(SAMPLE, 20, 24, note_id="fuzzy", status=FUZZY)
    moved.fingerprint = text_fingerprint("old text")  # re-anchored: text there differs from exact
    moved.exact = "something similar"
    pane.show_article(SAMPLE, [good, orphan, stale, moved])
    assert [k for k, _ in drawn(pane, "note")] == ["good"]


# -- hits -------------------------------------------------------------------------------


def test_hit_navigation_wraps_and_reports(pane: ReadingPane) -> None:
    text = SAMPLE.text
    hits = [(i, i + 5) for i in range(len(text)) if text.startswith("Daesh", i)]
    assert len(hits) == 3
    seen: list[tuple[int, int]] = []
    pane.hitChanged.connect(lambda current, total: seen.append((current, total)))
    pane.show_article(SAMPLE, hits=hits)
    pane.next_hit()
    pane.next_hit()
    pane.next_hit()
    pane.previous_hit()
    assert seen == [(1, 3), (2, 3), (3, 3), (1, 3), (3, 3)]
    assert drawn(pane, "current") == [("2", "Daesh")]
    pane.set_hits([])
    assert seen[-1] == (0, 0)
    assert drawn(pane, "hit") == [] and drawn(pane, "current") == []


def test_f3_shortcuts_through_the_shared_actions(qtbot, pane: ReadingPane, actions: Actions) -> None:
    host = pane.window()
    host.addActions([actions.next_hit, actions.previous_hit])
    actions.next_hit.triggered.connect(pane.next_hit)
    actions.previous_hit.triggered.connect(pane.previous_hit)
    text = SAMPLE.text
    pane.show_article(SAMPLE, hits=[(i, i + 5) for i in range(len(text)) if text.startswith("Daesh", i)])
    pane.view.setFocus()
    qtbot.keyClick(pane.view, Qt.Key.Key_F3)
    assert pane.current_hit == 2
    qtbot.keyClick(pane.view, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(pane.view, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert pane.current_hit == 3


def long_article() -> Article:
    blocks = [Block("heading", "Long", 1)]
    blocks += [Block("paragraph", f"Paragraph {i} {EMOJI} " + "words and more words " * 12)
               for i in range(150)]
    blocks.append(Block("paragraph", "The needle is here at the very end."))
    return make_article(*blocks, title="Long")


def _visible(pane: ReadingPane, start: int, end: int) -> bool:
    top, bottom = pane._range_extent(start, end)
    return top >= 0 and bottom <= pane.view.viewport().height()


def test_first_hit_is_scrolled_into_view(pane: ReadingPane) -> None:
    article = long_article()
    s = article.text.index("needle")
    pane.show_article(article, hits=[(s, s + 6)])
    assert pane.view.verticalScrollBar().value() > 0
    assert _visible(pane, s, s + 6)


def test_scroll_to_range_makes_it_visible(pane: ReadingPane) -> None:
    article = long_article()
    pane.show_article(article)
    s = article.text.index("Paragraph 120")
    assert not _visible(pane, s, s + 13)
    pane.scroll_to_range(s, s + 13)
    assert _visible(pane, s, s + 13)
    pane.scroll_to_range(0, 4)
    assert _visible(pane, 0, 4)


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
    qtbot.waitUntil(lambda: _visible(pane, s, s + 6))


# -- highlights: tooltip and click ------------------------------------------------------


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


# -- selection: actions, menu, copy -----------------------------------------------------


def test_selection_actions_enabled_only_with_a_selection(qtbot, pane: ReadingPane,
                                                        actions: Actions) -> None:
    selection_actions = [actions.highlight, *actions.highlight_color.values(), actions.add_note,
                         actions.copy, actions.copy_quote]
    pane.show_article(SAMPLE)
    assert not any(a.isEnabled() for a in selection_actions)
    menu = pane.context_menu()
    assert [a.isEnabled() for a in menu.actions() if not a.isSeparator()] == [False] * 4
    menu.deleteLater()
    with qtbot.waitSignal(pane.selectionChanged) as blocker:
        pane.select_range(0, 10)
    assert blocker.args == [True]
    assert all(a.isEnabled() for a in selection_actions)
    menu = pane.context_menu()
    labels = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert labels == ["&Highlight", "Add &Note…", "&Copy", "Copy as &Markdown Quote"]
    submenu = menu.actions()[0].menu()
    assert [a.data() for a in submenu.actions()] == ["yellow", "green", "blue", "pink", "purple"]
    assert all(a.isEnabled() for a in menu.actions())
    menu.deleteLater()
    with qtbot.waitSignal(pane.selectionChanged) as blocker:
        pane.view.moveCursor(QTextCursor.MoveOperation.Start)
    assert blocker.args == [False]
    assert not any(a.isEnabled() for a in selection_actions)


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


def test_copy_with_emoji_across_blocks(pane: ReadingPane) -> None:
    text = SAMPLE.text
    s, e = text.index(EMOJI), text.index("goes on")
    pane.show_article(SAMPLE)
    pane.select_range(s, e)
    assert pane.selected_range() == (s, e)
    pane.copy()
    assert QGuiApplication.clipboard().text() == text[s:e]
    assert "\n" in text[s:e]


def test_copy_as_markdown_quote(pane: ReadingPane) -> None:
    text = SAMPLE.text
    s = text.index("A quoted")
    e = text.index("first item") + len("first item")
    pane.show_article(SAMPLE)
    pane.select_range(s, e)
    pane.copy_as_markdown_quote()
    assert QGuiApplication.clipboard().text() == (
        "> A quoted passage that goes on for a while so that it wraps onto a second line.\n"
        ">\n"
        "> first item\n"
        ">\n"
        "> — *Emoji 😀 and café*, Example Times, 24 November 2016 (/tmp/articles/emoji.md)\n"
    )


def test_markdown_quote_escapes_structure(pane: ReadingPane) -> None:
    article = make_article(Block("paragraph", "# not a heading"), Block("paragraph", "1. not a list"),
                           title="A *starred* title")
    pane.show_article(article)
    pane.select_range(0, len(article.text))
    quote = pane.markdown_quote()
    assert quote.startswith("> \\# not a heading\n>\n> 1\\. not a list\n>\n> — *A \\*starred\\* title*")


# -- typography, themes, zoom -----------------------------------------------------------


def test_line_width_centres_a_column(pane: ReadingPane) -> None:
    pane.show_article(SAMPLE)
    pane.window().resize(1400, 700)
    pane.set_line_width(40)
    narrow = pane.view.document().rootFrame().frameFormat().leftMargin()
    pane.set_line_width(80)
    wide = pane.view.document().rootFrame().frameFormat().leftMargin()
    assert narrow > wide > SIDE_PADDING
    fmt = pane.view.document().rootFrame().frameFormat()
    assert abs(fmt.leftMargin() - fmt.rightMargin()) < 1
    pane.set_line_width(0)
    assert pane.view.document().rootFrame().frameFormat().leftMargin() == SIDE_PADDING


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


def test_theme_recolours_page_and_highlights(pane: ReadingPane, actions: Actions) -> None:
    text = SAMPLE.text
    note = make_note(SAMPLE, 0, 5, color="green")
    pane.show_article(SAMPLE, [note], [(text.index("Daesh"), text.index("Daesh") + 5)])
    pane.apply_theme(THEMES["dark"])
    assert pane.view.palette().color(pane.view.viewport().backgroundRole()) == QColor(THEMES["dark"].base)
    selections = pane.view.extraSelections()
    assert selections[0].format.background().color() == QColor(THEMES["dark"].highlights["green"])
    assert drawn(pane, "note") == [("n1", text[:5])]
    assert not actions.highlight_color["green"].icon().isNull()


def test_clear_shows_the_placeholder(pane: ReadingPane) -> None:
    pane.show_article(SAMPLE, hits=[(0, 3)])
    pane.clear()
    assert pane.article is None and pane.selected_range() is None and pane.drawn_passages(whole_article=True) == []


def test_article_without_metadata_or_blocks(pane: ReadingPane) -> None:
    bare = make_article(Block("heading", "Bare", 1), Block("paragraph", "Text."), title="Bare")
    pane.show_article(bare)
    assert pane.text_map.base == 0
    assert pane.view.document().blockCount() == 2
    empty = make_article(title="Nothing here")
    pane.show_article(empty, hits=[(0, 1)])
    assert pane.view.document().firstBlock().text() == "Nothing here"
    assert pane.hits == [] and pane.selected_range() is None


def test_reloading_the_same_article_keeps_the_reading_position(pane: ReadingPane) -> None:
    article = long_article()
    pane.show_article(article)
    s = article.text.index("Paragraph 100")
    pane.scroll_to_range(s, s + 5)
    top = pane._top_offset()
    assert top is not None and top > 0
    pane.show_article(article, hits=[(0, 4)], keep_position=True)
    assert abs(pane._top_offset() - top) < 200
    pane.show_article(article)
    assert pane.view.verticalScrollBar().value() == 0


def test_only_marks_near_the_view_are_selections_and_scrolling_brings_the_rest(
        qtbot, pane: ReadingPane) -> None:
    """An extra selection makes Qt lay out the text up to it: marks far below the
    view must wait until the reader scrolls there, then be drawn exactly."""
    article = long_article()
    text = article.text
    hits = [(i, i + 9) for i in range(len(text)) if text.startswith("Paragraph", i)]
    notes = [make_note(article, s, s + 14, note_id=f"n{i}") for i, (s, _e) in enumerate(hits[::10])]
    needle = text.index("needle")
    notes.append(make_note(article, needle, needle + 6, note_id="last"))
    pane.show_article(long_article())  # another long one before, read to the end
    bar = pane.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.wait(50)
    pane.show_article(article, notes, hits)
    # Right after the render: only the marks near the top, where the view is.
    first_drawn = {int(key) for kind, key, _text in pane.drawn_passages() if kind == "hit"}
    assert bar.value() == 0 and 0 in first_drawn and max(first_drawn) < 25  # a screen or two
    bar.setValue(0)
    near_top = {key for kind, key, _text in pane.drawn_passages() if kind == "hit"}
    assert "0" in near_top and str(len(hits) - 1) not in near_top
    assert len(near_top) < len(hits) // 2
    assert "last" not in {key for kind, key, _text in pane.drawn_passages() if kind == "note"}
    bar.setValue(bar.maximum())
    qtbot.wait(200)  # Qt finishes laying out a long text in the background
    bar.setValue(bar.maximum())
    near_end = pane.drawn_passages()
    keys = {key for kind, key, _text in near_end if kind == "hit"}
    assert str(len(hits) - 1) in keys and "0" not in keys
    assert "last" in {key for kind, key, _text in near_end if kind == "note"}
    for kind, key, passage in near_end:
        start, end = hits[int(key)] if kind in ("hit", "current") else \
            next((n.start, n.end) for n in notes if n.id == key)
        assert passage == text[start:end]
    # The whole article's marks, as scrolling through it shows them.
    everything = pane.drawn_passages(whole_article=True)
    assert [p for kind, _key, p in everything if kind == "hit"] == [text[s:e] for s, e in hits]
    assert len([1 for kind, _key, _p in everything if kind == "note"]) == len(notes)

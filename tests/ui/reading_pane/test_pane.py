"""The pane widget: hits and navigation, selection actions, menu, copy, themes, zoom, position."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QTextCharFormat, QTextCursor
from tests.ui.reading_pane.pane_helpers import (
    EMOJI, SAMPLE, drawn, long_article, make_note, select_doc,
)

from reader.ui.actions import Actions
from reader.ui.reading_pane import SIDE_PADDING, ReadingPane
from reader.ui.theme import THEMES

def test_selection_reaching_into_the_header_is_clamped(pane: ReadingPane) -> None:
    pane.show_article(SAMPLE)
    base = pane.text_map.base
    select_doc(pane, 0, base + 5)
    assert pane.selected_range() == (0, 5)
    assert pane.selected_text() == SAMPLE.text[:5]
    select_doc(pane, 0, base - 1)
    assert pane.selected_range() is None


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


# -- selection: actions, menu, copy -----------------------------------------------------


def test_selection_actions_enabled_only_with_a_selection(qtbot, pane: ReadingPane,
                                                        actions: Actions) -> None:
    selection_actions = [actions.highlight, *actions.highlight_color.values(), actions.add_note,
                         actions.copy, actions.copy_quote]
    pane.show_article(SAMPLE)
    assert not any(a.isEnabled() for a in selection_actions)
    menu = pane.context_menu()
    # Open Original works on the article, selection or not.
    assert [a.isEnabled() for a in menu.actions() if not a.isSeparator()] == [False] * 4 + [True]
    menu.deleteLater()
    with qtbot.waitSignal(pane.selectionChanged) as blocker:
        pane.select_range(0, 10)
    assert blocker.args == [True]
    assert all(a.isEnabled() for a in selection_actions)
    menu = pane.context_menu()
    labels = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert labels == ["&Highlight", "Add &Note…", "&Copy", "Copy as &Markdown Quote", "Open &Original"]
    submenu = menu.actions()[0].menu()
    assert [a.data() for a in submenu.actions()] == ["yellow", "green", "blue", "pink", "purple"]
    assert all(a.isEnabled() for a in menu.actions())
    menu.deleteLater()
    with qtbot.waitSignal(pane.selectionChanged) as blocker:
        pane.view.moveCursor(QTextCursor.MoveOperation.Start)
    assert blocker.args == [False]
    assert not any(a.isEnabled() for a in selection_actions)


def test_copy_with_emoji_across_blocks(pane: ReadingPane) -> None:
    text = SAMPLE.text
    s, e = text.index(EMOJI), text.index("goes on")
    pane.show_article(SAMPLE)
    pane.select_range(s, e)
    assert pane.selected_range() == (s, e)
    pane.copy()
    assert QGuiApplication.clipboard().text() == text[s:e]
    assert "\n" in text[s:e]


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


def test_reloading_the_same_article_keeps_the_reading_position(pane: ReadingPane) -> None:
    article = long_article()
    pane.show_article(article)
    s = article.text.index("Paragraph 100")
    pane.scroll_to_range(s, s + 5)
    top = pane.top_offset()
    assert top is not None and top > 0
    pane.show_article(article, hits=[(0, 4)], keep_position=True)
    assert abs(pane.top_offset() - top) < 200
    pane.show_article(article)
    assert pane.view.verticalScrollBar().value() == 0


def test_hits_never_look_like_highlights_in_any_theme(pane: ReadingPane) -> None:
    """A highlight is a fill in the note's colour; a hit is boxed and underlined, unfilled."""
    text = SAMPLE.text
    daesh = (text.index("Daesh"), text.index("Daesh") + 5)
    later = text.index("Daesh", daesh[1]) if "Daesh" in text[daesh[1]:] else None
    hits = [daesh] + ([(later, later + 5)] if later is not None else [])
    for name, theme in THEMES.items():
        pane.show_article(SAMPLE, [make_note(SAMPLE, 0, 5, color="yellow")], hits)
        pane.apply_theme(theme)
        pane.next_hit() if len(hits) > 1 else None  # the first hit is no longer current
        looks = [(QColor(s.format.background().color()), s.format.background().style(),
                  s.format.underlineStyle()) for s in pane.view.extraSelections()]
        assert looks[0][0] == QColor(theme.highlights["yellow"]), name  # the note: filled
        hit_looks = [look for look in looks[1:] if look[2] != QTextCharFormat.UnderlineStyle.NoUnderline]
        assert hit_looks, name
        assert all(style == Qt.BrushStyle.NoBrush for _c, style, _u in hit_looks), name

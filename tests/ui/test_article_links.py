"""A Markdown article in the real window: its bold, italic, code and links, and
following a link (article_links.py, reading_pane/links.py, reading_pane/inline.py)."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor

from reader.core.model import Article

GRAIN = """# Grain corridors

Talks in *Москва* and **Riyadh** 🙂 went on; see [the other report](other.md),
the [statement](https://example.org/s?id=1&lang=en), `corridor()`,
a [bad one](javascript:alert(1)) and [a stranger](../elsewhere.md).

> A quote with *emphasis* in it.
"""
OTHER = "# The other report\n\nThis is the *other* report.\n"


def _open_grain(qtbot, make_window, library, seeds):
    (seeds / "grain.md").write_text(GRAIN, encoding="utf-8")
    (seeds / "other.md").write_text(OTHER, encoding="utf-8")
    (seeds.parent / "elsewhere.md").write_text("# Elsewhere\n\nNot in the library.\n", encoding="utf-8")
    library.update_index()
    window = make_window(library)
    assert window.open_article(str(seeds / "grain.md"))
    return window


def _format_of(window, word: str, nth: int = 0) -> QTextCharFormat:
    """The character format of the middle of ``word`` (its nth occurrence) on screen."""
    pane = window.reading_pane
    text = pane.article.text
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    cursor = QTextCursor(pane.view.document())
    cursor.setPosition(pane.text_map.to_doc(start + len(word) // 2 + 1))
    return cursor.charFormat()


def _centre_of(window, word: str) -> QPoint:
    pane = window.reading_pane
    start = pane.article.text.index(word)
    rects = pane.view.range_rects(pane.text_map, start, start + len(word))
    return rects[0].center().toPoint()


def test_bold_italic_code_and_links_are_formatted(qtbot, make_window, library, seeds):
    window = _open_grain(qtbot, make_window, library, seeds)
    pane = window.reading_pane
    assert "Talks in Москва and Riyadh 🙂 went on; see the other report," in pane.article.text
    body = _format_of(window, "Talks")
    assert body.fontWeight() == QFont.Weight.Normal and not body.fontItalic() and not body.isAnchor()
    assert _format_of(window, "Riyadh").fontWeight() == QFont.Weight.Bold
    assert _format_of(window, "Москва").fontItalic()
    assert not _format_of(window, "emphasis").fontItalic()  # emphasis in an italic quote is upright
    assert _format_of(window, "quote").fontItalic()
    code = _format_of(window, "corridor()")
    assert code.fontFixedPitch() and code.fontPointSize() < body.fontPointSize()
    link = _format_of(window, "other report")
    assert link.isAnchor() and link.anchorHref() == "other.md" and link.fontUnderline()
    assert link.foreground().color().name() == window.theme.link
    assert _format_of(window, "statement").anchorHref() == "https://example.org/s?id=1&lang=en"
    # Styling moves nothing: the document's text is the article's, position for position.
    start = pane.article.text.index("Riyadh")
    cursor = QTextCursor(pane.view.document())
    cursor.setPosition(pane.text_map.to_doc(start))
    cursor.setPosition(pane.text_map.to_doc(start + len("Riyadh 🙂 went")), QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "Riyadh 🙂 went"


def test_links_follow_the_dark_theme(qtbot, make_window, library, seeds):
    window = _open_grain(qtbot, make_window, library, seeds)
    window.set_theme("dark")
    assert _format_of(window, "other report").foreground().color().name() == window.theme.link == "#80b4ff"


def test_clicking_a_relative_link_opens_the_other_article(qtbot, make_window, library, seeds, opened):
    window = _open_grain(qtbot, make_window, library, seeds)
    view = window.reading_pane.view
    point = _centre_of(window, "other report")
    assert view.anchorAt(point) == "other.md"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    article: Article = window.reading_pane.article
    assert article.path.name == "other.md" and article.title == "The other report"
    assert not opened.urls  # nothing went to the browser


def test_a_web_link_goes_to_the_browser_only_on_a_click(qtbot, make_window, library, seeds, opened):
    window = _open_grain(qtbot, make_window, library, seeds)
    assert not opened.urls  # showing the article opened nothing
    qtbot.mouseClick(window.reading_pane.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=_centre_of(window, "statement"))
    assert [u.toString() for u in opened.urls] == ["https://example.org/s?id=1&lang=en"]
    assert window.reading_pane.article.path.name == "grain.md"


def test_javascript_and_files_outside_the_library_are_not_followed(qtbot, make_window, library, seeds,
                                                                    opened):
    window = _open_grain(qtbot, make_window, library, seeds)
    view = window.reading_pane.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_centre_of(window, "bad one"))
    assert window.message_bar.history[-1] == ("warning", "Reader does not follow javascript: links.")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_centre_of(window, "a stranger"))
    assert "“elsewhere.md” is not an article in the library" in window.message_bar.history[-1][1]
    assert not opened.urls and window.reading_pane.article.path.name == "grain.md"


def test_dragging_across_a_link_selects_and_follows_nothing(qtbot, make_window, library, seeds, opened):
    window = _open_grain(qtbot, make_window, library, seeds)
    pane = window.reading_pane
    start = pane.article.text.index("the other report")
    rects = pane.view.range_rects(pane.text_map, start, start + len("the other report"))
    left = QPoint(int(rects[0].left()) + 2, int(rects[0].center().y()))
    right = QPoint(int(rects[0].right()) - 2, int(rects[0].center().y()))
    viewport = pane.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=left)
    qtbot.mouseMove(viewport, right)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=right)
    assert pane.selected_text() == "the other report"
    assert pane.article.path.name == "grain.md" and not opened.urls

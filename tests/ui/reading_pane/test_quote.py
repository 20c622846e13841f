"""Copy as Markdown Quote: the passage quoted, with where it comes from, structure escaped."""
from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from tests.ui.reading_pane.pane_helpers import SAMPLE, make_article, sitrep

from reader.core.model import Block
from reader.ui.reading_pane import ReadingPane


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


def test_a_quote_from_a_pdf_cites_the_page_it_starts_on(pane: ReadingPane) -> None:
    article = sitrep()
    pane.show_article(article)
    start = article.text.index("Part 2")
    pane.select_range(start, start + len("Part 2"))
    pane.copy_as_markdown_quote()
    assert QGuiApplication.clipboard().text() == f"> Part 2\n>\n> — *Sitrep*, p. 2 ({article.path})\n"

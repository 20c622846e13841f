"""Articles, notes and probes shared by the reading pane's tests."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor

from reader.core.articles import parse_article
from reader.core.model import BOILERPLATE, Article, Block, Note
from reader.ui.reading_pane import ReadingPane
from tests.core.articles.formats.pdfs import make_pdf

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


def drawn(pane: ReadingPane, kind: str) -> list[tuple[str, str]]:
    return [(key, text) for k, key, text in pane.drawn_passages(whole_article=True) if k == kind]


def select_doc(pane: ReadingPane, start: int, end: int) -> None:
    cursor = QTextCursor(pane.view.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    pane.view.setTextCursor(cursor)


def point_in(pane: ReadingPane, start: int, end: int) -> QPoint:
    """A viewport point over the middle of the first line of text[start:end]."""
    rects = pane.view.range_rects(pane.text_map, start, end)
    assert rects, "range not laid out"
    return rects[0].center().toPoint()


def long_article() -> Article:
    blocks = [Block("heading", "Long", 1)]
    blocks += [Block("paragraph", f"Paragraph {i} {EMOJI} " + "words and more words " * 12)
               for i in range(150)]
    blocks.append(Block("paragraph", "The needle is here at the very end."))
    return make_article(*blocks, title="Long")


def visible_in_view(pane: ReadingPane, start: int, end: int) -> bool:
    top, bottom = pane.view.range_extent(pane.text_map, start, end)
    return top >= 0 and bottom <= pane.view.viewport().height()


def sitrep() -> Article:
    """A real PDF of three pages, each starting with a running header and ending with its number."""
    line = "The committee approved the plan on Tuesday after a long debate about the"
    pages = [["Situation Report", f"Part {n}", "", line, f"costs of part {n}.", "",
              line, "allies.", f"Page {n} of 3"] for n in (1, 2, 3)]
    return parse_article(Path("/reports/sitrep.pdf"), make_pdf(pages, {"Title": "Sitrep"}))

"""EPUB: chapters in spine order, read as pages; the dc: metadata; damaged books and zip bombs."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from reader.core.articles import parse_article
from reader.core.articles import packages
from reader.core.model import HEADING, PARAGRAPH, QUOTE, ArticleError
from tests.core.articles.checks import assert_text_model, kinds_and_texts

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles></container>"""
PACKAGE = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:uuid:1</dc:identifier>
    <dc:title>The Caliphate's Rise</dc:title>
    <dc:creator>Jane Roe</dc:creator>
    <dc:date>2016-11-24T00:00:00Z</dc:date>
  </metadata>
  <manifest>
    <item id="c2" href="chapters/two%20b.xhtml" media-type="application/xhtml+xml"/>
    <item id="c1" href="chapters/one.xhtml" media-type="application/xhtml+xml"/>
  </manifest>
  <spine><itemref idref="c1"/><itemref idref="c2"/><itemref idref="missing"/></spine>
</package>"""
CHAPTER = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{title}</title></head>
<body><h1>{title}</h1>{body}</body></html>"""


def make_epub(chapters: dict[str, str | bytes] | None = None) -> bytes:
    chapters = chapters or {
        "OEBPS/chapters/one.xhtml": CHAPTER.format(
            title="Chapter One", body="<p>Mosul fell in June 2014.</p>"),
        "OEBPS/chapters/two b.xhtml": CHAPTER.format(
            title="Chapter Two", body="<blockquote><p>Remaining and expanding.</p></blockquote>"),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr("META-INF/container.xml", CONTAINER)
        book.writestr("OEBPS/content.opf", PACKAGE)
        for name, text in chapters.items():
            book.writestr(name, text)
    return out.getvalue()


def test_chapters_in_spine_order_and_the_books_metadata():
    article = parse_article(Path("book.epub"), make_epub())
    assert (article.title, article.author, article.date) == (
        "The Caliphate's Rise", "Jane Roe", "2016-11-24")
    assert kinds_and_texts(article) == [
        (HEADING, "The Caliphate's Rise"),
        (HEADING, "Chapter One"), (PARAGRAPH, "Mosul fell in June 2014."),
        (HEADING, "Chapter Two"), (QUOTE, "Remaining and expanding."),
    ]
    assert_text_model(article)


def test_a_damaged_book_says_so():
    with pytest.raises(ArticleError, match="not a readable EPUB"):
        parse_article(Path("book.epub"), b"PK\x03\x04 broken")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
    with pytest.raises(ArticleError, match="not a readable EPUB"):
        parse_article(Path("book.epub"), out.getvalue())


def test_a_book_that_unpacks_too_large_is_refused_unread(monkeypatch):
    monkeypatch.setattr(packages, "MAX_UNPACKED_BYTES", 100)
    with pytest.raises(ArticleError, match="too large when unpacked"):
        parse_article(Path("book.epub"), make_epub())


def test_a_chapter_in_a_legacy_encoding_says_so_in_its_xml_declaration():
    """ISO-8859-2 bytes read as well as cp1252: only the declaration tells them apart."""
    chapter = CHAPTER.replace('encoding="utf-8"', 'encoding="iso-8859-2"').format(
        title="Rozdział pierwszy", body="<p>Zażółć gęślą jaźń: rozmowy będą kontynuowane.</p>")
    book = make_epub({"OEBPS/chapters/one.xhtml": chapter.encode("iso-8859-2")})
    assert "Zażółć gęślą jaźń" in parse_article(Path("book.epub"), book).text

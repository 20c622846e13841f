"""Word (.docx): headings, paragraphs, lists, quotes and tables in order, and the properties."""
from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import docx
import pytest

from reader.core.articles import parse_article
from reader.core.model import HEADING, LIST_ITEM, PARAGRAPH, QUOTE, ArticleError
from tests.core.articles.checks import assert_text_model, indexed_library, kinds_and_texts


def make_docx(title: str | None = "Syria Brief") -> bytes:
    """A real Word document, written by python-docx."""
    document = docx.Document()
    document.core_properties.title = title or ""
    document.core_properties.author = "A. Analyst"
    document.core_properties.created = datetime(2016, 11, 24, 9, 30)
    document.add_heading("Syria Brief", level=0)
    document.add_paragraph("Russia is expressing cautious solidarity with the coalition.")
    document.add_heading("Key points", level=1)
    document.add_paragraph("Airstrikes near Aleppo", style="List Bullet")
    document.add_paragraph("Talks in Geneva", style="List Number")
    document.add_paragraph("We will not abandon our allies.", style="Quote")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("Actor", "Position"), ("Moscow", "Backs Damascus")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.add_paragraph("")
    document.add_paragraph("After the table.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_blocks_in_document_order_with_their_kinds():
    article = parse_article(Path("brief.docx"), make_docx())
    assert kinds_and_texts(article) == [
        (HEADING, "Syria Brief"),
        (PARAGRAPH, "Russia is expressing cautious solidarity with the coalition."),
        (HEADING, "Key points"),
        (LIST_ITEM, "Airstrikes near Aleppo"),
        (LIST_ITEM, "Talks in Geneva"),
        (QUOTE, "We will not abandon our allies."),
        (PARAGRAPH, "Actor | Position"),
        (PARAGRAPH, "Moscow | Backs Damascus"),
        (PARAGRAPH, "After the table."),
    ]
    assert_text_model(article)


def test_title_author_and_date_from_the_core_properties():
    article = parse_article(Path("brief.docx"), make_docx())
    assert (article.title, article.author, article.date) == ("Syria Brief", "A. Analyst",
                                                             "2016-11-24")


def test_without_a_title_property_the_first_heading_is_the_title():
    assert parse_article(Path("brief.docx"), make_docx(title=None)).title == "Syria Brief"


def test_a_damaged_document_says_so():
    with pytest.raises(ArticleError, match="not a readable Word document"):
        parse_article(Path("broken.docx"), b"PK\x03\x04 not really a zip")


def test_a_folder_of_briefs_is_indexed_and_searched(tmp_path):
    with indexed_library(tmp_path, {"brief.docx": make_docx()}) as (library, summary):
        assert summary.added == 1
        [hit] = library.search("Damascus").hits
        text = library.article(hit.id).text
        assert [text[s:e] for s, e in hit.highlights] == ["Damascus"]

"""OpenDocument text: headings, paragraphs, lists and tables in order; meta.xml; damage."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from reader.core.articles import parse_article
from reader.core.model import HEADING, LIST_ITEM, PARAGRAPH, ArticleError
from tests.core.articles.checks import assert_text_model, kinds_and_texts

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/"')
CONTENT = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {NS}><office:body><office:text>
  <text:h text:outline-level="1">Syria Brief</text:h>
  <text:p>Russia backs<text:s text:c="3"/>the government<text:note><text:note-body>
    <text:p>A footnote.</text:p></text:note-body></text:note>, officials say.</text:p>
  <text:section><text:h text:outline-level="2">Key points</text:h>
  <text:list><text:list-item><text:p>Airstrikes near Aleppo</text:p></text:list-item>
    <text:list-item><text:p>Talks in<text:tab/>Geneva</text:p></text:list-item></text:list>
  </text:section>
  <table:table><table:table-row><table:table-cell><text:p>Actor</text:p></table:table-cell>
    <table:table-cell><text:p>Position</text:p></table:table-cell></table:table-row>
    <table:table-row><table:table-cell><text:p>Moscow</text:p></table:table-cell>
    <table:table-cell><text:p>Backs Damascus</text:p></table:table-cell></table:table-row>
  </table:table>
</office:text></office:body></office:document-content>"""
META = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta {NS}><office:meta><dc:title>Syria Brief</dc:title>
  <meta:initial-creator>A. Analyst</meta:initial-creator>
  <meta:creation-date>2016-11-24T09:30:00</meta:creation-date></office:meta>
</office:document-meta>"""


def make_odt(content: str = CONTENT, meta: str | None = META) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as document:
        document.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        document.writestr("content.xml", content)
        if meta is not None:
            document.writestr("meta.xml", meta)
    return out.getvalue()


def test_blocks_in_order_with_their_kinds_and_the_metadata():
    article = parse_article(Path("brief.odt"), make_odt())
    assert kinds_and_texts(article) == [
        (HEADING, "Syria Brief"),
        (PARAGRAPH, "Russia backs the government, officials say."),
        (HEADING, "Key points"),
        (LIST_ITEM, "Airstrikes near Aleppo"),
        (LIST_ITEM, "Talks in Geneva"),
        (PARAGRAPH, "Actor | Position"),
        (PARAGRAPH, "Moscow | Backs Damascus"),
    ]
    assert (article.title, article.author, article.date) == ("Syria Brief", "A. Analyst",
                                                             "2016-11-24")
    assert_text_model(article)


def test_without_meta_xml_the_first_heading_is_the_title():
    assert parse_article(Path("brief.odt"), make_odt(meta=None)).title == "Syria Brief"


def test_a_damaged_document_says_so():
    with pytest.raises(ArticleError, match="not a readable OpenDocument text"):
        parse_article(Path("brief.odt"), b"PK\x03\x04 broken")
    with pytest.raises(ArticleError, match="not a readable OpenDocument text"):
        parse_article(Path("brief.odt"), make_odt(content="<not-closed"))

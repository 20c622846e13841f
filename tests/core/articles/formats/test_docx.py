"""Word (.docx): headings, paragraphs, lists, quotes and tables in order, and the properties."""
from __future__ import annotations

import io
import zipfile
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


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def hand_written_docx(body: str, styles: str) -> bytes:
    """A package as Word writes it, down to the XML: what python-docx cannot
    make (localised style ids, tracked changes, text boxes, merged cells)."""
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                               'content-types"/>',
        "_rels/.rels": _rels(("rId1", "officeDocument/2006/relationships/officeDocument",
                              "word/main.xml"),
                             ("rId2", "package/2006/relationships/metadata/core-properties",
                              "docProps/core.xml")),
        "word/_rels/main.xml.rels": _rels(("rId1", "officeDocument/2006/relationships/styles",
                                           "sheet.xml")),
        "word/main.xml": f'<w:document xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.'
                         f'org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>',
        "word/sheet.xml": f'<w:styles xmlns:w="{W_NS}">{styles}</w:styles>',
        "docProps/core.xml": '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
                             'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/'
                             'elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/">'
                             '<dc:creator>Ірина К.</dc:creator>'
                             '<dcterms:created>2019-01-10T08:00:00Z</dcterms:created>'
                             '</cp:coreProperties>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in parts.items():
            package.writestr(name, text)
    return out.getvalue()


def _rels(*relationships: tuple[str, str, str]) -> str:
    items = "".join(f'<Relationship Id="{i}" Type="http://schemas.openxmlformats.org/{kind}" '
                    f'Target="{target}"/>' for i, kind, target in relationships)
    return ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'relationships">{items}</Relationships>')


def para(text: str, style: str = "") -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def test_word_as_written_in_other_languages_with_changes_boxes_and_merged_cells():
    styles = ('<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/></w:style>'
              "<w:style w:type='paragraph' w:styleId='berschrift1'><w:name w:val='heading 1'/>"
              "</w:style>"
              '<w:style w:type="paragraph" w:styleId="Zitat"><!-- odd, but allowed -->'
              '<w:name w:val="Quote"/></w:style>')
    text_box = ('<w:p><w:r><w:t>Before the box. </w:t></w:r><w:r><mc:AlternateContent>'
                '<mc:Choice Requires="wps"><w:drawing><w:txbxContent>' + para("Boxed") +
                '</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>'
                + para("Boxed") + '</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent>'
                '</w:r><w:r><w:t>After it.</w:t></w:r></w:p>')
    changes = ('<w:p><w:r><w:t xml:space="preserve">Talks </w:t></w:r><w:del><w:r>'
               '<w:delText>were cancelled</w:delText></w:r></w:del><w:ins><w:r>'
               '<w:t>resumed</w:t></w:r></w:ins><w:r><w:tab/><w:t>in Astana.</w:t></w:r></w:p>')
    table = ('<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>' + para("Moscow")
             + '</w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc>'
             + para("Ankara") + '</w:tc></w:tr></w:tbl>')
    body = (para("Сводка по Сирии", "a3") + para("Lage in Idlib", "berschrift1") + changes
            + text_box + table + '<w:sdt><w:sdtContent>' + para("Wir bleiben.", "Zitat")
            + '</w:sdtContent></w:sdt>')
    article = parse_article(Path("brief.docx"), hand_written_docx(body, styles))
    assert kinds_and_texts(article) == [
        (HEADING, "Сводка по Сирии"),
        (HEADING, "Lage in Idlib"),
        (PARAGRAPH, "Talks resumed in Astana."),
        (PARAGRAPH, "Before the box. After it."),
        (PARAGRAPH, "Moscow"),
        (PARAGRAPH, "Ankara"),
        (QUOTE, "Wir bleiben."),
    ]
    assert [b.level for b in article.blocks if b.kind == HEADING] == [1, 1]
    assert (article.title, article.author, article.date) == (
        "Сводка по Сирии", "Ірина К.", "2019-01-10")
    assert_text_model(article)

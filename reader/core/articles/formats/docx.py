"""Word briefs (.docx), read with python-docx: headings, paragraphs, lists, tables.

The body is read in document order.  A paragraph's style says what it is:
``Title`` and ``Heading N`` are headings, ``List …`` styles and numbered
paragraphs are list items, ``Quote`` styles are quotes.  A table gives one
block per row, its cells joined by `` | ``, so a table's text is found and
read in its place.  Title, author and date come from the document's core
properties, the first heading standing in for a missing title.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from reader.core.articles.blocks import Parsed
from reader.core.articles.text import clean
from reader.core.model import HEADING, LIST_ITEM, PARAGRAPH, QUOTE, ArticleError, Block

SUFFIXES = (".docx",)

_CELL_SEPARATOR = " | "
_MAX_HEADING_LEVEL = 6


def parse(path: Path, data: bytes) -> Parsed:
    """The blocks of a Word document and its core properties."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise ArticleError("not a readable Word document (damaged, or not .docx)") from None
    blocks: list[Block] = []
    styles = _StyleNames()
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            block = _paragraph_block(item, styles)
            if block is not None:
                blocks.append(block)
        elif isinstance(item, Table):
            blocks.extend(_table_blocks(item))
    props = document.core_properties
    title = clean(props.title or "") or next((b.text for b in blocks if b.kind == HEADING), "")
    date = props.created.date().isoformat() if props.created else ""
    return Parsed(blocks, title=title, author=clean(props.author or ""), date=date)


class _StyleNames:
    """Paragraph style names by style id, each looked up once per document.

    python-docx's ``Paragraph.style`` looks the style up anew for every
    paragraph, scanning all the document's styles for the default one when
    a paragraph names none: that was nine tenths of a brief's parse time
    (bench/compare_recoll.py --mixed).
    """

    def __init__(self) -> None:
        self._names: dict[str | None, str] = {}

    def of(self, paragraph: Paragraph) -> str:
        style_id = paragraph._p.style  # None: the document's default paragraph style
        name = self._names.get(style_id)
        if name is None:
            style = paragraph.style
            name = self._names[style_id] = (style.name if style is not None else "") or ""
        return name


def _paragraph_block(paragraph: Paragraph, styles: _StyleNames) -> Block | None:
    text = clean(paragraph.text)
    if not text:
        return None
    style = styles.of(paragraph)
    if style == "Title":
        return Block(HEADING, text, 1)
    if style.startswith("Heading"):
        level = style.removeprefix("Heading").strip()
        return Block(HEADING, text, min(int(level), _MAX_HEADING_LEVEL) if level.isdigit() else 2)
    if style.startswith("List") or _is_numbered(paragraph):
        return Block(LIST_ITEM, text, 1)
    if "Quote" in style:
        return Block(QUOTE, text)
    return Block(PARAGRAPH, text)


def _is_numbered(paragraph: Paragraph) -> bool:
    """Numbering set on the paragraph itself (not through a List style)."""
    properties = paragraph._p.pPr
    return properties is not None and properties.numPr is not None


def _table_blocks(table: Table) -> list[Block]:
    blocks = []
    for row in table.rows:
        cells = [clean(cell.text) for cell in row.cells]
        # A merged cell repeats in every column it spans: keep it once.
        unique = [text for i, text in enumerate(cells) if text and (i == 0 or text != cells[i - 1])]
        if unique:
            blocks.append(Block(PARAGRAPH, _CELL_SEPARATOR.join(unique)))
    return blocks

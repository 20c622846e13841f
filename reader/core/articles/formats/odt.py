"""OpenDocument text (.odt): the zip's content.xml in document order, and meta.xml.

Headings (``text:h``, with their outline level), paragraphs, list items and
table rows (cells joined by `` | ``) come out in order, sections and frames
included.  Title, author and date come from ``meta.xml``.  The
zip is opened by ``packages`` (its unpacked size checked first), and the
standard library reads the XML (no entity is ever fetched).
"""
from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from reader.core.articles.blocks import Parsed
from reader.core.articles.metadata import parse_date
from reader.core.articles.packages import DAMAGED, open_package, read_xml
from reader.core.articles.text import clean
from reader.core.model import HEADING, LIST_ITEM, PARAGRAPH, ArticleError, Block

SUFFIXES = (".odt",)

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CELL_SEPARATOR = " | "
_MAX_HEADING_LEVEL = 6


def parse(path: Path, data: bytes) -> Parsed:
    """The document's blocks in order, and its metadata."""
    try:
        document = open_package(data, "OpenDocument text")
        content = read_xml(document, "content.xml")
        names = set(document.namelist())
        meta = read_xml(document, "meta.xml") if "meta.xml" in names else None
    except DAMAGED:
        raise ArticleError("not a readable OpenDocument text (damaged, or not .odt)") from None
    body = content.find(f"{_OFFICE}body/{_OFFICE}text")
    blocks = list(_blocks(body)) if body is not None else []
    title = _meta(meta, f"{_DC}title")
    return Parsed(blocks, title=title or next((b.text for b in blocks if b.kind == HEADING), ""),
                  author=_meta(meta, f"{_META}initial-creator") or _meta(meta, f"{_DC}creator"),
                  date=parse_date(_meta(meta, f"{_META}creation-date")[:10]))


def _blocks(element: ElementTree.Element, in_list: bool = False):
    """Blocks of ``element``'s children, recursing into lists, sections and tables."""
    for child in element:
        if child.tag == f"{_TEXT}h":
            text = clean(_text(child))
            level = child.get(f"{_TEXT}outline-level", "1")
            if text:
                yield Block(HEADING, text, min(int(level), _MAX_HEADING_LEVEL) if level.isdigit() else 1)
        elif child.tag == f"{_TEXT}p":
            text = clean(_text(child))
            if text:
                yield Block(LIST_ITEM if in_list else PARAGRAPH, text, 1 if in_list else 0)
        elif child.tag == f"{_TABLE}table":
            yield from _table_blocks(child)
        else:  # lists, list items, sections, frames: their content, in place
            yield from _blocks(child, in_list or child.tag == f"{_TEXT}list")


def _table_blocks(table: ElementTree.Element):
    for row in table.iter(f"{_TABLE}table-row"):
        cells = [clean(" ".join(_text(p) for p in cell.iter(f"{_TEXT}p")))
                 for cell in row.iter(f"{_TABLE}table-cell")]
        if any(cells):
            yield Block(PARAGRAPH, _CELL_SEPARATOR.join(cell for cell in cells if cell))


def _text(element: ElementTree.Element) -> str:
    """A paragraph's text, with ODF's spaces (``text:s``), tabs and line breaks."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{_TEXT}s":
            count = child.get(f"{_TEXT}c", "1")  # runs collapse to one space anyway
            parts.append(" " * (min(int(count), 8) if count.isdigit() else 1))
        elif child.tag in (f"{_TEXT}tab", f"{_TEXT}line-break"):
            parts.append(" ")
        elif child.tag != f"{_TEXT}note":  # footnote bodies would break the sentence
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _meta(meta: ElementTree.Element | None, tag: str) -> str:
    element = meta.find(f".//{tag}") if meta is not None else None
    return clean(element.text or "") if element is not None else ""

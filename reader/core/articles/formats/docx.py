"""Word briefs (.docx): the main document part in order, its style names, the core properties.

The body is read in document order.  A paragraph's style says what it is:
``Title`` and ``Heading N`` are headings, ``List …`` styles and numbered
paragraphs are list items, ``Quote`` styles are quotes.  A table gives one
block per row, its cells joined by `` | ``, so a table's text is found and
read in its place.  Title, author and date come from the document's core
properties, the first heading standing in for a missing title.

The package is read here, through ``packages`` and the standard library's
XML parser, rather than with python-docx: python-docx parses every part of
the package and builds an object for each paragraph and run, and a brief
took 12 ms to read, nine tenths of it spent on parts and objects a reader
of text never looks at (bench/compare_recoll.py --mixed).  Three parts are
needed: the main document, the names of the styles its paragraphs use, and
the core properties; each is found through the package's relationships, as
Word finds it.
"""
from __future__ import annotations

import html as entities
import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

from reader.core.articles.blocks import Parsed
from reader.core.articles.metadata import parse_date
from reader.core.articles.packages import DAMAGED, open_package, read_xml
from reader.core.articles.text import clean
from reader.core.model import HEADING, LIST_ITEM, PARAGRAPH, QUOTE, ArticleError, Block

SUFFIXES = (".docx",)

_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DCTERMS = "{http://purl.org/dc/terms/}"
_CELL_SEPARATOR = " | "
_MAX_HEADING_LEVEL = 6
# Parts of a paragraph that are not its text: properties, deleted or moved-away
# runs, and drawings (a text box's paragraphs would come twice: in the drawing
# and in its fallback picture).
_NOT_TEXT = frozenset({"pPr", "rPr", "del", "moveFrom", "drawing", "pict", "AlternateContent",
                       "object", "instrText", "delText", "fldData"})
# A style's name is the first element inside it (the schema fixes the order),
# so the name of a style can be read just after its id, without building the
# style sheet's tree: Word's own sheets are tens of kilobytes, python-docx's
# template's 350 KB, and a brief uses a handful of its styles.
_NAME_AFTER_ID = re.compile(rb"[\"'][^>]*>\s*<(?:[\w.-]+:)?name\s+(?:[\w.-]+:)?val=[\"']([^\"'<]*)")


def parse(path: Path, data: bytes) -> Parsed:
    """The blocks of a Word document and its core properties."""
    try:
        package = open_package(data, "Word document")
        main = _related(package, "", "/officeDocument") or "word/document.xml"
        root = read_xml(package, main)
        w = root.tag[: root.tag.find("}") + 1]  # transitional or strict OOXML
        body = root.find(f"{w}body")
        if body is None:
            raise KeyError("no document body")
        items = list(_items(body, w))
        styles = _style_names(package, main, w, {_style_id(p, w) for p in items} - {""})
        core = _core_properties(package)
    except DAMAGED:
        raise ArticleError("not a readable Word document (damaged, or not .docx)") from None
    blocks: list[Block] = []
    for item in items:
        if item.tag == f"{w}tbl":
            blocks.extend(_table_blocks(item, w))
        else:
            block = _paragraph_block(item, w, styles.get(_style_id(item, w), ""))
            if block is not None:
                blocks.append(block)
    title = core.get("title") or next((b.text for b in blocks if b.kind == HEADING), "")
    return Parsed(blocks, title=title, author=core.get("creator", ""),
                  date=parse_date(core.get("created", "")[:10]))


def _items(element: ElementTree.Element, w: str) -> Iterator[ElementTree.Element]:
    """The body's paragraphs and tables in order, content controls opened."""
    for child in element:
        if child.tag in (f"{w}p", f"{w}tbl"):
            yield child
        elif child.tag in (f"{w}sdt", f"{w}sdtContent", f"{w}customXml"):
            yield from _items(child, w)


def _style_id(paragraph: ElementTree.Element, w: str) -> str:
    style = paragraph.find(f"{w}pPr/{w}pStyle")
    return style.get(f"{w}val", "") if style is not None else ""


def _paragraph_block(paragraph: ElementTree.Element, w: str, style: str) -> Block | None:
    text = clean(_text(paragraph, w))
    if not text:
        return None
    style = style.lower()
    if style == "title":
        return Block(HEADING, text, 1)
    if style.startswith("heading"):
        level = style.removeprefix("heading").strip()
        return Block(HEADING, text, min(int(level), _MAX_HEADING_LEVEL) if level.isdigit() else 2)
    if style.startswith("list") or paragraph.find(f"{w}pPr/{w}numPr") is not None:
        return Block(LIST_ITEM, text, 1)
    if "quote" in style:
        return Block(QUOTE, text)
    return Block(PARAGRAPH, text)


def _table_blocks(table: ElementTree.Element, w: str) -> list[Block]:
    """A block per row; a cell merged down from the row above is empty, and left out."""
    blocks = []
    for row in table.iter(f"{w}tr"):
        cells = [clean(" ".join(_text(p, w) for p in cell.iter(f"{w}p")))
                 for cell in row.findall(f"{w}tc")]
        if any(cells):
            blocks.append(Block(PARAGRAPH, _CELL_SEPARATOR.join(c for c in cells if c)))
    return blocks


def _text(element: ElementTree.Element, w: str) -> str:
    """A paragraph's text as Word shows it: tabs and breaks as white space."""
    parts: list[str] = []
    for child in element:
        tag = child.tag
        if tag == f"{w}t":
            parts.append(child.text or "")
        elif tag in (f"{w}tab", f"{w}ptab", f"{w}br", f"{w}cr"):
            parts.append(" ")
        elif tag == f"{w}noBreakHyphen":
            parts.append("-")
        elif tag.rpartition("}")[2] not in _NOT_TEXT:
            parts.append(_text(child, w))  # runs, hyperlinks, fields, insertions
    return "".join(parts)


def _related(package: zipfile.ZipFile, part: str, kind: str) -> str | None:
    """The part that ``part`` ("": the package) names by a relationship of ``kind``."""
    folder, name = posixpath.split(part)
    try:
        relationships = read_xml(package, posixpath.join(folder, "_rels", f"{name}.rels"))
    except KeyError:
        return None
    for relationship in relationships.iter(_RELATIONSHIP):
        target = relationship.get("Target", "")
        if relationship.get("Type", "").endswith(kind) and target and \
                relationship.get("TargetMode") != "External":
            return target[1:] if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
    return None


def _style_names(package: zipfile.ZipFile, main: str, w: str, used: set[str]) -> dict[str, str]:
    """The names of the paragraph styles ``used`` ("heading 1"), by style id.

    Read from the style sheet's text just after each id (see
    ``_NAME_AFTER_ID``); from its parsed tree if any is not found so.
    """
    sheet = _related(package, main, "/styles") if used else None
    if sheet is None:
        return {}
    data = package.read(sheet)
    names = {}
    for style_id in used:
        encoded = style_id.encode()
        at = max(data.find(b'styleId="%s"' % encoded), data.find(b"styleId='%s'" % encoded))
        found = _NAME_AFTER_ID.match(data, at + len(b'styleId="') + len(encoded)) if at >= 0 else None
        if found is None:
            break
        names[style_id] = entities.unescape(found.group(1).decode("utf-8", "replace"))
    else:
        return names
    for style in ElementTree.fromstring(data).iter(f"{w}style"):
        name = style.find(f"{w}name")
        names[style.get(f"{w}styleId", "")] = name.get(f"{w}val", "") if name is not None else ""
    return names


def _core_properties(package: zipfile.ZipFile) -> dict[str, str]:
    """Title, creator and created date ("title", "creator", "created") that the document sets."""
    name = _related(package, "", "/core-properties")
    if name is None or name not in package.namelist():
        return {}
    found = {}
    for element in read_xml(package, name):
        key = element.tag.rpartition("}")[2]
        if element.tag in (f"{_DC}title", f"{_DC}creator", f"{_DCTERMS}created"):
            found[key] = clean(element.text or "")
    return found

"""E-books (.epub): the zip, its package document, and each chapter read as a page.

An EPUB is a zip: ``META-INF/container.xml`` names the package document
(OPF), whose spine lists the chapters (XHTML) in reading order and whose
``dc:`` metadata gives title, author and date.  Each chapter is read by the
HTML format, so headings, lists and quotes come out as in a saved page.
The zip is opened by ``packages`` (its unpacked size checked first: a zip
bomb is refused, not unpacked).
"""
from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

from reader.core.articles.blocks import Parsed
from reader.core.articles.decoding import decode_text
from reader.core.articles.formats import html
from reader.core.articles.metadata import parse_date
from reader.core.articles.packages import DAMAGED, open_package, read_xml
from reader.core.articles.text import clean
from reader.core.model import ArticleError, Block

SUFFIXES = (".epub",)

_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_OPF = "{http://www.idpf.org/2007/opf}"
_DC = "{http://purl.org/dc/elements/1.1/}"


def parse(path: Path, data: bytes) -> Parsed:
    """The chapters' blocks in reading order, and the book's ``dc:`` metadata."""
    try:
        book = open_package(data, "EPUB")
        package_path = _package_path(book)
        package = read_xml(book, package_path)
    except DAMAGED:
        raise ArticleError("not a readable EPUB (damaged, or not an e-book)") from None
    blocks: list[Block] = []
    for name in _spine(package, posixpath.dirname(package_path)):
        try:
            blocks.extend(html.fragment_blocks(decode_text(book.read(name), markup=True)))
        except (KeyError, zipfile.BadZipFile, OSError):
            continue  # a chapter the package names but the zip lacks: the rest is still the book
    return Parsed(blocks, title=_dc(package, "title"), author=_dc(package, "creator"),
                  date=parse_date(_dc(package, "date")[:10]))


def _package_path(book: zipfile.ZipFile) -> str:
    rootfile = read_xml(book, "META-INF/container.xml").find(f".//{_CONTAINER}rootfile")
    if rootfile is None or not rootfile.get("full-path"):
        raise KeyError("no package document")
    return rootfile.get("full-path", "")


def _spine(package: ElementTree.Element, base: str) -> list[str]:
    """The chapters' names in the zip, in reading order."""
    hrefs = {item.get("id"): item.get("href", "") for item in package.iter(f"{_OPF}item")}
    return [posixpath.normpath(posixpath.join(base, unquote(hrefs[ref.get("idref")])))
            for ref in package.iter(f"{_OPF}itemref") if hrefs.get(ref.get("idref"))]


def _dc(package: ElementTree.Element, name: str) -> str:
    element = package.find(f".//{_DC}{name}")
    return clean(element.text or "") if element is not None else ""

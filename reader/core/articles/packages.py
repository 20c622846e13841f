"""Zip packages (EPUB, OpenDocument, Word): opened with their unpacked size checked.

A zip of a few kilobytes can unpack to gigabytes.  Every format that is a
zip opens it here, so the sum of its members' sizes is checked before any
member is read and a zip bomb is refused, not unpacked.  The XML inside is
read by the standard library's parser, which never fetches an entity.
"""
from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from reader.core.model import ArticleError

#: Unpacked, a package's members may be this large together at most.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

#: What a damaged package raises on the way: each format turns it into its own sentence.
DAMAGED = (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, EOFError)


def open_package(data: bytes, kind: str) -> zipfile.ZipFile:
    """The zip in ``data``; an ``ArticleError`` naming ``kind`` if it unpacks too large."""
    package = zipfile.ZipFile(io.BytesIO(data))
    if sum(info.file_size for info in package.infolist()) > MAX_UNPACKED_BYTES:
        raise ArticleError(f"{kind} too large when unpacked "
                           f"(more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB)")
    return package


def read_xml(package: zipfile.ZipFile, name: str) -> ElementTree.Element:
    """The root of the XML member ``name``; ``KeyError`` if the package lacks it."""
    return ElementTree.fromstring(package.read(name))

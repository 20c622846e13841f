"""Rich Text Format (.rtf), read with striprtf: paragraphs, and the info group's metadata.

striprtf turns the control words into text (``\\par`` ends a paragraph,
``\\'xx`` is a byte of the document's code page, ``\\uN`` a Unicode letter)
and drops the ``{\\info ...}`` group, whose title, author and creation time
are read here with a few patterns.  The code page is the one ``\\ansicpgN``
declares (cp1251 for a Russian brief, cp1256 for an Arabic one), cp1252
when none is declared, as Word itself assumes.  Each paragraph is one
chunk of plain text, so lists and quotes are recognised as in a ``.txt``.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from striprtf.striprtf import rtf_to_text

from reader.core.articles.blocks import Parsed
from reader.core.articles.formats import plain
from reader.core.articles.text import clean
from reader.core.model import HEADING, ArticleError

SUFFIXES = (".rtf",)

_CODE_PAGE = re.compile(r"\\ansicpg(\d+)")
_INFO_TEXT = {key: re.compile(r"\{\\" + key + r"\s?((?:[^{}\\]|\\.)*)\}")
              for key in ("title", "author")}
_CREATED = re.compile(r"\\creatim\\yr(\d{4})\\mo(\d{1,2})\\dy(\d{1,2})")


def parse(path: Path, data: bytes) -> Parsed:
    """The document's paragraphs; title, author and date from its info group."""
    if not data.lstrip().startswith(b"{\\rtf"):
        raise ArticleError("not an RTF document")
    encoding = _code_page(data)
    source = data.decode(encoding, errors="replace")
    try:
        text = rtf_to_text(source, encoding=encoding, errors="replace")
    except (IndexError, ValueError, LookupError):
        raise ArticleError("damaged RTF document") from None
    paragraphs = [line.strip() for line in text.split("\n")]
    info = {key: _info_text(pattern, source, encoding) for key, pattern in _INFO_TEXT.items()}
    blocks = plain.text_blocks("\n\n".join(p for p in paragraphs if p), find_headline=True)
    title = info["title"] or next((b.text for b in blocks if b.kind == HEADING), "")
    created = _CREATED.search(source)
    date = "-".join((created[1], created[2].zfill(2), created[3].zfill(2))) if created else ""
    return Parsed(blocks, title=title, author=info["author"], date=date)


def _code_page(data: bytes) -> str:
    """The codec of ``\\ansicpgN``; cp1252 when it is missing or unknown."""
    match = _CODE_PAGE.search(data[:4096].decode("ascii", errors="replace"))
    if match:
        try:
            return codecs.lookup(f"cp{match[1]}").name
        except LookupError:
            pass
    return "cp1252"


def _info_text(pattern: re.Pattern[str], source: str, encoding: str) -> str:
    """One field of the info group, its escapes decoded as the body's are."""
    match = pattern.search(source)
    if not match:
        return ""
    return clean(rtf_to_text("{\\rtf1 " + match[1] + "}", encoding=encoding, errors="replace"))

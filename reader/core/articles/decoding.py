"""Bytes to text: the encoding of a text file that does not say what it is.

UTF-8 (with or without BOM) and BOM-marked UTF-16 are decoded as such, first
and without any guessing: nearly every file is one of them, and this path
must stay fast.  Anything else is a legacy 8-bit or East Asian file, and
charset-normalizer ranks the encodings that decode it by how little mess and
how much language the result holds.

Its ranking is trusted for what it is good at and overruled where it is not:

* A result in a non-Latin script (Cyrillic, Greek, Hebrew, Arabic, ...) is
  taken as it is: ``cp1251`` versus ``koi8-r`` is exactly the question its
  letter frequencies answer, where a fixed cascade reads both as mojibake.
* Latin-script text is read as cp1252 (Windows Western) whenever cp1252
  decodes it.  Short Western text is ambiguous between the Latin code pages
  (``é`` is the same byte in cp1250, cp1252 and cp1257), and
  charset-normalizer then picks one arbitrarily (it reads a French paragraph
  as Romanian cp1257); cp1252 is what such files almost always are.
* A multi-byte (CJK) reading of a handful of bytes is a coincidence, not a
  detection: it needs at least ``_MIN_MULTIBYTE_EVIDENCE`` non-ASCII bytes.
* When nothing fits, Latin-1 accepts every byte, so decoding never raises.

Newlines become ``"\\n"`` and the text is NFC-normalised, so the same word
always has the same code points (search and note anchoring compare strings).
"""
from __future__ import annotations

import codecs
import logging
import unicodedata

from reader.core.articles.text import CONTROL
from reader.core.model import ArticleError

log = logging.getLogger("reader.articles")

_BINARY_SNIFF_BYTES = 8192
_MAX_CONTROL_RATIO = 0.05
_MIN_MULTIBYTE_EVIDENCE = 32
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_NEWLINES = ("\r\n", "\r", "\u2028", "\u2029", "\x85")  # "\r\n" first: one newline, not two


def decode_text(data: bytes) -> str:
    """Decode a text file whatever its encoding, without ever raising."""
    text = _decode(data)
    for newline in _NEWLINES:
        text = text.replace(newline, "\n")
    return unicodedata.normalize("NFC", text)


def checked_text(data: bytes) -> str:
    """The decoded text; ``ArticleError`` says why when the bytes are no article.

    A NUL byte near the start (outside UTF-16) or more than 5% control
    characters mean a binary file given a text suffix: an archive, an image,
    a document saved in a word processor's own format.
    """
    if not data:
        raise ArticleError("empty file")
    if b"\x00" in data[:_BINARY_SNIFF_BYTES] and not data.startswith(_UTF16_BOMS):
        raise ArticleError("binary file")
    text = decode_text(data)
    if not text.strip():
        raise ArticleError("empty file")
    sample = text[:_BINARY_SNIFF_BYTES]
    if len(CONTROL.findall(sample)) > _MAX_CONTROL_RATIO * len(sample):
        raise ArticleError("binary file")
    return text


def _decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig", errors="replace")
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guessed = _guessed(data)
    if guessed is not None:
        return guessed
    try:
        text = data.decode("cp1252")
        log.debug("not UTF-8; decoded as cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        log.debug("not UTF-8 or cp1252; decoded as latin-1")
    return text


def _guessed(data: bytes) -> str | None:
    """charset-normalizer's reading when it is a non-Latin script it can vouch for, else None."""
    # Imported here: only legacy files need it, and the import costs ~20 ms
    # that `reader-cli --version` and every UTF-8 library should not pay.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    if not _mostly_non_latin(text):
        return None
    if best.multi_byte_usage > 0 and sum(b >= 0x80 for b in data) < _MIN_MULTIBYTE_EVIDENCE:
        return None
    log.debug("not UTF-8; decoded as %s (%s)", best.encoding, best.language)
    return text


def _mostly_non_latin(text: str) -> bool:
    """Whether most non-ASCII letters of ``text`` belong to a script other than Latin."""
    latin = other = 0
    for char in text:
        if char >= "\x80" and char.isalpha():
            if unicodedata.name(char, "").startswith("LATIN"):
                latin += 1
            else:
                other += 1
    return other > latin

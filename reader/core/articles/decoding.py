"""Bytes to text: the encoding of a text file, found in a fixed order.

1. **A byte-order mark** (UTF-8, UTF-16 and UTF-32) settles it.  UTF-16
   without a BOM (saved by old Windows tools) is recognised by its zero
   bytes, which fall on one side of each pair: NULs at a steady parity,
   decoding without error, read as text.
2. **What the file says of itself**, for markup (``markup=True``, web
   pages): ``<meta charset>``, ``<meta http-equiv="Content-Type">`` and the
   XML declaration, in the first bytes as browsers read them, with the
   WHATWG's aliases (a page that says ``iso-8859-1`` is cp1252).  One
   exception: bytes that are valid UTF-8 with multi-byte sequences are
   UTF-8 even when the page claims a single-byte code page, because a page
   re-saved as UTF-8 often keeps its old ``<meta>``, and valid UTF-8 is
   never a coincidence in cp1251 or cp1256 text.
3. **Valid UTF-8** is UTF-8: nearly every file is, and this path must stay
   fast.
4. **charset-normalizer** ranks the encodings that decode the rest by how
   little mess and how much language the result holds.

Its ranking is trusted for what it is good at and overruled where it is not:

* A result in a non-Latin script (Cyrillic, Greek, Hebrew, Arabic, ...) is
  taken as it is: ``cp1251`` versus ``koi8-r`` is exactly the question its
  letter frequencies answer, where a fixed cascade reads both as mojibake.
* Its search stops at the first reading without mess, and a KOI8-R
  sentence reads without mess as Shift-JIS: a multi-byte (CJK) reading
  stands only when its language fits better (higher coherence) than the
  best single-byte reading, and only with at least
  ``_MIN_MULTIBYTE_EVIDENCE`` non-ASCII bytes.
* Latin-script text is read as cp1252 (Windows Western) whenever cp1252
  decodes it.  Short Western text is ambiguous between the Latin code pages
  (``é`` is the same byte in cp1250, cp1252 and cp1257), and
  charset-normalizer then picks one arbitrarily (it reads a French paragraph
  as Romanian cp1257); cp1252 is what such files almost always are.  (A
  Central European page in ISO-8859-2 is therefore read right only when it
  declares its charset.)
* When nothing fits, Latin-1 accepts every byte, so decoding never raises.

Newlines become ``"\\n"`` and the text is NFC-normalised, so the same word
always has the same code points (search and note anchoring compare strings).
"""
from __future__ import annotations

import codecs
import functools
import logging
import re
import unicodedata

from reader.core.articles.text import CONTROL
from reader.core.model import ArticleError

log = logging.getLogger("reader.articles")

_BINARY_SNIFF_BYTES = 8192
_MAX_CONTROL_RATIO = 0.05
_MIN_MULTIBYTE_EVIDENCE = 32
#: Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_NEWLINES = ("\r\n", "\r", "\u2028", "\u2029", "\x85")  # "\r\n" first: one newline, not two

#: Browsers look for the declaration in the first 1,024 bytes; saved pages
#: sometimes put a long comment first, so a little more is read.
_DECLARATION_BYTES = 4096
_META_CHARSET = re.compile(
    rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
_XML_DECLARATION = re.compile(
    rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._-]+)", re.IGNORECASE)
#: The WHATWG Encoding Standard's labels that do not mean what Python's
#: codecs of the same name do.  A UTF-16 label in a page whose <meta> could
#: be read as ASCII is wrong by construction; browsers read such pages as UTF-8.
_WHATWG_ALIASES = {"ascii": "cp1252", "iso8859_1": "cp1252", "iso8859_9": "cp1254",
                   "iso8859_11": "cp874", "utf_16": "utf-8", "utf_16_le": "utf-8",
                   "utf_16_be": "utf-8"}


def decode_text(data: bytes, *, markup: bool = False) -> str:
    """Decode a text file whatever its encoding, without ever raising.

    ``markup``: the bytes are a web page or XML, which may declare their
    encoding.
    """
    unicode = _unicode_text(data)
    return normalised(unicode if unicode is not None else _decode(data, markup))


def normalised(text: str) -> str:
    """Decoded text as every format hands it on: one kind of newline, NFC."""
    for newline in _NEWLINES:
        text = text.replace(newline, "\n")
    return unicodedata.normalize("NFC", text)


def checked_text(data: bytes, *, markup: bool = False) -> str:
    """The decoded text; ``ArticleError`` says why when the bytes are no article.

    A NUL byte near the start (outside UTF-16 and UTF-32) or more than 5%
    control characters mean a binary file given a text suffix: an archive,
    an image, a document saved in a word processor's own format.
    """
    if not data:
        raise ArticleError("empty file")
    unicode = _unicode_text(data)
    if unicode is None and b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        raise ArticleError("binary file")
    text = normalised(unicode if unicode is not None else _decode(data, markup))
    if not text.strip():
        raise ArticleError("empty file")
    sample = text[:_BINARY_SNIFF_BYTES]
    if len(CONTROL.findall(sample)) > _MAX_CONTROL_RATIO * len(sample):
        raise ArticleError("binary file")
    return text


def _unicode_text(data: bytes) -> str | None:
    """The text of a file whose bytes show a Unicode encoding (a BOM, or
    UTF-16 without one); None for any other file."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    return _bomless_utf16(data)


def _decode(data: bytes, markup: bool) -> str:
    """The text of a file in a legacy or undeclared encoding (steps 2 to 4)."""
    if markup:
        declared = _declared_text(data)
        if declared is not None:
            return declared
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


def _bomless_utf16(data: bytes) -> str | None:
    """The text of UTF-16 written without a BOM, else None.

    In UTF-16 text every ASCII space, digit, newline and punctuation mark has
    a zero byte, always on the same side of its pair (the high byte): in
    English nearly every character, in Russian or Arabic still the spaces.
    Binary data has zeros on both sides.  The guess must then decode without
    a single error and read as text, not as control characters.  (A dangling
    odd byte at the end reads as U+FFFD, as a decoder's "replace" has it.)
    """
    sample = data[:_BINARY_SNIFF_BYTES]
    sample = sample[: len(sample) - len(sample) % 2]
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    pairs = len(sample) // 2
    if pairs < 2 or max(zeros_even, zeros_odd) < pairs // 20 + 1:
        return None
    if min(zeros_even, zeros_odd) > max(zeros_even, zeros_odd) // 50:
        return None
    encoding = "utf-16-le" if zeros_odd > zeros_even else "utf-16-be"
    try:
        text = data[: len(data) - len(data) % 2].decode(encoding)
    except UnicodeDecodeError:
        return None
    head = text[: _BINARY_SNIFF_BYTES // 2]
    if len(CONTROL.findall(head)) > _MAX_CONTROL_RATIO * len(head):
        return None
    log.debug("no BOM; decoded as %s", encoding)
    return text + "\ufffd" if len(data) % 2 else text


def _declared_text(data: bytes) -> str | None:
    """The bytes decoded as their ``<meta>`` or XML declaration says, when they say it truly."""
    head = data[:_DECLARATION_BYTES]
    match = _XML_DECLARATION.search(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    encoding = _codec_name(match.group(1).decode("ascii"))
    if encoding is None:
        log.debug("unknown declared charset %r; guessing", match.group(1))
        return None
    if encoding != "utf_8" and not data.isascii():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            log.debug("declared %s, but the bytes are UTF-8; decoded as UTF-8", encoding)
            return text
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        log.debug("not valid %s as declared; guessing", encoding)
        return None


@functools.lru_cache(maxsize=64)
def _codec_name(label: str) -> str | None:
    """Python's codec for an encoding label, read as browsers read it; None if unknown."""
    try:
        name = codecs.lookup(label).name.replace("-", "_")
    except LookupError:
        return None
    return _WHATWG_ALIASES.get(name, name)


def _guessed(data: bytes) -> str | None:
    """charset-normalizer's reading when it is a non-Latin script it can vouch for, else None."""
    # Imported here: only legacy files need it, and the import costs ~20 ms
    # that `reader-cli --version` and every UTF-8 library should not pay.
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return None
    if best.multi_byte_usage > 0:
        single = from_bytes(data, cp_exclusion=_multi_byte_encodings()).best()
        if single is not None and single.coherence >= best.coherence:
            best = single
        elif sum(b >= 0x80 for b in data) < _MIN_MULTIBYTE_EVIDENCE:
            return None
    text = str(best)
    if not _mostly_non_latin(text):
        return None
    log.debug("not UTF-8; decoded as %s (%s)", best.encoding, best.language)
    return text


@functools.cache
def _multi_byte_encodings() -> list[str]:
    from charset_normalizer.constant import IANA_SUPPORTED
    from charset_normalizer.utils import is_multi_byte_encoding

    return [name for name in IANA_SUPPORTED if is_multi_byte_encoding(name)]


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

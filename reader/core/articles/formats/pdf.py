"""PDF reports, read with PDFium (pypdfium2): text in reading order, in paragraphs.

PDFium gives each page's text as lines, in reading order.  Lines are joined
into paragraphs (a paragraph ends at a blank line, or at a line that ends a
sentence well short of the page's widest line), hyphens at line ends
are rejoined by the document's own vocabulary (``text.joined``), and a
paragraph cut by a page break goes on across it.  Running headers and
footers (a line at the top or bottom of most pages, page numbers aside) and
page numbers are boilerplate: shown dimmed, never indexed.  Every block
keeps the page it starts on.

Title, author and date come from the document information; a title that is
missing or a converter's placeholder ("Microsoft Word - brief.docx") gives
way to the first line of the first page when it reads as a heading.  A PDF
with no text at all is a scan, and says so: it is never indexed as empty.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium

from reader.core.articles.blocks import Parsed
from reader.core.articles.text import Vocabulary, clean, ends_sentence, joined
from reader.core.model import BOILERPLATE, HEADING, PARAGRAPH, ArticleError, Block

SUFFIXES = (".pdf",)

_EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be running furniture
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+|p\.\s*|-\s*)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*-)?$",
    re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_SHORT_LINE = 0.8  # a line this much shorter than the page's widest may end a paragraph
_MAX_HEADING_CHARS = 120
_PLACEHOLDER_TITLE = re.compile(r"^(?:microsoft\s+\w+\s*-|untitled\b)|\.(?:docx?|odt|rtf|indd|pdf)$",
                                re.IGNORECASE)
#: PDFium joins a word hyphenated at a line end and marks the join with U+FFFE
#: (older builds: U+0002).  The line break is put back, so that ``text.joined``
#: decides by the document's vocabulary whether the hyphen stays.
_PDFIUM_MARKS = str.maketrans({"\ufffe": "-\n", "\x02": "-\n"})
_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?")


def parse(path: Path, data: bytes) -> Parsed:
    """The blocks of a PDF, its document information, and page numbers."""
    pages, info = _read(data)
    if not any(line.strip() for page in pages for line in page):
        raise ArticleError("no text layer (scanned)")
    furniture = _running_lines(pages)
    words = Vocabulary("\n".join(line for page in pages for line in page))
    blocks = _blocks(pages, furniture, words)
    blocks = _first_line_as_heading(blocks)
    title = clean(info.get("Title", ""))
    if not title or _PLACEHOLDER_TITLE.search(title):
        title = next((b.text for b in blocks if b.kind == HEADING), "")
    return Parsed(blocks, title=title, author=clean(info.get("Author", "")),
                  date=_date(info.get("CreationDate", "")))


def _read(data: bytes) -> tuple[list[list[str]], dict[str, str]]:
    """Each page's text lines, and the document information."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise ArticleError("encrypted PDF (it needs a password)") from None
        raise ArticleError("not a readable PDF (damaged or not a PDF)") from None
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range().translate(_PDFIUM_MARKS)
                pages.append(text.replace("\r\n", "\n").split("\n"))
            finally:
                textpage.close()
                page.close()
        info = {key: str(value) for key, value in document.get_metadata_dict().items() if value}
    finally:
        document.close()
    return pages, info


def _furniture_key(line: str) -> str:
    """A running line as it recurs on every page: numbers (page, date) do not count."""
    return _DIGITS.sub("#", clean(line).lower())


def _edges(page: list[str]) -> list[str]:
    lines = [line for line in page if line.strip()]
    return lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]


def _running_lines(pages: list[list[str]]) -> frozenset[str]:
    """Keys of the lines at the top or bottom of at least half the pages (two at least)."""
    if len(pages) < 2:
        return frozenset()
    seen = Counter(key for page in pages for key in {_furniture_key(line) for line in _edges(page)})
    needed = max(2, math.ceil(len(pages) / 2))
    return frozenset(key for key, count in seen.items() if count >= needed and key)


def _is_furniture(line: str, page: list[str], furniture: frozenset[str]) -> bool:
    text = clean(line)
    if _PAGE_NUMBER.match(text):
        return line in _edges(page)
    return _furniture_key(line) in furniture and line in _edges(page)


def _blocks(pages: list[list[str]], furniture: frozenset[str], words: Vocabulary) -> list[Block]:
    """Paragraphs (a paragraph may run across a page break) and boilerplate lines.

    Headers and footers met inside a paragraph that goes on over the page
    break follow that paragraph, so blocks stay in reading order.
    """
    blocks: list[Block] = []
    pieces: list[str] = []
    waiting: list[Block] = []
    start_page = 0

    def flush() -> None:
        text = clean(joined(pieces, words)) if pieces else ""
        if text:
            blocks.append(Block(PARAGRAPH, text, page=start_page))
        pieces.clear()
        blocks.extend(waiting)
        waiting.clear()

    for number, page in enumerate(pages, 1):
        widest = max((len(line.strip()) for line in page), default=0)
        for line in page:
            if not line.strip():
                flush()
            elif _is_furniture(line, page, furniture):
                (waiting if pieces else blocks).append(Block(BOILERPLATE, clean(line), page=number))
            else:
                short = len(line.strip()) < _SHORT_LINE * widest
                if not pieces:
                    start_page = number
                pieces.append(line)
                # A short line ends its paragraph when it ends a sentence, and
                # stands alone (a heading, a label) when it starts one without.
                if short and (ends_sentence(line) or len(pieces) == 1 and not _runs_on(line)):
                    flush()
    flush()
    return blocks


def _runs_on(line: str) -> bool:
    """A line that ends mid-phrase (a hyphen, a comma, a lower-case word): more follows."""
    tail = line.rstrip()
    return tail.endswith(("-", ",", ";", ":")) or tail.split()[-1].islower()


def _first_line_as_heading(blocks: list[Block]) -> list[Block]:
    """A short first paragraph without a full stop is the document's heading."""
    first = next((i for i, b in enumerate(blocks) if b.kind != BOILERPLATE), None)
    if first is None:
        return blocks
    block = blocks[first]
    if len(block.text) <= _MAX_HEADING_CHARS and not block.text.endswith((".", ",", ";")) and \
            len(blocks) > first + 1:
        blocks[first] = Block(HEADING, block.text, 1, page=block.page)
    return blocks


def _date(value: str) -> str:
    """PDF's ``D:YYYYMMDDHHmmSS`` as ISO 8601 (as much of it as is there)."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return ""
    year, month, day = match.groups()
    return "-".join(part for part in (year, month, day) if part)

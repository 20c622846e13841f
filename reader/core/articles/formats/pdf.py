"""PDF reports, read with PDFium (pypdfium2): text in reading order, in paragraphs.

PDFium gives each page's text as lines, in reading order, and for every
character its font size, weight and box.  Reader asks for those of one or
two characters per line (a call per character would cost more than the text
itself) and lays the lines out as a reader sees them:

* **Headings** are lines set larger than the body text (the size most of
  the document's characters have), or bold in a document whose body is not;
  the larger the size, the higher the level.  A document set in one size
  throughout gets a heading only from its first line, when that line reads
  as one (short, no full stop).
* **Paragraphs**: a line joins the paragraph above it unless a gap wider
  than the document's usual line spacing, a change of size, a list bullet,
  or a short line ending a sentence separates them.  Hyphens at line ends
  are rejoined by the document's own vocabulary (``text.joined``), and a
  paragraph cut by a page or column break goes on across it.
* **Running headers and footers** (a line at the top or bottom of most
  pages, in the same size, numbers aside) and page numbers are boilerplate:
  shown dimmed, never indexed.  A document title on page one is no running
  header even when the headers repeat its words, because it is set larger.
* Ligatures and Arabic presentation forms (U+FB00-U+FDFF, U+FE70-U+FEFF,
  which some PDF writers store instead of letters) are folded to the
  letters they stand for, so ``ﬁnance`` is found as ``finance``.

Every block keeps the page it starts on.  Title, author and date come from
the document information; a title that is missing or a converter's
placeholder ("Microsoft Word - brief.docx") gives way to the first heading.
A PDF with no text at all is a scan, and says so: it is never indexed as
empty.
"""
from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reader.core.articles.blocks import Parsed
from reader.core.articles.text import Vocabulary, clean, ends_sentence, joined
from reader.core.model import BOILERPLATE, HEADING, LIST_ITEM, PARAGRAPH, ArticleError, Block

SUFFIXES = (".pdf",)

_EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be running furniture
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+|p\.\s*|-\s*)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*-)?$",
    re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_SHORT_LINE = 0.8  # a line this much shorter than the page's widest may end a paragraph
_MAX_HEADING_CHARS = 120
_HEADING_SCALE = 1.15  # a line this much larger than the body text is a heading
_BOLD = 600  # PDFium's font weight from which a line is bold
_BOLD_NAME = re.compile(rb"bold|black|heavy|semibold|demi", re.IGNORECASE)
_FONT_NAME_BYTES = 128
_PARAGRAPH_GAP = 0.4  # extra space, in font sizes, above the usual line spacing that parts paragraphs
_BULLET = re.compile(r"^[•◦▪▫●○■□‣⁃–-]\s+")
_DOT_LEADER = re.compile(r"(?:\.\s?){4,}\s*(?:\d{1,4}|[ivxlc]{1,6})$", re.IGNORECASE)  # a contents line
_PLACEHOLDER_TITLE = re.compile(r"^(?:microsoft\s+\w+\s*-|untitled\b)|\.(?:docx?|odt|rtf|indd|pdf)$",
                                re.IGNORECASE)
#: PDFium joins a word hyphenated at a line end and marks the join with U+FFFE
#: (older builds: U+0002).  The line is split there again and the hyphen put
#: back, so that ``text.joined`` decides by the document's vocabulary whether
#: it stays.
_PDFIUM_HYPHEN = re.compile("[\ufffe\x02]")
_ALEF_LAM = re.compile("[\u0622\u0623\u0625\u0627]\u0644")  # see _lam_alef_put_back
_PRESENTATION_FORMS = re.compile("[\ufb00-\ufdff\ufe70-\ufeff]+")
_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?")


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of a page as PDFium laid it out (coordinates in points, y upwards)."""

    text: str
    page: int
    size: float  # the font size of its text
    bold: bool
    top: float
    bottom: float
    left: float


def parse(path: Path, data: bytes) -> Parsed:
    """The blocks of a PDF, its document information, and page numbers."""
    pages, info = _read(data)
    if not any(line.text.strip() for page in pages for line in page):
        raise ArticleError("no text layer (scanned)")
    furniture = _running_lines(pages)
    words = Vocabulary("\n".join(line.text for page in pages for line in page))
    blocks = _Layout(pages, furniture, words).blocks()
    title = clean(info.get("Title", ""))
    if not title or _PLACEHOLDER_TITLE.search(title):
        title = next((b.text for b in blocks if b.kind == HEADING), "")
    return Parsed(blocks, title=title, author=clean(info.get("Author", "")),
                  date=_date(info.get("CreationDate", "")))


def _read(data: bytes) -> tuple[list[list[_Line]], dict[str, str]]:
    """Each page's lines, and the document information."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise ArticleError("encrypted PDF (it needs a password)") from None
        raise ArticleError("not a readable PDF (damaged or not a PDF)") from None
    try:
        pages = []
        for number, page in enumerate(document, 1):
            textpage = page.get_textpage()
            try:
                pages.append(_page_lines(textpage, number))
            finally:
                textpage.close()
                page.close()
        info = {key: str(value) for key, value in document.get_metadata_dict().items() if value}
    finally:
        document.close()
    return pages, info


def _page_lines(textpage: pdfium.PdfTextPage, number: int) -> list[_Line]:
    """The page's lines with the size, weight and box of a sample of their characters.

    PDFium's text has one character per character index (its line breaks
    "\\r\\n" included), so a line's position in the text is its first
    character's index.
    """
    text = textpage.get_text_range()
    count = textpage.count_chars()
    lines: list[_Line] = []
    start = 0
    for raw_line in text.split("\r\n"):
        pieces = _PDFIUM_HYPHEN.split(raw_line)
        offset = start
        for i, piece in enumerate(pieces):
            hyphen = "-" if i < len(pieces) - 1 else ""
            lines.append(_measured(textpage, piece, offset, count, number, hyphen))
            offset += len(piece) + 1
        start += len(raw_line) + 2
    return lines


def _measured(textpage: pdfium.PdfTextPage, text: str, start: int, count: int, page: int,
              hyphen: str) -> _Line:
    """A line, measured at its first letter and at its middle character."""
    if _ALEF_LAM.search(text):
        text = _lam_alef_put_back(textpage, text, start)
    samples = [start + i for i in (_first_letter(text), len(text) // 2) if i is not None]
    samples = [i for i in dict.fromkeys(samples) if i < count]
    if _PRESENTATION_FORMS.search(text):
        text = _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    if not text.strip() or not samples:
        return _Line(text + hyphen, page, 0.0, False, 0.0, 0.0, 0.0)
    sizes = [pdfium_c.FPDFText_GetFontSize(textpage, i) for i in samples]
    bold = all(_is_bold(textpage, i) for i in samples)
    left, bottom, _right, top = textpage.get_charbox(samples[0], loose=True)
    return _Line(text + hyphen, page, round(max(sizes), 1), bold, top, bottom, left)


def _lam_alef_put_back(textpage: pdfium.PdfTextPage, text: str, start: int) -> str:
    """Lam-alef ligatures in the order they are read.

    PDFium reverses a right-to-left line character by character, and the
    two letters of a lam-alef ligature, one glyph with one box, come out as
    alef-lam ("اإلسالمية" for "الإسلامية").  Two letters sharing one box are
    one glyph: their order is put back.
    """
    chars = list(text)
    for match in _ALEF_LAM.finditer(text):
        at = start + match.start()
        if textpage.get_charbox(at) == textpage.get_charbox(at + 1):
            i = match.start()
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def _is_bold(textpage: pdfium.PdfTextPage, index: int) -> bool:
    """By the font's weight; for the standard fonts, which have none, by its name."""
    weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
    if weight > 0:
        return weight >= _BOLD
    name = ctypes.create_string_buffer(_FONT_NAME_BYTES)
    pdfium_c.FPDFText_GetFontInfo(textpage, index, name, _FONT_NAME_BYTES, None)
    return bool(_BOLD_NAME.search(name.value))


def _first_letter(text: str) -> int | None:
    return next((i for i, char in enumerate(text) if char.isalnum()), None)


def _furniture_key(line: _Line) -> tuple[str, float]:
    """A running line as it recurs on every page: numbers (page, date) do not count."""
    return _DIGITS.sub("#", clean(line.text).lower()), line.size


def _edges(page: list[_Line]) -> list[_Line]:
    lines = [line for line in page if line.text.strip()]
    return lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]


def _running_lines(pages: list[list[_Line]]) -> frozenset[tuple[str, float]]:
    """Keys of the lines at the top or bottom of at least half the pages (two at least)."""
    if len(pages) < 2:
        return frozenset()
    seen = Counter(key for page in pages for key in {_furniture_key(line) for line in _edges(page)})
    needed = max(2, math.ceil(len(pages) / 2))
    return frozenset(key for key, count in seen.items() if count >= needed and key[0])


class _Layout:
    """Lines to blocks: the document's body size and line spacing, then each line's place."""

    def __init__(self, pages: list[list[_Line]], furniture: frozenset[tuple[str, float]],
                 words: Vocabulary) -> None:
        self._pages = pages
        self._furniture = furniture
        self._words = words
        self._blocks: list[Block] = []
        self._pieces: list[_Line] = []
        self._kind = PARAGRAPH  # the kind and heading level of the block being gathered
        self._level = 0
        self._waiting: list[Block] = []  # furniture met inside a paragraph that goes on
        lines = [line for page in pages for line in page if line.text.strip()]
        sizes = Counter()
        for line in lines:
            sizes[line.size] += len(line.text)
        self._body_size = sizes.most_common(1)[0][0] if sizes else 0.0
        self._body_bold = sum(len(line.text) for line in lines if line.bold) > sum(sizes.values()) / 2
        self._heading_levels = self._levels(lines)
        self._spacing = self._usual_spacing(pages)

    def blocks(self) -> list[Block]:
        for page in self._pages:
            widest = max((len(line.text.strip()) for line in page), default=0)
            edges = _edges(page)
            for line in page:
                if not line.text.strip():
                    self._flush()
                elif self._is_furniture(line, edges):
                    block = Block(BOILERPLATE, clean(line.text), page=line.page)
                    (self._waiting if self._pieces else self._blocks).append(block)
                else:
                    self._add(line, widest)
        self._flush()
        if not self._heading_levels:
            self._first_line_as_heading()
        return self._blocks

    def _levels(self, lines: list[_Line]) -> dict[tuple[float, bool], int]:
        """Heading level by (size, bold): the largest size is level 1."""
        styles = {(line.size, line.bold) for line in lines if self._looks_like_heading(line)}
        return {style: min(6, rank) for rank, style in
                enumerate(sorted(styles, key=lambda s: (-s[0], not s[1])), 1)}

    def _looks_like_heading(self, line: _Line) -> bool:
        text = line.text.strip()
        if len(text) > _MAX_HEADING_CHARS or not self._body_size or _DOT_LEADER.search(text):
            return False
        if line.size >= self._body_size * _HEADING_SCALE:
            return True
        return (line.bold and not self._body_bold and line.size >= self._body_size
                and not ends_sentence(text))

    def _usual_spacing(self, pages: list[list[_Line]]) -> float:
        """The gap between lines of one paragraph: the lower quartile of the gaps
        between consecutive body lines (top of one to bottom of the other).

        Not the median: in a brief of one- and two-line paragraphs, most gaps
        are the wider ones between paragraphs.
        """
        gaps = sorted(above.bottom - below.top for page in pages
                      for above, below in zip(page, page[1:])
                      if above.size == below.size == self._body_size and above.bottom > below.top)
        return gaps[len(gaps) // 4] if gaps else 0.0

    def _is_furniture(self, line: _Line, edges: list[_Line]) -> bool:
        if line not in edges:
            return False
        return bool(_PAGE_NUMBER.match(clean(line.text))) or _furniture_key(line) in self._furniture

    def _add(self, line: _Line, widest: int) -> None:
        if _DOT_LEADER.search(line.text.rstrip()):  # an entry of a table of contents stands alone
            self._flush()
            self._kind, self._level, self._pieces = PARAGRAPH, 0, [line]
            self._flush()
            return
        level = self._heading_levels.get((line.size, line.bold), 0)
        kind = HEADING if level else LIST_ITEM if _BULLET.match(line.text.lstrip()) else PARAGRAPH
        if self._pieces and self._starts_block(line, kind, level):
            self._flush()
        if not self._pieces:
            self._kind, self._level = kind, level
        self._pieces.append(line)
        short = len(line.text.strip()) < _SHORT_LINE * widest
        # A short line ends its paragraph when it ends a sentence, and stands
        # alone (a label) when it starts one without.
        if kind != HEADING and short and (
                ends_sentence(line.text) or len(self._pieces) == 1 and not _runs_on(line.text)):
            self._flush()

    def _starts_block(self, line: _Line, kind: str, level: int) -> bool:
        previous = self._pieces[-1]
        if kind == HEADING or self._kind == HEADING:
            return kind != self._kind or level != self._level or self._gap(previous, line) > 0
        larger, smaller = max(line.size, previous.size), min(line.size, previous.size)
        if kind == LIST_ITEM or larger > smaller * _HEADING_SCALE:  # inline code may be smaller
            return True
        return self._gap(previous, line) > _PARAGRAPH_GAP * line.size

    def _gap(self, above: _Line, below: _Line) -> float:
        """Space between two lines beyond the usual spacing; none across a page or column."""
        if above.page != below.page or below.top > above.bottom:
            return 0.0
        return above.bottom - below.top - self._spacing

    def _flush(self) -> None:
        pieces, self._pieces = self._pieces, []
        if pieces:
            texts = [line.text for line in pieces]
            if self._kind == LIST_ITEM:
                texts[0] = _BULLET.sub("", texts[0].lstrip())
            text = clean(joined(texts, self._words))
            if text:
                level = self._level if self._kind == HEADING else 0
                self._blocks.append(Block(self._kind, text, level, page=pieces[0].page))
        self._blocks.extend(self._waiting)
        self._waiting.clear()

    def _first_line_as_heading(self) -> None:
        """In a document of one size: a short first paragraph without a full stop is its heading."""
        blocks = self._blocks
        first = next((i for i, b in enumerate(blocks) if b.kind != BOILERPLATE), None)
        if first is None or first + 1 >= len(blocks):
            return
        block = blocks[first]
        if len(block.text) <= _MAX_HEADING_CHARS and not block.text.endswith((".", ",", ";")):
            blocks[first] = Block(HEADING, block.text, 1, page=block.page)


def _runs_on(line: str) -> bool:
    """A line that ends mid-phrase (a hyphen, a comma, a lower-case word): more follows."""
    tail = line.rstrip()
    return tail.endswith(("-", ",", ";", ":")) or tail.split()[-1].islower()


def _date(value: str) -> str:
    """PDF's ``D:YYYYMMDDHHmmSS`` as ISO 8601 (as much of it as is there)."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return ""
    year, month, day = match.groups()
    return "-".join(part for part in (year, month, day) if part)

"""The article as a QTextDocument: a header, then one QTextBlock per core Block.

The document mirrors the core's text model exactly (docs/ARCHITECTURE.md,
"The text model"): each article block holds exactly its Block's text, so
core offset ``o`` is document position ``base + utf16(o)`` (``TextMap``).
Nothing is inserted that is not article text: list bullets are
``QTextList`` markers, quote bars and page markers are painted (view.py,
pages.py).  Each block reads in its own direction (direction.py); its
bold, italic, code and links are formats over its text (inline.py).

The metadata line (date · author · source) is NOT article text.  It lives
in a block *before* the article's blocks, and ``base`` is where the first
article block starts, so it scrolls with the article like a dateline above
a headline.  When the article has no title heading of its own (the title
came from the file name), the title goes into a second header block.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextListFormat,
)

from ...core.model import BOILERPLATE, HEADING, LIST_ITEM, QUOTE, Article, format_date
from ..textmap import TextMap
from ..theme import Theme, mix
from .direction import is_right_to_left
from .inline import style_spans
from .pages import PAGE_GAP, PageMarkers, page_breaks

log = logging.getLogger("reader.ui")

# Characters Qt would turn into a block or frame boundary (or an object) if
# inserted as text.  The core never produces them; should one slip through it
# is shown as U+FFFD, which has the same length in both counts, so offsets hold.
_UNSAFE = re.compile("[\r\u2029\ufdd0\ufdd1\ufffc\ud800-\udfff]")
_BYTE_ORDER_MARKS = ("\ufeff", "\ufffe")  # (as read in either byte order)


def _for_qt(text: str) -> str:
    """A block's text as ``insertText`` must be given it to hold it unchanged:
    a character Qt would turn into a boundary shown as U+FFFD, and a byte
    order mark put before one that starts it.  PySide reads a U+FEFF at the
    start of a string as a byte order mark and drops it (a block that starts
    with one, a BOM left mid-page, came out a character short, and every
    highlight after it one character off), and a U+FFFE as a swapped one,
    swapping the bytes of the rest.  The mark put first is the one it takes."""
    text = _UNSAFE.sub("\ufffd", text)
    return "\ufeff" + text if text[:1] in _BYTE_ORDER_MARKS else text


_NUMBERED = re.compile(r"^\s*(\d{1,3}|[a-zA-Z]|[ivxlc]{1,5})[.)]\s")
_SERIF_FAMILIES = ("Noto Serif", "Source Serif 4", "Source Serif Pro", "Literata",
                   "Charter", "Georgia", "DejaVu Serif", "Liberation Serif", "Serif")
_HEADING_SCALE = {1: 1.75, 2: 1.4, 3: 1.2}
ZOOM_MIN, ZOOM_MAX = -6, 10
ZOOM_STEP = 1.1
DEFAULT_POINT_SIZE = 12.0


def default_serif_family() -> str:
    """The first comfortable serif font installed ('Noto Serif', else 'DejaVu Serif'…)."""
    installed = set(QFontDatabase.families())
    return next((f for f in _SERIF_FAMILIES if f in installed), "Serif")


def _sans_family() -> str:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()


@dataclass(frozen=True)
class Typography:
    """The reading font: family, size in points, and zoom steps (0 = actual size)."""

    family: str
    point_size: float = DEFAULT_POINT_SIZE
    zoom: int = 0

    def scaled(self, factor: float) -> float:
        """A point size: ``factor`` times the body size, at the current zoom."""
        return self.point_size * factor * (ZOOM_STEP ** self.zoom)

    @property
    def body_font(self) -> QFont:
        font = QFont(self.family)
        font.setPointSizeF(self.scaled(1.0))
        return font


@dataclass
class Built:
    """A built document, where its article text starts, its quote blocks (for the bars), its pages."""

    doc: QTextDocument
    text_map: TextMap
    quote_blocks: list[int]
    pages: PageMarkers


def build_document(article: Article, theme: Theme, typography: Typography,
                   parent: QObject) -> Built:
    """The article's document: header blocks, then one block per core Block."""
    doc = QTextDocument(parent)
    doc.setUndoRedoEnabled(False)
    body_font = typography.body_font
    doc.setDefaultFont(body_font)
    em = QFontMetricsF(body_font).height()
    doc.setIndentWidth(em * 1.4)
    cursor = QTextCursor(doc)
    first = True

    def add_block(block_format: QTextBlockFormat, char_format: QTextCharFormat, text: str) -> None:
        nonlocal first
        if first:
            cursor.setBlockFormat(block_format)
            cursor.setBlockCharFormat(char_format)
            first = False
        else:
            cursor.insertBlock(block_format, char_format)
        if text:
            cursor.insertText(_for_qt(text), char_format)

    for block_format, char_format, text in _header(article, theme, typography, em):
        add_block(block_format, char_format, text)
    # The first article block starts after the header's last paragraph separator.
    base = cursor.position() + (0 if first or not article.blocks else 1)
    quote_blocks: list[int] = []
    lists: dict[int, object] = {}
    breaks = page_breaks(article.blocks)
    pages: list[tuple[int, int]] = []
    for index, block in enumerate(article.blocks):
        block_format, char_format = _formats(block.kind, block.level, em, theme, typography,
                                             rtl=is_right_to_left(block.text))
        if index in breaks:
            block_format.setTopMargin(em * PAGE_GAP)
        add_block(block_format, char_format, block.text)
        if block.spans:
            style_spans(doc, cursor.block().position(), block, char_format, theme)
        if index in breaks:
            pages.append((cursor.block().blockNumber(), breaks[index]))
        if block.kind == LIST_ITEM and not _NUMBERED.match(block.text):
            level = max(1, block.level)
            for deeper in [k for k in lists if k > level]:
                del lists[deeper]
            if level in lists:
                lists[level].add(cursor.block())
            else:
                list_format = QTextListFormat()
                list_format.setStyle((QTextListFormat.Style.ListDisc, QTextListFormat.Style.ListCircle,
                                      QTextListFormat.Style.ListSquare)[(level - 1) % 3])
                list_format.setIndent(level)
                lists[level] = cursor.createList(list_format)
        elif block.kind != LIST_ITEM:
            lists.clear()
        if block.kind == QUOTE:
            quote_blocks.append(cursor.block().blockNumber())
    text_map = TextMap(article.text, base)
    expected_end = base + text_map.doc_length
    if doc.characterCount() - 1 != expected_end:  # the invariant; never expected to fire
        log.error("document length %d != %d for %s", doc.characterCount() - 1, expected_end,
                  article.path)
    return Built(doc, text_map, quote_blocks, PageMarkers(tuple(pages), _marker_font(typography)))


def _marker_font(typography: Typography) -> QFont:
    font = QFont(_sans_family())
    font.setPointSizeF(typography.scaled(0.8))
    return font


def _header(article: Article, theme: Theme, typography: Typography, em: float):
    """The blocks before the article: metadata line, and the title if the text has none."""
    meta = " · ".join(v for v in (format_date(article.date), article.author, article.source) if v)
    first_real = next((b for b in article.blocks if b.kind != BOILERPLATE), None)
    has_title = (first_real is not None and first_real.kind == HEADING
                 and first_real.text.strip() == article.title.strip())
    rows = []
    if meta:
        fmt = QTextBlockFormat()
        fmt.setBottomMargin(em * 0.15)
        char = QTextCharFormat()
        char.setFontFamilies([_sans_family()])
        char.setFontPointSize(typography.scaled(0.78))
        char.setFontCapitalization(QFont.Capitalization.AllUppercase)
        char.setFontLetterSpacingType(QFont.SpacingType.PercentageSpacing)
        char.setFontLetterSpacing(108)
        char.setForeground(QColor(theme.dim))
        rows.append((fmt, char, meta))
    where = QTextCharFormat()  # where the file is: the analyst's folders are many
    where.setFontFamilies([_sans_family()])
    where.setFontPointSize(typography.scaled(0.72))
    where.setForeground(QColor(theme.dim))
    where_block = QTextBlockFormat()
    where_block.setBottomMargin(em * 0.5)
    rows.append((where_block, where, file_location(article)))
    if not has_title and article.title:
        fmt, char = _formats(HEADING, 1, em, theme, typography, rtl=is_right_to_left(article.title))
        rows.append((fmt, char, article.title))
    return rows


def file_location(article: Article) -> str:
    """The article's file, the home folder as ``~``; of a file of several, the part too."""
    path = str(article.path)
    home = str(Path.home())
    if home != "/" and path.startswith(home + "/"):
        path = "~" + path[len(home):]
    part = article.part.rsplit("/", 1)[-1]
    return f"{path} › {part}" if part else path


def _formats(kind: str, level: int, em: float, theme: Theme, typography: Typography, *,
             rtl: bool = False) -> tuple[QTextBlockFormat, QTextCharFormat]:
    """A block's formats; ``rtl``: right to left, right-aligned, its margins mirrored."""
    block = QTextBlockFormat()
    char = QTextCharFormat()
    char.setFontFamilies([typography.family])
    char.setFontPointSize(typography.scaled(1.0))
    block.setLineHeight(150.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    block.setBottomMargin(em * 0.7)
    if kind == HEADING:
        scale = _HEADING_SCALE.get(level, 1.05)
        char.setFontPointSize(typography.scaled(scale))
        char.setFontWeight(QFont.Weight.Bold)
        block.setLineHeight(118.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        block.setTopMargin(0 if level == 1 else em * 0.9)
        block.setBottomMargin(em * (0.9 if level == 1 else 0.45))
        block.setHeadingLevel(max(1, min(level, 6)))
    elif kind == QUOTE:
        block.setLeftMargin(em * 1.5)
        block.setRightMargin(em * 1.0)
        char.setFontItalic(True)
        char.setForeground(QColor(mix(theme.text, theme.base, 0.18)))
    elif kind == LIST_ITEM:
        block.setBottomMargin(em * 0.3)
    elif kind == BOILERPLATE:
        char.setFontFamilies([_sans_family()])
        char.setFontPointSize(typography.scaled(0.82))
        char.setForeground(QColor(theme.dim))
        block.setLineHeight(130.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        block.setBottomMargin(em * 0.45)
    block.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
    if rtl:  # Arabic and Hebrew have no italics: a slanted quote would only be harder to read
        block.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        char.setFontItalic(False)
        left, right = block.leftMargin(), block.rightMargin()
        block.setLeftMargin(right)
        block.setRightMargin(left)
    return block, char

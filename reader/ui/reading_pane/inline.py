"""A block's inline spans (bold, italic, code, links) as character formats.

Spans are styling laid over a block's text (``Block.spans``), never text:
they are merged into the character formats of characters already inserted,
so the document's text, and every offset into it, stays what it was.
Search hits, note highlights and the selection are extra selections drawn
over these formats and are untouched by them.

Each span's format is relative to its block's own: code is a little
smaller than the text around it (a heading's code stays a heading's size),
emphasis inside a quote (already italic) is set upright, as type does, and
a link in dimmed boilerplate keeps the dim colour, so chrome never shouts.
Arabic and Hebrew have no italics (document.py keeps their quotes
upright; a slanted fallback font may lack the glyphs altogether): their
emphasis is set semi-bold instead.
A link's target rides in the format (``anchorHref``): the view reads it
back under the mouse for the pointer, the tooltip and a click.
"""
from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QTextCharFormat, QTextCursor, QTextDocument

from ...core.model import BOILERPLATE, BOLD, CODE, ITALIC, LINK, Block, Span
from ..textmap import TextMap
from ..theme import Theme, mix
from .direction import is_right_to_left

_CODE_SCALE = 0.9  # monospace looks larger than a serif of the same size


def style_spans(doc: QTextDocument, position: int, block: Block, base: QTextCharFormat,
                theme: Theme) -> None:
    """Style ``block``'s spans; its text starts at document ``position``, in format ``base``."""
    units = TextMap(block.text, position)  # Qt counts UTF-16 units; a span counts code points
    cursor = QTextCursor(doc)
    for span in block.spans:
        cursor.setPosition(units.to_doc(span.start))
        cursor.setPosition(units.to_doc(span.end), QTextCursor.MoveMode.KeepAnchor)
        rtl = span.kind == ITALIC and is_right_to_left(block.text[span.start:span.end])
        cursor.mergeCharFormat(span_format(span, base, theme, dimmed=block.kind == BOILERPLATE,
                                           rtl=rtl))


def span_format(span: Span, base: QTextCharFormat, theme: Theme, *,
                dimmed: bool = False, rtl: bool = False) -> QTextCharFormat:
    """What ``span`` changes in text of format ``base``; ``rtl``: the span reads right to left."""
    fmt = QTextCharFormat()
    if span.kind == BOLD:
        fmt.setFontWeight(QFont.Weight.Bold)
    elif span.kind == ITALIC and rtl:
        fmt.setFontWeight(QFont.Weight.DemiBold)
    elif span.kind == ITALIC:
        fmt.setFontItalic(not base.fontItalic())
    elif span.kind == CODE:
        fmt.setFontFamilies([QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()])
        fmt.setFontFixedPitch(True)
        fmt.setFontPointSize(base.fontPointSize() * _CODE_SCALE)
        fmt.setBackground(mix(theme.base, theme.text, 0.07))
    elif span.kind == LINK:
        color = QColor(theme.dim if dimmed else theme.link)
        fmt.setAnchor(True)
        fmt.setAnchorHref(span.href)
        fmt.setToolTip(span.href)
        fmt.setForeground(color)
        fmt.setFontUnderline(True)
        fmt.setUnderlineColor(color)
    return fmt

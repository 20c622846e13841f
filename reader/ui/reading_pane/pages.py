"""Page markers: where a PDF's pages begin, shown between paragraphs as "— p. 12 —".

A PDF is shown as reflowed text, but an analyst cites it by page.  The
markers must not be text: every offset (hits, notes, selection, copy,
find) is a document position through ``TextMap``, one ``QTextBlock`` per
core ``Block``.  So the block that starts a page gets a tall top margin
(document.py), and the view paints the marker, dimmed, in that gap.  The
mouse cannot select it, Ctrl+C cannot copy it, and the document's text is
still exactly the article's.

A block keeps the page it starts on (``Block.page``); a paragraph that runs
over a page break shows its page's marker at the next block, as near as
reflowed text can be to the break.  There is no marker for page 1, only for
pages after it (or for the first page with text, when that is later).
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter

from ...core.model import Block
from .view import ArticleView

PAGE_GAP = 3.2  # ems of space above a block that starts a page; the marker sits in it


def page_breaks(blocks: Iterable[Block]) -> dict[int, int]:
    """{index of the block: its page} for each block that starts a new page after page 1."""
    breaks: dict[int, int] = {}
    current = 1
    for index, block in enumerate(blocks):
        if block.page and block.page != current:
            breaks[index] = current = block.page
    return breaks


def marker_text(page: int) -> str:
    return f"— p. {page} —"


@dataclass(frozen=True)
class PageMarkers:
    """The markers of one built document: (block number, page), and the marker's font."""

    blocks: tuple[tuple[int, int], ...] = ()
    font: QFont | None = None

    def rects(self, view: ArticleView, *, first_block: int = 0,
              in_view: bool = True) -> list[tuple[int, QRectF]]:
        """(page, where its marker is painted) in viewport coordinates, top to bottom.

        The marker is centred in the column, half way down the gap between
        the block before and the block that starts the page.  ``in_view``:
        only the markers in the viewport, looking from ``first_block`` (the
        first block in view) on, so a long report is not laid out to paint.
        """
        if not self.blocks or self.font is None:
            return []
        doc = view.document()
        layout = doc.documentLayout()
        scroll = QPointF(-view.horizontalScrollBar().value(), -view.verticalScrollBar().value())
        height = QFontMetricsF(self.font).height()
        left = max(0.0, view.side)
        width = max(1.0, view.viewport().width() - 2 * left)
        start = bisect.bisect_left(self.blocks, (first_block, 0)) if in_view else 0
        found: list[tuple[int, QRectF]] = []
        for number, page in self.blocks[start:]:
            block = doc.findBlockByNumber(number)
            top = layout.blockBoundingRect(block).translated(scroll).top()
            before = block.previous()
            gap_top = (layout.blockBoundingRect(before).translated(scroll).bottom() if before.isValid()
                       else top - block.blockFormat().topMargin())
            rect = QRectF(left, (gap_top + top - height) / 2, width, height)
            if in_view and rect.top() > view.viewport().height():
                break
            if not in_view or rect.bottom() >= 0:
                found.append((page, rect))
        return found

    def paint(self, painter: QPainter, view: ArticleView, first_position: int, color: QColor) -> None:
        """Each marker in view, in ``color`` (the theme's dim text)."""
        if self.font is None or not self.blocks:
            return
        painter.setFont(self.font)
        painter.setPen(color)
        first = view.document().findBlock(first_position).blockNumber()
        for page, rect in self.rects(view, first_block=first):
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, marker_text(page))

"""The text view: painting what is not text, and finding what is under the mouse.

``ArticleView`` is the pane's QTextEdit.  It centres the text in a column
of a comfortable measure, paints the quote bars, a thin frame round every
visible hit and the outline of the current hit (none of them is text, so
offsets stay exact), answers geometry questions in viewport coordinates
(where is a range, which character is under a point), and turns hovering,
clicking, the context menu and Ctrl+C into pane calls.  A link (an anchor
in the text's format, inline.py) shows its target as a tooltip and is
reported by ``linkClicked`` on a plain click, never on a drag that selects.
"""
from __future__ import annotations

import bisect
import html
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QResizeEvent,
    QTextCursor,
    QTextFrameFormat,
)
from PySide6.QtWidgets import QFrame, QTextEdit, QToolTip

from ..textmap import TextMap
from .selection_bar import SelectionBar

if TYPE_CHECKING:
    from .pane import ReadingPane

SIDE_PADDING = 28  # px around the text when the window is narrower than the measure
_HREF_SHOWN = 200  # characters of a link's target a tooltip shows


def word_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` widened to the edges of the words it cuts."""
    def inside(at: int) -> bool:  # between two characters of one word
        return 0 < at < len(text) and _wordy(text[at - 1]) and _wordy(text[at])
    while inside(start):
        start -= 1
    while inside(end):
        end += 1
    return start, end


def _wordy(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char).startswith("M") or char in "'’"


class ArticleView(QTextEdit):
    """The pane's text view; see the module docstring."""

    linkClicked = Signal(str)  # the href of the link clicked

    def __init__(self, pane: ReadingPane) -> None:
        super().__init__(pane)
        self._pane = pane
        self._press: QPoint | None = None
        self.shown = False
        self.side = -1.0  # the page margin left and right of the column; -1: not set yet
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setUndoRedoEnabled(False)
        self.viewport().setMouseTracking(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self.setAccessibleName("Article text")
        self.selection_bar = SelectionBar(self.viewport())
        self.selection_bar.used.connect(self._clear_selection)
        self.selectionChanged.connect(self._hide_bar_without_selection)
        self.verticalScrollBar().valueChanged.connect(lambda _value: self.selection_bar.hide())

    # -- events

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._pane.paint_decorations(painter)
        finally:
            painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._pane.update_margins()

    def showEvent(self, event) -> None:  # noqa: N802
        # QTextEdit scrolls its caret into view on the first show; a scroll
        # asked for before then (open from results, then show) comes after.
        super().showEvent(event)
        self.shown = True
        self._pane.update_margins()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            parts = [self._link_tooltip(event.pos()), self._pane.tooltip_html_at(event.pos())]
            text = "<hr>".join(part for part in parts if part)
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def _link_tooltip(self, point: QPoint) -> str:
        """The target of the link under ``point`` (rich text, as notes' tooltips are), or ""."""
        href = self.anchorAt(point)
        if not href:
            return ""
        shown = href if len(href) <= _HREF_SHOWN else href[:_HREF_SHOWN] + "…"
        return f"<p style='white-space:pre'>{html.escape(shown)}</p>"

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseMoveEvent(event)
        if event.buttons() == Qt.MouseButton.NoButton:
            point = event.position().toPoint()
            clickable = bool(self.anchorAt(point)) or self._pane.note_at(point) is not None
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if clickable
                                      else Qt.CursorShape.IBeamCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self.textCursor().hasSelection():
            self._snap_selection_to_words()
            self._offer_selection_bar()
        point = event.position().toPoint()
        press, self._press = self._press, None
        if (event.button() == Qt.MouseButton.LeftButton and press is not None
                and (point - press).manhattanLength() < 4 and not self.textCursor().hasSelection()):
            href = self.anchorAt(point)
            if href:  # over a highlight too: the link is what the click was aimed at
                self.linkClicked.emit(href)
                return
            note_id = self._pane.note_at(point)
            if note_id:
                self._pane.noteClicked.emit(note_id)

    def _offer_selection_bar(self) -> None:
        selected = self._pane.selected_range()
        if selected is None:
            return
        rects = self.range_rects(self._pane.text_map, *selected)
        if rects:
            self.selection_bar.show_over(rects[0].toRect(), rects[-1].toRect())

    def _clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def _hide_bar_without_selection(self) -> None:
        if not self.textCursor().hasSelection():
            self.selection_bar.hide()

    def _snap_selection_to_words(self) -> None:
        """A selection dragged from or to the middle of a word takes the whole word,
        as in an e-reader: a highlight never starts on "ussia"."""
        selected, article = self._pane.selected_range(), self._pane.article
        if selected is None or article is None:
            return
        snapped = word_edges(article.text, *selected)
        if snapped != selected:
            self._pane.select_range(*snapped)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self._pane.context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        self.selection_bar.hide()  # the keyboard has the menus and shortcuts
        # Copy only ever copies article text, never the metadata header.
        if event.matches(QKeySequence.StandardKey.Copy):
            self._pane.copy()
            event.accept()
            return
        super().keyPressEvent(event)

    # -- the column

    def set_column(self, font: QFont, chars: int) -> None:
        """Centre a column of about ``chars`` characters of ``font`` (0: the full width)."""
        width = self.viewport().width()
        if chars:
            metrics = QFontMetricsF(font)
            column = metrics.horizontalAdvance("abcdefghijklmnopqrstuvwxyz") / 26 * chars
            side = max(float(SIDE_PADDING), (width - column) / 2)
        else:
            side = float(SIDE_PADDING)
        if abs(side - self.side) >= 1:
            self.side = side
            root = self.document().rootFrame()
            fmt: QTextFrameFormat = root.frameFormat()
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            fmt.setTopMargin(36)
            fmt.setBottomMargin(64)
            root.setFrameFormat(fmt)

    # -- geometry, in viewport coordinates

    def cursor_rect(self, position: int) -> QRectF:
        cursor = QTextCursor(self.document())
        cursor.setPosition(max(0, min(position, self.document().characterCount() - 1)))
        return QRectF(self.cursorRect(cursor))

    def range_extent(self, text_map: TextMap, start: int, end: int) -> tuple[float, float]:
        """Top and bottom of the lines holding ``text[start:end]``."""
        first = self.cursor_rect(text_map.to_doc(start))
        last = self.cursor_rect(text_map.to_doc(end))
        return min(first.top(), last.top()), max(first.bottom(), last.bottom())

    def scroll_offset(self) -> QPointF:
        return QPointF(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())

    def positions_in_view(self) -> tuple[int, int]:
        """Document positions at the top left and the bottom right of the text in view.

        The points stay on the text: Qt's hit test in the page margins (left
        and right of the column, above the first line, below the last)
        answers with wherever its layout has got to, pages away.
        """
        doc = self.document()
        viewport = self.viewport()
        frame = doc.rootFrame().frameFormat()
        scroll = self.verticalScrollBar().value()
        text_bottom = doc.documentLayout().documentSize().height() - frame.bottomMargin()
        top = max(0, int(frame.topMargin()) - scroll + 1)
        bottom = max(top, min(viewport.height() - 1, int(text_bottom) - scroll - 1))
        left = max(0, int(self.side)) + 2
        right = max(left, viewport.width() - left)
        first = self.cursorForPosition(QPoint(left, top)).position()
        last = self.cursorForPosition(QPoint(right, bottom)).position()
        return first, max(first, last)

    def range_rects(self, text_map: TextMap, start: int, end: int) -> list[QRectF]:
        """One rectangle per line ``text[start:end]`` covers."""
        doc = self.document()
        layout = doc.documentLayout()
        ds, de = text_map.to_doc(start), text_map.to_doc(end)
        rects: list[QRectF] = []
        block = doc.findBlock(ds)
        offset = self.scroll_offset()
        while block.isValid() and block.position() <= de:
            text_layout = block.layout()
            # Line geometry is relative to the block's layout, whose top left
            # blockBoundingRect() gives in document coordinates.
            origin = layout.blockBoundingRect(block).topLeft() + offset
            for i in range(text_layout.lineCount()):
                line = text_layout.lineAt(i)
                line_start = block.position() + line.textStart()
                line_end = line_start + line.textLength()
                lo, hi = max(ds, line_start), min(de, line_end)
                if lo >= hi:
                    continue
                x0 = line.cursorToX(lo - block.position())[0]
                x1 = line.cursorToX(hi - block.position())[0]
                rects.append(QRectF(min(x0, x1), line.y(), abs(x1 - x0), line.height()).translated(origin))
            block = block.next()
        return rects

    def offset_at(self, point: QPoint, text_map: TextMap, text: str) -> int | None:
        """The core offset of the character under ``point``, if it is on one."""
        position = self.cursorForPosition(point).position()
        for candidate in (position - 1, position):
            if candidate < text_map.base or candidate >= text_map.base + text_map.doc_length:
                continue
            offset = text_map.to_core(candidate)
            if text[offset:offset + 1] in ("", "\n"):
                continue
            left = self.cursor_rect(text_map.to_doc(offset))
            right = self.cursor_rect(text_map.to_doc(offset + 1))
            if abs(left.top() - right.top()) > 0.5:
                # The character ends a wrapped line (usually a space): its right
                # edge is on the next line, so give it a nominal width.
                right = QRectF(left.left() + left.height() / 3, left.top(), 1, left.height())
            x0, x1 = sorted((left.left(), right.left()))
            if x0 <= point.x() < x1 and left.top() <= point.y() < left.bottom():
                return offset
        return None

    # -- painting

    def paint_quote_bars(self, painter: QPainter, quote_blocks: Sequence[int], first_position: int,
                         color: QColor, em: float) -> None:
        """A bar by each quote block in view (right of a right-to-left one), bridged where it goes on."""
        doc = self.document()
        layout = doc.documentLayout()
        offset = self.scroll_offset()
        height = self.viewport().height()
        first = doc.findBlock(first_position).blockNumber()
        pen = QPen(color, 3)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        quote_set = set(quote_blocks)
        for number in quote_blocks[max(0, bisect.bisect_left(quote_blocks, first) - 1):]:
            block = doc.findBlockByNumber(number)
            rect = layout.blockBoundingRect(block).translated(offset)
            if rect.top() > height:
                break
            if rect.bottom() < 0:
                continue
            x = rect.left() + em * 0.55
            if block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft:
                x = rect.left() + doc.textWidth() - 2 * max(0.0, self.side) - em * 0.55
            # The rect excludes the bottom margin: bridge it when the quote goes on.
            joined = block.next().isValid() and block.next().blockNumber() in quote_set
            bottom = rect.bottom() + (block.blockFormat().bottomMargin() if joined else -2)
            painter.drawLine(QPointF(x, rect.top() + 2), QPointF(x, bottom))

    def paint_hit_outlines(self, painter: QPainter, text_map: TextMap, hits: Sequence[tuple[int, int]],
                           visible: tuple[int, int], color: QColor) -> None:
        """A thin frame round every visible hit, so a hit on a highlight still reads as a hit."""
        first, last = visible
        painter.setPen(QPen(color, 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        index = max(0, bisect.bisect_left(hits, (first, first)) - 1)
        for start, end in hits[index:]:
            if start > last:
                break
            if end < first:
                continue
            for rect in self.range_rects(text_map, start, end):
                painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 2, 2)

    def paint_outline(self, painter: QPainter, text_map: TextMap, start: int, end: int,
                      color: QColor) -> None:
        """The current hit's outline: one rounded shape round all its lines."""
        rects = self.range_rects(text_map, start, end)
        if rects:
            painter.setPen(QPen(color, 1.6))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            path = QPainterPath()
            for rect in rects:
                path.addRoundedRect(rect.adjusted(-2, -1, 2, 1), 3, 3)
            painter.drawPath(path.simplified())

"""The reading pane: one article as readable prose, with hits and highlights.

The document mirrors the core's text model exactly (DESIGN.md): one
``QTextBlock`` per core ``Block``, in order, each holding exactly the block's
text, so core offset ``o`` is document position ``base + utf16(o)``
(``TextMap``).  Nothing the pane draws is inserted as text: list bullets are
``QTextList`` markers, the quote bar and the current-hit outline are painted,
highlights and hits are extra selections.

The metadata line (date · author · source) is NOT article text.  It lives in
one block *before* the article's blocks, and ``base`` is where the first
article block starts, so it scrolls with the article like a dateline above a
headline.  When the article has no title heading of its own (the title came
from the file name), the title goes into a second header block.  A selection
that reaches into the header is clamped to the article text.
"""
from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor, QContextMenuEvent, QFont, QFontDatabase, QFontMetricsF, QGuiApplication,
    QKeyEvent, QKeySequence, QMouseEvent, QPainter, QPainterPath, QPalette, QPen, QResizeEvent,
    QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument,
    QTextFrameFormat, QTextListFormat,
)
from PySide6.QtWidgets import (
    QFrame, QLabel, QMenu, QStackedLayout, QTextEdit, QToolTip, QVBoxLayout, QWidget,
)

from ..core.model import (
    BOILERPLATE, HEADING, LIST_ITEM, ORPHANED, QUOTE, Article, Note,
)
from .actions import Actions
from .note_format import current_theme, format_date, note_tooltip_html, swatch_icon
from .textmap import TextMap
from .theme import Theme

log = logging.getLogger("reader.ui.reading_pane")

PARAGRAPH_SEPARATOR = "\u2029"  # what Qt puts between blocks in selectedText()
# Characters Qt would turn into a block or frame boundary (or an object) if
# inserted as text.  The core never produces them; should one slip through it
# is shown as U+FFFD, which has the same length in both counts, so offsets hold.
_UNSAFE = re.compile("[\r\u2029\ufdd0\ufdd1\ufffc\ud800-\udfff]")
_NUMBERED = re.compile(r"^\s*(\d{1,3}|[a-zA-Z]|[ivxlc]{1,5})[.)]\s")
_SERIF_FAMILIES = ("Noto Serif", "Source Serif 4", "Source Serif Pro", "Literata",
                   "Charter", "Georgia", "DejaVu Serif", "Liberation Serif", "Serif")
_HEADING_SCALE = {1: 1.75, 2: 1.4, 3: 1.2}
ZOOM_MIN, ZOOM_MAX = -6, 10
ZOOM_STEP = 1.1
DEFAULT_LINE_WIDTH = 70
DEFAULT_POINT_SIZE = 12.0
SIDE_PADDING = 28  # px around the text when the window is narrower than the measure


def default_serif_family() -> str:
    """The first comfortable serif font installed ('Noto Serif', else 'DejaVu Serif'…)."""
    installed = set(QFontDatabase.families())
    return next((f for f in _SERIF_FAMILIES if f in installed), "Serif")


def _sans_family() -> str:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()


@dataclass(frozen=True)
class _Drawn:
    """What one extra selection stands for: kind is 'note', 'hit' or 'current'."""

    kind: str
    key: str  # note id, or the hit's index
    start: int  # core offsets
    end: int


class _ArticleView(QTextEdit):
    """The text view: paints the quote bars and the current-hit outline, and
    turns hovering, clicking and the context menu into pane calls."""

    def __init__(self, pane: ReadingPane) -> None:
        super().__init__(pane)
        self._pane = pane
        self._press: QPoint | None = None
        self.shown = False
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setUndoRedoEnabled(False)
        self.viewport().setMouseTracking(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self.setAccessibleName("Article text")

    # -- painting

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._pane._paint_decorations(painter)
        finally:
            painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._pane._update_margins()

    def showEvent(self, event) -> None:  # noqa: N802
        # QTextEdit scrolls its caret into view on the first show; a scroll
        # asked for before then (open from results, then show) comes after.
        super().showEvent(event)
        self.shown = True
        self._pane._update_margins()

    # -- hover, click, menu, keys

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            text = self._pane.tooltip_html_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseMoveEvent(event)
        if event.buttons() == Qt.MouseButton.NoButton:
            over_note = self._pane.note_at(event.position().toPoint()) is not None
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor if over_note
                                      else Qt.CursorShape.IBeamCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        point = event.position().toPoint()
        press, self._press = self._press, None
        if (event.button() == Qt.MouseButton.LeftButton and press is not None
                and (point - press).manhattanLength() < 4 and not self.textCursor().hasSelection()):
            note_id = self._pane.note_at(point)
            if note_id:
                self._pane.noteClicked.emit(note_id)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = self._pane.context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        # Copy only ever copies article text, never the metadata header.
        if event.matches(QKeySequence.StandardKey.Copy):
            self._pane.copy()
            event.accept()
            return
        super().keyPressEvent(event)


class ReadingPane(QWidget):
    """Shows one article; knows nothing about the notes file or the index."""

    noteClicked = Signal(str)
    selectionChanged = Signal(bool)
    hitChanged = Signal(int, int)
    zoomChanged = Signal(int)  # zoom steps (0 = actual size), for the settings

    def __init__(self, actions: Actions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._actions = actions
        self._article: Article | None = None
        self._map = TextMap("")
        self._notes: list[Note] = []
        self._drawable: list[Note] = []
        self._hits: list[tuple[int, int]] = []
        self._current = -1
        self._drawn: list[_Drawn] = []
        self._marks: list[tuple[_Drawn, QTextCharFormat]] = []  # every note and hit, in drawing order
        self._note_marks = 0  # how many of _marks are notes (the hits follow, by position)
        self._current_format = QTextCharFormat()
        self._window: tuple[int, int] | None = None  # core offsets the extra selections cover
        self._rendering = False  # the document is being replaced: no marks until it is done
        self._quote_blocks: list[int] = []
        self._theme: Theme = current_theme()
        self._family = default_serif_family()
        self._point_size = DEFAULT_POINT_SIZE
        self._zoom = 0
        self._line_chars = DEFAULT_LINE_WIDTH
        self._side = -1.0
        self._had_selection = False
        self._pending_scroll: tuple[int, int] | None = None
        self._doc: QTextDocument | None = None

        self._view = _ArticleView(self)
        self._view.selectionChanged.connect(self._on_selection_changed)
        self._view.verticalScrollBar().valueChanged.connect(lambda _value: self._show_marks())
        self._placeholder = QLabel("Open an article from the library or from search results.")
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._placeholder.setWordWrap(True)
        self._placeholder.setAutoFillBackground(True)
        self._stack = QStackedLayout()
        self._stack.addWidget(self._placeholder)
        self._stack.addWidget(self._view)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._stack)
        self.setFocusProxy(self._view)
        self._selection_actions = [actions.highlight, *actions.highlight_color.values(),
                                   actions.add_note, actions.copy, actions.copy_quote]
        self._enable_selection_actions(False)
        self.apply_theme(self._theme)

    # -- public API ---------------------------------------------------------------

    @property
    def article(self) -> Article | None:
        return self._article

    @property
    def view(self) -> QTextEdit:
        """The text view (for tests and for focus handling)."""
        return self._view

    @property
    def text_map(self) -> TextMap:
        return self._map

    @property
    def hits(self) -> list[tuple[int, int]]:
        return list(self._hits)

    @property
    def current_hit(self) -> int:
        """1-based number of the current hit, 0 when there is none."""
        return self._current + 1

    @property
    def zoom_steps(self) -> int:
        return self._zoom

    @property
    def line_width(self) -> int:
        return self._line_chars

    @property
    def reading_font(self) -> QFont:
        """The body font at the current zoom."""
        font = QFont(self._family)
        font.setPointSizeF(self._scaled(1.0))
        return font

    def show_article(self, article: Article, notes: Sequence[Note] = (),
                     hits: Sequence[tuple[int, int]] = (), *, keep_position: bool = False) -> None:
        """Render ``article``; draw ``notes`` and ``hits``; scroll to hit 1 if any.

        ``keep_position``: the same article again (its file changed on disk):
        stay at the passage being read instead of going to the top or hit 1.
        """
        same = keep_position and self._article is not None and self._article.id == article.id
        self._article = article
        self._notes = list(notes)
        self._hits = self._valid_ranges(hits)
        self._current = 0 if self._hits else -1
        self._pending_scroll = None
        self._render(keep_position=same)
        self._stack.setCurrentWidget(self._view)
        if self._hits and not same:
            self.scroll_to_range(*self._hits[0])
        self.hitChanged.emit(self.current_hit, len(self._hits))

    def clear(self) -> None:
        self._article = None
        self._notes, self._drawable, self._hits, self._current = [], [], [], -1
        self._map = TextMap("")
        self._quote_blocks = []
        self._view.setExtraSelections([])
        self._drawn, self._marks, self._note_marks, self._window = [], [], 0, None
        self._replace_document(QTextDocument(self._view))
        self._stack.setCurrentWidget(self._placeholder)
        self._on_selection_changed()
        self.hitChanged.emit(0, 0)

    def set_notes(self, notes: Sequence[Note]) -> None:
        """Redraw the user's highlights (orphans and stale anchors are not drawn)."""
        self._notes = list(notes)
        self._rebuild_selections()

    def set_hits(self, hits: Sequence[tuple[int, int]]) -> None:
        """Redraw the search hits; hit 1 becomes current and is scrolled into view."""
        self._hits = self._valid_ranges(hits) if self._article else []
        self._current = 0 if self._hits else -1
        self._rebuild_selections()
        if self._hits:
            self.scroll_to_range(*self._hits[0])
        self.hitChanged.emit(self.current_hit, len(self._hits))

    def next_hit(self) -> None:
        self._step_hit(+1)

    def previous_hit(self) -> None:
        self._step_hit(-1)

    def scroll_to_range(self, start: int, end: int) -> None:
        """Scroll so that ``article.text[start:end]`` is in view (about a third down)."""
        if self._article is None:
            return
        if not (self._view.shown and self._view.isVisible()) or self._view.viewport().height() < 10:
            self._pending_scroll = (start, end)  # done when the view gets its size
            return
        self._pending_scroll = None
        top, bottom = self._range_extent(start, end)
        height = self._view.viewport().height()
        margin = min(48, height // 6)
        if top >= margin and bottom <= height - margin:
            return
        bar = self._view.verticalScrollBar()
        if bottom - top > height - 2 * margin:
            target = top - margin
        else:
            target = top - int(height * 0.3)
        bar.setValue(bar.value() + int(target))

    def range_rect(self, start: int, end: int) -> QRectF:
        """Where ``text[start:end]`` is in viewport coordinates (for tests and popups)."""
        top, bottom = self._range_extent(start, end)
        first = self._cursor_rect(self._map.to_doc(start))
        return QRectF(first.left(), top, max(1.0, self._view.viewport().width() - first.left()),
                      bottom - top)

    def selected_range(self) -> tuple[int, int] | None:
        """The selection as core offsets into ``article.text``, clamped to the article."""
        if self._article is None:
            return None
        cursor = self._view.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._map.range_to_core(cursor.selectionStart(), cursor.selectionEnd())
        return (start, end) if start < end else None

    def selected_text(self) -> str:
        selected = self.selected_range()
        if selected is None or self._article is None:
            return ""
        return self._article.text[selected[0]:selected[1]]

    def select_range(self, start: int, end: int) -> None:
        """Select ``article.text[start:end]`` (e.g. to show a note's passage)."""
        if self._article is None:
            return
        cursor = QTextCursor(self._view.document())
        cursor.setPosition(self._map.to_doc(start))
        cursor.setPosition(self._map.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
        self._view.setTextCursor(cursor)

    def copy(self) -> None:
        text = self.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)

    def copy_as_markdown_quote(self) -> None:
        text = self.markdown_quote()
        if text:
            QGuiApplication.clipboard().setText(text)

    def markdown_quote(self) -> str:
        """The selection as a Markdown quote with where it comes from.

        ``> passage`` (one quoted paragraph per block), an empty quoted line,
        then ``> — *Title*, source, date (path)``.
        """
        passage = self.selected_text()
        if not passage or self._article is None:
            return ""
        article = self._article
        paragraphs = [p.strip() for p in passage.split("\n") if p.strip()]
        quoted = "\n>\n".join(f"> {_escape_markdown_line(p)}" for p in paragraphs)
        reference = [f"*{_escape_inline(article.title)}*"] if article.title else []
        reference += [value for value in (article.source, format_date(article.date[:10])) if value]
        source = ", ".join(reference)
        return f"{quoted}\n>\n> — {source} ({article.path})\n"

    def apply_theme(self, theme: Theme) -> None:
        """Colours of the page, the dim text, the highlights and the hit marks."""
        self._theme = theme
        palette = self._view.palette()
        for role, value in ((QPalette.ColorRole.Base, theme.base), (QPalette.ColorRole.Text, theme.text),
                            (QPalette.ColorRole.Window, theme.base),
                            (QPalette.ColorRole.Highlight, theme.accent),
                            (QPalette.ColorRole.HighlightedText, "#ffffff")):
            palette.setColor(role, QColor(value))
        self._view.setPalette(palette)
        label_palette = self._placeholder.palette()
        label_palette.setColor(QPalette.ColorRole.Window, QColor(theme.base))
        label_palette.setColor(QPalette.ColorRole.WindowText, QColor(theme.dim))
        self._placeholder.setPalette(label_palette)
        for color, action in self._actions.highlight_color.items():
            action.setIcon(swatch_icon(theme.highlight(color)))
        if self._article is not None:
            self._render(keep_position=True)

    def set_reading_font(self, family: str, point_size: float) -> None:
        self._family = family or default_serif_family()
        self._point_size = max(6.0, float(point_size) or DEFAULT_POINT_SIZE)
        self._refresh_typography()

    def set_line_width(self, chars: int) -> None:
        """A comfortable measure of about ``chars`` characters, centred; 0 = full width."""
        self._line_chars = max(0, int(chars))
        self._update_margins()

    def zoom_in(self) -> None:
        self.set_zoom_steps(self._zoom + 1)

    def zoom_out(self) -> None:
        self.set_zoom_steps(self._zoom - 1)

    def zoom_reset(self) -> None:
        self.set_zoom_steps(0)

    def set_zoom_steps(self, steps: int) -> None:
        steps = min(max(int(steps), ZOOM_MIN), ZOOM_MAX)
        if steps != self._zoom:
            self._zoom = steps
            self._refresh_typography()
            self.zoomChanged.emit(steps)

    # -- what is under the mouse --------------------------------------------------

    def notes_at_offset(self, offset: int) -> list[Note]:
        """Drawn notes covering the character at ``offset``, innermost first."""
        found = [n for n in self._drawable if n.start <= offset < n.end]
        return sorted(found, key=lambda n: (n.end - n.start, n.start))

    def offset_at(self, point: QPoint) -> int | None:
        """The core offset of the character under ``point`` (viewport coordinates)."""
        if self._article is None:
            return None
        position = self._view.cursorForPosition(point).position()
        for candidate in (position - 1, position):
            if candidate < self._map.base or candidate >= self._map.base + self._map.doc_length:
                continue
            offset = self._map.to_core(candidate)
            if self._article.text[offset:offset + 1] in ("", "\n"):
                continue
            left = self._cursor_rect(self._map.to_doc(offset))
            right = self._cursor_rect(self._map.to_doc(offset + 1))
            if abs(left.top() - right.top()) > 0.5:
                # The character ends a wrapped line (usually a space): its right
                # edge is on the next line, so give it a nominal width.
                right = QRectF(left.left() + left.height() / 3, left.top(), 1, left.height())
            x0, x1 = sorted((left.left(), right.left()))
            if x0 <= point.x() < x1 and left.top() <= point.y() < left.bottom():
                return offset
        return None

    def note_at(self, point: QPoint) -> str | None:
        """The id of the innermost highlight under ``point``, if any."""
        offset = self.offset_at(point)
        if offset is None:
            return None
        notes = self.notes_at_offset(offset)
        return notes[0].id if notes else None

    def tooltip_html_at(self, point: QPoint) -> str | None:
        """The tooltip for ``point``: the rendered note(s) under it."""
        offset = self.offset_at(point)
        if offset is None:
            return None
        notes = self.notes_at_offset(offset)
        if not notes:
            return None
        return "<hr>".join(note_tooltip_html(n, self._theme) for n in notes)

    def context_menu(self) -> QMenu:
        """Highlight ▸ colours, Add Note, Copy, Copy as Markdown Quote (enabled with a selection)."""
        actions = self._actions
        menu = QMenu(self)
        colours = menu.addMenu(swatch_icon(self._theme.highlight("yellow")), "&Highlight")
        colours.addActions(list(actions.highlight_color.values()))
        colours.setEnabled(self.selected_range() is not None)
        menu.addAction(actions.add_note)
        menu.addSeparator()
        menu.addAction(actions.copy)
        menu.addAction(actions.copy_quote)
        return menu

    def drawn_passages(self, *, whole_article: bool = False) -> list[tuple[str, str, str]]:
        """(kind, key, text) of every mark drawn, read back from the view's extra selections.

        Only marks near the view are extra selections; ``whole_article``
        reads what the marks of the whole article draw (as scrolling through
        it would).  The text comes from the selections' cursors, with Qt's
        paragraph separators turned back into ``"\\n"``; tests compare it
        with ``Article.text[start:end]``.
        """
        if whole_article:
            self._show_marks(force=True, whole=True)
        selections = self._view.extraSelections()
        drawn = [(info.kind, info.key, sel.cursor.selectedText().replace(PARAGRAPH_SEPARATOR, "\n"))
                 for info, sel in zip(self._drawn, selections)]
        if whole_article:
            self._show_marks(force=True)
        return drawn

    # -- rendering ----------------------------------------------------------------

    def _scaled(self, factor: float) -> float:
        return self._point_size * factor * (ZOOM_STEP ** self._zoom)

    def _refresh_typography(self) -> None:
        if self._article is not None:
            self._render(keep_position=True)
        self._side = -1.0
        self._update_margins()

    def _render(self, *, keep_position: bool) -> None:
        """Build the document from the article: header, then one block per Block."""
        article = self._article
        if article is None:
            return
        top = self._top_offset() if keep_position else None
        self._rendering = True
        try:
            self._build(article)
        finally:
            self._rendering = False
        self._rebuild_selections()
        if top is not None:
            self._scroll_offset_to_top(top)
        else:
            self._view.verticalScrollBar().setValue(0)  # setTextCursor may have scrolled

    def _build(self, article: Article) -> None:
        """Make the article's document and show it (marks are drawn afterwards)."""
        doc = QTextDocument(self._view)
        doc.setUndoRedoEnabled(False)
        body_font = self.reading_font
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
                cursor.insertText(_UNSAFE.sub("\ufffd", text), char_format)

        for block_format, char_format, text in self._header(article, em):
            add_block(block_format, char_format, text)
        # The first article block starts after the header's last paragraph separator.
        base = cursor.position() + (0 if first or not article.blocks else 1)
        self._quote_blocks = []
        lists: dict[int, object] = {}
        for block in article.blocks:
            block_format, char_format = self._formats(block.kind, block.level, em)
            add_block(block_format, char_format, block.text)
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
                self._quote_blocks.append(cursor.block().blockNumber())
        self._map = TextMap(article.text, base)
        expected_end = base + self._map.doc_length
        if doc.characterCount() - 1 != expected_end:  # the invariant; never expected to fire
            log.error("document length %d != %d for %s", doc.characterCount() - 1, expected_end,
                      article.path)
        self._replace_document(doc)
        caret = QTextCursor(doc)
        caret.setPosition(base)  # keyboard selection starts at the article, not the header
        self._view.setTextCursor(caret)
        self._side = -1.0
        self._update_margins()

    def _header(self, article: Article, em: float):
        """The blocks before the article: metadata line, and the title if the text has none."""
        theme = self._theme
        meta = " · ".join(v for v in (format_date(article.date), article.author, article.source) if v)
        first_real = next((b for b in article.blocks if b.kind != BOILERPLATE), None)
        has_title = (first_real is not None and first_real.kind == HEADING
                     and first_real.text.strip() == article.title.strip())
        rows = []
        if meta:
            fmt = QTextBlockFormat()
            fmt.setBottomMargin(em * 0.5)
            char = QTextCharFormat()
            char.setFontFamilies([_sans_family()])
            char.setFontPointSize(self._scaled(0.78))
            char.setFontCapitalization(QFont.Capitalization.AllUppercase)
            char.setFontLetterSpacingType(QFont.SpacingType.PercentageSpacing)
            char.setFontLetterSpacing(108)
            char.setForeground(QColor(theme.dim))
            rows.append((fmt, char, meta))
        if not has_title and article.title:
            fmt, char = self._formats(HEADING, 1, em)
            rows.append((fmt, char, article.title))
        return rows

    def _formats(self, kind: str, level: int, em: float) -> tuple[QTextBlockFormat, QTextCharFormat]:
        theme = self._theme
        block = QTextBlockFormat()
        char = QTextCharFormat()
        char.setFontFamilies([self._family])
        char.setFontPointSize(self._scaled(1.0))
        block.setLineHeight(150.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        block.setBottomMargin(em * 0.7)
        if kind == HEADING:
            scale = _HEADING_SCALE.get(level, 1.05)
            char.setFontPointSize(self._scaled(scale))
            char.setFontWeight(QFont.Weight.Bold)
            block.setLineHeight(118.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            block.setTopMargin(0 if level == 1 else em * 0.9)
            block.setBottomMargin(em * (0.9 if level == 1 else 0.45))
            block.setHeadingLevel(max(1, min(level, 6)))
        elif kind == QUOTE:
            block.setLeftMargin(em * 1.5)
            block.setRightMargin(em * 1.0)
            char.setFontItalic(True)
            char.setForeground(QColor(_mix(theme.text, theme.base, 0.18)))
        elif kind == LIST_ITEM:
            block.setBottomMargin(em * 0.3)
        elif kind == BOILERPLATE:
            char.setFontFamilies([_sans_family()])
            char.setFontPointSize(self._scaled(0.82))
            char.setForeground(QColor(theme.dim))
            block.setLineHeight(130.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            block.setBottomMargin(em * 0.45)
        return block, char

    def _replace_document(self, doc: QTextDocument) -> None:
        """Show ``doc``; the previous one, if the pane made it, is deleted.

        (The view's own initial document belongs to the view and goes with it.)
        """
        old, self._doc = self._doc, doc
        self._view.setExtraSelections([])
        self._view.setDocument(doc)
        # Qt lays a long document out a piece at a time, after it is shown:
        # what is in view can change without a scroll.
        doc.documentLayout().documentSizeChanged.connect(self._layout_grew)
        if old is not None:
            old.deleteLater()
        self._on_selection_changed()

    def _update_margins(self) -> None:
        """Centre a column of about ``line_width`` characters in the view."""
        doc = self._view.document()
        width = self._view.viewport().width()
        if self._line_chars:
            metrics = QFontMetricsF(self.reading_font)
            column = metrics.horizontalAdvance("abcdefghijklmnopqrstuvwxyz") / 26 * self._line_chars
            side = max(float(SIDE_PADDING), (width - column) / 2)
        else:
            side = float(SIDE_PADDING)
        if abs(side - self._side) >= 1:
            self._side = side
            root = doc.rootFrame()
            fmt: QTextFrameFormat = root.frameFormat()
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            fmt.setTopMargin(36)
            fmt.setBottomMargin(64)
            root.setFrameFormat(fmt)
        if self._pending_scroll is not None and self._view.shown and self._view.isVisible():
            self.scroll_to_range(*self._pending_scroll)

    # -- hits and highlights ------------------------------------------------------

    def _valid_ranges(self, ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        length = len(self._article.text) if self._article else 0
        valid = sorted({(int(s), int(e)) for s, e in ranges if 0 <= s < e <= length})
        if len(valid) != len(ranges):
            log.debug("dropped %d empty, duplicate or out-of-range hits", len(ranges) - len(valid))
        return valid

    def _is_drawable(self, note: Note) -> bool:
        """A note is drawn only where its passage really is in the text on screen."""
        article = self._article
        if article is None or note.status == ORPHANED or note.article_id != article.id:
            return False
        if not 0 <= note.start < note.end <= len(article.text):
            return False
        return note.fingerprint == article.fingerprint or article.text[note.start:note.end] == note.exact

    def _selection(self, start: int, end: int, fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        cursor = QTextCursor(self._view.document())
        cursor.setPosition(self._map.to_doc(start))
        cursor.setPosition(self._map.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def _rebuild_selections(self) -> None:
        """User highlights first (largest under smallest), then hits; the current hit last.

        Only the marks near the visible part of the article become extra
        selections (``_show_marks``): an extra selection makes Qt lay out
        the document up to it, so 500 hits and 200 notes would lay out the
        whole article before the first paint.
        """
        theme = self._theme
        self._drawable = [n for n in self._notes if self._is_drawable(n)]
        marks: list[tuple[_Drawn, QTextCharFormat]] = []
        for note in sorted(self._drawable, key=lambda n: (-(n.end - n.start), n.start)):
            fmt = QTextCharFormat()
            fmt.setBackground(theme.highlight(note.color))
            if note.body.strip():
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(QColor(theme.dim))
            marks.append((_Drawn("note", note.id, note.start, note.end), fmt))
        self._note_marks = len(marks)
        hit_fmt = QTextCharFormat()
        hit_color = QColor(theme.hit)
        hit_color.setAlpha(150)
        hit_fmt.setBackground(hit_color)
        marks += [(_Drawn("hit", str(index), start, end), hit_fmt)
                  for index, (start, end) in enumerate(self._hits)]
        self._marks = marks
        current = QColor(self._theme.current_hit)
        current.setAlpha(225)
        self._current_format = QTextCharFormat()
        self._current_format.setBackground(current)
        self._show_marks(force=True)

    def _layout_grew(self, _size) -> None:
        self._show_marks()

    def _positions_in_view(self) -> tuple[int, int]:
        """Document positions at the top left and the bottom right of the text in view.

        The points stay on the text: Qt's hit test in the page margins (left
        and right of the column, above the first line, below the last)
        answers with wherever its layout has got to, pages away.
        """
        doc = self._view.document()
        viewport = self._view.viewport()
        frame = doc.rootFrame().frameFormat()
        scroll = self._view.verticalScrollBar().value()
        text_bottom = doc.documentLayout().documentSize().height() - frame.bottomMargin()
        top = max(0, int(frame.topMargin()) - scroll + 1)
        bottom = max(top, min(viewport.height() - 1, int(text_bottom) - scroll - 1))
        left = max(0, int(self._side)) + 2
        right = max(left, viewport.width() - left)
        first = self._view.cursorForPosition(QPoint(left, top)).position()
        last = self._view.cursorForPosition(QPoint(right, bottom)).position()
        return first, max(first, last)

    def _visible_range(self) -> tuple[int, int]:
        """Core offsets of the first and last characters in the viewport."""
        first, last = self._positions_in_view()
        return self._map.to_core(first), self._map.to_core(last, round_up=True)

    def _show_marks(self, *, force: bool = False, whole: bool = False) -> None:
        """Make the marks within a screen or so of the view (``whole``: all) extra selections.

        Called on every scroll; it does nothing while the view stays inside
        the part already covered.
        """
        if self._rendering:
            return
        if self._article is None or not self._marks and self._current < 0:
            if self._drawn:
                self._drawn = []
                self._view.setExtraSelections([])
            return
        lo, hi = (0, len(self._article.text) + 1) if whole else self._visible_range()
        if not force and self._window is not None and self._window[0] <= lo and hi <= self._window[1]:
            return
        span = 0 if whole else max(hi - lo, 2000)
        lo, hi = max(0, lo - span), hi + span
        self._window = (lo, hi)
        shown = [m for m in self._marks[:self._note_marks] if m[0].end > lo and m[0].start < hi]
        first_hit = max(0, bisect.bisect_left(self._hits, (lo, lo)) - 1)
        for mark in self._marks[self._note_marks + first_hit:]:
            if mark[0].start >= hi:
                break
            if mark[0].end > lo:
                shown.append(mark)
        if 0 <= self._current < len(self._hits):
            start, end = self._hits[self._current]
            shown.append((_Drawn("current", str(self._current), start, end), self._current_format))
        self._drawn = [info for info, _fmt in shown]
        self._view.setExtraSelections([self._selection(info.start, info.end, fmt) for info, fmt in shown])

    def _step_hit(self, step: int) -> None:
        if not self._hits:
            self.hitChanged.emit(0, 0)
            return
        self._current = (self._current + step) % len(self._hits)
        self._show_marks(force=True)
        self.scroll_to_range(*self._hits[self._current])
        self.hitChanged.emit(self.current_hit, len(self._hits))

    # -- geometry -----------------------------------------------------------------

    def _cursor_rect(self, position: int) -> QRectF:
        cursor = QTextCursor(self._view.document())
        cursor.setPosition(max(0, min(position, self._view.document().characterCount() - 1)))
        return QRectF(self._view.cursorRect(cursor))

    def _range_extent(self, start: int, end: int) -> tuple[float, float]:
        """Top and bottom, in viewport coordinates, of the lines holding the range."""
        first = self._cursor_rect(self._map.to_doc(start))
        last = self._cursor_rect(self._map.to_doc(end))
        return min(first.top(), last.top()), max(first.bottom(), last.bottom())

    def _scroll_offset(self) -> QPointF:
        return QPointF(-self._view.horizontalScrollBar().value(), -self._view.verticalScrollBar().value())

    def _top_offset(self) -> int | None:
        """The core offset at the top of the view (to keep the place on re-render)."""
        if self._article is None or self._view.verticalScrollBar().value() == 0:
            return None
        position = self._view.cursorForPosition(QPoint(int(self._side) + 4, 4)).position()
        return self._map.to_core(position)

    def _scroll_offset_to_top(self, offset: int | None) -> None:
        if offset is None:
            return
        rect = self._cursor_rect(self._map.to_doc(offset))
        bar = self._view.verticalScrollBar()
        bar.setValue(bar.value() + int(rect.top()) - 4)

    def _range_rects(self, start: int, end: int) -> list[QRectF]:
        """One rectangle per line the range covers, in viewport coordinates."""
        doc = self._view.document()
        layout = doc.documentLayout()
        ds, de = self._map.to_doc(start), self._map.to_doc(end)
        rects: list[QRectF] = []
        block = doc.findBlock(ds)
        offset = self._scroll_offset()
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

    def _paint_decorations(self, painter: QPainter) -> None:
        """The quote bars and the outline of the current hit."""
        if self._article is None:
            return
        theme = self._theme
        doc = self._view.document()
        layout = doc.documentLayout()
        offset = self._scroll_offset()
        height = self._view.viewport().height()
        if self._quote_blocks:
            first = doc.findBlock(self._positions_in_view()[0]).blockNumber()
            pen = QPen(QColor(_mix(theme.accent, theme.base, 0.55)), 3)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            em = QFontMetricsF(self.reading_font).height()
            quote_set = set(self._quote_blocks)
            for number in self._quote_blocks[max(0, bisect.bisect_left(self._quote_blocks, first) - 1):]:
                block = doc.findBlockByNumber(number)
                rect = layout.blockBoundingRect(block).translated(offset)
                if rect.top() > height:
                    break
                if rect.bottom() < 0:
                    continue
                x = rect.left() + em * 0.55
                # The rect excludes the bottom margin: bridge it when the quote goes on.
                joined = block.next().isValid() and block.next().blockNumber() in quote_set
                bottom = rect.bottom() + (block.blockFormat().bottomMargin() if joined else -2)
                painter.drawLine(QPointF(x, rect.top() + 2), QPointF(x, bottom))
        if self._hits:
            self._paint_hit_outlines(painter)
        if 0 <= self._current < len(self._hits):
            rects = self._range_rects(*self._hits[self._current])
            if rects:
                painter.setPen(QPen(QColor(theme.accent), 1.6))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                path = QPainterPath()
                for rect in rects:
                    path.addRoundedRect(rect.adjusted(-2, -1, 2, 1), 3, 3)
                painter.drawPath(path.simplified())

    def _paint_hit_outlines(self, painter: QPainter) -> None:
        """A thin frame round every visible hit, so a hit on a highlight still reads as a hit."""
        first, last = self._visible_range()
        color = QColor(self._theme.current_hit)
        color.setAlpha(200)
        painter.setPen(QPen(color, 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        index = max(0, bisect.bisect_left(self._hits, (first, first)) - 1)
        for start, end in self._hits[index:]:
            if start > last:
                break
            if end < first:
                continue
            for rect in self._range_rects(start, end):
                painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 2, 2)

    # -- selection ----------------------------------------------------------------

    def _on_selection_changed(self) -> None:
        has = self.selected_range() is not None
        if has != self._had_selection:
            self._had_selection = has
            self._enable_selection_actions(has)
            self.selectionChanged.emit(has)

    def _enable_selection_actions(self, enabled: bool) -> None:
        for action in self._selection_actions:
            action.setEnabled(enabled)


def _mix(color: str, other: str, amount: float) -> QColor:
    """``color`` moved ``amount`` of the way towards ``other``."""
    a, b = QColor(color), QColor(other)
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * amount,
                           a.greenF() + (b.greenF() - a.greenF()) * amount,
                           a.blueF() + (b.blueF() - a.blueF()) * amount)


_BLOCK_START = re.compile(r"^(\s*|\s*\d+)([#>+*.)-])")


def _escape_markdown_line(line: str) -> str:
    """Keep a quoted paragraph a paragraph: '# x' or '1. x' would become structure.

    A backslash escapes only punctuation in Markdown, so '1. x' becomes '1\\. x'.
    """
    match = _BLOCK_START.match(line)
    if match is None or (match.group(2) in ".)" and not match.group(1).strip()):
        return line
    return f"{match.group(1)}\\{line[match.end(1):]}"


def _escape_inline(text: str) -> str:
    return re.sub(r"([\\*_`\[\]])", r"\\\1", text)

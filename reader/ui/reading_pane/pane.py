"""The reading pane: one article as readable prose, with hits and highlights.

The widget and its state: which article, which notes and hits, the reading
font and zoom, the selection.  The document is built by document.py (one
``QTextBlock`` per core ``Block``, so offsets map exactly through
``TextMap``), hits and highlights are drawn by marks.py, and the text view
(view.py) paints the rest and finds what is under the mouse.  A selection
that reaches into the header (date, author, source) is clamped to the
article text.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPainter,
    QPalette,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from ...core.library import Library
from ...core.model import Article, Note
from ..actions import Actions
from ..note_format import current_theme, note_tooltip_html, swatch_icon
from ..textmap import TextMap
from ..theme import Theme, mix
from .document import (
    DEFAULT_POINT_SIZE,
    ZOOM_MAX,
    ZOOM_MIN,
    Typography,
    build_document,
    default_serif_family,
)
from .marks import Marks, is_drawable, valid_ranges
from .menu import context_menu
from .pages import PageMarkers
from .view import SIDE_PADDING, ArticleView

__all__ = ["PARAGRAPH_SEPARATOR", "SIDE_PADDING", "ReadingPane"]

PARAGRAPH_SEPARATOR = "\u2029"  # what Qt puts between blocks in selectedText()
DEFAULT_LINE_WIDTH = 70


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
        self._rendering = False  # the document is being replaced: no marks until it is done
        self._quote_blocks: list[int] = []
        self._pages = PageMarkers()
        self._theme: Theme = current_theme()
        self._type = Typography(default_serif_family())
        self._line_chars = DEFAULT_LINE_WIDTH
        self._had_selection = False
        self._pending_scroll: tuple[int, int] | None = None
        self._doc: QTextDocument | None = None

        self._view = ArticleView(self)
        self._marks = Marks(self._view)
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
        actions.open_original.setEnabled(False)
        self.apply_theme(self._theme)

    # -- public API ---------------------------------------------------------------

    @property
    def article(self) -> Article | None:
        return self._article

    @property
    def view(self) -> ArticleView:
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
        return self._type.zoom

    @property
    def line_width(self) -> int:
        return self._line_chars

    @property
    def reading_font(self) -> QFont:
        """The body font at the current zoom."""
        return self._type.body_font

    def show_article(self, article: Article, notes: Sequence[Note] = (),
                     hits: Sequence[tuple[int, int]] = (), *, keep_position: bool = False) -> None:
        """Render ``article``; draw ``notes`` and ``hits``; scroll to hit 1 if any.

        ``keep_position``: the same article again (its file changed on disk):
        stay at the passage being read instead of going to the top or hit 1.
        """
        same = keep_position and self._article is not None and self._article.id == article.id
        self._article = article
        self._notes = list(notes)
        self._hits = valid_ranges(hits, article)
        self._current = 0 if self._hits else -1
        self._pending_scroll = None
        self._render(keep_position=same)
        self._stack.setCurrentWidget(self._view)
        self._actions.open_original.setEnabled(True)
        if self._hits and not same:
            self.scroll_to_range(*self._hits[0])
        self.hitChanged.emit(self.current_hit, len(self._hits))

    def clear(self) -> None:
        self._article = None
        self._notes, self._drawable, self._hits, self._current = [], [], [], -1
        self._map = TextMap("")
        self._quote_blocks, self._pages = [], PageMarkers()
        self._marks.clear()
        self._replace_document(QTextDocument(self._view))
        self._stack.setCurrentWidget(self._placeholder)
        self._actions.open_original.setEnabled(False)
        self._on_selection_changed()
        self.hitChanged.emit(0, 0)

    def set_notes(self, notes: Sequence[Note]) -> None:
        """Redraw the user's highlights (orphans and stale anchors are not drawn)."""
        self._notes = list(notes)
        self._rebuild_selections()

    def set_hits(self, hits: Sequence[tuple[int, int]]) -> None:
        """Redraw the search hits; hit 1 becomes current and is scrolled into view."""
        self._hits = valid_ranges(hits, self._article) if self._article else []
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
        top, bottom = self._view.range_extent(self._map, start, end)
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
        top, bottom = self._view.range_extent(self._map, start, end)
        first = self._view.cursor_rect(self._map.to_doc(start))
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
        """The selection as a Markdown quote with where it comes from (Library.markdown_quote)."""
        selected = self.selected_range()
        if selected is None or self._article is None:
            return ""
        return Library.markdown_quote(self._article, *selected)

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
        self._view.selection_bar.apply_theme(theme)
        if self._article is not None:
            self._render(keep_position=True)

    def set_reading_font(self, family: str, point_size: float) -> None:
        self._type = replace(self._type, family=family or default_serif_family(),
                             point_size=max(6.0, float(point_size) or DEFAULT_POINT_SIZE))
        self._refresh_typography()

    def set_line_width(self, chars: int) -> None:
        """A comfortable measure of about ``chars`` characters, centred; 0 = full width."""
        self._line_chars = max(0, int(chars))
        self.update_margins()

    def zoom_in(self) -> None:
        self.set_zoom_steps(self._type.zoom + 1)

    def zoom_out(self) -> None:
        self.set_zoom_steps(self._type.zoom - 1)

    def zoom_reset(self) -> None:
        self.set_zoom_steps(0)

    def set_zoom_steps(self, steps: int) -> None:
        steps = min(max(int(steps), ZOOM_MIN), ZOOM_MAX)
        if steps != self._type.zoom:
            self._type = replace(self._type, zoom=steps)
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
        return self._view.offset_at(point, self._map, self._article.text)

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
        return context_menu(self, self._actions, self._theme, self.selected_range() is not None)

    def page_markers(self) -> list[tuple[int, QRectF]]:
        """(page, where its "— p. N —" marker is painted) for the whole article (pages.py)."""
        return self._pages.rects(self._view, in_view=False)

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
                 for info, sel in zip(self._marks.drawn, selections)]
        if whole_article:
            self._show_marks(force=True)
        return drawn

    # -- for the view -------------------------------------------------------------

    def update_margins(self) -> None:
        """Centre the column in the view; a scroll asked for before the view had its size follows."""
        self._view.set_column(self.reading_font, self._line_chars)
        if self._pending_scroll is not None and self._view.shown and self._view.isVisible():
            self.scroll_to_range(*self._pending_scroll)

    def paint_decorations(self, painter: QPainter) -> None:
        """The page markers, the quote bars, the hits' frames and the outline of the current hit."""
        if self._article is None:
            return
        theme = self._theme
        first = self._view.positions_in_view()[0] if self._quote_blocks or self._pages.blocks else 0
        self._pages.paint(painter, self._view, first, QColor(theme.dim))
        if self._quote_blocks:
            self._view.paint_quote_bars(painter, self._quote_blocks, first,
                                        QColor(mix(theme.accent, theme.base, 0.55)),
                                        QFontMetricsF(self.reading_font).height())
        if self._hits:
            color = QColor(theme.current_hit)
            color.setAlpha(200)
            self._view.paint_hit_outlines(painter, self._map, self._hits, self._visible_range(), color)
        if 0 <= self._current < len(self._hits):
            self._view.paint_outline(painter, self._map, *self._hits[self._current],
                                     QColor(theme.accent))

    # -- rendering ----------------------------------------------------------------

    def _refresh_typography(self) -> None:
        if self._article is not None:
            self._render(keep_position=True)
        self._view.side = -1.0
        self.update_margins()

    def _render(self, *, keep_position: bool) -> None:
        """Build the document from the article: header, then one block per Block."""
        article = self._article
        if article is None:
            return
        top = self.top_offset() if keep_position else None
        self._rendering = True
        try:
            built = build_document(article, self._theme, self._type, self._view)
            self._map, self._quote_blocks, self._pages = built.text_map, built.quote_blocks, built.pages
            self._replace_document(built.doc)
            caret = QTextCursor(built.doc)
            caret.setPosition(built.text_map.base)  # keyboard selection starts at the article
            self._view.setTextCursor(caret)
            self._view.side = -1.0
            self.update_margins()
        finally:
            self._rendering = False
        self._rebuild_selections()
        if top is not None:
            self.scroll_offset_to_top(top)
        else:
            self._view.verticalScrollBar().setValue(0)  # setTextCursor may have scrolled

    def _replace_document(self, doc: QTextDocument) -> None:
        """Show ``doc``; the previous one, if the pane made it, is deleted.

        (The view's own initial document belongs to the view and goes with it.)
        """
        old, self._doc = self._doc, doc
        self._view.setExtraSelections([])
        self._view.setDocument(doc)
        # Qt lays a long document out a piece at a time, after it is shown:
        # what is in view can change without a scroll.
        doc.documentLayout().documentSizeChanged.connect(lambda _size: self._show_marks())
        if old is not None:
            old.deleteLater()
        self._on_selection_changed()

    def top_offset(self) -> int | None:
        """The core offset at the top of the view (to keep the place: on re-render, between runs)."""
        if self._article is None or self._view.verticalScrollBar().value() == 0:
            return None
        position = self._view.cursorForPosition(QPoint(int(self._view.side) + 4, 4)).position()
        return self._map.to_core(position)

    def scroll_offset_to_top(self, offset: int | None) -> None:
        if offset is None or self._article is None or not 0 <= offset <= len(self._article.text):
            return
        rect = self._view.cursor_rect(self._map.to_doc(offset))
        bar = self._view.verticalScrollBar()
        bar.setValue(bar.value() + int(rect.top()) - 4)

    # -- hits and highlights ------------------------------------------------------

    def _rebuild_selections(self) -> None:
        self._drawable = [n for n in self._notes if is_drawable(n, self._article)]
        self._marks.rebuild(self._theme, self._drawable, self._hits)
        self._show_marks(force=True)

    def _visible_range(self) -> tuple[int, int]:
        """Core offsets of the first and last characters in the viewport."""
        first, last = self._view.positions_in_view()
        return self._map.to_core(first), self._map.to_core(last, round_up=True)

    def _show_marks(self, *, force: bool = False, whole: bool = False) -> None:
        if not self._rendering:
            self._marks.show(self._article, self._map, self._hits, self._current,
                             self._visible_range, force=force, whole=whole)

    def _step_hit(self, step: int) -> None:
        if not self._hits:
            self.hitChanged.emit(0, 0)
            return
        self._current = (self._current + step) % len(self._hits)
        self._show_marks(force=True)
        self.scroll_to_range(*self._hits[self._current])
        self.hitChanged.emit(self.current_hit, len(self._hits))

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

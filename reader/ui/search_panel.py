"""The left pane: the search field over two tabs, Library and Results.

Typing a query searches as you type (debounced, off the GUI thread, stale
answers dropped: see workers.SearchRunner) and switches to the Results tab;
clearing the field goes back to the Library.  Results show title, source,
date, a score bar and the snippet with the matched words marked, drawn by a
rich-text delegate; facet chips (source, year) filter them; a malformed
query gets the core's one-sentence explanation, and an empty result offers
the core's "did you mean".  Opening a result is MainWindow's job: the panel
only says which article (with the query) or which note was chosen.
"""
from __future__ import annotations

import html
import logging
import re
from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import QColor, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.library import Library
from ..core.model import Hit, NoteHit, Results
from .actions import Actions
from .flow_layout import FlowLayout
from .theme import THEMES, Theme
from .workers import SearchRequest, SearchRunner

log = logging.getLogger("reader.ui.search_panel")

PLACEHOLDER = 'Search — e.g. putin AND "islamic state" date:2016'
SCOPES = (("Articles", "articles"), ("Notes", "notes"), ("Both", "both"))
SORTS = (("Relevance", "relevance"), ("Newest first", "date"))
PAGE = 50
MAX_CHIPS = 8

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 3
META_ROLE = Qt.ItemDataRole.UserRole + 4
SCORE_ROLE = Qt.ItemDataRole.UserRole + 5  # 0..1, relative to the best hit of its kind
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 6

AnyIndex = QModelIndex | QPersistentModelIndex


# -- the results model ----------------------------------------------------------


class ResultsModel(QAbstractListModel):
    """A thin adapter over ``Results.hits`` (article ``Hit``s and ``NoteHit``s)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit | NoteHit] = []
        self._best: dict[str, float] = {}

    def set_hits(self, hits: Sequence[Hit | NoteHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self._best = {}
        for hit in self._hits:
            self._best[hit.kind] = max(self._best.get(hit.kind, 0.0), hit.score)
        self.endResetModel()

    def clear(self) -> None:
        self.set_hits([])

    def hit(self, row: int) -> Hit | NoteHit:
        return self._hits[row]

    @property
    def hits(self) -> list[Hit | NoteHit]:
        return list(self._hits)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._hits) or index.column() != 0:
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return hit.article_title if hit.kind == "note" else hit.title
        if role == HIT_ROLE:
            return hit
        if role == KIND_ROLE:
            return hit.kind
        if role == SNIPPET_ROLE:
            return hit.snippet
        if role == ARTICLE_ID_ROLE:
            return hit.article_id if hit.kind == "note" else hit.id
        if role == META_ROLE:
            if hit.kind == "note":
                return "Note"
            return " · ".join(part for part in (hit.source, hit.date[:10]) if part)
        if role == SCORE_ROLE:
            best = self._best.get(hit.kind) or 0.0
            return hit.score / best if best > 0 else 0.0
        if role == Qt.ItemDataRole.ToolTipRole:
            if hit.kind == "note":
                return f"A note in “{hit.article_title}” (score {hit.score:g})"
            return f"{hit.title}\n{hit.path}\nscore {hit.score:g}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            plain = html.unescape(re.sub(r"<[^>]+>", "", hit.snippet))
            return f"{self.data(index)}. {plain}"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


# -- the rich-text delegate ---------------------------------------------------


def snippet_html(snippet: str, theme: Theme) -> str:
    """The core's snippet (escaped text with <mark>) with the marks coloured.

    Qt's rich text does not know <mark>; a styled span does the same job and
    follows the theme.
    """
    style = f'background-color:{theme.hit}; color:{_mark_text(theme)}; font-weight:600;'
    return snippet.replace("<mark>", f'<span style="{style}">').replace("</mark>", "</span>")


def _mark_text(theme: Theme) -> str:
    return "#ffffff" if QColor(theme.hit).lightness() < 128 else "#1d1d1f"


class ResultDelegate(QStyledItemDelegate):
    """Title (up to two lines) with a score bar, a dim meta line, the marked snippet."""

    PAD = 8
    BAR_W = 36
    BAR_H = 5
    MAX_LINES = 5  # of the meta line and snippet: enough to judge a hit, short enough to scan

    CACHE_SIZE = 300  # laid-out documents kept: six pages of results, selected or not

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view
        self.theme: Theme = THEMES["light"]
        self._cache: dict[tuple, tuple[QTextDocument, QTextDocument]] = {}

    def _docs(self, index: AnyIndex, width: int, selected: bool) -> tuple[QTextDocument, QTextDocument]:
        """The title and the snippet of a result as laid-out documents, made once.

        Every paint and every size hint needs them; building them anew cost
        some 30 ms each time 50 results arrived or the list was repainted.
        The key holds everything they show, so nothing stale is ever drawn.
        """
        palette = self._view.palette()
        key = (index.data(), index.data(KIND_ROLE), index.data(META_ROLE), index.data(SNIPPET_ROLE),
               width, selected, self.theme.name, palette.color(QPalette.ColorRole.Text).name(),
               self._view.font().key())
        docs = self._cache.get(key)
        if docs is None:
            if len(self._cache) >= self.CACHE_SIZE:
                self._cache.clear()
            docs = self._cache[key] = self._make_docs(index, width, selected)
        return docs

    def _make_docs(self, index: AnyIndex, width: int, selected: bool) -> tuple[QTextDocument, QTextDocument]:
        palette = self._view.palette()
        text_color = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        dim = QColor(text_color)
        dim.setAlphaF(0.75 if selected else 1.0)
        dim_name = dim.name(QColor.NameFormat.HexArgb) if selected else self.theme.dim
        font = self._view.font()
        kind = index.data(KIND_ROLE)

        title = QTextDocument()
        title.setDocumentMargin(0)
        bold = font.__class__(font)
        bold.setWeight(bold.Weight.DemiBold)
        title.setDefaultFont(bold)
        badge = ""
        if kind == "note":
            badge = (f'<span style="color:{dim_name}; font-weight:400;">'
                     f'{"✎"}&nbsp;Note in&nbsp;</span>')
        title.setHtml(f'<div style="color:{text_color.name()};">{badge}'
                      f'{html.escape(index.data() or "Untitled")}</div>')
        title.setTextWidth(max(40, width - self.BAR_W - 2 * self.PAD - 8))

        body = QTextDocument()
        body.setDocumentMargin(0)
        small = font.__class__(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() - 0.5))
        body.setDefaultFont(small)
        meta = index.data(META_ROLE) or ""
        meta_html = (f'<div style="color:{dim_name}; margin-bottom:3px;">{html.escape(meta)}</div>'
                     if meta and kind != "note" else "")
        body.setHtml(f'{meta_html}<div style="color:{text_color.name()};">'
                     f'{snippet_html(index.data(SNIPPET_ROLE) or "", self.theme)}</div>')
        body.setTextWidth(max(40, width - 2 * self.PAD))
        return title, body

    def _width(self, option: QStyleOptionViewItem) -> int:
        width = self._view.viewport().width()
        return width if width > 0 else option.rect.width()

    def _body_height(self, body: QTextDocument) -> float:
        """The height of the first MAX_LINES lines: long snippets are cut at a line."""
        full = body.size().height()  # lays the document out
        lines = 0
        block = body.begin()
        while block.isValid():
            layout = block.layout()
            for i in range(layout.lineCount()):
                lines += 1
                if lines == self.MAX_LINES:
                    line = layout.lineAt(i)
                    return layout.position().y() + line.y() + line.height()
            block = block.next()
        return full

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        width = self._width(option)
        title, body = self._docs(index, width, False)
        height = self.PAD + title.size().height() + 2 + self._body_height(body) + self.PAD
        return QSize(width, int(height) + 1)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        rect: QRect = opt.rect
        title, body = self._docs(index, rect.width(), selected)
        painter.save()
        painter.translate(rect.left() + self.PAD, rect.top() + self.PAD)
        title.drawContents(painter)
        painter.translate(0, title.size().height() + 2)
        clip = QRectF(0, 0, body.textWidth() + 1, self._body_height(body))
        body.drawContents(painter, clip)
        painter.restore()
        self._paint_score(painter, rect, float(index.data(SCORE_ROLE) or 0.0), selected)
        # A hairline between results, as in a mail client's message list.
        painter.save()
        line = QColor(self.theme.dim)
        line.setAlphaF(0.25)
        painter.setPen(line)
        painter.drawLine(rect.left() + self.PAD, rect.bottom(), rect.right() - self.PAD, rect.bottom())
        painter.restore()

    def _paint_score(self, painter: QPainter, rect: QRect, score: float, selected: bool) -> None:
        bar = QRect(rect.right() - self.PAD - self.BAR_W, rect.top() + self.PAD + 5, self.BAR_W, self.BAR_H)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        track = QColor(self.theme.dim)
        track.setAlphaF(0.3)
        painter.setBrush(track)
        painter.drawRoundedRect(bar, 2, 2)
        fill = QRect(bar)
        fill.setWidth(max(2, round(self.BAR_W * max(0.0, min(1.0, score)))))
        painter.setBrush(QColor("#ffffff") if selected else QColor(self.theme.accent))
        painter.drawRoundedRect(fill, 2, 2)
        painter.restore()


# -- facet chips ----------------------------------------------------------------


class FacetBar(QWidget):
    """Checkable chips for the sources and years of the results."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("facetBar")
        self._layout = FlowLayout(self, spacing=4)
        self._chips: dict[tuple[str, str], QToolButton] = {}
        self.setStyleSheet(
            "QToolButton#chip { border: 1px solid palette(mid); border-radius: 9px;"
            " padding: 1px 8px; background: palette(base); }"
            "QToolButton#chip:hover { border-color: palette(highlight); }"
            "QToolButton#chip:checked { background: palette(highlight);"
            " color: palette(highlighted-text); border-color: palette(highlight); }"
            "QLabel#facetLabel { color: palette(placeholder-text); padding: 2px 2px 0 0; }")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def selected(self, facet: str) -> tuple[str, ...]:
        return tuple(value for (name, value), chip in self._chips.items()
                     if name == facet and chip.isChecked())

    def chips(self) -> dict[tuple[str, str], QToolButton]:
        return dict(self._chips)

    def set_facets(self, facets: dict[str, dict[str, int]], total: int = 0) -> None:
        """Show the chips of ``facets``; chips the user picked stay, even at zero.

        A facet whose one value covers every result would filter nothing, so
        it is left out; one that covers some of them is a useful chip.
        """
        keep = {key: True for key, chip in self._chips.items() if chip.isChecked()}
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self._chips = {}
        for facet, label in (("source", "Source"), ("year", "Year")):
            counts = dict(list(facets.get(facet, {}).items())[:MAX_CHIPS])
            for (name, value) in keep:
                if name == facet and value not in counts:
                    counts[value] = 0
            picked = any(name == facet for name, _ in keep)
            if not counts or (len(counts) == 1 and next(iter(counts.values())) >= total and not picked):
                continue
            values = sorted(counts) if facet == "year" else list(counts)
            if facet == "year":
                values.reverse()
            for position, value in enumerate(values):
                # The heading travels with the first chip, so a wrap never
                # leaves "Year:" alone at the end of a line.
                holder = QWidget(self) if position == 0 else None
                chip = QToolButton(holder or self)
                chip.setObjectName("chip")
                chip.setCheckable(True)
                chip.setChecked((facet, value) in keep)
                chip.setText(f"{value}  {counts[value]}")
                chip.setToolTip(f"Only results with {facet} {value}")
                chip.setCursor(Qt.CursorShape.PointingHandCursor)
                chip.toggled.connect(self.changed)
                if holder is not None:
                    heading = QLabel(label + ":", holder)
                    heading.setObjectName("facetLabel")
                    row = QHBoxLayout(holder)
                    row.setContentsMargins(0, 0, 0, 0)
                    row.setSpacing(4)
                    row.addWidget(heading)
                    row.addWidget(chip)
                    self._layout.addWidget(holder)
                else:
                    self._layout.addWidget(chip)
                self._chips[(facet, value)] = chip
        self.setVisible(bool(self._chips))
        self.updateGeometry()

    def clear_selection(self) -> None:
        for chip in self._chips.values():
            chip.blockSignals(True)
            chip.setChecked(False)
            chip.blockSignals(False)


# -- the panel ------------------------------------------------------------------


class _ResultsList(QListView):
    """The results list, with a placeholder when there is nothing to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.placeholder = ""

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.placeholder and (self.model() is None or self.model().rowCount() == 0):
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.viewport().rect().adjusted(16, 16, -16, -16),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                                 | Qt.TextFlag.TextWordWrap), self.placeholder)
            painter.end()


class SearchPanel(QWidget):
    """Search field, scope, and the Library / Results tabs of the left pane."""

    articleRequested = Signal(str, str)  # article id, the query whose hits to show
    noteRequested = Signal(str, str)  # article id, note id
    queryChanged = Signal(str)  # the text in the field, after each edit

    LIBRARY_TAB, RESULTS_TAB = 0, 1

    def __init__(self, library: Library, actions: Actions, library_view: QWidget,
                 pool: QThreadPool | None = None, parent: QWidget | None = None,
                 debounce_ms: int = 200) -> None:
        super().__init__(parent)
        self._library = library
        self._shown: SearchRequest | None = None
        self._limit = PAGE
        self.runner = SearchRunner(library, pool or QThreadPool.globalInstance(), self, debounce_ms)
        self.runner.resultsReady.connect(self._show_results)
        self.runner.failed.connect(self._show_error)
        self.runner.busyChanged.connect(self._busy_changed)

        # The field row.
        self.field = QLineEdit(self)
        self.field.setPlaceholderText(PLACEHOLDER)
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search")
        self.field.setToolTip("Search as you type. Press F1 for the query language.")
        if not actions.find.icon().isNull():
            self.field.addAction(actions.find, QLineEdit.ActionPosition.LeadingPosition)
        self.field.textChanged.connect(self._text_changed)
        self.field.returnPressed.connect(self.search_now)
        self.scope_combo = self._option_combo(SCOPES, "Search articles, notes, or both", "Search scope")
        self.help_button = QToolButton(self)
        self.help_button.setDefaultAction(actions.query_help)
        self.help_button.setAutoRaise(True)
        self.help_button.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonTextOnly if actions.query_help.icon().isNull()
            else Qt.ToolButtonStyle.ToolButtonIconOnly)

        # The results tab.
        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        self.sort_combo = self._option_combo(SORTS, "Order of the results", "Sort results")
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.RichText)
        self.message_label.setOpenExternalLinks(False)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                                   | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.message_label.linkActivated.connect(self._link_activated)
        self.message_label.hide()
        self.facets = FacetBar(self)
        self.facets.hide()
        self.facets.changed.connect(self._options_changed)
        self.model = ResultsModel(self)
        self.list = _ResultsList(self)
        self.list.setModel(self.model)
        self.delegate = ResultDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setUniformItemSizes(False)
        self.list.setLayoutMode(QListView.LayoutMode.Batched)  # measure 10 now, the rest soon
        self.list.setBatchSize(10)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always on: a scroll bar that comes and goes changes the width, hence
        # every item's height, hence whether the scroll bar is needed...
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName("Search results")
        self.list.clicked.connect(self._activated)
        self.list.activated.connect(self._activated)
        self.more_button = QPushButton("Show more results", self)
        self.more_button.setFlat(True)
        self.more_button.hide()
        self.more_button.clicked.connect(self.show_more)

        results = QWidget(self)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.count_label, 1)
        header.addWidget(self.sort_combo)
        box = QVBoxLayout(results)
        box.setContentsMargins(0, 4, 0, 0)
        box.setSpacing(4)
        box.addLayout(header)
        box.addWidget(self.message_label)
        box.addWidget(self.facets)
        box.addWidget(self.list, 1)
        box.addWidget(self.more_button)

        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(library_view, "Library")
        self.tabs.addTab(results, "Results")
        self.results_page = results

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.field, 1)
        row.addWidget(self.scope_combo)
        row.addWidget(self.help_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.setSpacing(6)
        layout.addLayout(row)
        layout.addWidget(self.tabs, 1)
        self._set_idle_text()

    # -- public -------------------------------------------------------------------

    @property
    def query(self) -> str:
        """The query whose results are shown ('' when none): the hits to highlight."""
        return self._shown.text if self._shown is not None else ""

    @property
    def scope(self) -> str:
        return self.scope_combo.currentData()

    @property
    def sort(self) -> str:
        return self.sort_combo.currentData()

    def focus_search(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def set_query(self, text: str, *, immediate: bool = True) -> None:
        """Put ``text`` in the field and search (at once, unless typing is simulated)."""
        self.field.setText(text)
        if immediate and text.strip():
            self.search_now()

    def set_scope(self, scope: str) -> None:
        self.scope_combo.setCurrentIndex(max(0, self.scope_combo.findData(scope)))

    def search_now(self) -> None:
        """Search without waiting for the debounce (Enter in the field)."""
        if self.field.text().strip():
            self._request(immediate=True)

    def rerun(self) -> None:
        """Search again with the same query: the index or the notes changed."""
        if self.field.text().strip():
            self._request(immediate=True, keep_limit=True)

    def show_more(self) -> None:
        self._limit += PAGE
        self._request(immediate=True, keep_limit=True)

    def set_theme(self, theme: Theme) -> None:
        self.delegate.theme = theme
        self.list.viewport().update()

    def shutdown(self) -> None:
        self.runner.shutdown()

    def _option_combo(self, choices: Sequence[tuple[str, str]], tip: str, name: str) -> QComboBox:
        """A combo of (label, value) choices; changing it searches again."""
        combo = QComboBox(self)
        for label, value in choices:
            combo.addItem(label, value)
        combo.setToolTip(tip)
        combo.setAccessibleName(name)
        combo.currentIndexChanged.connect(lambda _i: self._options_changed())
        return combo

    # -- requests -----------------------------------------------------------------

    def _text_changed(self, text: str) -> None:
        self.queryChanged.emit(text)
        if not text.strip():
            self.runner.cancel()
            self._shown = None
            self.model.clear()
            self.facets.set_facets({})
            self.facets.hide()
            self.message_label.hide()
            self.more_button.hide()
            self._set_idle_text()
            self.tabs.setCurrentIndex(self.LIBRARY_TAB)
            return
        self.tabs.setCurrentIndex(self.RESULTS_TAB)
        self._request(immediate=False)

    def _options_changed(self) -> None:
        if self.field.text().strip():
            self._request(immediate=True)

    def _request(self, *, immediate: bool, keep_limit: bool = False) -> None:
        if not keep_limit:
            self._limit = PAGE
        request = SearchRequest(
            text=self.field.text(), scope=self.scope, sort=self.sort,
            sources=self.facets.selected("source"),
            years=tuple(int(y) for y in self.facets.selected("year") if y.isdigit()),
            limit=self._limit)
        self.runner.request(request, immediate=immediate)

    # -- answers ------------------------------------------------------------------

    def _busy_changed(self, busy: bool) -> None:
        if busy and self.field.text().strip():
            self.count_label.setText("Searching…")
        elif self._shown is None and not self.field.text().strip():
            self._set_idle_text()

    def _show_results(self, request: SearchRequest, results: Results) -> None:
        self._shown = request
        self.model.set_hits(results.hits)
        if request.scope == "notes":
            self.facets.set_facets({})
        else:
            article_total = results.total - sum(1 for h in results.hits if h.kind == "note")
            self.facets.set_facets(results.facets, article_total)
        self.count_label.setText(_count_text(results))
        self.more_button.setVisible(results.total > len(results.hits))
        if not results.hits and results.suggestion:
            self._set_message(
                f'No results. Did you mean <a href="suggest:{html.escape(results.suggestion, quote=True)}">'
                f"<b>{html.escape(results.suggestion)}</b></a>?")
        elif not results.hits:
            self._set_message("No results. Check the spelling, use fewer words, or try "
                              "a wildcard (terror*) or a fuzzy term (terorism~).")
        else:
            self.message_label.hide()
        self.list.placeholder = ""
        if self.model.rowCount():
            self.list.scrollToTop()

    def _show_error(self, request: SearchRequest, message: str) -> None:
        self._shown = None
        self.model.clear()
        self.facets.hide()
        self.more_button.hide()
        self.count_label.setText("Query not understood")
        self.list.placeholder = ""
        self.list.viewport().update()
        self._set_message(f"⚠ {html.escape(message)} "
                          '<a href="help:">Query language…</a>', error=True)

    def _set_message(self, rich_text: str, error: bool = False) -> None:
        self.message_label.setText(rich_text)
        self.message_label.setProperty("error", error)
        color = "#c0392b" if error else ""
        self.message_label.setStyleSheet(f"color: {color};" if color else "")
        self.message_label.show()

    def _link_activated(self, link: str) -> None:
        if link.startswith("suggest:"):
            self.set_query(html.unescape(link[len("suggest:"):]))
        elif link == "help:":
            help_action = self.help_button.defaultAction()
            if help_action is not None:
                help_action.trigger()

    def _set_idle_text(self) -> None:
        self.count_label.setText("Type in the search field above")
        self.list.placeholder = ("Search results appear here as you type.\n"
                                 "Press F1 for the query language.")

    def _activated(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is None:
            return
        if hit.kind == "note":
            self.noteRequested.emit(hit.article_id, hit.note_id)
        else:
            self.articleRequested.emit(hit.id, self.query)

    def suggestion_link(self) -> str | None:
        """The "did you mean" text on show, if any (for tests and accessibility)."""
        match = re.search(r'href="suggest:([^"]*)"', self.message_label.text())
        return html.unescape(match.group(1)) if match and not self.message_label.isHidden() else None


def _count_text(results: Results) -> str:
    notes = sum(1 for h in results.hits if h.kind == "note")
    articles = results.total - notes
    parts = []
    if results.total == 0:
        return "No results"
    if articles:
        parts.append(f"{articles} article{'s' if articles != 1 else ''}")
    if notes:
        parts.append(f"{notes} note{'s' if notes != 1 else ''}")
    text = ", ".join(parts)
    if len(results.hits) < results.total:
        text += f" (showing {len(results.hits)})"
    return text


__all__ = [
    "FacetBar", "PLACEHOLDER", "ResultDelegate", "ResultsModel", "SearchPanel", "snippet_html"]

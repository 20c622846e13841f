"""Search results as a list: the model over the core's hits, and how a hit is drawn.

``ResultsModel`` is a thin adapter over ``Results.hits`` (article ``Hit``s
and ``NoteHit``s); ``ResultDelegate`` draws each as a card: title with a
score bar, a dim meta line, and the core's snippet with the matched words
marked in the theme's colours.  Laid-out rich-text documents are cached:
scrolling must not lay out the same snippet again.
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt,
)
from PySide6.QtGui import QColor, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication, QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget,
)

from ..core.model import Hit, NoteHit
from .theme import THEMES, Theme

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 3
META_ROLE = Qt.ItemDataRole.UserRole + 4
SCORE_ROLE = Qt.ItemDataRole.UserRole + 5  # 0..1, relative to the best hit of its kind
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 6
TEAM_ROLE = Qt.ItemDataRole.UserRole + 7  # an article of the team library, not a local one

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
        for hit in self._hits:  # (each origin's scores are its own engine's)
            self._best[_origin(hit)] = max(self._best.get(_origin(hit), 0.0), hit.score)
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
            copies = f"{len(hit.copies) + 1} copies" if hit.copies else ""
            team = "Team library" if hit.team else ""
            return " · ".join(part for part in (team, hit.source, hit.date[:10], copies) if part)
        if role == TEAM_ROLE:
            return hit.kind != "note" and hit.team
        if role == SCORE_ROLE:
            best = self._best.get(_origin(hit)) or 0.0
            return hit.score / best if best > 0 else 0.0
        if role == Qt.ItemDataRole.ToolTipRole:
            if hit.kind == "note":
                return f"A note in “{hit.article_title}” (score {hit.score:g})"
            if hit.copies:  # the same text in several files
                paths = "\n".join(f"• {path}" for path in (hit.path, *(c.path for c in hit.copies)))
                return (f"{hit.title}\nThe same text in {len(hit.copies) + 1} files:\n{paths}\n"
                        "Right-click to open another copy.")
            where = "From the team library" if hit.team else hit.path
            return f"{hit.title}\n{where}\nscore {hit.score:g}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            plain = html.unescape(re.sub(r"<[^>]+>", "", hit.snippet))
            copies = f" {len(hit.copies) + 1} copies." if getattr(hit, "copies", ()) else ""
            team = " From the team library." if self.data(index, TEAM_ROLE) else ""
            return f"{self.data(index)}.{team}{copies} {plain}"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def _origin(hit: Hit | NoteHit) -> tuple[str, bool]:
    """Which ranking a hit's score belongs to: notes, local articles, team articles."""
    return hit.kind, getattr(hit, "team", False)


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
        elif index.data(TEAM_ROLE):  # marked by where it comes from, as the meta line says
            badge = (f'<span style="color:{self.theme.accent}; font-weight:600;">'
                     f'TEAM&nbsp;</span>')
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


class ResultsList(QListView):
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

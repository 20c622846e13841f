"""A note as a card in the notes panel's list, and the list itself.

The card: a bar in the note's colour, the quoted passage, the note
rendered from Markdown, its tags and, when the article changed under it, a
status badge (moved, fuzzy, orphaned), when it was made and last edited; when its passage was re-attached or
moved, the latest such change and what the passage was before.  Laid-out documents are cached by
everything that changes how a card looks.
"""
from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout, QColor, QKeyEvent, QPainter, QPalette, QPen, QTextDocument,
)
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ..core.model import FUZZY, ORPHANED, Note
from .follow_keys import return_on_current
from .note_format import (anchor_history_lines, dates_line, excerpt, render_markdown, status_label,
                          tags_html)
from .notes_model import ALL, NoteRole
from .theme import Theme, mix

if TYPE_CHECKING:
    from .notes_panel import NotesPanel


class NoteCardDelegate(QStyledItemDelegate):
    """Paints a note as a card: colour bar, quote, rendered note, tags, status badge."""

    PAD = 10
    BAR = 4

    def __init__(self, view: QListView, panel: NotesPanel) -> None:
        super().__init__(view)
        self._view = view
        self._panel = panel
        self._cache: dict[tuple, QTextDocument] = {}

    def clear_cache(self) -> None:
        self._cache.clear()

    def _text_width(self) -> float:
        return max(80.0, self._view.viewport().width() - 2 * self.PAD - self.BAR - 8)

    def document(self, note: Note) -> QTextDocument:
        theme = self._panel.theme
        width = self._text_width()
        key = (note.id, note.exact, note.body, tuple(note.tags), note.color, note.status,
               note.score, note.article_title, note.anchor_history, note.created, note.modified,
               self._panel.mode, theme.name, round(width), self._panel.team.get(note.id),
               self._panel.versions.get(note.id, 0))
        doc = self._cache.get(key)
        if doc is None:
            if len(self._cache) > 400:
                self._cache.clear()
            doc = QTextDocument()
            doc.setDocumentMargin(0)
            doc.setDefaultFont(self._view.font())
            doc.setDefaultStyleSheet(
                "h1, h2, h3, h4 { font-size: medium; font-weight: bold; margin: 4px 0; }"
                " p { margin: 0 0 4px 0; } ul, ol { margin: 0 0 4px 0; }"
                f" blockquote {{ color: {theme.dim}; margin: 0 0 4px 10px; }}")
            doc.setHtml(self._html(note, theme))
            doc.setTextWidth(width)
            self._cache[key] = doc
        return doc

    def _html(self, note: Note, theme: Theme) -> str:
        parts = []
        if self._panel.mode == ALL:
            parts.append(f'<p style="color:{theme.dim}; font-size:small;">'
                         f"{html.escape(note.article_title or note.article_path)}</p>")
        quote_color = theme.dim if note.status == ORPHANED else theme.text
        parts.append(f'<p style="font-style:italic; color:{quote_color};">'
                     f"“{html.escape(excerpt(note.exact))}”</p>")
        body = render_markdown(note.body)
        if body:
            parts.append(body)
        footer = []
        if note.tags:
            footer.append(tags_html(note.tags, theme))
        label = status_label(note)
        if label:
            background = {ORPHANED: "#c0392b", FUZZY: "#b7791f"}.get(note.status, "#4a7bb7")
            footer.append(f'<span style="background-color:{background}; color:#ffffff;">'
                          f"&nbsp;{html.escape(label)}&nbsp;</span>")
        versions = self._panel.versions.get(note.id, 0)
        if versions:  # changed in two places: the other edits are kept (Other Versions…)
            footer.append(f'<span style="color:{theme.dim};">{versions} other version'
                          f'{"" if versions == 1 else "s"} kept</span>')
        team = self._panel.team.get(note.id)
        if team is not None:  # a note on a team article: whose, and whether the team reads it
            footer.append(f'<span style="color:{theme.accent};">{html.escape(team.describe())}'
                          "</span>")
        dates = dates_line(note)
        if dates:
            footer.append(f'<span style="color:{theme.dim};">{html.escape(dates)}</span>')
        if footer:
            parts.append(f'<p style="font-size:small;">{" &nbsp; ".join(footer)}</p>')
        history = anchor_history_lines(note)
        if history:  # the latest change; the card's tooltip lists them all
            more = f" · {len(history) - 1} earlier" if len(history) > 1 else ""
            parts.append(f'<p style="font-size:small; color:{theme.dim};">'
                         f"{html.escape(history[0] + more)}</p>")
        return "".join(parts)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        note = index.data(NoteRole)
        if note is None:
            return super().sizeHint(option, index)
        doc = self.document(note)
        return QSize(int(self._text_width()), int(doc.size().height()) + 2 * self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        note = index.data(NoteRole)
        if note is None:
            super().paint(painter, option, index)
            return
        theme = self._panel.theme
        rect = QRectF(option.rect).adjusted(2, 2, -2, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(theme.base)
        if selected:
            fill = mix(theme.base, theme.accent, 0.14)
        elif hovered:
            fill = mix(theme.base, theme.text, 0.04)
        border = QColor(theme.accent) if selected else mix(theme.base, theme.text, 0.12)
        painter.setPen(QPen(border, 1.2 if selected else 1.0))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 5, 5)
        bar = QRectF(rect.left() + 1, rect.top() + 1, self.BAR, rect.height() - 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.highlight(note.color).darker(115 if theme.name != "dark" else 70)
                         if note.status != ORPHANED else QColor(theme.dim))
        painter.drawRoundedRect(bar, 2, 2)
        doc = self.document(note)
        painter.translate(rect.left() + self.BAR + self.PAD, rect.top() + self.PAD - 2)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, QColor(theme.text))
        context.clip = QRectF(0, 0, doc.textWidth(), rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()


class NotesList(QListView):
    """The card list; Return says which note's passage to show (``returnPressed``)."""

    returnPressed = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if not return_on_current(self, event, self.returnPressed):
            super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()

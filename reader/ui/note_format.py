"""How a note looks anywhere in the GUI: rendered Markdown, swatches, badges.

The note editor's preview, the reading pane's tooltips and the notes panel's
cards all show the same things; keeping the rendering here means a note
looks the same in each, and the one Markdown configuration (raw HTML shown
as text, nothing remote) is written once.
"""
from __future__ import annotations

import html
import logging
import re
from functools import lru_cache

import markdown
from markdown.extensions import Extension
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

from ..core.model import (FUZZY, INTACT, MOVED, ORPHANED, REATTACHED, EarlierAnchor, Note,
                          format_moment, reanchored)
from .theme import DEFAULT_THEME, THEMES, Theme

log = logging.getLogger("reader.ui")


class _EscapeHtml(Extension):
    """Show raw HTML in a note as text instead of passing it through; no images.

    python-markdown 3 has no safe mode; removing the two HTML handlers is its
    documented way to escape HTML, and it keeps every Markdown construct
    (``> quote``, ``a < b`` in code) working, which escaping the input with
    ``html.escape`` first would break.  Image syntax is dropped too (shown as
    a plain link) so that rendering a note never fetches anything.
    """

    _REMOVED = (("preprocessors", "html_block"), ("inlinePatterns", "html"),
                ("inlinePatterns", "image_link"), ("inlinePatterns", "image_reference"),
                ("inlinePatterns", "short_image_ref"))

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (API name)
        for registry_name, name in self._REMOVED:
            registry = getattr(md, registry_name)
            if name in registry:
                registry.deregister(name)


_MD = markdown.Markdown(extensions=["extra", _EscapeHtml()], output_format="html")


@lru_cache(maxsize=1024)
def render_markdown(body: str) -> str:
    """A note body as HTML for Qt's rich text (cached: cards repaint often)."""
    if not body.strip():
        return ""
    try:
        return _MD.reset().convert(body)
    except Exception:  # a Markdown bug must not take the window down
        log.exception("could not render a note as Markdown")
        return f"<p>{html.escape(body)}</p>"


@lru_cache(maxsize=2048)
def plain_text(body: str) -> str:
    """A note body as one line of plain text, its Markdown rendered away (a table cell)."""
    rendered = re.sub(r"<[^>]+>", " ", render_markdown(body))
    return " ".join(html.unescape(rendered).split())


def current_theme() -> Theme:
    """The theme the application is using, read back from its palette.

    ``theme.apply_theme`` sets the palette from a Theme; matching the base
    and window colours finds it again without another shared global.
    """
    app = QApplication.instance()
    if app is not None:
        palette = app.palette()
        base = palette.color(QPalette.ColorRole.Base).name().lower()
        window = palette.color(QPalette.ColorRole.Window).name().lower()
        for theme in THEMES.values():
            if theme.base.lower() == base and theme.window.lower() == window:
                return theme
    return THEMES[DEFAULT_THEME]


def swatch_icon(color: QColor | str, size: int = 16, *, border: QColor | str = "#00000040") -> QIcon:
    """A rounded colour chip, for menus and the colour picker."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(border))
    painter.setBrush(QColor(color))
    painter.drawRoundedRect(QRectF(1.5, 1.5, size - 3, size - 3), 4, 4)
    painter.end()
    return QIcon(pixmap)


STATUS_LABELS = {
    INTACT: "",
    MOVED: "moved",
    FUZZY: "fuzzy",
    ORPHANED: "orphaned",
}
STATUS_HELP = {
    INTACT: "The passage is where the note was made.",
    MOVED: "The article changed; the exact passage was found at a new place.",
    FUZZY: "The article changed; a similar passage was found (check it).",
    ORPHANED: "The passage is no longer in the article. Select the right passage "
              "and use 'Re-attach to Selection'.",
}


def status_label(note: Note) -> str:
    """The badge text: empty for intact notes, 'fuzzy 82%' shows the confidence."""
    if note.status == FUZZY:
        return f"fuzzy {round(note.score * 100)}%"
    return STATUS_LABELS.get(note.status, note.status)


def excerpt(text: str, limit: int = 220) -> str:
    """A one-paragraph excerpt of a quote: whitespace collapsed, cut at a word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"




def earlier_anchor_text(note: Note, earlier: EarlierAnchor) -> str:
    """One earlier anchor of ``note`` as a sentence: when, what moved it, what it was."""
    when = format_moment(earlier.when)
    was = f"“{excerpt(earlier.exact, 80)}”" if earlier.exact else "an empty passage"
    if earlier.article_id != note.article_id:
        was += f" in {earlier.article_title or 'another article'}"
    if earlier.reason == REATTACHED:
        return f"Re-attached on {when} (was: {was})"
    if earlier.reason == reanchored(FUZZY):
        return f"Found again by similarity on {when}, after its article changed (was: {was})"
    if earlier.reason == reanchored(MOVED):
        return (f"Moved on {when}, after its article changed (was at characters "
                f"{earlier.start}–{earlier.end})")
    return f"{earlier.reason.capitalize()} on {when} (was: {was})"


def dates_line(note: Note) -> str:
    """When a note was made and, if later, last edited, in the analyst's time:
    "5 December 2026, 15:03 · edited 6 December 2026, 09:10"."""
    made = format_moment(note.created) if note.created else ""
    if note.modified and note.modified[:16] != note.created[:16]:
        edited = f"edited {format_moment(note.modified)}"
        return f"{made} · {edited}" if made else edited
    return made


def anchor_history_lines(note: Note) -> list[str]:
    """Every earlier anchor of ``note`` as a sentence, the latest first."""
    return [earlier_anchor_text(note, earlier) for earlier in reversed(note.anchor_history)]


def tags_html(tags: list[str], theme: Theme) -> str:
    """Tags as small '#tag' chips for rich text."""
    chips = []
    for tag in tags:
        chips.append(
            f'<span style="color:{theme.accent};">#{html.escape(tag)}</span>'
        )
    return " &nbsp;".join(chips)


def note_tooltip_html(note: Note, theme: Theme) -> str:
    """What hovering a highlight shows: the rendered note, tags and status."""
    parts = []
    body = render_markdown(note.body)
    if body:
        parts.append(body)
    else:
        parts.append(f'<p style="color:{theme.dim};"><i>{note.color.capitalize()} highlight'
                     " — no note</i></p>")
    if note.tags:
        parts.append(f"<p>{tags_html(note.tags, theme)}</p>")
    label = status_label(note)
    if label:
        parts.append(f'<p style="color:{theme.dim};">{html.escape(label)}: '
                     f"{html.escape(STATUS_HELP.get(note.status, ''))}</p>")
    history = anchor_history_lines(note)
    if history:
        parts.append(f'<p style="color:{theme.dim};">{html.escape(history[0])}</p>')
    return f'<div style="max-width: 420px;">{"".join(parts)}</div>'

"""Icons without downloads: the desktop's icon theme first, then drawn ones.

``QIcon.fromTheme`` finds nothing on a system without an icon theme (and in
the offscreen tests), which would leave a toolbar of bare words.  So every
action that has no theme icon gets one: Qt's built-in standard icons where
one fits, otherwise a small line drawing in the palette's text colour, made
here with QPainter at a few sizes so it is crisp on any screen.
"""
from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from ..core.paths import app_icon_files
from .actions import Actions

SIZES = (16, 22, 24, 32, 48)
Draw = Callable[[QPainter, float, QColor], None]


def _icon(draw: Draw, color: QColor) -> QIcon:
    icon = QIcon()
    for size in SIZES:
        for ratio in (1.0, 2.0):
            pixmap = QPixmap(int(size * ratio), int(size * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            draw(painter, float(size), color)
            painter.end()
            icon.addPixmap(pixmap)
    return icon


def _pen(color: QColor, s: float, width: float = 1.6) -> QPen:
    pen = QPen(color, max(1.0, width * s / 16))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _magnifier(p: QPainter, s: float, c: QColor, sign: str) -> None:
    p.setPen(_pen(c, s))
    r = s * 0.27
    centre = QPointF(s * 0.42, s * 0.42)
    p.drawEllipse(centre, r, r)
    d = r / math.sqrt(2)
    p.setPen(_pen(c, s, 2.4))
    p.drawLine(QPointF(centre.x() + d, centre.y() + d), QPointF(s * 0.86, s * 0.86))
    p.setPen(_pen(c, s, 1.4))
    h = r * 0.55
    if sign in "+-":
        p.drawLine(QPointF(centre.x() - h, centre.y()), QPointF(centre.x() + h, centre.y()))
    if sign == "+":
        p.drawLine(QPointF(centre.x(), centre.y() - h), QPointF(centre.x(), centre.y() + h))
    if sign == "=":
        p.drawText(QRectF(centre.x() - r, centre.y() - r, 2 * r, 2 * r),
                   int(Qt.AlignmentFlag.AlignCenter), "1")


def _chevron(p: QPainter, s: float, c: QColor, up: bool) -> None:
    """The hit arrows: drawn in the text colour, so they show in the dark theme too."""
    p.setPen(_pen(c, s, 2.0))
    tip, base = (s * 0.32, s * 0.64) if up else (s * 0.68, s * 0.36)
    p.drawPolyline([QPointF(s * 0.22, base), QPointF(s * 0.5, tip), QPointF(s * 0.78, base)])


def _question(p: QPainter, s: float, c: QColor) -> None:
    p.setPen(_pen(c, s, 1.4))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawEllipse(QPointF(s / 2, s / 2), s * 0.4, s * 0.4)
    font = p.font()
    font.setPixelSize(max(6, int(s * 0.55)))
    font.setBold(True)
    p.setFont(font)
    p.setPen(c)
    p.drawText(QRectF(0, 0, s, s), int(Qt.AlignmentFlag.AlignCenter), "?")


def _highlighter(p: QPainter, s: float, c: QColor) -> None:
    # A marker pen, tip down-left, over a yellow stroke.
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#f5c400"))
    p.drawRoundedRect(QRectF(s * 0.08, s * 0.78, s * 0.6, s * 0.14), s * 0.04, s * 0.04)
    p.save()
    p.translate(s * 0.55, s * 0.45)
    p.rotate(45)
    p.setPen(_pen(c, s, 1.4))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(QRectF(-s * 0.12, -s * 0.38, s * 0.24, s * 0.5), s * 0.04, s * 0.04)
    path = QPainterPath(QPointF(-s * 0.12, s * 0.12))
    path.lineTo(QPointF(-s * 0.05, s * 0.3))
    path.lineTo(QPointF(s * 0.05, s * 0.3))
    path.lineTo(QPointF(s * 0.12, s * 0.12))
    p.drawPath(path)
    p.restore()


def _note(p: QPainter, s: float, c: QColor) -> None:
    p.setPen(_pen(c, s))
    p.setBrush(Qt.BrushStyle.NoBrush)
    path = QPainterPath(QPointF(s * 0.2, s * 0.12))
    path.lineTo(QPointF(s * 0.62, s * 0.12))
    path.lineTo(QPointF(s * 0.8, s * 0.3))
    path.lineTo(QPointF(s * 0.8, s * 0.88))
    path.lineTo(QPointF(s * 0.2, s * 0.88))
    path.closeSubpath()
    p.drawPath(path)
    p.setPen(_pen(c, s, 1.2))
    for y in (0.42, 0.56, 0.7):
        p.drawLine(QPointF(s * 0.32, s * y), QPointF(s * 0.68, s * y))


def _export(p: QPainter, s: float, c: QColor) -> None:
    p.setPen(_pen(c, s))
    p.setBrush(Qt.BrushStyle.NoBrush)
    tray = QPainterPath(QPointF(s * 0.15, s * 0.55))
    tray.lineTo(QPointF(s * 0.15, s * 0.85))
    tray.lineTo(QPointF(s * 0.85, s * 0.85))
    tray.lineTo(QPointF(s * 0.85, s * 0.55))
    p.drawPath(tray)
    p.drawLine(QPointF(s * 0.5, s * 0.65), QPointF(s * 0.5, s * 0.12))
    p.drawLine(QPointF(s * 0.32, s * 0.3), QPointF(s * 0.5, s * 0.12))
    p.drawLine(QPointF(s * 0.68, s * 0.3), QPointF(s * 0.5, s * 0.12))


def _notes_pane(p: QPainter, s: float, c: QColor) -> None:
    p.setPen(_pen(c, s, 1.4))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(QRectF(s * 0.12, s * 0.18, s * 0.76, s * 0.64), s * 0.06, s * 0.06)
    p.drawLine(QPointF(s * 0.6, s * 0.18), QPointF(s * 0.6, s * 0.82))


def _library_pane(p: QPainter, s: float, c: QColor) -> None:
    p.setPen(_pen(c, s, 1.4))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(QRectF(s * 0.12, s * 0.18, s * 0.76, s * 0.64), s * 0.06, s * 0.06)
    p.drawLine(QPointF(s * 0.4, s * 0.18), QPointF(s * 0.4, s * 0.82))


def _sign(p: QPainter, s: float, c: QColor, level: str, mark: QColor) -> None:
    """The message bar's signs: a circle with "i" (info) or "!" (error), a triangle with "!".

    The marks are drawn, not typed: a font may lack a glyph (the empty box this
    replaced) and puts even "!" a little off centre.  The strokes are s/8 wide
    and start and end on eighths of s, so at 16 px (and 32 px at ratio 2) they
    fall on whole pixels, sharp instead of a grey smear.
    """
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(c)
    w = s / 8  # the mark's stroke: 2 px at 16
    if level == "warning":
        # Rounded corners: the outline's own pen, half a stroke outside the path,
        # so the base ends on the last whole row of the square.
        outline = QPen(c, w)
        outline.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(outline)
        triangle = QPainterPath(QPointF(s / 2, s * 0.125))
        triangle.lineTo(QPointF(s - w / 2, s - w / 2))
        triangle.lineTo(QPointF(w / 2, s - w / 2))
        triangle.closeSubpath()
        p.drawPath(triangle)
        p.setPen(Qt.PenStyle.NoPen)
        stroke_top, stroke_bottom, dot_top = s * 0.375, s * 0.6875, s * 0.75  # lower: the wide part
    else:
        p.drawEllipse(QPointF(s / 2, s / 2), s * 0.47, s * 0.47)
        if level == "info":  # "i": the "!" upside down
            stroke_top, stroke_bottom, dot_top = s * 0.4375, s * 0.75, s * 0.25
        else:
            stroke_top, stroke_bottom, dot_top = s * 0.25, s * 0.5625, s * 0.625
    p.setBrush(mark)
    left = s / 2 - w / 2
    p.drawRect(QRectF(left, stroke_top, w, stroke_bottom - stroke_top))
    p.drawRoundedRect(QRectF(left, dot_top, w, w), w * 0.25, w * 0.25)


def message_icon(level: str, color: QColor, mark: QColor) -> QIcon:
    """The sign shown before a message of ``level`` ("info", "warning", "error").

    ``color`` fills the shape and ``mark`` draws the "i" or "!" in it: the
    message bar passes its text and background colours, which are far enough
    apart in both themes to read at 16 px.
    """
    return _icon(lambda p, s, c: _sign(p, s, c, level, mark), color)


def app_icon() -> QIcon:
    """Reader's window and About icon: resources/icons/reader-*.png (from reader.svg).

    PNGs rather than the SVG: they need no image plugin, so the icon is the
    same in a trimmed app bundle.  Should they be missing, a drawn stand-in.
    """
    files = app_icon_files()
    if files:
        icon = QIcon()
        for size, path in files.items():
            icon.addFile(str(path), QSize(size, size))
        if not icon.isNull():
            return icon
    return _drawn_app_icon()


def _drawn_app_icon() -> QIcon:
    """An open book on a blue tile, drawn: the stand-in for the icon files."""
    def draw(p: QPainter, s: float, _c: QColor) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#2f6fdb"))
        p.drawRoundedRect(QRectF(s * 0.04, s * 0.04, s * 0.92, s * 0.92), s * 0.2, s * 0.2)
        p.setBrush(QColor("#ffffff"))
        for left in (True, False):
            page = QPainterPath()
            x0, x1 = (0.18, 0.49) if left else (0.82, 0.51)
            page.moveTo(QPointF(s * x0, s * 0.3))
            page.quadTo(QPointF(s * (x0 + x1) / 2, s * 0.24), QPointF(s * x1, s * 0.32))
            page.lineTo(QPointF(s * x1, s * 0.78))
            page.quadTo(QPointF(s * (x0 + x1) / 2, s * 0.7), QPointF(s * x0, s * 0.74))
            page.closeSubpath()
            p.drawPath(page)
        p.setBrush(QColor("#ffd66b"))
        p.drawRect(QRectF(s * 0.56, s * 0.42, s * 0.2, s * 0.06))
    return _icon(draw, QColor("#ffffff"))


def _text_color() -> QColor:
    app = QApplication.instance()
    color = app.palette().windowText().color() if app is not None else QColor("#333333")
    return color


def apply_fallback_icons(actions: Actions) -> None:
    """Give every action that the icon theme left bare an icon (call again on a theme change)."""
    style = QApplication.style()
    sp = QStyle.StandardPixmap
    standard: dict[QAction, QStyle.StandardPixmap] = {
        actions.open_folder: sp.SP_DirOpenIcon,
        actions.open_original: sp.SP_FileIcon,
        actions.reindex: sp.SP_BrowserReload,
        actions.delete_note: sp.SP_TrashIcon,
        actions.undo: sp.SP_ArrowBack,
        actions.redo: sp.SP_ArrowForward,
        actions.about: sp.SP_MessageBoxInformation,
        actions.quit: sp.SP_DialogCloseButton,
        actions.preferences: sp.SP_FileDialogDetailedView,
    }
    color = _text_color()
    drawn: dict[QAction, Draw] = {
        actions.find: lambda p, s, c: _magnifier(p, s, c, ""),
        actions.find_in_article: lambda p, s, c: _magnifier(p, s, c, ""),
        actions.next_hit: lambda p, s, c: _chevron(p, s, c, up=False),
        actions.previous_hit: lambda p, s, c: _chevron(p, s, c, up=True),
        actions.query_help: _question,
        actions.highlight: _highlighter,
        actions.add_note: _note,
        actions.export_notes: _export,
        actions.zoom_in: lambda p, s, c: _magnifier(p, s, c, "+"),
        actions.zoom_out: lambda p, s, c: _magnifier(p, s, c, "-"),
        actions.zoom_reset: lambda p, s, c: _magnifier(p, s, c, "="),
        actions.toggle_library: _library_pane,
        actions.toggle_notes: _notes_pane,
    }
    for action, pixmap in standard.items():
        if action.icon().isNull() or action.property("readerFallbackIcon"):
            action.setIcon(style.standardIcon(pixmap))
            action.setProperty("readerFallbackIcon", True)
    for action, draw in drawn.items():
        if action.icon().isNull() or action.property("readerFallbackIcon"):
            action.setIcon(_icon(draw, color))
            action.setProperty("readerFallbackIcon", True)

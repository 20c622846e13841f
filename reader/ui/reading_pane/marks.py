"""Search hits and the user's highlights, drawn as the text view's extra selections.

Only the marks near the visible part of the article become extra
selections: an extra selection makes Qt lay out the document up to it, so
500 hits and 200 notes would lay out the whole article before the first
paint.  ``Marks.show`` is called on every scroll and does nothing while the
view stays inside the part already covered.
"""
from __future__ import annotations

import bisect
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from ...core.model import ORPHANED, Article, Note
from ..textmap import TextMap
from ..theme import Theme

log = logging.getLogger("reader.ui")


@dataclass(frozen=True)
class Drawn:
    """What one extra selection stands for: kind is 'note', 'hit' or 'current'."""

    kind: str
    key: str  # note id, or the hit's index
    start: int  # core offsets
    end: int


def valid_ranges(ranges: Sequence[tuple[int, int]], article: Article | None) -> list[tuple[int, int]]:
    """The non-empty hits inside the article's text, sorted, without duplicates, and
    words that meet (``islamic state`` found as "Islamic State") as one hit, so the
    counter steps from match to match, not from word to word."""
    length = len(article.text) if article else 0
    valid = sorted({(int(s), int(e)) for s, e in ranges if 0 <= s < e <= length})
    if len(valid) != len(ranges):
        log.debug("dropped %d empty, duplicate or out-of-range hits", len(ranges) - len(valid))
    runs: list[tuple[int, int]] = []
    for start, end in valid:
        if runs and _only_spaces(article.text[runs[-1][1]:start]):
            runs[-1] = (runs[-1][0], max(end, runs[-1][1]))
        else:
            runs.append((start, end))
    return runs


def _only_spaces(gap: str) -> bool:
    """Between two words of one line (a line break parts two paragraphs)."""
    return len(gap) <= 3 and not gap.strip() and "\n" not in gap


def is_drawable(note: Note, article: Article | None) -> bool:
    """A note is drawn only where its passage really is in the text on screen."""
    if article is None or note.status == ORPHANED or note.article_id != article.id:
        return False
    if not 0 <= note.start < note.end <= len(article.text):
        return False
    return note.fingerprint == article.fingerprint or article.text[note.start:note.end] == note.exact


class Marks:
    """The formats of every note and hit, and which of them the view draws now."""

    def __init__(self, view: QTextEdit) -> None:
        self._view = view
        self._marks: list[tuple[Drawn, QTextCharFormat]] = []  # every note and hit, in drawing order
        self._note_marks = 0  # how many of _marks are notes (the hits follow, by position)
        self._current_format = QTextCharFormat()
        self._window: tuple[int, int] | None = None  # core offsets the extra selections cover
        self.drawn: list[Drawn] = []  # what each of the view's extra selections stands for

    def clear(self) -> None:
        self._view.setExtraSelections([])
        self.drawn, self._marks, self._note_marks, self._window = [], [], 0, None

    def rebuild(self, theme: Theme, notes: Sequence[Note], hits: Sequence[tuple[int, int]]) -> None:
        """User highlights first (largest under smallest), then hits; the current hit last."""
        marks: list[tuple[Drawn, QTextCharFormat]] = []
        for note in sorted(notes, key=lambda n: (-(n.end - n.start), n.start)):
            fmt = QTextCharFormat()
            fmt.setBackground(theme.highlight(note.color))
            if note.body.strip():
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(QColor(theme.dim))
            marks.append((Drawn("note", note.id, note.start, note.end), fmt))
        self._note_marks = len(marks)
        # Hits are boxed and underlined, never filled: a fill is what a note's
        # highlight is, and a hit must not pass for one (the pane paints the boxes).
        hit_fmt = QTextCharFormat()
        hit_fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        hit_fmt.setUnderlineColor(QColor(theme.current_hit))
        marks += [(Drawn("hit", str(index), start, end), hit_fmt)
                  for index, (start, end) in enumerate(hits)]
        self._marks = marks
        current = QColor(theme.current_hit)
        current.setAlpha(225)
        self._current_format = QTextCharFormat()
        self._current_format.setBackground(current)

    def show(self, article: Article | None, text_map: TextMap, hits: Sequence[tuple[int, int]],
             current: int, visible_range: Callable[[], tuple[int, int]], *,
             force: bool = False, whole: bool = False) -> None:
        """Make the marks within a screen or so of the view (``whole``: all) extra selections."""
        if article is None or not self._marks and current < 0:
            if self.drawn:
                self.drawn = []
                self._view.setExtraSelections([])
            return
        lo, hi = (0, len(article.text) + 1) if whole else visible_range()
        if not force and self._window is not None and self._window[0] <= lo and hi <= self._window[1]:
            return
        span = 0 if whole else max(hi - lo, 2000)
        lo, hi = max(0, lo - span), hi + span
        self._window = (lo, hi)
        shown = [m for m in self._marks[:self._note_marks] if m[0].end > lo and m[0].start < hi]
        first_hit = max(0, bisect.bisect_left(hits, (lo, lo)) - 1)
        for mark in self._marks[self._note_marks + first_hit:]:
            if mark[0].start >= hi:
                break
            if mark[0].end > lo:
                shown.append(mark)
        if 0 <= current < len(hits):
            start, end = hits[current]
            shown.append((Drawn("current", str(current), start, end), self._current_format))
        self.drawn = [info for info, _fmt in shown]
        self._view.setExtraSelections([self._selection(text_map, info.start, info.end, fmt)
                                       for info, fmt in shown])

    def _selection(self, text_map: TextMap, start: int, end: int,
                   fmt: QTextCharFormat) -> QTextEdit.ExtraSelection:
        cursor = QTextCursor(self._view.document())
        cursor.setPosition(text_map.to_doc(start))
        cursor.setPosition(text_map.to_doc(end), QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = fmt
        return selection

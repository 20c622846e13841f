"""Core offsets <-> Qt document positions: the one place that knows UTF-16.

The core counts offsets in Python ``str`` indices (code points); Qt counts
UTF-16 code units, so every character outside the Basic Multilingual Plane
(most emoji, some CJK, mathematical letters) takes two positions in a
``QTextDocument`` and one in ``Article.text``.  Combining accents and CJK in
the BMP are one code unit and one code point: no shift.  Everything in the
GUI that turns an offset into a document position, or back, goes through
``TextMap`` so that the invariant "the pane highlights exactly
``Article.text[start:end]``" has a single implementation to test.

Built once per article in O(n) with a regex scan; each conversion is a
binary search over the positions of the astral characters, so a 1 MB
article costs nothing per call.
"""
from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (what Qt calls its length)."""
    return len(text) + sum(1 for _ in _ASTRAL.finditer(text))


class TextMap:
    """Maps offsets into one text to UTF-16 positions and back.

    ``base`` is added to every document position: it is where the text
    starts in the document (the reading pane puts a metadata line before
    the article's first block).
    """

    __slots__ = ("_astral", "_astral_doc", "_length", "base")

    def __init__(self, text: str, base: int = 0) -> None:
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # Where each astral character starts in UTF-16 units (before the base).
        self._astral_doc = [offset + i for i, offset in enumerate(self._astral)]
        self._length = len(text)
        self.base = base

    @property
    def length(self) -> int:
        """Length of the text in code points (``len(text)``)."""
        return self._length

    @property
    def doc_length(self) -> int:
        """Length of the text in UTF-16 units."""
        return self._length + len(self._astral)

    def to_doc(self, offset: int) -> int:
        """The document position of core ``offset`` (clamped to the text)."""
        offset = min(max(offset, 0), self._length)
        return self.base + offset + bisect_left(self._astral, offset)

    def to_core(self, position: int, *, round_up: bool = False) -> int:
        """The core offset of document ``position`` (clamped to the text).

        A position between the two halves of a surrogate pair is not a
        character boundary; it goes to the start of that character, or to
        its end with ``round_up`` (use it for the end of a selection, so the
        character is included rather than cut).
        """
        units = min(max(position - self.base, 0), self.doc_length)
        # Astral characters that start strictly before ``units``.
        before = bisect_left(self._astral_doc, units)
        if before and self._astral_doc[before - 1] + 1 == units:
            start = self._astral[before - 1]
            return start + 1 if round_up else start
        return units - before

    def range_to_doc(self, start: int, end: int) -> tuple[int, int]:
        return self.to_doc(start), self.to_doc(end)

    def range_to_core(self, start: int, end: int) -> tuple[int, int]:
        """A document range as core offsets, widened to whole characters."""
        lo, hi = min(start, end), max(start, end)
        return self.to_core(lo), self.to_core(hi, round_up=True)

    def astral_between(self, start: int, end: int) -> int:
        """How many astral characters lie in ``text[start:end]``."""
        return bisect_left(self._astral, end) - bisect_left(self._astral, start)

    def __repr__(self) -> str:
        return f"TextMap(length={self._length}, astral={len(self._astral)}, base={self.base})"


"""Which way a paragraph reads: right to left for Arabic, Hebrew, Persian, left to right otherwise.

The pane decides per block, as browsers do for ``dir="auto"`` (the first
strong directional character, Unicode's rule P2), and sets the block's
direction and alignment explicitly.  Qt would resolve an unset direction
by itself, inside its layout only; the pane needs the answer too (a
right-to-left quote has its bar on the right, its margins mirrored), so
the decision is made once, here.  Only the window needs it, so it lives in
the UI and not in the core.
"""
from __future__ import annotations

import unicodedata

_RTL = frozenset({"R", "AL"})  # Hebrew; Arabic letters (Arabic, Persian, Urdu...)
_LTR = "L"


def is_right_to_left(text: str) -> bool:
    """True when the first strong directional character of ``text`` is right-to-left.

    Digits, punctuation and spaces are weak or neutral and decide nothing, so
    "2019: ..." followed by Arabic is right-to-left; a text with no strong
    character at all (a number, a dash) reads left to right.
    """
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _RTL:
            return True
        if kind == _LTR:
            return False
    return False

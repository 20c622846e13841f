"""Bit-parallel edit distance (Myers, 1999) for the fuzzy search."""
from __future__ import annotations

from itertools import accumulate
from operator import sub
from typing import Iterable

_SMALL_TEXT = 64  # below this length, build character masks with a plain loop


def _final_deltas(pattern: str, text: str, anchored: bool) -> tuple[int, int]:
    """The last row of the edit-distance table of ``pattern`` against ``text``, as deltas.

    ``D[i][j]`` is the distance between ``pattern[:i]`` and the best substring
    of ``text`` ending at ``j`` (``anchored``: the prefix ``text[:j]``).  The
    rows are computed one pattern character at a time with Myers' bit-parallel
    recurrence (in Hyyrö's formulation) transposed: bit ``j`` of ``plus`` /
    ``minus`` is set when ``D[i][j+1] - D[i][j]`` is +1 / -1.
    """
    mask = (1 << len(text)) - 1
    masks = _char_masks(text, pattern)
    plus, minus = (mask if anchored else 0), 0
    for char in pattern:
        equal = masks.get(char, 0)
        cross = equal | minus
        carried = (((equal & plus) + plus) ^ plus) | equal
        down_plus = ((minus | (mask ^ (carried | plus))) << 1) | 1  # D[i][0] - D[i-1][0] = 1
        down_minus = (plus & carried) << 1
        plus = (down_minus | (mask ^ (cross | down_plus))) & mask
        minus = down_plus & cross
    return plus, minus


def _last_row(pattern: str, text: str, anchored: bool) -> list[int]:
    """``D[len(pattern)][j]`` for every ``j`` in ``0..len(text)`` (see ``_final_deltas``)."""
    plus, minus = _final_deltas(pattern, text, anchored)
    width = len(text)
    ups = format(plus, f"0{width}b").encode("ascii")[::-1] if width else b""
    downs = format(minus, f"0{width}b").encode("ascii")[::-1] if width else b""
    return list(accumulate(map(sub, ups, downs), initial=len(pattern)))


def _distance(a: str, b: str) -> int:
    """The Levenshtein distance between ``a`` and ``b``."""
    plus, minus = _final_deltas(a, b, anchored=True)
    return len(a) + plus.bit_count() - minus.bit_count()


def _char_masks(text: str, chars: Iterable[str]) -> dict[str, int]:
    """For each of ``chars`` found in ``text``, an int with bit ``j`` set where ``text[j]`` is it.

    Long texts avoid a Python loop per character: the text is translated once
    into one byte per character (a code per wanted character, 0 otherwise, 255
    wanted characters at a time), then each character's mask is that byte
    string mapped to ASCII "0"/"1" and parsed as a binary number.
    """
    wanted = sorted(set(chars).intersection(text))
    if len(text) <= _SMALL_TEXT:
        masks = dict.fromkeys(wanted, 0)
        for index, char in enumerate(text):
            if char in masks:
                masks[char] |= 1 << index
        return masks
    backwards = text[::-1]  # int() reads the most significant digit first
    blank = dict.fromkeys(map(ord, set(text)), 0)
    masks = {}
    for group_start in range(0, len(wanted), 255):
        group = wanted[group_start:group_start + 255]
        table = blank | {ord(char): code for code, char in enumerate(group, 1)}
        codes = backwards.translate(table).encode("latin-1")
        for code, char in enumerate(group, 1):
            digits = b"0" * code + b"1" + b"0" * (255 - code)
            masks[char] = int(codes.translate(digits), 2)
    return masks

"""Phrase checks on positions: do a phrase's words follow one another in a document?

The packed formats record, for each occurrence of a term, the hash of the term
that follows it (index.PackedPositions): the places where a phrase's first
two words meet are found by a substring search, and only those places are
checked for the later words, in the packed values, without decoding them.
"""
from __future__ import annotations

import struct
from bisect import bisect_left

from reader.core.index import PackedPositions, term_hash
from reader.core.index.fast import has_position

from .postings import _SegmentTerm

_NEXT_TERM = struct.Struct("<I")


def _adjacent_docs(fmt, words: list[bytes], postings: list[_SegmentTerm]) -> list[int]:
    """The documents where the words occur one right after the other.

    The packed formats record, for each occurrence, the term that follows it
    (index.PackedPositions): the places where "islam" is followed by "state"
    are found by one substring search over the values of "islam", and only
    the documents with such a place are checked, at those places alone, on
    the positions of the later words.
    """
    if isinstance(fmt, PackedPositions):
        starts: dict[int, list[int]] = {}
        candidates: set[int] = set()
        for k, (following, p) in enumerate(zip(words[1:], postings)):
            found = p.followed_by(_NEXT_TERM.pack(term_hash(following)), fmt._COLUMNS)
            if found is None:  # (values without next terms: an older index)
                break
            if k == 0:
                starts, candidates = found, set(found)
            else:
                candidates.intersection_update(found)
            if not candidates:
                return []
        else:
            first = postings[0]  # (its docnums leave deleted documents out)
            return [d for d in sorted(candidates)
                    if first.has(d) and _continued(starts[d], postings[1:], d)]
    decode = fmt.decode_positions
    return [d for d in sorted(_common_docs(postings))
            if _phrase_occurs([decode(p.value(d)) for p in postings], 1)]


def _common_docs(postings: list[_SegmentTerm]) -> set[int]:
    """The documents where all the terms occur."""
    common = set(postings[0].ids)
    for p in postings[1:]:
        common.intersection_update(p.ids)
    return common


def _continued(starts: list[int], later: list[_SegmentTerm], docnum: int) -> bool:
    """Whether, from one of the ``starts``, each later word occurs one place
    after the one before it in a document (read in its packed values)."""
    for k, p in enumerate(later, 1):
        value = p.value(docnum)
        if value is None:
            return False
        starts = [s for s in starts if has_position(value, s + k)]
        if not starts:
            return False
    return True


def _phrase_occurs(positions: list[list[int]], slop: int) -> bool:
    """Whether the words occur in order, each within ``slop`` positions of the
    previous one: Whoosh's SpanNear2 (ordered, mindist 1) on positions."""
    if slop <= 1:
        starts = set(positions[0])
        for offset, later in enumerate(positions[1:], 1):
            starts.intersection_update([p - offset for p in later])
            if not starts:
                return False
        return True
    aspans = [(p, p) for p in positions[0]]
    for later in positions[1:]:
        if not aspans:
            return False
        spans = set()
        for astart, aend in aspans:
            j = bisect_left(later, astart)
            while j < len(later):
                b = later[j]
                j += 1
                if b < astart - slop or astart > b:
                    continue
                if b > aend + slop:
                    break
                if astart <= b <= aend:
                    dist = 0
                elif aend < b:
                    dist = b - aend
                else:
                    dist = astart - b
                if 1 <= dist <= slop:
                    spans.add((min(astart, b), max(aend, b)))
        aspans = sorted(spans)
    return bool(aspans)

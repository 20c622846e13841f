"""Phrase checks on positions: do a phrase's words follow one another in a document?

The packed formats record, for each occurrence of a term, the hash of the term
that follows it (index.PackedPositions), so most documents are ruled out by a
substring search before their positions are decoded.
"""
from __future__ import annotations

import struct
from bisect import bisect_left

from reader.core.index import PackedPositions, term_hash

from .postings import _SegmentTerm

_NEXT_TERM = struct.Struct("<I")


def _adjacent_docs(fmt, words: list[bytes], postings: list[_SegmentTerm],
                   candidates: set[int]) -> list[int]:
    """The candidate documents where the words occur one right after the other.

    The packed formats record, for each occurrence, the term that follows it
    (index.PackedPositions): the documents where "islam" is ever followed by
    "state" are found by one substring search over the values of "islam",
    and only those are checked on their positions.
    """
    if isinstance(fmt, PackedPositions):
        for following, p in zip(words[1:], postings):
            found = p.docs_containing(_NEXT_TERM.pack(term_hash(following)))
            if found is not None:
                candidates = candidates & found
                if not candidates:
                    return []
    decode = fmt.decode_positions
    return [d for d in sorted(candidates)
            if _phrase_occurs([decode(p.value(d)) for p in postings], 1)]


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

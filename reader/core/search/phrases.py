"""Phrase checks on positions: do a phrase's words follow one another in a document?

The packed formats record, for each occurrence of a term, the hash of the term
that follows it (index.PackedPositions): the places where a phrase's first
two words meet are read from the first word's values, and only those places
are checked for the later words, as arrays over all the documents at once.
"""
from __future__ import annotations

from bisect import bisect_left

from reader.core.index import PackedPositions, term_hash
from reader.core.util.vectors import np

from .postings import _SegmentTerm


def _adjacent_docs(fmt, words: list[bytes], postings: list[_SegmentTerm]) -> np.ndarray:
    """The documents where the words occur one right after the other, in order.

    The packed formats record, for each occurrence, the term that follows it
    (index.PackedPositions): the places where "islam" is followed by "state"
    are read from the values of "islam", and only those places are checked
    for the later words, all documents at once (index.fast.arrays).
    """
    if isinstance(fmt, PackedPositions) and (first := postings[0].arrays()).tagged:
        owners, positions = first.followed(term_hash(words[1]), fmt._COLUMNS)
        docs = first.ids[owners]
        _places, live = _located(postings[0].id_array(), docs)  # (deleted ones left out)
        docs, positions = docs[live], positions[live]
        for k, p in enumerate(postings[1:], 1):
            later = p.arrays()
            if not later.packed:
                break
            places, held = _located(later.ids, docs)
            held[held] = later.have_positions(places[held], positions[held] + k)
            docs, positions = docs[held], positions[held]
        else:
            return np.unique(docs)
    decode = fmt.decode_positions
    return np.array([d for d in sorted(_common_docs(postings))
                     if _phrase_occurs([decode(p.value(d)) for p in postings], 1)],
                    dtype=np.int64)


def _located(ids: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each of ``docs`` is in the sorted ``ids``, and whether it is there."""
    places = np.searchsorted(ids, docs)
    there = places < len(ids)
    there[there] = ids[places[there]] == docs[there]
    return places, there


def _common_docs(postings: list[_SegmentTerm]) -> set[int]:
    """The documents where all the terms occur."""
    common = set(postings[0].ids)
    for p in postings[1:]:
        common.intersection_update(p.ids)
    return common


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

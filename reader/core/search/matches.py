"""What a query matches, as two arrays over the searcher's documents.

A common word is in most of a big library (at 100,000 articles "terrorism"
is in 93,000): a dict of docnum -> score per part of the query, joined and
summed in Python, cost half a microsecond a posting.  ``Matches`` holds, for
every document of the searcher, its score and whether it matched, so a
union, an intersection or an exclusion is one NumPy operation over the
whole library, and the counts, facets and best hits after it are too.

Scores are summed in the order Whoosh's matchers sum them (the evaluator
says which), each addition a float64 addition as Python's: the results are
Whoosh's to the last bit.
"""
from __future__ import annotations

from collections.abc import Iterable

from reader.core.util.vectors import np


class Matches:
    """Per document of a searcher: ``scores`` (float64, 0 where it did not
    match) and ``hits`` (bool)."""

    __slots__ = ("hits", "scores")

    def __init__(self, scores: np.ndarray, hits: np.ndarray) -> None:
        self.scores = scores
        self.hits = hits

    @classmethod
    def none(cls, size: int) -> Matches:
        return cls(np.zeros(size), np.zeros(size, dtype=bool))

    @classmethod
    def scattered(cls, size: int, parts: Iterable[tuple[np.ndarray, np.ndarray]]) -> Matches:
        """The sum of sparse parts, (docnums, scores) each, added in the
        order given (a document's score starts at its first part's)."""
        found = cls.none(size)
        for docnums, scores in parts:
            found.scores[docnums] += scores
            found.hits[docnums] = True
        return found

    def count(self) -> int:
        return int(np.count_nonzero(self.hits))

    def docs(self) -> np.ndarray:
        """The matching docnums, in order."""
        return np.flatnonzero(self.hits)

    def __contains__(self, docnum: int) -> bool:
        return 0 <= docnum < len(self.hits) and bool(self.hits[docnum])

    def only(self, hits: np.ndarray) -> Matches:
        """These matches, kept where ``hits`` says (scores and all)."""
        kept = self.hits & hits
        return Matches(np.where(kept, self.scores, 0.0), kept)

    def boosted(self, boost: float) -> Matches:
        if boost == 1.0:
            return self
        return Matches(self.scores * boost, self.hits)


def union(parts: list[Matches]) -> Matches:
    """Whoosh's union: a document's score is the sum of the parts it matches,
    added from the part with most documents down (as evaluate did it)."""
    parts = sorted(parts, key=Matches.count, reverse=True)
    scores = parts[0].scores.copy()
    hits = parts[0].hits.copy()
    for part in parts[1:]:
        scores += part.scores
        hits |= part.hits
    return Matches(scores, hits)


def intersection(parts: list[Matches]) -> Matches:
    """Whoosh's intersection: the documents every part matches, their scores
    added from the part with fewest documents up."""
    parts = sorted(parts, key=Matches.count)
    hits = parts[0].hits.copy()
    scores = parts[0].scores.copy()
    for part in parts[1:]:
        hits &= part.hits
        scores += part.scores
    return Matches(np.where(hits, scores, 0.0), hits)


def binary_sum(values: list):
    """Sum in the order of Whoosh's make_binary_tree of IntersectionMatchers
    (numbers, or arrays of them added element by element)."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return binary_sum(values[:half]) + binary_sum(values[half:])

"""A posting list's scores, as Whoosh's scorer gives them, for the whole list at once.

Whoosh scores one posting at a time (``scorer.score(matcher)``).  Its BM25F
is a formula of the posting's weight and the document's field length: here
it is the same formula, in the same order of operations, on arrays of
float64, so each score is bit for bit the one Whoosh computes.  Other
weightings of the same kinds are scored through Whoosh's own function, once
per distinct (weight, length) pair.
"""
from __future__ import annotations

from whoosh.scoring import BM25FScorer, WeightLengthScorer, WeightScorer
from whoosh.util.numeric import byte_to_length

from reader.core.util.vectors import np

from .postings import _length_bytes, _SegmentTerm

#: Whoosh's field length for each length byte.
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.int64)


def posting_scores(weighting, sub, fieldname: str, tbytes: bytes, postings: _SegmentTerm,
                   places: np.ndarray | None = None) -> np.ndarray | None:
    """The scores of a term's postings in one segment (of those at ``places``
    only, if given), as Whoosh's scorer computes them; None if the scorer is
    not one of the usual kinds."""
    scorer = weighting.scorer(sub, fieldname, tbytes)
    weights = np.frombuffer(postings.weights, dtype=np.float32).astype(np.float64)
    ids = postings.id_array()
    if places is not None:
        weights, ids = weights[places], ids[places]
    if isinstance(scorer, WeightScorer):
        return weights
    if not isinstance(scorer, WeightLengthScorer):
        return None
    lengths = _length_bytes(sub.reader(), fieldname)
    if lengths is None:
        return np.array([scorer._score(w, 1) for w in weights.tolist()])
    lenbytes = np.frombuffer(lengths, dtype=np.uint8)[ids]
    if not lenbytes.all():  # no length recorded: Whoosh's own lookup
        return np.array([scorer.score(_FakeMatcher(d, w))
                         for d, w in zip(ids.tolist(), weights.tolist())])
    if type(scorer) is BM25FScorer:
        return _bm25(scorer, weights, _LENGTHS[lenbytes])
    return _by_pairs(scorer, weights, lenbytes)


def _bm25(scorer: BM25FScorer, tf: np.ndarray, fl: np.ndarray) -> np.ndarray:
    """whoosh.scoring.bm25, operation for operation, on arrays."""
    idf, avgfl, B, K1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
    return idf * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * fl / avgfl)))


def _by_pairs(scorer, weights: np.ndarray, lenbytes: np.ndarray) -> np.ndarray:
    """Another weight-and-length scorer: its own function, once per distinct pair."""
    pairs, inverse = np.unique(np.stack([weights, lenbytes.astype(np.float64)]), axis=1,
                               return_inverse=True)
    table = np.array([scorer._score(w, byte_to_length(int(b))) for w, b in pairs.T.tolist()])
    return table[inverse.ravel()]


class _FakeMatcher:
    """Just enough of a matcher for a scorer's score() (id and weight)."""

    __slots__ = ("_id", "_weight")

    def __init__(self, docnum: int, weight: float) -> None:
        self._id, self._weight = docnum, weight

    def id(self) -> int:
        return self._id

    def weight(self) -> float:
        return self._weight

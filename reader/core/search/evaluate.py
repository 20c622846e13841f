"""Evaluating a query in bulk: the documents it matches, with Whoosh's scores.

Whoosh's collectors walk the matcher tree one document at a time, in
Python, and a search that shows a total, facets and every hit offset needs
several such walks (scores, matched terms, facet keys, the count).  On a
library where a common word is in most of the 20,000 articles that is
hundreds of milliseconds.  The evaluator below computes the same thing per
posting list instead: it reads a term's postings a block at a time
(postings.py), scores them with Whoosh's own scorer (BM25F, cached per
weight and field length), and combines the documents and scores of the
query tree with dict and set operations, following the semantics of
Whoosh's matchers (a union sums the scores of the parts that match, an
intersection sums them all, AndNot keeps the scores of its left side, a NOT
scores 1...).  Prefix, wildcard and fuzzy terms are expanded once per
segment, as Whoosh does (fuzzy ones over the segment's words in memory:
index.fast.lexicon).  Phrases are checked on the packed positions of the
few documents where their words follow one another (phrases.py).  Query
types it does not know (date ranges...) are evaluated by Whoosh's own
matchers, document by document: correct, and rarely large.
tests/core/search/test_evaluate.py holds the results to those of Whoosh's
collectors.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from itertools import islice, repeat

from whoosh import query
from whoosh.scoring import WeightLengthScorer, WeightScorer
from whoosh.util.numeric import byte_to_length

from reader.core.index.fast.lexicon import LEXICONS, words_within
from reader.core.model import SearchCancelled

from .phrases import _adjacent_docs, _phrase_occurs
from .postings import _length_bytes, _read_term, _SegmentTerm

#: The most words one fuzzy term expands to in a segment, as Lucene's
#: maxExpansions: a short word~2 matches thousands in a big library.
MAX_FUZZY_TERMS = 128


class _Scores(dict):
    """weight and field-length byte -> score, for one term's scorer."""

    def __init__(self, scorer) -> None:
        super().__init__()
        self._score = scorer._score

    def __missing__(self, key):
        weight, lenbyte = key
        value = self[key] = self._score(weight, byte_to_length(lenbyte))
        return value


class _Evaluator:
    """The documents a query matches, with the scores Whoosh gives them."""

    def __init__(self, searcher, cancelled: Callable[[], bool] | None = None) -> None:
        self.searcher = searcher
        self.cancelled = cancelled  # asked at every postings list read: SearchCancelled
        self.schema = searcher.schema
        self.weighting = searcher.weighting
        self.segments = list(searcher.leaf_searchers())  # (subsearcher, offset)
        self._terms: dict[tuple[int, str, bytes], _SegmentTerm] = {}
        # Positive (field, term bytes) leaves, for each hit's matched terms;
        # a phrase's words count only in the documents where it matched.
        self.positive_terms: dict[tuple[str, bytes], set[int] | None] = {}

    # -- postings -------------------------------------------------------------

    def term(self, segment: int, fieldname: str, tbytes: bytes) -> _SegmentTerm:
        key = (segment, fieldname, tbytes)
        found = self._terms.get(key)
        if found is None:
            self.check_cancelled()
            found = self._terms[key] = _read_term(
                self.segments[segment][0].reader(), fieldname, tbytes)
        return found

    def check_cancelled(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise SearchCancelled()

    def chars(self, fieldname: str, word: str, docnum: int) -> list[tuple[int, int, int]]:
        """(position, start, end) of every occurrence of ``word`` in a document."""
        fieldobj = self.schema[fieldname]
        tbytes = fieldobj.to_bytes(word)
        for n, (_sub, offset) in reversed(list(enumerate(self.segments))):
            if docnum >= offset:
                value = self.term(n, fieldname, tbytes).value(docnum - offset)
                return [] if value is None else fieldobj.format.decode_characters(value)
        return []

    # -- evaluation -----------------------------------------------------------

    def scores(self, q, positive: bool = True) -> dict[int, float]:
        """Global docnum -> score of every document ``q`` matches."""
        if q is query.NullQuery:
            return {}
        kind = type(q)
        if kind is query.Term and not q.minquality:
            return self._term_scores(q, positive)
        if kind is query.Phrase:
            return self._phrase_scores(q, positive)
        if isinstance(q, query.MultiTerm) and kind.matcher is query.MultiTerm.matcher:
            return self._multiterm_scores(q, positive)
        if kind in (query.And, query.Or, query.DefaultOr) and not getattr(q, "scale", None):
            subs = q.subqueries
            if not subs:
                return {}
            if len(subs) == 1:  # Whoosh uses the single matcher as is, boost and all
                return self.scores(subs[0], positive)
            parts = [self.scores(s, positive) for s in subs]
            combined = self._intersection(parts) if kind is query.And else self._union(parts)
            return _boosted(combined, q.boost)
        if kind is query.AndNot:
            scored = self.scores(q.a, positive)
            if not scored:
                return {}
            excluded = self.scores(q.b, False)
            return {d: s for d, s in scored.items() if d not in excluded}
        if kind is query.AndMaybe:
            scored = self.scores(q.a, positive)
            maybe = self.scores(q.b, positive)
            return {d: (s + maybe[d] if d in maybe else s) for d, s in scored.items()}
        if kind is query.Require:
            scored = self.scores(q.a, positive)
            required = self.scores(q.b, positive)
            return {d: s for d, s in scored.items() if d in required}
        if kind is query.Not:
            excluded = self.scores(q.query, False)
            return {d: 1.0 for d in self._all_docs() if d not in excluded}
        return self._fallback(q, positive)

    @staticmethod
    def _union(parts: list[dict[int, float]]) -> dict[int, float]:
        parts = sorted(parts, key=len, reverse=True)
        combined = dict(parts[0])
        for part in parts[1:]:
            for d, s in part.items():
                combined[d] = combined[d] + s if d in combined else s
        return combined

    @staticmethod
    def _intersection(parts: list[dict[int, float]]) -> dict[int, float]:
        parts = sorted(parts, key=len)
        common = set(parts[0])
        for part in parts[1:]:
            common.intersection_update(part.keys())
        combined = {d: parts[0][d] for d in common}
        for part in parts[1:]:
            for d in common:
                combined[d] += part[d]
        return combined

    def _all_docs(self) -> Iterator[int]:
        for sub, offset in self.segments:
            for docnum in sub.reader().all_doc_ids():
                yield docnum + offset

    def _term_scores(self, q, positive: bool) -> dict[int, float]:
        fieldname = q.fieldname
        if fieldname not in self.schema:
            return {}
        fieldobj = self.schema[fieldname]
        try:
            tbytes = fieldobj.to_bytes(q.text)
        except ValueError:
            return {}
        if positive:
            self.positive_terms[(fieldname, tbytes)] = None
        out: dict[int, float] = {}
        for n in range(len(self.segments)):
            scores = self._segment_term(n, fieldname, tbytes)
            if scores is None:  # a scorer of another kind: Whoosh's matcher
                return self._fallback(q, positive)
            out.update(scores)
        return _boosted(out, q.boost)

    def _segment_term(self, n: int, fieldname: str, tbytes: bytes) -> dict[int, float] | None:
        """Global docnum -> score of a term in one segment (None: no bulk scorer)."""
        sub, offset = self.segments[n]
        postings = self.term(n, fieldname, tbytes)
        if not postings.ids:
            return {}
        scores = self._score_postings(sub, fieldname, tbytes, postings)
        if scores is None:
            return None
        ids = postings.ids
        return dict(zip(map(offset.__add__, ids) if offset else ids, scores))

    def _multiterm_scores(self, q, positive: bool) -> dict[int, float]:
        """Prefix, wildcard, fuzzy...: as MultiTerm.matcher does it, per segment,
        with the terms each segment has (their expansion is done once)."""
        fieldname = q.field()
        if fieldname not in self.schema:
            return self._fallback(q, positive)
        fieldobj = self.schema[fieldname]
        out: dict[int, float] = {}
        limit = MAX_FUZZY_TERMS if isinstance(q, query.FuzzyTerm) else None
        for n, (sub, _offset) in enumerate(self.segments):
            words = [w if isinstance(w, bytes) else fieldobj.to_bytes(w)
                     for w in islice(_expansion(q, sub.reader()), limit) if w]
            if not words:
                continue
            if positive:
                for word in words:
                    self.positive_terms.setdefault((fieldname, word), None)
            parts = [self._segment_term(n, fieldname, w) for w in words]
            if any(part is None for part in parts):
                return self._fallback(q, positive)
            if len(parts) == 1:  # the term's own matcher: no boost
                out.update(parts[0])
            elif len(parts) >= query.Or.TOO_MANY_CLAUSES:
                # Whoosh preloads so many terms without scores
                out.update(dict.fromkeys(self._union(parts), 0.0))
            else:
                out.update(_boosted(self._union(parts), q.boost))
        return out

    def _score_postings(self, sub, fieldname: str, tbytes: bytes, postings: _SegmentTerm,
                        positions: Iterable[int] | None = None) -> list[float] | None:
        """Scores of (some of) a term's postings in one segment, as Whoosh's
        scorer computes them; None if the scorer is not one of the usual kinds."""
        scorer = self.weighting.scorer(sub, fieldname, tbytes)
        weights = postings.weights
        ids = postings.ids
        if positions is not None:
            positions = list(positions)
            weights = [weights[i] for i in positions]
            ids = [ids[i] for i in positions]
        if isinstance(scorer, WeightScorer):
            return [float(w) for w in weights]
        if not isinstance(scorer, WeightLengthScorer):
            return None
        lengths = _length_bytes(sub.reader(), fieldname)
        if lengths is None:
            return [scorer._score(w, 1) for w in weights]
        table = _Scores(scorer)
        lenbytes = list(map(lengths.__getitem__, ids))
        if 0 in lenbytes:  # no length recorded: Whoosh's own lookup
            return [scorer.score(_FakeMatcher(d, w)) for d, w in zip(ids, weights)]
        return list(map(table.__getitem__, zip(weights, lenbytes)))

    def _phrase_scores(self, q, positive: bool) -> dict[int, float]:
        fieldname = q.fieldname
        if fieldname not in self.schema or len(q.words) < 2:
            return self._fallback(q, positive)
        fieldobj = self.schema[fieldname]
        fmt = fieldobj.format
        if not fmt or not fmt.supports("positions"):
            return self._fallback(q, positive)
        try:
            words = [fieldobj.to_bytes(w) for w in q.words]
        except ValueError:
            return {}
        out: dict[int, float] = {}
        slop = q.slop
        for n, (sub, offset) in enumerate(self.segments):
            postings = [self.term(n, fieldname, w) for w in words]
            if any(not p.ids for p in postings):
                continue
            candidates = set(postings[0].ids)
            for p in postings[1:]:
                candidates.intersection_update(p.ids)
            if not candidates:
                continue
            if slop <= 1:
                matched = _adjacent_docs(fmt, words, postings, candidates)
            else:
                decode = fmt.decode_positions
                matched = [d for d in sorted(candidates) if _phrase_occurs(
                    [decode(p.value(d)) for p in postings], slop)]
            if not matched:
                continue
            matched.sort()
            per_word = []
            for w, p in zip(words, postings):
                places = map(bisect_left, repeat(p.ids), matched)
                scores = self._score_postings(sub, fieldname, w, p, places)
                if scores is None:
                    return self._fallback(q, positive)
                per_word.append(scores)
            for i, docnum in enumerate(matched):
                out[docnum + offset] = _binary_sum([s[i] for s in per_word])
        if positive:
            docs = set(out)
            for w in words:
                key = (fieldname, w)
                if key in self.positive_terms:
                    known = self.positive_terms[key]
                    if known is not None:
                        known.update(docs)
                else:
                    self.positive_terms[key] = set(docs)
        return _boosted(out, q.boost)

    def _fallback(self, q, positive: bool) -> dict[int, float]:
        """Whoosh's own matcher, one document at a time."""
        out: dict[int, float] = {}
        for sub, offset in self.segments:
            # needs_current: the matchers Whoosh's collectors use when they
            # report matched terms (an Or of many terms keeps its scores)
            matcher = q.matcher(sub, sub.context(needs_current=True))
            while matcher.is_active():
                out[matcher.id() + offset] = matcher.score()
                matcher.next()
        if positive:
            reader = self.searcher.reader()
            try:
                terms = list(q.existing_terms(reader, phrases=True, expand=True))
            except Exception:  # a query kind that cannot list its terms
                terms = []
            for fieldname, tbytes in terms:
                if fieldname in ("title", "body"):
                    self.positive_terms.setdefault((fieldname, tbytes), None)
        return out

    def matched_terms(self, docnum: int) -> list[tuple[str, str]]:
        """The positive (field, word) terms of the query found in a document."""
        matched = []
        for (fieldname, tbytes), docs in self.positive_terms.items():
            if fieldname not in ("title", "body"):
                continue
            if docs is None:
                found = self._term_has(fieldname, tbytes, docnum)
            else:
                found = docnum in docs
            if found:
                matched.append((fieldname, self.schema[fieldname].from_bytes(tbytes)))
        return matched

    def _term_has(self, fieldname: str, tbytes: bytes, docnum: int) -> bool:
        for n, (_sub, offset) in reversed(list(enumerate(self.segments))):
            if docnum >= offset:
                return self.term(n, fieldname, tbytes).has(docnum - offset)
        return False


class _FakeMatcher:
    """Just enough of a matcher for a scorer's score() (id and weight)."""

    __slots__ = ("_id", "_weight")

    def __init__(self, docnum: int, weight: float) -> None:
        self._id, self._weight = docnum, weight

    def id(self) -> int:
        return self._id

    def weight(self) -> float:
        return self._weight


def _expansion(q, reader) -> Iterable[str | bytes]:
    """The words a prefix, wildcard or fuzzy term stands for in a segment: a
    fuzzy term's from the segment's words in memory when it has them (fast
    lexicon.py), else as Whoosh expands it, on the term index."""
    if isinstance(q, query.FuzzyTerm):
        words = LEXICONS.words(reader, q.fieldname)
        if words is not None:
            return words_within(words, q.text, q.maxdist, q.prefixlength)
    return q._btexts(reader)


def _boosted(scores: dict[int, float], boost: float) -> dict[int, float]:
    if boost == 1.0:
        return scores
    return {d: s * boost for d, s in scores.items()}


def _binary_sum(values: list[float]) -> float:
    """Sum in the order of Whoosh's make_binary_tree of IntersectionMatchers."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _binary_sum(values[:half]) + _binary_sum(values[half:])

"""Evaluating a query in bulk: the documents it matches, with Whoosh's scores.

Whoosh's collectors walk the matcher tree one document at a time, in
Python, and a search that shows a total, facets and every hit offset needs
several such walks (scores, matched terms, facet keys, the count).  On a
library where a common word is in most of the 20,000 articles that is
hundreds of milliseconds.  The evaluator below computes the same thing per
posting list instead: it reads a term's postings a block at a time
(postings.py), scores them as Whoosh's scorer does, as arrays (scoring.py),
and combines the documents and scores of the query tree as arrays over the
whole library (matches.py), following the semantics of Whoosh's matchers (a
union sums the scores of the parts that match, an intersection sums them
all, AndNot keeps the scores of its left side, a NOT scores 1...).
Prefix, wildcard and fuzzy terms are expanded once per segment, as Whoosh
does (fuzzy ones over the segment's words in memory: index.fast.lexicon).
Phrases are checked on the packed positions of all their documents at once,
at the places their words follow one another (phrases.py).  Query
types it does not know (date ranges...) are evaluated by Whoosh's own
matchers, document by document: correct, and rarely large.
tests/core/search/test_evaluate.py holds the results to those of Whoosh's
collectors.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice

from whoosh import query

from reader.core.index.fast.lexicon import LEXICONS, words_within
from reader.core.model import SearchCancelled
from reader.core.util.vectors import np

from .matches import Matches, binary_sum, intersection, union
from .phrases import _adjacent_docs, _common_docs, _phrase_occurs
from .postings import _live_docs, _read_term, _SegmentTerm
from .scoring import posting_scores

#: The most words one fuzzy term expands to in a segment, as Lucene's
#: maxExpansions: a short word~2 matches thousands in a big library.
MAX_FUZZY_TERMS = 128

_NOTHING = np.zeros(0, dtype=np.int64)


class _Evaluator:
    """The documents a query matches, with the scores Whoosh gives them."""

    def __init__(self, searcher, cancelled: Callable[[], bool] | None = None) -> None:
        self.searcher = searcher
        self.cancelled = cancelled  # asked at every postings list read: SearchCancelled
        self.schema = searcher.schema
        self.weighting = searcher.weighting
        self.segments = list(searcher.leaf_searchers())  # (subsearcher, offset)
        # every docnum of the searcher, deleted ones included
        self.size = searcher.doc_count_all()
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

    def scores(self, q, positive: bool = True) -> Matches:
        """The documents ``q`` matches, and their scores."""
        if q is query.NullQuery:
            return Matches.none(self.size)
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
                return Matches.none(self.size)
            if len(subs) == 1:  # Whoosh uses the single matcher as is, boost and all
                return self.scores(subs[0], positive)
            parts = [self.scores(s, positive) for s in subs]
            combined = intersection(parts) if kind is query.And else union(parts)
            return combined.boosted(q.boost)
        if kind is query.AndNot:
            scored = self.scores(q.a, positive)
            if not scored.hits.any():
                return scored
            return scored.only(~self.scores(q.b, False).hits)
        if kind is query.AndMaybe:
            scored = self.scores(q.a, positive)
            maybe = self.scores(q.b, positive)
            return Matches(np.where(scored.hits, scored.scores + maybe.scores, 0.0), scored.hits)
        if kind is query.Require:
            scored = self.scores(q.a, positive)
            return scored.only(self.scores(q.b, positive).hits)
        if kind is query.Not:
            kept = self.live() & ~self.scores(q.query, False).hits
            return Matches(kept.astype(np.float64), kept)
        return self._fallback(q, positive)

    def live(self) -> np.ndarray:
        """Whether each docnum of the searcher is a document (not deleted)."""
        alive = np.zeros(self.size, dtype=bool)
        for sub, offset in self.segments:
            reader = sub.reader()
            if reader.has_deletions():
                alive[np.fromiter(_live_docs(reader), dtype=np.int64) + offset] = True
            else:
                alive[offset: offset + reader.doc_count_all()] = True
        return alive

    def _term_scores(self, q, positive: bool) -> Matches:
        fieldname = q.fieldname
        if fieldname not in self.schema:
            return Matches.none(self.size)
        fieldobj = self.schema[fieldname]
        try:
            tbytes = fieldobj.to_bytes(q.text)
        except ValueError:
            return Matches.none(self.size)
        if positive:
            self.positive_terms[(fieldname, tbytes)] = None
        parts = []
        for n in range(len(self.segments)):
            part = self._segment_term(n, fieldname, tbytes)
            if part is None:  # a scorer of another kind: Whoosh's matcher
                return self._fallback(q, positive)
            parts.append(part)
        return Matches.scattered(self.size, parts).boosted(q.boost)

    def _segment_term(self, n: int, fieldname: str,
                      tbytes: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        """(global docnums, scores) of a term in one segment (None: no bulk scorer)."""
        sub, offset = self.segments[n]
        postings = self.term(n, fieldname, tbytes)
        if not postings.ids:
            return _NOTHING, _NOTHING.astype(np.float64)
        scores = posting_scores(self.weighting, sub, fieldname, tbytes, postings)
        if scores is None:
            return None
        return postings.id_array().astype(np.int64) + offset, scores

    def _multiterm_scores(self, q, positive: bool) -> Matches:
        """Prefix, wildcard, fuzzy...: as MultiTerm.matcher does it, per segment,
        with the terms each segment has (their expansion is done once)."""
        fieldname = q.field()
        if fieldname not in self.schema:
            return self._fallback(q, positive)
        fieldobj = self.schema[fieldname]
        out = Matches.none(self.size)
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
            # a union, added from the word with most documents down
            parts.sort(key=lambda part: len(part[0]), reverse=True)
            found = Matches.scattered(self.size, parts)
            if len(parts) >= query.Or.TOO_MANY_CLAUSES:
                found.scores[:] = 0.0  # Whoosh preloads so many terms without scores
            elif len(parts) > 1:  # (one word: the term's own matcher, no boost)
                found = found.boosted(q.boost)
            out.scores += found.scores  # (the segments' docnums do not overlap)
            out.hits |= found.hits
        return out

    def _phrase_scores(self, q, positive: bool) -> Matches:
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
            return Matches.none(self.size)
        out = Matches.none(self.size)
        slop = q.slop
        for n, (sub, offset) in enumerate(self.segments):
            postings = [self.term(n, fieldname, w) for w in words]
            if any(not p.ids for p in postings):
                continue
            if slop <= 1:
                local = _adjacent_docs(fmt, words, postings)
            else:
                decode = fmt.decode_positions
                local = np.array([d for d in sorted(_common_docs(postings)) if _phrase_occurs(
                    [decode(p.value(d)) for p in postings], slop)], dtype=np.int64)
            if not len(local):
                continue
            per_word = []
            for w, p in zip(words, postings):
                places = np.searchsorted(p.id_array(), local)
                scores = posting_scores(self.weighting, sub, fieldname, w, p, places)
                if scores is None:
                    return self._fallback(q, positive)
                per_word.append(scores)
            out.scores[local + offset] = binary_sum(per_word)
            out.hits[local + offset] = True
        out = out.boosted(q.boost)
        if positive:
            docs = set(out.docs().tolist())
            for w in words:
                key = (fieldname, w)
                if key in self.positive_terms:
                    known = self.positive_terms[key]
                    if known is not None:
                        known.update(docs)
                else:
                    self.positive_terms[key] = set(docs)
        return out

    def _fallback(self, q, positive: bool) -> Matches:
        """Whoosh's own matcher, one document at a time."""
        out = Matches.none(self.size)
        for sub, offset in self.segments:
            # needs_current: the matchers Whoosh's collectors use when they
            # report matched terms (an Or of many terms keeps its scores)
            matcher = q.matcher(sub, sub.context(needs_current=True))
            while matcher.is_active():
                out.scores[matcher.id() + offset] = matcher.score()
                out.hits[matcher.id() + offset] = True
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


def _expansion(q, reader) -> Iterable[str | bytes]:
    """The words a prefix, wildcard or fuzzy term stands for in a segment: a
    fuzzy term's from the segment's words in memory when it has them (fast
    lexicon.py), else as Whoosh expands it, on the term index."""
    if isinstance(q, query.FuzzyTerm):
        words = LEXICONS.words(reader, q.fieldname)
        if words is not None:
            return words_within(words, q.text, q.maxdist, q.prefixlength)
    return q._btexts(reader)


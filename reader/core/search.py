"""Queries: parsing, ranked hits, snippets, facets and exact hit offsets.

The query language is Whoosh's (words, "phrases", AND/OR/NOT, -term,
field:value, wildcards, term~ fuzzy, date:2016, date:[2015 to 2016]), checked
first so that a malformed query gets a sentence, not a traceback.

Hit offsets come from the character offsets stored in the postings
(``chars=True``), so every match is found however long the article is and in
whatever form the stemmer matched it, without re-analysing the text.
Every ``import whoosh`` of the project lives here and in ``index.py``.
"""
from __future__ import annotations

import heapq
import html
import logging
import re
import struct
import sys
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import accumulate, chain, repeat
from operator import add, neg

from whoosh import fields as wfields
from whoosh import columns, qparser, query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.filedb.filestore import RamStorage
from whoosh.matching.wrappers import FilterMatcher
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.scoring import WeightLengthScorer, WeightScorer
from whoosh.support.levenshtein import distance
from whoosh.util.numeric import byte_to_length

from .index import (PackedIds, PackedPositions, PackedValues, SearchIndex, make_analyzer,
                    term_hash)
from .model import SORTS, Hit, Note, NoteHit, QueryError, Results

log = logging.getLogger("reader.search")

ARTICLE_FIELDS = ("title", "body", "author", "source", "date")
NOTE_FIELDS = ("quote", "note", "tag", "color", "status", "title")
SNIPPET_FRAGMENTS = 3
FRAGMENT_CHARS = 180
SURFACE_SAMPLE_DOCS = 10


DATE_HINT = "Could not understand the date. Try date:2016, date:2016-11 or date:[2015 to 2016]."


# -- parsing --------------------------------------------------------------------


_FIELD_RE = re.compile(r'(?<![\w"])([A-Za-z_]\w*):')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def _mask_phrases(text: str) -> str:
    """Blank out the inside of "phrases" (same length) so their words are not syntax."""
    return re.sub(r'"[^"]*"', lambda m: '"' + "x" * (len(m.group()) - 2) + '"', text)


def check_syntax(text: str, fields: Sequence[str]) -> None:
    """Explain the mistakes Whoosh's lenient parser would silently guess at."""
    if text.count('"') % 2:
        raise QueryError('A phrase is missing its closing quote (").')
    bare = _mask_phrases(text)
    for opening, closing in ("()", "[]", "{}"):
        depth = 0
        for char in bare:
            depth += (char == opening) - (char == closing)
            if depth < 0:
                break
        if depth:
            raise QueryError(f"Unbalanced brackets: check the {opening} and {closing} in the query.")
    for match in _FIELD_RE.finditer(bare):
        name = match.group(1).lower()
        if name not in fields:
            raise QueryError(f"Unknown field '{match.group(1)}:'. Fields you can use: {', '.join(fields)}.")
        rest = bare[match.end():]
        if not rest or rest[0].isspace():
            raise QueryError(f"'{match.group(0)}' needs a value, for example {name}:word.")
    words = bare.split()
    if words and (words[0] in _OPERATORS - {"NOT"} or words[-1] in _OPERATORS):
        raise QueryError(f"'{words[0] if words[0] in _OPERATORS else words[-1]}' needs a word on each side.")
    for left, right in zip(words, words[1:]):
        if left in _OPERATORS and right in _OPERATORS - {"NOT"}:
            raise QueryError(f"'{left} {right}': two operators in a row.")


def parse_query(text: str, schema: wfields.Schema, default_fields: Sequence[str],
                fields: Sequence[str]) -> query.Query:
    """Parse ``text`` into a Whoosh query over ``default_fields``, or raise QueryError."""
    check_syntax(text, fields)
    date_errors: list = []
    parser = qparser.MultifieldParser(list(default_fields), schema)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    # -term and +term only at the start of a word: "anti-Hitler" stays one phrase.
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<!\S)\+(?=\S)", minusexpr=r"(?<!\S)-(?=\S)"))
    if "date" in schema:
        parser.add_plugin(DateParserPlugin(basedate=datetime.now(), callback=date_errors.append))
    try:
        parsed = parser.parse(text)
    except Exception as exc:  # the parser's own failures are the user's typos
        log.debug("query %r failed to parse", text, exc_info=True)
        if "date:" in text.lower():
            raise QueryError(DATE_HINT) from None
        raise QueryError(f"Could not understand the query ({exc}).") from None
    if date_errors:
        raise QueryError(DATE_HINT)
    if parsed is query.NullQuery and text.strip():
        raise QueryError("The query has no words to search for.")
    return parsed


# -- hit offsets ----------------------------------------------------------------


def _positive_leaves(q: query.Query) -> Iterable[query.Query]:
    """Leaf queries that must or may match; negated parts are skipped."""
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from _positive_leaves(q.a)
        return
    if isinstance(q, query.Phrase) or not q.is_leaf():
        if isinstance(q, query.Phrase):
            yield q
            return
        for child in q.children():
            yield from _positive_leaves(child)
        return
    yield q


@dataclass(frozen=True)
class _Plan:
    """What to highlight for one parsed query."""

    phrases: tuple[tuple[str, tuple[str, ...], int], ...]  # (field, words, slop)
    phrase_words: frozenset[str]
    loose_words: frozenset[str]  # exact Term leaves, highlighted even if also in a phrase


def _plan(q: query.Query) -> _Plan:
    phrases, phrase_words, loose = [], set(), set()
    for leaf in _positive_leaves(q):
        if isinstance(leaf, query.Phrase):
            words = tuple(leaf.words)
            phrases.append((leaf.fieldname, words, leaf.slop))
            phrase_words.update(words)
        elif isinstance(leaf, query.Term):
            loose.add(leaf.text)
    return _Plan(tuple(phrases), frozenset(phrase_words), frozenset(loose))


def _postings_chars(searcher, fieldname: str, word: str, docnum: int) -> list[tuple[int, int, int]]:
    """(position, start, end) of every occurrence of ``word`` in one document."""
    try:
        matcher = searcher.postings(fieldname, word)
    except Exception:  # the term is not in the index (TermNotFound)
        return []
    matcher.skip_to(docnum)
    if not matcher.is_active() or matcher.id() != docnum:
        return []
    return matcher.value_as("characters")


def _phrase_spans(occurrences: list[list[tuple[int, int, int]]], slop: int) -> list[tuple[int, int]]:
    """Whole-phrase spans from the per-word occurrence lists."""
    if not occurrences or any(not o for o in occurrences):
        return []
    by_pos = [dict((p, (s, e)) for p, s, e in occ) for occ in occurrences]
    spans = []
    for pos, start, end in occurrences[0]:
        current, last_end = pos, end
        for table in by_pos[1:]:
            nxt = next((p for p in range(current + 1, current + slop + 1) if p in table), None)
            if nxt is None:
                break
            current, last_end = nxt, table[nxt][1]
        else:
            spans.append((start, last_end))
    return spans


def _within(spans: Iterable[tuple[int, int]], bounds: tuple[int, int] | None) -> list[tuple[int, int]]:
    if bounds is None:
        return []
    lo, hi = bounds
    return [(s, e) for s, e in spans if s >= lo and e <= hi]


def hit_spans(searcher, docnum: int, plan: _Plan, matched: Iterable[tuple[str, str]],
              title_span: tuple[int, int] | None, chars=None) -> list[tuple[int, int]]:
    """Every match of the query in one document, as sorted, non-overlapping offsets.

    The title is the article's first heading, so it is part of the body's text
    and its offsets; a ``title:`` match is shown where the body has it inside
    the title heading.  ``chars(fieldname, word, docnum)`` gives a word's
    occurrences (default: read from the searcher's postings).
    """
    if chars is None:
        def chars(fieldname, word, doc):
            return _postings_chars(searcher, fieldname, word, doc)
    spans: list[tuple[int, int]] = []
    for fieldname, word in matched:
        if fieldname not in ("title", "body"):
            continue
        if word in plan.phrase_words and word not in plan.loose_words:
            continue
        found = [(s, e) for _, s, e in chars("body", word, docnum)]
        spans.extend(found if fieldname == "body" else _within(found, title_span))
    for fieldname, words, slop in plan.phrases:
        if fieldname not in ("title", "body"):
            continue
        occurrences = [chars("body", w, docnum) for w in words]
        found = _phrase_spans(occurrences, max(slop, 1))
        spans.extend(found if fieldname == "body" else _within(found, title_span))
    return merge_spans(spans)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort spans and merge the ones that overlap (a phrase and one of its words)."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


# -- snippets -------------------------------------------------------------------


def _fragments(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Up to SNIPPET_FRAGMENTS windows of text, richest in matches, in text order."""
    if not spans:
        return []
    windows: list[tuple[int, int, int]] = []  # (start, end, number of spans)
    i = 0
    while i < len(spans):
        start = max(0, spans[i][0] - FRAGMENT_CHARS // 3)
        limit = start + FRAGMENT_CHARS
        j = i
        while j + 1 < len(spans) and spans[j + 1][1] <= limit:
            j += 1
        windows.append((start, max(limit, spans[j][1]), j - i + 1))
        i = j + 1
    best = sorted(windows, key=lambda w: (-w[2], w[0]))[:SNIPPET_FRAGMENTS]
    return [_snap(text, s, e) for s, e, _ in sorted(best)]


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Move fragment edges to word boundaries so no word is cut in half."""
    end = min(end, len(text))
    if start > 0:
        space = text.rfind(" ", max(0, start - 20), start)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.find(" ", end, end + 20)
        end = space if space != -1 else end
    return start, end


def render_snippet(text: str, spans: Sequence[tuple[int, int]], lead_from: int = 0) -> str:
    """HTML: fragments joined by an ellipsis, matches wrapped in <mark>.

    With no spans (a date-only query, say) the article's opening is shown.
    """
    fragments = _fragments(text, spans) or [_snap(text, lead_from, lead_from + FRAGMENT_CHARS)]
    parts = []
    for frag_start, frag_end in fragments:
        pieces, pos = [], frag_start
        for s, e in spans:
            if s >= frag_start and e <= frag_end:
                pieces.append(html.escape(text[pos:s]))
                pieces.append(f"<mark>{html.escape(text[s:e])}</mark>")
                pos = e
        pieces.append(html.escape(text[pos:frag_end]))
        body = "".join(pieces).replace("\n", " ").strip()
        prefix = "… " if frag_start > lead_from else ""
        suffix = " …" if frag_end < len(text) else ""
        parts.append(prefix + body + suffix)
    return " ".join(parts).replace("… …", "…")


# -- evaluating a query in bulk -------------------------------------------------
#
# Whoosh's collectors walk the matcher tree one document at a time, in
# Python, and a search that shows a total, facets and every hit offset needs
# several such walks (scores, matched terms, facet keys, the count).  On a
# library where a common word is in most of the 20,000 articles that is
# hundreds of milliseconds.  The evaluator below computes the same thing per
# posting list instead: it reads a term's postings a block at a time, scores
# them with Whoosh's own scorer (BM25F, cached per weight and field length),
# and combines the documents and scores of the query tree with dict and set
# operations, following the semantics of Whoosh's matchers (a union sums the
# scores of the parts that match, an intersection sums them all, AndNot
# keeps the scores of its left side, a NOT scores 1...).  Prefix, wildcard
# and fuzzy terms are expanded once per segment, as Whoosh does.  Phrases
# are checked on the packed positions of the few documents where their
# words follow one another (index.PackedPositions).  Query types it does
# not know (date ranges...) are evaluated by Whoosh's own matchers,
# document by document: correct, and rarely large.  tests/core/
# test_search_fast.py holds the results to those of Whoosh's collectors.


class _SegmentTerm:
    """One term's postings in one segment: docnums and weights (arrays, deleted
    documents left out), and the values, taken from the blocks when asked for."""

    __slots__ = ("ids", "weights", "_blocks", "_firsts", "_keep", "_values")

    def __init__(self, ids, weights, blocks: list, keep: list[int] | None = None) -> None:
        self.ids = ids
        self.weights = weights
        # (docnums, values) of each block, deleted documents too
        self._blocks = [block for block in blocks if len(block[0])]
        self._firsts = [block[0][0] for block in self._blocks]
        self._keep = keep  # the postings kept, or None: all
        self._values: list | None = None

    @property
    def values(self) -> list:
        """Every value, in the order of ids."""
        if self._values is None:
            values = list(chain.from_iterable(values for _ids, values in self._blocks))
            if self._keep is not None:
                values = list(map(values.__getitem__, self._keep))
            self._values = values
        return self._values

    def value(self, docnum: int):
        """The value of one document, or None."""
        if not self._firsts:
            return None
        ids, values = self._blocks[max(0, bisect_right(self._firsts, docnum) - 1)]
        i = bisect_left(ids, docnum)
        if i < len(ids) and ids[i] == docnum:
            return values[i]
        return None

    def has(self, docnum: int) -> bool:
        i = bisect_left(self.ids, docnum)
        return i < len(self.ids) and self.ids[i] == docnum

    def docs_containing(self, needle: bytes) -> set[int] | None:
        """The documents whose value contains ``needle`` (a superset: a match
        may straddle two values); None if a value is not a packed one with
        its next terms."""
        found: set[int] = set()
        for ids, values in self._blocks:
            if type(values) is PackedValues:
                if min(values.first_bytes(), default=0x80) < 0x80:
                    return None
                found.update(map(ids.__getitem__, values.containing(needle)))
            else:
                for docnum, value in zip(ids, values):
                    if not value or value[0] < 0x80:
                        return None
                    if needle in value:
                        found.add(docnum)
        return found


_EMPTY_TERM = _SegmentTerm(array("I"), array("f"), [])
_NEXT_TERM = struct.Struct("<I")


def _read_term(reader, fieldname: str, tbytes: bytes) -> _SegmentTerm:
    """All postings of a term in a segment reader, deleted documents left out."""
    if (fieldname, tbytes) not in reader:
        return _EMPTY_TERM
    matcher = reader.postings(fieldname, tbytes)
    leaf = matcher.child if isinstance(matcher, FilterMatcher) else matcher
    ids = array("I")
    weights = array("f")
    blocks: list = []
    if type(leaf) is W3LeafMatcher:
        while not leaf._atend:
            if leaf._data is None:
                leaf._read_data()
            blockids, blockweights, _ = leaf._data
            n = leaf._blocklength
            if type(blockids) is PackedIds:
                blockids = blockids.ids
            else:
                blockids = array("I", accumulate(blockids))
            ids.extend(blockids)
            if blockweights is None:
                weights.extend(repeat(1.0, n))
            elif isinstance(blockweights, float):
                weights.extend(repeat(blockweights, n))
            elif type(blockweights) is array:
                weights.extend(blockweights)
            else:
                weights.fromlist(list(blockweights))
            leaf._read_values()
            blocks.append((blockids, leaf._values))
            leaf._next_block()
    else:  # inlined postings, or another codec: the matcher interface
        values = []
        while leaf.is_active():
            ids.append(leaf.id())
            weights.append(leaf.weight())
            values.append(leaf.value())
            leaf.next()
        blocks.append((array("I", ids), values))
    keep = None
    if reader.has_deletions():
        deleted = reader.deleted_docs_set  # a cached property in Whoosh-Reloaded
        if callable(deleted):
            deleted = deleted()
        keep = [i for i, d in enumerate(ids) if d not in deleted]
        ids = array("I", map(ids.__getitem__, keep))
        weights = array("f", map(weights.__getitem__, keep))
    return _SegmentTerm(ids, weights, blocks, keep)


class _ReaderCache:
    """Per segment reader: whole columns, loaded once per searcher."""

    def __init__(self) -> None:
        self.lengths: dict[str, array | None] = {}
        self.facets: dict[str, list] = {}


def _reader_cache(reader) -> _ReaderCache:
    """The cache of a segment reader, kept on it: it lives and dies with it (a
    searcher, so one thread and one index generation)."""
    cache = getattr(reader, "_reader_cache", None)
    if cache is None:
        cache = reader._reader_cache = _ReaderCache()
    return cache


def _length_bytes(reader, fieldname: str):
    """The field-length bytes of every document of a segment (None: no lengths)."""
    cache = _reader_cache(reader)
    if fieldname not in cache.lengths:
        perdoc = getattr(reader, "_perdoc", None)
        lenfield = f"_{fieldname}_len"
        if perdoc is not None and perdoc.has_column(lenfield):
            column = perdoc.column_reader(lenfield, LENGTHS_COLUMN)
            if isinstance(column, columns.FixedBytesColumn.Reader) and column._fixedlen == 1:
                # One byte per document: the whole column in one read.
                raw = column._dbfile.get(column._basepos, column._count)
                lengths = raw + bytes(max(0, reader.doc_count_all() - len(raw)))
            else:
                lengths = column.load()
            cache.lengths[fieldname] = lengths
        else:
            cache.lengths[fieldname] = None
    return cache.lengths[fieldname]


def _facet_keys(reader, fieldname: str) -> list:
    """The facet value (as Whoosh's groups name it) of every document of a segment."""
    cache = _reader_cache(reader)
    keys = cache.facets.get(fieldname)
    if keys is None:
        if reader.has_column(fieldname):
            fieldobj = reader.schema[fieldname]
            column = reader.column_reader(fieldname, translate=False)
            if type(column) is columns.VarBytesColumn.Reader:
                # The values lie one after the other: read them in one go.
                offsets, sizes = column._offsets, column._lengths
                data = column._dbfile.get(column._basepos, sum(sizes)) if len(sizes) else b""
                raw = map(data.__getitem__, map(slice, offsets, map(add, offsets, sizes)))
            else:
                raw = iter(column)
            keys = list(map(fieldobj.from_column_value, raw))
        else:
            keys = [None] * reader.doc_count_all()
        cache.facets[fieldname] = keys
    return keys


def _numbers(reader, fieldname: str) -> list:
    """The values of a numeric column for every document of a segment."""
    cache = _reader_cache(reader)
    key = "\0numbers:" + fieldname
    values = cache.facets.get(key)
    if values is None:
        column = reader.column_reader(fieldname, translate=False)
        coltype = reader.schema[fieldname].column_type
        if (type(column) is columns.NumericColumn.Reader and not column._reverse
                and isinstance(coltype, columns.NumericColumn)):
            # Big-endian numbers one after the other: read them in one go.
            numbers = array(column._typecode)
            numbers.frombytes(column._dbfile.get(column._basepos,
                                                 column._count * column._fixedlen))
            if sys.byteorder == "little":
                numbers.byteswap()
            values = numbers.tolist()
            values += [column._default] * (reader.doc_count_all() - len(values))
        else:
            values = list(column)
        cache.facets[key] = values
    return values


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

    def __init__(self, searcher) -> None:
        self.searcher = searcher
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
            found = self._terms[key] = _read_term(
                self.segments[segment][0].reader(), fieldname, tbytes)
        return found

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
        for n, (sub, _offset) in enumerate(self.segments):
            words = [w if isinstance(w, bytes) else fieldobj.to_bytes(w)
                     for w in q._btexts(sub.reader()) if w]
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
        if not isinstance(scorer, WeightLengthScorer) or not hasattr(scorer, "dfl"):
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


# -- article search -------------------------------------------------------------


def _facet_filter(sources: Iterable[str] | None, years: Iterable[int] | None) -> query.Query | None:
    parts = []
    if sources:
        parts.append(query.Or([query.Term("source_facet", s) for s in sources]))
    if years:
        parts.append(query.Or([query.Term("year", str(y)) for y in years]))
    return query.And(parts) if parts else None


def search_articles(
    index: SearchIndex,
    text: str,
    *,
    limit: int = 20,
    page: int = 1,
    sort: str = "relevance",
    sources: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
) -> Results:
    """Run a query; raises QueryError for a malformed one.

    The hits are the ones Whoosh's own collectors give (BM25F, ties in index
    order; or newest first), computed in bulk by ``_Evaluator``.
    """
    if sort not in SORTS:
        raise QueryError(f"Unknown sort '{sort}'; use one of: {', '.join(SORTS)}.")
    results = Results(query=text, page=page, pagelen=limit, sort=sort)
    if not text.strip():
        return results
    q = parse_query(text, index.schema, ("title", "body"), ARTICLE_FIELDS)
    searcher = index.searcher()
    evaluator = _Evaluator(searcher)
    scores = evaluator.scores(q)
    restriction = _facet_filter(sources, years)
    if restriction is not None and scores:
        allowed = evaluator.scores(restriction, False)
        scores = {d: s for d, s in scores.items() if d in allowed}
    results.total = len(scores)
    results.facets = {"source": _bulk_facet_counts(evaluator, scores, "source_facet"),
                      "year": _bulk_facet_counts(evaluator, scores, "year")}
    wanted = page * limit
    if sort == "date":
        top = _newest(evaluator, scores, wanted)
    else:
        # Whoosh's TopCollector: highest score first, then lowest docnum.
        top = [(-negdoc, score) for score, negdoc
               in heapq.nlargest(wanted, zip(scores.values(), map(neg, scores.keys())))]
    plan = _plan(q)
    for docnum, score in top[(page - 1) * limit: wanted]:
        results.hits.append(_make_hit(searcher, evaluator, docnum, score, plan))
    if results.total == 0:
        results.suggestion = _suggest(searcher, text)
    return results


def _newest(evaluator: _Evaluator, scores: dict[int, float],
            wanted: int) -> list[tuple[int, float]]:
    """Whoosh's sort by FieldFacet("date_order", reverse=True): newest first,
    then lowest docnum; the score a sorted search reports is the sort key."""
    keys: dict[int, int] = {}
    for sub, offset in evaluator.segments:
        reader = sub.reader()
        if not reader.has_column("date_order"):
            continue
        column = _numbers(reader, "date_order")
        for docnum in scores:
            local = docnum - offset
            if 0 <= local < len(column):
                keys[docnum] = column[local]
    top = heapq.nsmallest(wanted, scores, key=lambda d: (-keys.get(d, 0), d))
    return [(d, -keys.get(d, 0)) for d in top]


def _bulk_facet_counts(evaluator: _Evaluator, docs: Iterable[int],
                       fieldname: str) -> dict[str, int]:
    """What Whoosh's FieldFacet groups count, for the matching documents."""
    counts: Counter = Counter()
    segments = evaluator.segments
    if len(segments) == 1:
        counts.update(map(_facet_keys(segments[0][0].reader(), fieldname).__getitem__, docs))
    else:
        docs = sorted(docs)
        for n, (sub, offset) in enumerate(segments):
            end = segments[n + 1][1] if n + 1 < len(segments) else None
            keys = _facet_keys(sub.reader(), fieldname)
            lo = bisect_left(docs, offset)
            hi = len(docs) if end is None else bisect_left(docs, end)
            counts.update(keys[d - offset] for d in docs[lo:hi])
    found = {str(k): int(v) for k, v in counts.items() if k not in (None, "")}
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))


def _make_hit(searcher, evaluator: _Evaluator, docnum: int, score: float, plan: _Plan) -> Hit:
    stored = searcher.stored_fields(docnum)
    text = stored["text"]
    title_span = stored.get("title_span")
    spans = hit_spans(searcher, docnum, plan, evaluator.matched_terms(docnum), title_span,
                      chars=evaluator.chars)
    lead = title_span[1] + 1 if title_span else 0
    return Hit(
        id=stored["id"], path=stored["path"], title=stored.get("title", ""),
        date=stored.get("datestr", ""), source=stored.get("source", ""),
        author=stored.get("author", ""), score=round(float(score or 0.0), 4),
        snippet=render_snippet(text, spans, lead_from=min(lead, len(text))),
        highlights=spans,
    )


_WORD_RE = re.compile(r'(?<![\w:*?~])([^\W\d_]{3,})(?![\w:*?~])')


def _suggest(searcher, text: str) -> str | None:
    """A "did you mean" built from the index vocabulary, or None.

    Each plain word of the query that the index does not know is replaced by
    the nearest indexed word (then the most frequent), shown in a form that
    really occurs in the articles: "terorism" becomes "terrorism", not the
    stem "terror".
    """
    analyzer = searcher.schema["body"].analyzer
    changed = False

    def replace(match: re.Match) -> str:
        nonlocal changed
        word = match.group(1)
        stems = [t.text for t in analyzer(word)]
        if word in _OPERATORS or len(stems) != 1 or searcher.doc_frequency("body", stems[0]):
            return word
        best = _closest_word(searcher, stems[0], word)
        if best is None:
            return word
        changed = True
        return best

    # Only bare words are corrected; "phrases" are kept as typed.
    parts = re.split(r'("[^"]*")', text)
    suggestion = "".join(p if i % 2 else _WORD_RE.sub(replace, p) for i, p in enumerate(parts))
    return suggestion if changed else None


def _closest_word(searcher, stem: str, typed: str) -> str | None:
    reader = searcher.reader()
    for maxdist in (1, 2):
        candidates = sorted(reader.terms_within("body", stem, maxdist, prefix=1))
        if candidates:
            best = max(candidates, key=lambda c: searcher.doc_frequency("body", c))
            return _surface_form(searcher, best, typed)
    return None


def _surface_form(searcher, stem: str, typed: str) -> str:
    """The spelling of ``stem`` in the first article that has it, closest to ``typed``."""
    matcher = searcher.postings("body", stem)
    forms: set[str] = set()
    for _ in range(SURFACE_SAMPLE_DOCS):
        if not matcher.is_active():
            break
        text = searcher.stored_fields(matcher.id())["text"]
        forms.update(text[s:e] for _, s, e in matcher.value_as("characters"))
        matcher.next()
    best = min(sorted(forms), key=lambda f: distance(f.lower(), typed.lower()))
    return best if typed[:1].isupper() else best.lower()


def article_highlights(index: SearchIndex, article_id: str, text: str) -> list[tuple[int, int]]:
    """Offsets of every match of ``text`` in one article ([] if it does not match)."""
    if not text.strip():
        return []
    q = parse_query(text, index.schema, ("title", "body"), ARTICLE_FIELDS)
    searcher = index.searcher()
    evaluator = _Evaluator(searcher)
    article = evaluator.scores(query.Term("id", article_id), False)
    if not article:
        return []
    docnum = min(article)
    if docnum not in evaluator.scores(q):
        return []
    title_span = searcher.stored_fields(docnum).get("title_span")
    return hit_spans(searcher, docnum, _plan(q), evaluator.matched_terms(docnum), title_span,
                     chars=evaluator.chars)


# -- note search ----------------------------------------------------------------


def _notes_schema() -> wfields.Schema:
    text = make_analyzer()
    return wfields.Schema(
        id=wfields.ID(stored=True, unique=True),
        quote=wfields.TEXT(analyzer=text),
        note=wfields.TEXT(analyzer=text),
        title=wfields.TEXT(analyzer=text),
        tag=wfields.KEYWORD(lowercase=True, commas=True, scorable=True),
        color=wfields.ID(),
        status=wfields.ID(),
    )


class NoteSearcher:
    """Full-text search over notes with the article query language.

    The notes are few (thousands, not millions), so the index is built in
    memory from the store and rebuilt when the store's revision changes.
    """

    def __init__(self) -> None:
        self._ix = None
        self._revision: int | None = None
        # The GUI's search worker and its export dialog may both ask at once:
        # one rebuild or search at a time (they take milliseconds).
        self._lock = threading.Lock()

    def search(self, load_notes: Callable[[], Sequence[Note]], revision: int, text: str,
               limit: int = 50) -> list[NoteHit]:
        """``load_notes`` is called only when ``revision`` says the notes changed."""
        if not text.strip():
            return []
        q = parse_query(text, _notes_schema(), ("quote", "note", "tag"), NOTE_FIELDS)
        with self._lock:
            if self._ix is None or revision != self._revision:
                self._build(load_notes(), revision)
            return self._run(q, limit)

    def _run(self, q: query.Query, limit: int) -> list[NoteHit]:
        by_id = self._notes
        hits = []
        with self._ix.searcher() as searcher:
            for hit in searcher.search(q, limit=limit):
                note = by_id[hit["id"]]
                hits.append(NoteHit(
                    note_id=note.id, article_id=note.article_id,
                    article_title=note.article_title, score=round(float(hit.score or 0), 4),
                    snippet=html.escape(_excerpt(note.exact)),
                ))
        return hits

    def _build(self, notes: Sequence[Note], revision: int) -> None:
        ix = RamStorage().create_index(_notes_schema())
        writer = ix.writer()
        for note in notes:
            writer.add_document(
                id=note.id, quote=note.exact, note=note.body, title=note.article_title,
                tag=",".join(note.tags), color=note.color, status=note.status,
            )
        writer.commit()
        self._ix, self._revision = ix, revision
        self._notes = {note.id: note for note in notes}


def _excerpt(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"

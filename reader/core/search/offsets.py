"""Exact hit offsets: where every match of a query sits in one article's text.

They come from the character offsets stored in the postings
(``chars=True``), so every match is found however long the article is and in
whatever form the stemmer matched it, without re-analysing the text.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from whoosh import query

from reader.core.index import SearchIndex

from .evaluate import _Evaluator
from .languages import parse_article_query


def positive_leaves(q: query.Query) -> Iterable[query.Query]:
    """Leaf queries that must or may match; negated parts are skipped."""
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from positive_leaves(q.a)
        return
    if isinstance(q, query.Phrase) or not q.is_leaf():
        if isinstance(q, query.Phrase):
            yield q
            return
        for child in q.children():
            yield from positive_leaves(child)
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
    for leaf in positive_leaves(q):
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


def article_highlights(index: SearchIndex, article_id: str, text: str) -> list[tuple[int, int]]:
    """Offsets of every match of ``text`` in one article ([] if it does not match)."""
    if not text.strip():
        return []
    searcher = index.searcher()
    q = parse_article_query(text, searcher)
    evaluator = _Evaluator(searcher)
    article = evaluator.scores(query.Term("id", article_id), False).docs()
    if not len(article):
        return []
    docnum = int(article[0])
    if docnum not in evaluator.scores(q):
        return []
    title_span = searcher.stored_fields(docnum).get("title_span")
    return hit_spans(searcher, docnum, _plan(q), evaluator.matched_terms(docnum), title_span,
                     chars=evaluator.chars)

"""Exact copies folded into one result: the same text saved twice is one hit, "2 copies".

News folders hold the same article under two names (a download repeated,
a wire story filed twice).  Among the articles a query matches, those with
exactly the same text (the manifest's fingerprint) become one result: the
best-scored copy (ties: the first in the index), carrying the others as
``Hit.copies``.  Folding happens before counting and paging, so the total
counts texts, and a page is never short of results.
"""
from __future__ import annotations

import threading
import weakref

from reader.core.index import SearchIndex

# index -> (its generation, the docnums of each group of copies): looked up
# once per index change, not per search.
_DOCNUMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def fold_copies(index: SearchIndex, searcher, scores: dict[int, float]) -> dict[int, list[int]]:
    """Drop from ``scores`` every matched copy but the best of its text; returns
    kept docnum -> the docnums of its copies folded into it."""
    folded: dict[int, list[int]] = {}
    if not scores:
        return folded
    for group in _copy_docnums(index, searcher):
        docnums = [d for d in group if d in scores]
        if len(docnums) < 2:
            continue
        best = min(docnums, key=lambda d: (-scores[d], d))
        folded[best] = [d for d in docnums if d != best]
        for docnum in folded[best]:
            del scores[docnum]
    return folded


def _copy_docnums(index: SearchIndex, searcher) -> list[list[int]]:
    generation = index.generation
    with _LOCK:
        cached = _DOCNUMS.get(index)
    if cached is not None and cached[0] == generation:
        return cached[1]
    groups = []
    for article_ids in index.same_texts():
        docnums = [docnum for docnum in (searcher.document_number(id=key) for key in article_ids)
                   if docnum is not None]
        if len(docnums) > 1:
            groups.append(docnums)
    with _LOCK:
        _DOCNUMS[index] = (generation, groups)
    return groups

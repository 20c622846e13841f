"""Exact copies folded into one result: the same text saved twice is one hit, "2 copies".

News folders hold the same article under two names (a download repeated,
a wire story filed twice).  Among the articles a query matches, those with
exactly the same text (the manifest's fingerprint of ``Article.text``)
become one result carrying the others as ``Hit.copies``.  The copy shown is
one the analyst has notes on, if any (opening the result then shows them),
else the best-ranked (by score, or by date when sorted by date; ties: the
first in the index).  Folding happens before counting, facets and paging,
so the total counts texts and a page is never short of results.
"""
from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Container
from dataclasses import dataclass

from reader.core.index import SearchIndex
from reader.core.util.vectors import np

from .matches import Matches

#: A docnum's place in a ranking: lower is better.
Rank = Callable[[int], tuple]


@dataclass(frozen=True)
class _Groups:
    """The copies as one searcher numbers them: each copy's docnum and group
    (a group is named by its first docnum), and its article id."""

    docnums: np.ndarray
    groups: np.ndarray
    ids: dict[int, str]


# searcher -> its groups.  Docnums belong to one searcher (a merge renumbers
# them), so they are looked up once per searcher, that is once per index
# change and thread, never per search; the entry goes with the searcher.
_GROUPS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def fold_copies(index: SearchIndex, searcher, matches: Matches, rank: Rank,
                noted: Callable[[], Container[str]] | None = None) -> dict[int, list[int]]:
    """Drop from ``matches`` every matched copy but the one shown for its text;
    returns shown docnum -> the docnums folded into it, best-ranked first.

    ``rank`` orders docnums (lower first); ``noted()``, asked only when some
    copies did match, holds the ids of the articles that have notes."""
    groups = _groups(index, searcher)
    matched: dict[int, list[int]] = {}
    hit = matches.hits[groups.docnums]
    for docnum, group in zip(groups.docnums[hit].tolist(), groups.groups[hit].tolist()):
        matched.setdefault(group, []).append(docnum)
    folded: dict[int, list[int]] = {}
    with_notes: Container[str] | None = None
    for docnums in matched.values():
        if len(docnums) < 2:
            continue
        docnums.sort(key=rank)
        if with_notes is None:
            with_notes = noted() if noted is not None else ()
        shown = next((d for d in docnums if groups.ids[d] in with_notes), docnums[0])
        folded[shown] = [d for d in docnums if d != shown]
    if folded:
        dropped = [d for docnums in folded.values() for d in docnums]
        matches.hits[dropped] = False
        matches.scores[dropped] = 0.0
    return folded


def _groups(index: SearchIndex, searcher) -> _Groups:
    with _LOCK:
        cached = _GROUPS.get(searcher)
    if cached is not None:
        return cached
    docnums: list[int] = []
    groups: list[int] = []
    ids: dict[int, str] = {}
    for article_ids in index.same_texts():
        found = [(docnum, key) for docnum, key in
                 ((searcher.document_number(id=key), key) for key in article_ids)
                 if docnum is not None]
        if len(found) > 1:  # (a copy the searcher does not hold yet is no copy)
            for docnum, key in found:
                docnums.append(docnum)
                groups.append(found[0][0])  # a group is named by its first docnum
                ids[docnum] = key
    cached = _Groups(np.array(docnums, dtype=np.int64), np.array(groups, dtype=np.int64), ids)
    with _LOCK:
        _GROUPS[searcher] = cached
    return cached

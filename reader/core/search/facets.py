"""Facets: the source, year and language counts of a result, and the filter on them."""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Collection, Iterable

from whoosh import query

from .evaluate import _Evaluator
from .postings import _facet_keys, _facet_totals, _live_docs


def _facet_filter(sources: Iterable[str] | None, years: Iterable[int] | None,
                  languages: Iterable[str] | None = None) -> query.Query | None:
    """The facet choices as a query (any of the sources, and any of the years,
    and any of the languages),
    evaluated like the user's own so a filtered total costs one more lookup;
    None when nothing is chosen."""
    parts = []
    if sources:
        parts.append(query.Or([query.Term("source_facet", s) for s in sources]))
    if years:
        parts.append(query.Or([query.Term("year", str(y)) for y in years]))
    if languages:
        parts.append(query.Or([query.Term("lang", code) for code in languages]))
    return query.And(parts) if parts else None


def _bulk_facet_counts(evaluator: _Evaluator, docs: Iterable[int],
                       fieldnames: dict[str, str]) -> dict[str, dict[str, int]]:
    """What Whoosh's FieldFacet groups count, for the matching documents: for
    each facet name, its field's values and their counts, most first.

    A query that matches most of a segment ("terrorism" in nine articles of
    ten) counts the documents it does not match, from the segment's totals.
    """
    counts: dict[str, Counter] = {name: Counter() for name in fieldnames}
    segments = evaluator.segments
    if len(segments) > 1:
        docs = sorted(docs)
    for n, (sub, offset) in enumerate(segments):
        reader = sub.reader()
        if len(segments) == 1:
            local: Collection[int] = docs  # (a dict's keys: no copy)
        else:
            end = segments[n + 1][1] if n + 1 < len(segments) else None
            lo = bisect_left(docs, offset)
            hi = len(docs) if end is None else bisect_left(docs, end)
            local = [d - offset for d in docs[lo:hi]]
        live = _live_docs(reader)
        missing = live.difference(local) if 2 * len(local) > len(live) else None
        for name, fieldname in fieldnames.items():
            keys = _facet_keys(reader, fieldname)
            if missing is None:
                counts[name].update(map(keys.__getitem__, local))
            else:
                counts[name].update(_facet_totals(reader, fieldname))
                counts[name].subtract(Counter(map(keys.__getitem__, missing)))
    return {name: _ordered(found) for name, found in counts.items()}


def _ordered(counts: Counter) -> dict[str, int]:
    found = {str(k): int(v) for k, v in counts.items() if k not in (None, "") and v > 0}
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))

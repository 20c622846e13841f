"""Facets: the source, year and language counts of a result, and the filter on them."""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable

from whoosh import query

from .evaluate import _Evaluator
from .postings import _facet_keys


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

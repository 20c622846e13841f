"""Facets: the source, year and language counts of a result, and the filter on them."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from whoosh import query

from reader.core.util.vectors import np

from .evaluate import _Evaluator
from .matches import Matches
from .postings import _facet_codes


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


def _bulk_facet_counts(evaluator: _Evaluator, matches: Matches,
                       fieldnames: dict[str, str]) -> dict[str, dict[str, int]]:
    """What Whoosh's FieldFacet groups count, for the matching documents: for
    each facet name, its field's values and their counts, most first (a
    count of each segment's value numbers: postings.py's _facet_codes)."""
    counts: dict[str, Counter] = {name: Counter() for name in fieldnames}
    for sub, offset in evaluator.segments:
        reader = sub.reader()
        hits = matches.hits[offset: offset + reader.doc_count_all()]
        for name, fieldname in fieldnames.items():
            codes, values = _facet_codes(reader, fieldname)
            found = np.bincount(codes[hits[:len(codes)]], minlength=len(values))
            for code in np.flatnonzero(found).tolist():
                counts[name][values[code]] += int(found[code])
    return {name: _ordered(found) for name, found in counts.items()}


def _ordered(counts: Counter) -> dict[str, int]:
    found = {str(k): int(v) for k, v in counts.items() if k not in (None, "") and v > 0}
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))

"""Article search: a query's ranked page of hits with snippets, facets and offsets."""
from __future__ import annotations

from collections.abc import Callable, Container, Iterable

from reader.core.index import SearchIndex
from reader.core.model import SORTS, Copy, Hit, QueryError, Results
from reader.core.util.vectors import np

from .copies import fold_copies
from .evaluate import _Evaluator
from .facets import _bulk_facet_counts, _facet_filter
from .languages import parse_article_query
from .offsets import _Plan, _plan, hit_spans
from .postings import _numbers
from .snippets import render_snippet
from .suggest import _suggest


def search_articles(
    index: SearchIndex,
    text: str,
    *,
    limit: int = 20,
    page: int = 1,
    sort: str = "relevance",
    sources: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    languages: Iterable[str] | None = None,
    cancelled: Callable[[], bool] | None = None,
    noted: Callable[[], Container[str]] | None = None,
) -> Results:
    """Run a query; raises QueryError for a malformed one, and SearchCancelled
    as soon as ``cancelled()`` says so (a newer search, the window closing).

    The hits are the ones Whoosh's own collectors give (BM25F, ties in index
    order; or newest first), computed in bulk by ``_Evaluator``.  Exact
    copies are one hit (``search.copies``); ``noted()`` gives the ids of the
    articles with notes, the copies to show first.
    """
    if sort not in SORTS:
        raise QueryError(f"Unknown sort '{sort}'; use one of: {', '.join(SORTS)}.")
    results = Results(query=text, page=page, pagelen=limit, sort=sort)
    if not text.strip():
        return results
    searcher = index.searcher()
    q = parse_article_query(text, searcher)
    evaluator = _Evaluator(searcher, cancelled)
    matches = evaluator.scores(q)
    restriction = _facet_filter(sources, years, languages)
    if restriction is not None and matches.hits.any():
        matches = matches.only(evaluator.scores(restriction, False).hits)
    dates = _date_keys(evaluator) if sort == "date" else None
    keys = matches.scores if dates is None else dates

    def rank(docnum: int) -> tuple:  # Whoosh's orders, as below
        return (-keys[docnum], docnum)

    folded = fold_copies(index, searcher, matches, rank, noted)
    results.total = matches.count()
    results.folded = sum(map(len, folded.values()))
    results.facets = _bulk_facet_counts(evaluator, matches, FACET_FIELDS)
    # by score, highest first; or newest first, where the score a sorted
    # search reports is the sort key; ties: the first in the index
    top = _best(matches.docs(), keys, page * limit)
    if dates is not None:
        top = [(docnum, -date) for docnum, date in top]
    if any(getattr(leaf, "fieldname", None) == "date" for leaf in q.leaves()):
        results.undated = index.undated_count()
    plan = _plan(q)
    for docnum, score in top[(page - 1) * limit:]:
        evaluator.check_cancelled()
        hit = _make_hit(searcher, evaluator, docnum, score, plan)
        if docnum in folded:
            hit.copies = tuple(Copy(fields["id"], fields["path"]) for fields in
                               map(searcher.stored_fields, folded[docnum]))
        results.hits.append(hit)
    if results.total == 0:
        results.suggestion = _suggest(searcher, text)
    return results


#: The facets of a result (Results.facets), and the field each counts.
FACET_FIELDS = {"source": "source_facet", "year": "year", "language": "lang"}


def _best(docs: np.ndarray, keys: np.ndarray, wanted: int) -> list[tuple[int, float]]:
    """The ``wanted`` best (docnum, key) of ``docs`` as Whoosh's TopCollector
    orders them: highest key first, then lowest docnum.  Of many, the keys
    at least the ``wanted``-th highest are found first (a partition), and
    only those are sorted."""
    if not wanted or not len(docs):
        return []
    found = keys[docs]
    if len(docs) > wanted:
        floor = np.partition(found, len(found) - wanted)[len(found) - wanted]
        near = found >= floor
        docs, found = docs[near], found[near]
    order = np.lexsort((docs, -found))[:wanted]
    return list(zip(docs[order].tolist(), found[order].tolist()))


def _date_keys(evaluator: _Evaluator) -> np.ndarray:
    """Each docnum's date_order, for Whoosh's sort by FieldFacet("date_order",
    reverse=True): newest first, then lowest docnum (undated: 0, last)."""
    keys = np.zeros(evaluator.size, dtype=np.int64)
    for sub, offset in evaluator.segments:
        reader = sub.reader()
        if reader.has_column("date_order"):
            column = _numbers(reader, "date_order")
            keys[offset: offset + len(column)] = column
    return keys


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

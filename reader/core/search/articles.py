"""Article search: a query's ranked page of hits with snippets, facets and offsets."""
from __future__ import annotations

import heapq
from collections.abc import Callable, Container, Iterable
from operator import neg

from reader.core.index import SearchIndex
from reader.core.model import SORTS, Copy, Hit, QueryError, Results

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
    scores = evaluator.scores(q)
    restriction = _facet_filter(sources, years, languages)
    if restriction is not None and scores:
        allowed = evaluator.scores(restriction, False)
        scores = {d: s for d, s in scores.items() if d in allowed}
    dates = _date_keys(evaluator, scores) if sort == "date" else {}
    rank = ((lambda d: (-dates.get(d, 0), d)) if sort == "date"
            else (lambda d: (-scores[d], d)))  # Whoosh's orders, as below
    folded = fold_copies(index, searcher, scores, rank, noted)
    results.total = len(scores)
    results.folded = sum(map(len, folded.values()))
    results.facets = _bulk_facet_counts(evaluator, scores, FACET_FIELDS)
    wanted = page * limit
    if sort == "date":  # newest first; the score a sorted search reports is the sort key
        top = [(d, -dates.get(d, 0)) for d in heapq.nsmallest(wanted, scores, key=rank)]
    else:
        top = _best(scores, wanted)
    if any(getattr(leaf, "fieldname", None) == "date" for leaf in q.leaves()):
        results.undated = index.undated_count()
    plan = _plan(q)
    for docnum, score in top[(page - 1) * limit: wanted]:
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


def _best(scores: dict[int, float], wanted: int) -> list[tuple[int, float]]:
    """The ``wanted`` best (docnum, score) as Whoosh's TopCollector orders them:
    highest score first, then lowest docnum.  Of many, the scores alone are
    ranked first (floats, compared without a tuple each), and only the
    documents scoring at least the last of those are ranked whole."""
    if len(scores) > 4 * wanted:
        floor = heapq.nlargest(wanted, scores.values())[-1] if wanted else float("inf")
        ranked = [(score, -docnum) for docnum, score in scores.items() if score >= floor]
    else:
        ranked = zip(scores.values(), map(neg, scores.keys()))
    return [(-negdoc, score) for score, negdoc in heapq.nlargest(wanted, ranked)]


def _date_keys(evaluator: _Evaluator, scores: dict[int, float]) -> dict[int, int]:
    """Docnum -> its date_order, for Whoosh's sort by FieldFacet("date_order",
    reverse=True): newest first, then lowest docnum (undated: 0, last)."""
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

"""search_articles held to Whoosh's own collectors (the tests of evaluate.py and postings.py).

The search evaluates queries in bulk (evaluate._Evaluator); the reference
below is the straightforward Whoosh search (TopCollector or sorting, facets,
matched terms per hit).  Both must give the same totals, facets, hits,
scores, highlights and snippets.
"""
from __future__ import annotations

import random
from pathlib import Path

from whoosh import sorting

from reader.core.index import SearchIndex
from reader.core.model import Hit, Results
from reader.core.search.articles import search_articles
from reader.core.search.facets import _facet_filter
from reader.core.search.offsets import _plan, article_highlights, hit_spans
from reader.core.search.query import ARTICLE_FIELDS, parse_query
from reader.core.search.snippets import render_snippet
from tests.core.search_corpus import write_search_corpus

WORDS = ("Islamic State Russia Moscow coalition terrorism Kerry Putin Syria attack war peace "
         "Caliphate anti-Hitler Crocus counterterrorism the of and a in state states").split()
QUERIES = [
    "Russia", "russia putin", "Putin AND Kerry", "Putin OR Kerry", "Putin NOT Kerry",
    "Putin -Kerry", "NOT Kerry", '"Islamic State"', '"anti-Hitler coalition"', '"state of war"',
    '"islamic state"~3', '"the state"', "counterterror*", "Kery~", "Krelmin~", "title:russia",
    "title:caliphate", 'source:"Russia Insider"', "author:smith", "date:2016",
    "date:[2015 to 2017]", "terrorism^2 title:russia", "(Putin OR Kerry) ANDMAYBE coalition",
    "Moscow coalition", "Islamic State", "state", "zebra", '"Moscow coalition"~2',
    "stat*", "isl*", "title:isl*", "stat~", "coalitio~2", "st*te", "a*", '"islamic stat"',
    "Putin OR Kerry^3 OR stat*",
]


def reference(index: SearchIndex, text: str, *, limit=20, page=1, sort="relevance",
               sources=None, years=None) -> Results:
    """The search as Whoosh's collectors run it (the implementation before the bulk one)."""
    results = Results(query=text, page=page, pagelen=limit, sort=sort)
    q = parse_query(text, index.schema, ("title", "body"), ARTICLE_FIELDS)
    searcher = index.searcher()
    facets = {"source": sorting.FieldFacet("source_facet", maptype=sorting.Count),
              "year": sorting.FieldFacet("year", maptype=sorting.Count),
              "language": sorting.FieldFacet("lang", maptype=sorting.Count)}
    sortedby = sorting.FieldFacet("date_order", reverse=True) if sort == "date" else None
    found = searcher.search(q, limit=page * limit, terms=True, groupedby=facets,
                            sortedby=sortedby, filter=_facet_filter(sources, years))
    results.total = len(found)
    for name in ("source", "year", "language"):
        try:
            groups = found.groups(name)
        except Exception:  # no document has a value for this facet
            groups = {}
        counts = {str(k): int(v) for k, v in groups.items() if k not in (None, "")}
        results.facets[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    plan = _plan(q)
    schema = searcher.schema
    for hit in found[(page - 1) * limit: page * limit]:
        stored = hit.fields()
        matched = [(f, schema[f].from_bytes(t)) for f, t in hit.matched_terms()
                   if f in ("title", "body")]
        spans = hit_spans(searcher, hit.docnum, plan, matched, stored.get("title_span"))
        title_span = stored.get("title_span")
        lead = title_span[1] + 1 if title_span else 0
        results.hits.append(Hit(
            id=stored["id"], path=stored["path"], title=stored.get("title", ""),
            date=stored.get("datestr", ""), source=stored.get("source", ""),
            author=stored.get("author", ""), score=round(float(hit.score or 0.0), 4),
            snippet=render_snippet(stored["text"], spans,
                                          lead_from=min(lead, len(stored["text"]))),
            highlights=spans))
    return results


def generate(folder: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    for i in range(count):
        title = " ".join(rng.choices(WORDS, k=rng.randint(2, 7)))
        date = f"{rng.randint(2010, 2020)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        source = rng.choice(["Reuters", "Russia Insider", "TASS"])
        paragraphs = [" ".join(rng.choices(WORDS, k=rng.randint(5, 40))) + "."
                      for _ in range(rng.randint(1, 5))]
        author = rng.choice(["", "author: Ann Smith\n", "author: Bob Jones\n"])
        front = f"---\ntitle: {title}\ndate: {date}\nsource: {source}\n{author}---\n\n"
        (folder / f"gen-{seed}-{i:04d}.md").write_text(
            front + f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def generated_corpus(folder: Path) -> Path:
    """The search corpus plus 600 generated articles (dates, sources, authors)."""
    write_search_corpus(folder)
    generate(folder, 600, 1)
    return folder


def compare(ix: SearchIndex, text: str, **options) -> None:
    fast = search_articles(ix, text, **options)
    slow = reference(ix, text, **options)
    assert (fast.total, fast.facets) == (slow.total, slow.facets), (text, options)
    assert [h.to_dict() for h in fast.hits] == [h.to_dict() for h in slow.hits], (text, options)
    record_ids = [h.id for h in fast.hits[:3]]
    for article_id in record_ids:
        expected = next(h.highlights for h in slow.hits if h.id == article_id)
        assert article_highlights(ix, article_id, text) == expected

"""Facet counts of a result, and the source and year filters."""
from __future__ import annotations

from reader.core.search.articles import search_articles
from tests.core.search.hits import name as _name


def test_facet_counts_and_filters(ix):
    everything = search_articles(ix, "Russia", limit=50)
    assert everything.facets["year"] == {"2016": 1}
    assert everything.facets["source"] == {"Russia Insider": 1}
    filtered = search_articles(ix, "Russia", limit=50, sources=["Russia Insider"])
    assert [_name(h) for h in filtered.hits] == ["003_fda6f1deab9c57e6.txt"]
    assert search_articles(ix, "Russia", limit=50, years=[2016]).total == 1

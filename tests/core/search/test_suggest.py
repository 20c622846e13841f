"""Did you mean: a misspelt word replaced by the nearest indexed one."""
from __future__ import annotations

from reader.core.search.articles import search_articles


def test_did_you_mean(ix):
    results = search_articles(ix, "terorism")
    assert results.total == 0
    assert results.suggestion == "terrorism"
    assert search_articles(ix, "terrorism").suggestion is None

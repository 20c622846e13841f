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


def test_counts_of_most_of_the_library_across_segments_and_deletions(tmp_path):
    """A query that matches most articles counts the ones it misses, from each
    segment's totals: the same counts as Whoosh's, with several segments and
    a deleted article."""
    import shutil

    from reader.core.index import SearchIndex
    from tests.core.search.whoosh_reference import compare, generated_corpus

    corpus = generated_corpus(tmp_path / "corpus")
    later = tmp_path / "later"
    later.mkdir()
    for path in sorted(corpus.glob("*.txt"))[::3]:  # a third arrives in a second update
        shutil.move(path, later / path.name)
    ix = SearchIndex(tmp_path / "ix")
    ix.update([corpus])
    ix.update([corpus, later])
    next(iter(sorted(corpus.glob("*.txt")))).unlink()
    ix.update([corpus, later])
    assert len(list(ix.searcher().leaf_searchers())) > 1  # (the index's own searcher)
    for text in ("the", "state", "the -zebra", "Moscow OR state", "zebra"):
        compare(ix, text)
        compare(ix, text, years=[2016, 2012])
    ix.close()

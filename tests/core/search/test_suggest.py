"""Did you mean: a misspelt word replaced by the nearest indexed one."""
from __future__ import annotations

from reader.core.search.articles import search_articles


def test_did_you_mean(ix):
    results = search_articles(ix, "terorism")
    assert results.total == 0
    assert results.suggestion == "terrorism"
    assert search_articles(ix, "terrorism").suggestion is None


def test_a_word_left_only_in_deleted_articles_is_never_suggested(tmp_path):
    from reader.core.index import SearchIndex
    from reader.core.search.articles import search_articles
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "keep.txt").write_text("Damascus\n\nThe bakery reopened on Tuesday.", encoding="utf-8")
    (folder / "gone.txt").write_text("Zanzibar\n\nThe zanzibarian envoy left.", encoding="utf-8")
    index = SearchIndex(tmp_path / "ix")
    index.update([folder])
    assert search_articles(index, "zanzibarain").suggestion == "zanzibarian"
    (folder / "gone.txt").unlink()
    index.update([folder])  # its postings stay in the segment, marked deleted
    results = search_articles(index, "zanzibarain")
    assert results.total == 0 and results.suggestion is None
    index.close()

"""Exact copies: the same text under two names is one result, with its copies."""
from __future__ import annotations

from reader.core.index import SearchIndex
from reader.core.search.articles import search_articles

STORY = "Aleppo convoy\n\nThe convoy reached Aleppo at dawn, the monitors said."


def test_the_same_text_twice_is_one_result_with_a_copy_and_a_near_copy_is_not(tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "aleppo.txt").write_text(STORY, encoding="utf-8")
    (folder / "aleppo (1).txt").write_text(STORY, encoding="utf-8")  # saved twice
    (folder / "aleppo-update.txt").write_text(STORY + " Later: a second convoy.", encoding="utf-8")
    (folder / "other.txt").write_text("Homs\n\nNothing about convoys here.", encoding="utf-8")
    index = SearchIndex(tmp_path / "ix")
    index.update([folder])

    results = search_articles(index, "convoy aleppo")
    assert results.total == 2  # two texts, three files
    [copied] = [h for h in results.hits if h.copies]
    names = {copied.path.rsplit("/", 1)[1], *(c.path.rsplit("/", 1)[1] for c in copied.copies)}
    assert names == {"aleppo.txt", "aleppo (1).txt"} and len(copied.copies) == 1
    assert copied.copies[0].id != copied.id
    [near] = [h for h in results.hits if not h.copies]
    assert near.path.endswith("aleppo-update.txt")
    assert copied.to_dict()["copies"] == [{"id": copied.copies[0].id, "path": copied.copies[0].path}]

    # a query only one copy matches (by its name) lists it alone
    alone = search_articles(index, 'path:"aleppo (1).txt"')
    assert alone.total == 1 and alone.hits[0].copies == ()
    # paging counts texts: one per page, and the second page is not the other copy
    first, second = (search_articles(index, "aleppo", limit=1, page=p) for p in (1, 2))
    assert first.total == second.total == 2
    assert {first.hits[0].id, second.hits[0].id}.isdisjoint(c.id for h in (first.hits[0], second.hits[0])
                                                           for c in h.copies)
    # a copy deleted: the other is a plain result again
    (folder / "aleppo (1).txt").unlink()
    index.update([folder])
    assert all(h.copies == () for h in search_articles(index, "convoy aleppo").hits)
    index.close()

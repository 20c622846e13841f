"""Exact copies: the same text under two names is one result, with its copies."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from reader.core.index import SearchIndex
from reader.core.search.articles import search_articles
from reader.core.search.copies import fold_copies
from reader.core.search.matches import Matches

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


def _wire(tmp_path, stories: dict[str, str]) -> tuple[SearchIndex, Path]:
    folder = tmp_path / "wire"
    folder.mkdir(exist_ok=True)
    for name, text in stories.items():
        (folder / name).write_text(text, encoding="utf-8")
    index = SearchIndex(tmp_path / "ix")
    index.update([folder])
    return index, folder


def test_results_say_how_many_copies_were_folded_and_facets_count_texts(tmp_path):
    dated = "Aleppo convoy\n\nMay 2, 2016\n\nThe convoy reached Aleppo at dawn."
    index, _ = _wire(tmp_path, {"a.txt": dated, "a (1).txt": dated, "a (2).txt": dated,
                                "b.txt": "Idlib convoy\n\nJune 9, 2019\n\nA convoy left Idlib."})
    results = search_articles(index, "convoy")
    assert (results.total, results.folded, results.folded_note()) == (2, 2, "2 copies folded")
    assert results.to_dict()["folded"] == 2
    assert results.facets["year"] == {"2016": 1, "2019": 1}  # texts, not files
    assert sorted(len(h.copies) for h in results.hits) == [0, 2]
    alone = search_articles(index, "Idlib")
    assert (alone.total, alone.folded, alone.folded_note()) == (1, 0, "")
    index.close()


def test_sorted_by_date_a_text_is_one_result_placed_by_its_newest_copy(tmp_path):
    dated = "Aleppo convoy\n\n{date}\n\nThe convoy reached Aleppo at dawn."
    index, _ = _wire(tmp_path, {
        "old.txt": "Older convoy\n\nMarch 1, 2014\n\nA convoy, years before.",
        "copy-1.txt": dated.format(date="May 2, 2016"), "copy-2.txt": dated.format(date="May 2, 2016"),
        "new.txt": "Newest convoy\n\nJune 9, 2019\n\nA convoy, later."})
    by_date = search_articles(index, "convoy", sort="date")
    assert [h.title for h in by_date.hits] == ["Newest convoy", "Aleppo convoy", "Older convoy"]
    assert by_date.total == 3 and by_date.folded == 1
    [copied] = [h for h in by_date.hits if h.copies]
    assert {Path(copied.path).name, Path(copied.copies[0].path).name} == {"copy-1.txt", "copy-2.txt"}
    pages = [search_articles(index, "convoy", sort="date", limit=1, page=p).hits for p in (1, 2, 3)]
    assert [h.title for [h] in pages] == ["Newest convoy", "Aleppo convoy", "Older convoy"]
    index.close()


def test_the_copy_with_notes_is_the_one_shown(tmp_path):
    index, _ = _wire(tmp_path, {"first.txt": STORY, "second.txt": STORY})
    plain = search_articles(index, "convoy")
    [hit] = plain.hits
    other = hit.copies[0]
    asked = []

    def noted() -> set[str]:
        asked.append(True)
        return {other.id}

    [shown] = search_articles(index, "convoy", noted=noted).hits
    assert (shown.id, [c.id for c in shown.copies]) == (other.id, [hit.id])
    search_articles(index, "Nothing", noted=noted)
    assert len(asked) == 1  # asked only when copies matched
    index.close()


def test_copies_are_numbered_by_the_searcher_that_found_them(tmp_path):
    """A searcher taken before an update (a search running while the index
    changes) must not leave its docnums for the searches after it."""
    index, folder = _wire(tmp_path, {"first.txt": STORY, "second.txt": STORY})
    before = index.searcher()
    (folder / "third.txt").write_text(STORY, encoding="utf-8")
    index.update([folder])
    everything = Matches(np.ones(before.doc_count_all()), np.ones(before.doc_count_all(), bool))
    assert fold_copies(index, before, everything, lambda d: (d,))  # folded with its own docnums
    [hit] = search_articles(index, "convoy").hits
    assert len(hit.copies) == 2
    index.close()

"""A malformed query gets a one-line sentence, not a traceback, and gets it fast."""
from __future__ import annotations

import pytest

from reader.core.model import QueryError
from reader.core.search.articles import search_articles

MALFORMED = [
    ('"anti-Hitler coalition', "closing quote"),
    ("(Putin AND Kerry", "brackets"),
    ("colour:red", "Unknown field"),
    ("Putin AND", "needs a word"),
    ("OR Putin", "needs a word"),
    ("Putin AND OR Kerry", "two operators"),
    ("date:[soon to later]", "date"),
    ("title: Putin", "needs a value"),
    ("andmaybeuniqtok~9", "asks for 9 edits; fuzzy search allows at most 2"),
    ("uniqtok~10", "asks for 10 edits"),  # Whoosh alone reads it as uniqtok~1 AND 0
]


@pytest.mark.parametrize("bad, words", MALFORMED)
def test_malformed_queries_are_explained(ix, bad, words):
    with pytest.raises(QueryError, match=words) as info:
        search_articles(ix, bad)
    assert "\n" not in str(info.value) and len(str(info.value)) < 160


def test_fuzzy_terms_within_the_limit_and_phrase_slop_still_search(ix):
    for fine in ("putin~", "putin~2", "putin~1/2", '"islamic state"~3'):
        search_articles(ix, fine)


def test_a_fuzzy_term_expands_to_a_bounded_number_of_words(tmp_path):
    from reader.core.index import SearchIndex
    from reader.core.search.evaluate import MAX_FUZZY_TERMS
    folder = tmp_path / "codes"
    folder.mkdir()
    for n in range(400):  # zq000 ... zq399: hundreds of words within two edits of zq100
        (folder / f"{n:03}.txt").write_text(f"Code {n}\n\nThe code word is zq{n:03} today.",
                                             encoding="utf-8")
    index = SearchIndex(tmp_path / "ix")
    index.update([folder])
    # zq100 itself, zq{0,2,3}00, zq1x0, zq10x: under the cap, all found
    assert search_articles(index, "zq100~1").total == 1 + 3 + 9 + 9
    # 157 words are within two edits; only the first MAX_FUZZY_TERMS words (in each field
    # searched, some in no article's body) are searched
    assert MAX_FUZZY_TERMS - 5 <= search_articles(index, "zq100~2").total <= MAX_FUZZY_TERMS < 157
    index.close()


def test_a_search_stops_as_soon_as_it_is_cancelled(ix):
    from reader.core.model import SearchCancelled
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 1  # the second look finds the search given up

    with pytest.raises(SearchCancelled):
        search_articles(ix, "putin OR kremlin OR syria", cancelled=cancelled)
    assert len(asked) == 2  # nothing more was read after that
    assert search_articles(ix, "putin", cancelled=lambda: False).total > 0

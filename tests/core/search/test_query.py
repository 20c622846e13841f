"""A malformed query gets a one-line sentence, not a traceback, and gets it fast."""
from __future__ import annotations

import time

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
]


@pytest.mark.parametrize("bad, words", MALFORMED)
def test_malformed_queries_are_explained(ix, bad, words):
    with pytest.raises(QueryError, match=words) as info:
        search_articles(ix, bad)
    assert "\n" not in str(info.value) and len(str(info.value)) < 160


@pytest.mark.parametrize("bad", [bad for bad, _words in MALFORMED])
def test_malformed_query_is_explained_within_a_second(ix, bad):
    start = time.perf_counter()
    with pytest.raises(QueryError):
        search_articles(ix, bad)
    assert time.perf_counter() - start < 1.0

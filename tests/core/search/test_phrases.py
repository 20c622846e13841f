"""Phrase checks on decoded positions (the packed next-term filter is covered
by test_evaluate.py's phrase queries against Whoosh's own matchers)."""
from __future__ import annotations

from reader.core.search.phrases import _phrase_occurs


def test_adjacent_words_follow_one_another():
    assert _phrase_occurs([[3, 10], [11], [12]], 1)
    assert not _phrase_occurs([[3], [5]], 1)
    assert not _phrase_occurs([[3], [4], [6]], 1)


def test_words_within_the_slop_in_order():
    assert _phrase_occurs([[3], [5]], 2)
    assert not _phrase_occurs([[3], [6]], 2)
    assert not _phrase_occurs([[5], [3]], 2)  # the words must come in order

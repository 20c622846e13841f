"""describe: a passage as quote, context and position."""
from __future__ import annotations

import pytest

from reader.core.anchoring import CONTEXT_CHARS, Selectors, describe, find_quote
from tests.core.anchoring.texts import ARTICLE, QUOTE


def test_describe_keeps_the_quote_and_context_chars_either_side():
    start, end = find_quote(ARTICLE, QUOTE)
    selectors = describe(ARTICLE, start, end)
    assert selectors == Selectors(
        exact=QUOTE,
        prefix=ARTICLE[start - CONTEXT_CHARS:start],
        suffix=ARTICLE[end:end + CONTEXT_CHARS],
        start=start,
        end=end,
    )
    assert len(selectors.prefix) == len(selectors.suffix) == 32


def test_describe_clips_context_at_the_edges_of_the_text():
    selectors = describe("abcdef", 1, 5)
    assert (selectors.prefix, selectors.exact, selectors.suffix) == ("a", "bcde", "f")
    assert describe("abc", 0, 3, context=10) == Selectors("abc", "", "", 0, 3)
    assert describe("", 0, 0) == Selectors("", "", "", 0, 0)


@pytest.mark.parametrize("start, end", [(-1, 2), (3, 2), (0, 7), (7, 7)])
def test_describe_rejects_a_range_outside_the_text(start, end):
    with pytest.raises(ValueError, match="bad range"):
        describe("abcdef", start, end)


def test_describe_rejects_negative_context():
    with pytest.raises(ValueError, match="context"):
        describe("abcdef", 1, 2, context=-1)


# --- intact and moved -------------------------------------------------------------

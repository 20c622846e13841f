"""The fuzzy search's narrowing never changes its result."""
from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.anchoring import anchor, describe, fuzzy
from tests.core.anchoring.texts import LOWER_WORDS, UPPER_WORDS


def full_scan_only():
    """Patch out the narrowing, leaving the plain scan of the whole text."""
    return mock.patch.multiple(
        fuzzy,
        _hint_spans=lambda text, selectors, max_errors: [],
        _pigeonhole_spans=lambda text, pattern, max_errors: [(1, len(text))],
    )


prose = st.lists(st.sampled_from(LOWER_WORDS + UPPER_WORDS), min_size=1, max_size=600).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text("ab c\n", min_size=1, max_size=120), prose), data=st.data())
def test_narrowing_the_search_never_changes_the_result(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 60)))
    selectors = describe(text, start, end)
    anywhere = st.integers(0, len(text))
    near_the_passage = st.integers(max(0, start - 3), min(len(text), end + 3))
    edit = st.tuples(st.one_of(anywhere, near_the_passage), st.text("abcx ", max_size=3),
                     st.integers(0, 3))
    for at, inserted, removed in data.draw(st.lists(edit, max_size=4)):
        text = text[:at] + inserted + text[at + removed:]
    narrowed = anchor(text, selectors)
    with full_scan_only():
        assert anchor(text, selectors) == narrowed

"""The bit-parallel edit distance is the Levenshtein distance."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.anchoring.distance import _distance


def levenshtein(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, char_b in enumerate(b, 1):
            substitution = previous + (char_a != char_b)
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, substitution)
    return row[-1]


@settings(max_examples=300, deadline=None)
@given(a=st.text("abc\u0301\U0001F989", max_size=80), b=st.text("abc\u0301\U0001F989", max_size=80))
def test_the_bit_parallel_distance_is_the_levenshtein_distance(a, b):
    assert _distance(a, b) == levenshtein(a, b)

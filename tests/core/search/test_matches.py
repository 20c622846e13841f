"""Matches: unions, intersections and exclusions as Whoosh's matchers score them."""
from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from reader.core.search.matches import Matches, binary_sum, intersection, union

SIZE = 12
_PARTS = st.lists(st.dictionaries(st.integers(0, SIZE - 1),
                                  st.floats(0.01, 50, allow_nan=False), max_size=SIZE),
                  min_size=2, max_size=5)


def _matches(part: dict[int, float]) -> Matches:
    docs = np.array(sorted(part), dtype=np.int64)
    return Matches.scattered(SIZE, [(docs, np.array([part[d] for d in sorted(part)]))])


def _as_dict(found: Matches) -> dict[int, float]:
    return dict(zip(found.docs().tolist(), found.scores[found.docs()].tolist()))


@given(_PARTS)
def test_union_sums_the_parts_from_the_largest_down(parts):
    expected: dict[int, float] = {}
    for part in sorted(parts, key=len, reverse=True):
        for d, s in part.items():
            expected[d] = expected[d] + s if d in expected else s
    found = union([_matches(p) for p in parts])
    assert _as_dict(found) == expected
    assert found.count() == len(expected)
    assert not found.scores[~found.hits].any()


@given(_PARTS)
def test_intersection_sums_every_part_from_the_smallest_up(parts):
    ordered = sorted(parts, key=len)
    common = set(ordered[0]).intersection(*ordered[1:])
    expected = {d: ordered[0][d] for d in common}
    for part in ordered[1:]:
        for d in common:
            expected[d] += part[d]
    found = intersection([_matches(p) for p in parts])
    assert _as_dict(found) == expected
    assert not found.scores[~found.hits].any()


def test_only_keeps_scores_where_both_match_and_boost_scales():
    found = _matches({1: 2.0, 3: 4.0, 5: 1.5})
    kept = found.only(np.isin(np.arange(SIZE), [3, 5, 7]))
    assert _as_dict(kept) == {3: 4.0, 5: 1.5} and 1 not in kept and 7 not in kept
    assert _as_dict(kept.boosted(2.0)) == {3: 8.0, 5: 3.0}
    assert kept.boosted(1.0) is kept
    assert Matches.none(SIZE).count() == 0 and 99 not in found


def test_binary_sum_adds_as_whooshs_tree_of_intersections():
    values = [0.1, 0.2, 0.3, 0.4, 0.5]
    assert binary_sum(values) == (0.1 + 0.2) + (0.3 + (0.4 + 0.5))
    arrays = [np.array([v, 2 * v]) for v in values]
    assert binary_sum(arrays).tolist() == [binary_sum(values), binary_sum([2 * v for v in values])]

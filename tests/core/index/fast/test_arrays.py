"""A term's packed values read as arrays: the same answers as reading each value."""
from __future__ import annotations

from array import array

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from reader.core.index import PackedCharacters, PackedPositions, PackedValues
from reader.core.index.fast.arrays import ValueArrays

# Small numbers, so that a hash's bytes often turn up inside the positions, or
# straddle two entries: only whole entries of the right column may count.
_HASHES = st.sampled_from([0, 1, 2, 256, 257, 0x0100_0001, 0x0001_0000, 0x0201_0403])


@st.composite
def _value(draw) -> tuple[list[int], list[int]]:
    """Sorted positions (some past 16 bits) and the next-term hash of each."""
    far = draw(st.booleans())
    positions = sorted(draw(st.sets(st.integers(0, 70_000 if far else 600), min_size=1,
                                    max_size=12)))
    return positions, [draw(_HASHES) for _ in positions]


def _encoded(fmt, positions: list[int], nexts: list[int]) -> bytes:
    if isinstance(fmt, PackedCharacters):
        return fmt.encode([(p, 2 * p, 2 * p + 1) for p in positions], nexts)
    return fmt.encode(positions, nexts)


@given(st.lists(_value(), min_size=1, max_size=6), _HASHES, st.integers(0, 70_001),
       st.booleans())
def test_followed_and_have_positions_read_whole_entries(values, wanted, asked, packed):
    for fmt, columns in ((PackedPositions(), 1), (PackedCharacters(), 3)):
        encoded = [_encoded(fmt, positions, nexts) for positions, nexts in values]
        docnums = array("I", range(10, 10 + 3 * len(values), 3))
        # as the fast writer's blocks hold them, or as Whoosh's own tuples
        block = (PackedValues(b"".join(encoded), array("I", map(len, encoded))) if packed
                 else tuple(encoded))
        read = ValueArrays([(docnums, block)])
        assert read.packed and read.tagged
        assert read.ids.tolist() == list(docnums)
        owners, positions = read.followed(wanted, columns)
        assert list(zip(owners.tolist(), positions.tolist())) == [
            (i, p) for i, (ps, nexts) in enumerate(values)
            for p, n in zip(ps, nexts) if n == wanted]
        everywhere = np.arange(len(values))
        assert read.have_positions(everywhere, np.full(len(values), asked)).tolist() == [
            asked in ps for ps, _nexts in values]
        for i, (ps, _nexts) in enumerate(values):
            assert read.have_positions(np.full(len(ps), i), np.array(ps)).all()


def test_a_position_is_not_found_across_two_entries():
    value = PackedPositions().encode([1, 256], [7, 7])  # 01 00 | 00 01: "00 00" straddles them
    read = ValueArrays([(array("I", [4]), (value,))])
    assert read.have_positions(np.array([0, 0, 0]), np.array([0, 1, 256])).tolist() == [
        False, True, True]


def test_values_without_next_terms_are_told_apart():
    read = ValueArrays([(array("I", [1, 2]), (PackedPositions().encode([3]),
                                              PackedPositions().encode([4], [9])))])
    assert read.packed and not read.tagged
    assert not ValueArrays([(array("I", [1]), (b"\x00\x05",))]).packed

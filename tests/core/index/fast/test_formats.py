"""The packed posting formats decode as Whoosh's Positions and Characters do,
and are searched in place at whole entries."""
from __future__ import annotations

import struct
from array import array

from hypothesis import given
from hypothesis import strategies as st

from reader.core.index import PackedCharacters, PackedPositions, PackedValues
from reader.core.index.fast import followed_positions, has_position
from tests.core.index.fast.texts import ANALYZER, chain_tokens as _chain_tokens


def test_packed_values_decode_as_whooshs_formats():
    text = "Putin met Kerry; Kerry met Putin. Putin! " * 3
    for fmt in (PackedPositions(), PackedCharacters()):
        for tbytes, freq, _weight, value in fmt.word_values(text, ANALYZER):
            tokens = [t for t in _chain_tokens(text) if t[0] == tbytes]
            assert fmt.decode_frequency(value) == freq == len(tokens)
            assert fmt.decode_positions(value) == [t[1] for t in tokens]
            if fmt.supports("characters"):
                assert fmt.decode_characters(value) == [t[1:] for t in tokens]


def test_long_articles_get_32_bit_values():
    fmt = PackedCharacters()
    far = [(70_000, 300_000, 300_005)]
    assert fmt.decode_characters(fmt.encode(far)) == far
    near = [(1, 10, 15), (2, 20, 25)]
    assert fmt.decode_characters(fmt.encode(near)) == near
    assert len(fmt.encode(far)) > len(fmt.encode(near[:1]))



# Small numbers, so that a hash's bytes often turn up inside the positions, or
# straddle two entries: the searches must count whole entries only.
_NUMBERS = st.sampled_from([0, 1, 2, 256, 257, 0x0100_0001, 0x0001_0000, 0x0201_0403])


@st.composite
def _occurrences(draw) -> tuple[list[int], list[int]]:
    """Sorted positions (some past 16 bits) and the next-term hash of each."""
    far = draw(st.booleans())
    positions = sorted(draw(st.sets(st.integers(0, 70_000 if far else 600), min_size=1,
                                    max_size=12)))
    return positions, [draw(_NUMBERS) for _ in positions]


@given(_occurrences(), _NUMBERS, st.integers(0, 70_001))
def test_followed_positions_and_has_position_read_whole_entries(occurrences, wanted, asked):
    positions, nexts = occurrences
    needle = struct.pack("<I", wanted)
    expected = [p for p, n in zip(positions, nexts) if n == wanted]
    for fmt, columns in ((PackedPositions(), 1), (PackedCharacters(), 3)):
        poslist = positions if columns == 1 else [(p, 2 * p, 2 * p + 1) for p in positions]
        value = fmt.encode(poslist, nexts)
        assert followed_positions(value, 0, len(value), needle, columns) == expected
        # the same value between two others, as a posting block holds them
        others = [fmt.encode(poslist, nexts[::-1]), fmt.encode(poslist[:1], [wanted])]
        values = [others[0], value, others[1]]
        block = PackedValues(b"".join(values), array("I", map(len, values)))
        assert list(block.followed_by(needle, columns)) == [
            (i, found) for i, found in enumerate(
                [[p for p, n in zip(positions, nexts[::-1]) if n == wanted], expected,
                 [positions[0]]]) if found]
        assert has_position(value, asked) == (asked in positions)
        for p in positions:
            assert has_position(value, p)


def test_a_position_is_not_found_across_two_entries():
    value = PackedPositions().encode([1, 256])  # 01 00 | 00 01: "00 00" straddles them
    assert not has_position(value, 0)
    assert has_position(value, 1) and has_position(value, 256)

"""The packed posting formats decode as Whoosh's Positions and Characters do."""
from __future__ import annotations

from reader.core.index import PackedCharacters, PackedPositions
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



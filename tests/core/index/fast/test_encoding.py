"""Posting lists as bytes, a piece at a time (encoding.py); the bytes themselves
are held to Whoosh's in test_segment.py."""
from __future__ import annotations

from array import array

from reader.core.index.fast import encoding


def test_a_pieces_lists_lie_end_to_end_in_term_order():
    records = [(b"alpha", array("I", [0, 3]), array("f", [1.0, 2.0]), bytearray(b"ab"),
                array("I", [1, 1])),
               (b"beta", array("I", [2]), array("f", [1.0]), bytearray(b""), array("I", [0])),
               (b"gamma", array("I", range(600)), array("f", [1.0] * 600), bytearray(600),
                array("I", [1] * 600))]
    lengths = bytes(range(1, 201)) * 3
    encoded = encoding.encoded(iter(records), None, lengths)
    assert encoded.terms == [b"alpha", b"beta", b"gamma"]
    start = 0
    for record, info, size in zip(records, encoded.infos, encoded.sizes):
        blocks, own_info = encoding.postings_bytes(None, *record[1:], lengths)
        assert encoded.blocks[start:start + size] == blocks
        assert info == own_info
        start += size
    assert start == len(encoded.blocks)

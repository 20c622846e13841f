"""The text fields' posting formats: positions (and offsets) packed as integers.

Title, body, author and source keep, per term and document, the positions
(and for the body the character offsets) Whoosh's Positions and Characters
formats keep, packed as little-endian integers instead of pickled tuples:

  byte 0      tag: the integer width (2 or 4 bytes), | 0x80 when the next
              terms follow
  n           number of occurrences
  positions   n integers
  starts      n integers  } body only
  ends        n integers  }
  next terms  n uint32: CRC-32 of the term right after each occurrence (0 at
              the end of the field)

The integers are 16-bit unless one of them does not fit (an article over
64K characters).  Encoding and decoding are single C calls (array), and
the next terms let a phrase query drop, with one substring test per
document, nearly every document where its words occur but not together.
"""
from __future__ import annotations

import struct
import sys
import zlib
from array import array

from whoosh import formats

assert array("H").itemsize == 2 and array("I").itemsize == 4
_BIG_ENDIAN = sys.byteorder == "big"
_NEXT = 0x80
_U32 = struct.Struct("<I")
_TAGS = {(width, nexts): bytes([width | (_NEXT if nexts else 0)])
         for width in (2, 4) for nexts in (False, True)}


def term_hash(term: bytes) -> int:
    """The number a term is known by in the "next terms" of posting values."""
    return zlib.crc32(term)


def _pack(width: int, count: int, columns, nexts) -> bytes:
    values = array("H" if width == 2 else "I", (count,))
    for column in columns:
        values.extend(column)
    if _BIG_ENDIAN:
        values.byteswap()
    if nexts is None:
        return _TAGS[width, False] + values.tobytes()
    following = array("I", nexts)
    if _BIG_ENDIAN:
        following.byteswap()
    return b"".join((_TAGS[width, True], values.tobytes(), following.tobytes()))


def _unpack(valuestring: bytes, columns: int) -> tuple[int, array]:
    """(n, the n * columns integers after it) of a packed value."""
    width = valuestring[0] & 0x7F
    if width == 2:
        count = valuestring[1] | valuestring[2] << 8
        values = array("H")
    else:
        count = _U32.unpack_from(valuestring, 1)[0]
        values = array("I")
    start = 1 + width
    values.frombytes(valuestring[start: start + width * columns * count])
    if _BIG_ENDIAN:
        values.byteswap()
    return count, values


class PackedPositions(formats.Positions):
    """Whoosh's ``Positions``, packed (see above)."""

    _COLUMNS = 1

    def word_values(self, value, analyzer, **kwargs):
        kwargs.update(positions=True, chars=True, boosts=True)
        tokens = [(t.text, t.pos, t.startchar, t.endchar, t.boost)
                  for t in formats.tokens(value, analyzer, kwargs)]
        terms = [t[0].encode("utf-8") for t in tokens]
        after = {pos: (term_hash(terms[i + 1]) if i + 1 < len(terms) else 0)
                 for i, (_t, pos, _s, _e, _b) in enumerate(tokens)}
        seen: dict[str, list] = {}
        weights: dict[str, float] = {}
        for text, pos, start, end, boost in tokens:
            seen.setdefault(text, []).append((pos, start, end))
            weights[text] = weights.get(text, 0.0) + boost
        for text, poslist in seen.items():
            nexts = [after[p[0]] for p in poslist]
            yield (text, len(poslist), weights[text] * self.field_boost,
                   self._encoded(poslist, nexts))

    def _encoded(self, poslist, nexts) -> bytes:
        return self.encode([p[0] for p in poslist], nexts)

    def encode(self, poslist, nexts=None) -> bytes:
        width = 4 if max(poslist, default=0) > 0xFFFF or len(poslist) > 0xFFFF else 2
        return _pack(width, len(poslist), [poslist], nexts)

    def decode_frequency(self, valuestring: bytes) -> int:
        if valuestring[0] & 0x7F == 2:
            return valuestring[1] | valuestring[2] << 8
        return _U32.unpack_from(valuestring, 1)[0]

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost

    def decode_positions(self, valuestring: bytes) -> list[int]:
        count, values = _unpack(valuestring, self._COLUMNS)
        return values[:count].tolist()

    def decode_position_boosts(self, valuestring: bytes) -> list[tuple[int, float]]:
        return [(pos, 1) for pos in self.decode_positions(valuestring)]

    def combine(self, vs):
        return self.encode(sorted(set().union(*map(self.decode_positions, vs))))


class PackedCharacters(PackedPositions, formats.Characters):
    """Whoosh's ``Characters`` (positions and character offsets), packed (see above)."""

    _COLUMNS = 3

    def _encoded(self, poslist, nexts) -> bytes:
        return self.encode(poslist, nexts)

    def encode(self, poslist, nexts=None) -> bytes:
        width = 4 if max((max(p) for p in poslist), default=0) > 0xFFFF or len(
            poslist) > 0xFFFF else 2
        return _pack(width, len(poslist), [[p[0] for p in poslist], [p[1] for p in poslist],
                                           [p[2] for p in poslist]], nexts)

    def decode_characters(self, valuestring: bytes) -> list[tuple[int, int, int]]:
        count, values = _unpack(valuestring, 3)
        return list(zip(values[:count].tolist(), values[count: 2 * count].tolist(),
                        values[2 * count: 3 * count].tolist()))

    def combine(self, vs):
        spans: dict[int, tuple[int, int]] = {}
        for v in vs:
            for pos, start, end in self.decode_characters(v):
                old = spans.get(pos)
                spans[pos] = (start, end) if old is None else (min(start, old[0]), max(end, old[1]))
        return self.encode([(pos, *spans[pos]) for pos in sorted(spans)])

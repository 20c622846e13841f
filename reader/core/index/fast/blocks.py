"""The packed forms of a posting block's data, as the fast writer pickles them.

Whoosh's W3 blocks pickle a tuple of docnum deltas and a tuple of value
bytes; these two classes read as those tuples do (to W3LeafMatcher and to
the bulk search in reader.core.search) but pickle as flat buffers, so a
block costs nothing per posting to write or to load.
"""
from __future__ import annotations

from array import array
from collections.abc import Iterator
from itertools import accumulate, chain, islice
from operator import sub

class PackedIds:
    """The docnums of a block, read by Whoosh as their deltas (from 0 in every
    block, as its delta_encode writes them), pickled as a plain array."""

    __slots__ = ("ids",)

    def __init__(self, ids: array) -> None:
        self.ids = ids

    def __reduce__(self):
        return (PackedIds, (self.ids,))

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[int]:
        ids = self.ids
        return map(sub, ids, chain((0,), ids))


class PackedValues:
    """The posting values of a block: a sequence of bytes, like the tuple
    Whoosh's blocks hold, kept as one bytes object and the values' lengths.

    Pickled as those two buffers, it costs nothing per posting to write or
    to load; a value's bytes are made when it is asked for.
    """

    __slots__ = ("_blob", "_lens", "_offsets")

    def __init__(self, blob: bytes, lens: array) -> None:
        self._blob = blob
        self._lens = lens
        self._offsets: list[int] | None = None

    def __reduce__(self):
        return (PackedValues, (self._blob, self._lens))

    def __len__(self) -> int:
        return len(self._lens)

    def _bounds(self) -> list[int]:
        if self._offsets is None:
            self._offsets = list(accumulate(self._lens, initial=0))
        return self._offsets

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(self)[i]
        bounds = self._bounds()
        if i < 0:
            i += len(self._lens)
        if not 0 <= i < len(self._lens):
            raise IndexError("posting value index out of range")
        return self._blob[bounds[i]:bounds[i + 1]]

    def __iter__(self) -> Iterator[bytes]:
        bounds = self._bounds()
        return map(self._blob.__getitem__, map(slice, bounds, islice(bounds, 1, None)))

    def buffers(self) -> tuple[bytes, array]:
        """The values end to end, and their lengths (for arrays.ValueArrays)."""
        return self._blob, self._lens

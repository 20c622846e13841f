"""A term's packed posting values read as arrays: all its documents at once.

A phrase asks, of thousands of documents, where its first word is followed
by the second (the next-term column, formats.py) and whether each later
word occurs one place further on.  Asked one value at a time in Python,
that cost some 15 µs a document (a phrase of two common words in 100,000
articles: 100 ms).  Here the values of a term's blocks lie end to end in one
byte array, and each question is a substring search over them or a few
NumPy operations over all the documents together.

The layout read is formats.py's: a tag byte (integer width 2 or 4, | 0x80
with next terms), the count n, then n positions, (n starts, n ends), n
next-term hashes, every integer little-endian.
"""
from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence

from reader.core.util.vectors import np

from .blocks import PackedValues

#: Zero bytes after the last value: a read just past a value's end (where
#: the answer is not used) stays inside the array.
_PADDING = bytes(8)


class ValueArrays:
    """Every posting value of a term in a segment, deleted documents' too."""

    __slots__ = ("_blob", "_bytes", "ends", "ids", "packed", "starts", "tagged", "widths")

    def __init__(self, blocks: Sequence[tuple[object, object]],
                 ids: np.ndarray | None = None) -> None:
        """``blocks``: (docnums, values) pairs, the values a PackedValues or
        a sequence of bytes (as a _SegmentTerm keeps its blocks); ``ids``:
        all their docnums in order, if the caller has them already."""
        blobs: list[bytes] = []
        lengths = array("I")
        for _docnums, values in blocks:
            if type(values) is PackedValues:
                blob, lens = values.buffers()
                blobs.append(blob)
                lengths.extend(lens if lens.typecode == "I" else map(int, lens))
            else:
                blobs.extend(values)
                lengths.extend(map(len, values))
        if ids is None:
            ids = np.concatenate([np.asarray(docnums, dtype=np.int64) for docnums, _v in blocks]
                                 or [np.zeros(0, dtype=np.int64)])
        self.ids = np.asarray(ids, dtype=np.int64)
        self._blob = b"".join(blobs) + _PADDING
        self._bytes = np.frombuffer(self._blob, dtype=np.uint8)
        lens = np.frombuffer(lengths, dtype=np.uint32).astype(np.int64)
        self.ends = np.cumsum(lens)
        self.starts = self.ends - lens
        tags = np.where(lens > 0, self._bytes[self.starts], 0)
        self.widths = (tags & 0x7F).astype(np.int64)
        #: whether every value is one of the packed formats' (widths 2 or 4),
        #: and whether every one has its next terms
        self.packed = bool(np.isin(self.widths, (2, 4)).all())
        self.tagged = self.packed and bool((tags & 0x80).all())

    def _ints(self, offsets: np.ndarray, widths: np.ndarray) -> np.ndarray:
        """The little-endian integers of the given widths (2 or 4) at ``offsets``."""
        data = self._bytes
        found = data[offsets].astype(np.int64) | data[offsets + 1].astype(np.int64) << 8
        wide = widths == 4
        if wide.any():
            at = offsets[wide]
            found[wide] |= data[at + 2].astype(np.int64) << 16 | data[at + 3].astype(np.int64) << 24
        return found

    def counts(self, values: np.ndarray) -> np.ndarray:
        """How many occurrences each value (by index) records."""
        return self._ints(self.starts[values] + 1, self.widths[values])

    def followed(self, term_hash: int, columns: int) -> tuple[np.ndarray, np.ndarray]:
        """(value index, position) of every occurrence that the term with
        this hash follows, in values of ``columns`` columns with next terms.

        The hash's bytes are found in all the values at once (a substring
        search, overlapping finds too); those in a value's next-term column,
        at a whole entry, are the occurrences."""
        found = np.fromiter(_finds(self._blob, term_hash.to_bytes(4, "little")), dtype=np.int64)
        owners = np.searchsorted(self.ends, found, side="right")
        inside = owners < len(self.ends)
        found, owners = found[inside], owners[inside]
        widths = self.widths[owners]
        nexts = self.starts[owners] + 1 + widths * (1 + columns * self.counts(owners))
        entry, misaligned = np.divmod(found - nexts, 4)
        whole = (found >= nexts) & (misaligned == 0) & (found + 4 <= self.ends[owners])
        owners, entry, widths = owners[whole], entry[whole], widths[whole]
        return owners, self._ints(self.starts[owners] + 1 + widths * (1 + entry), widths)

    def have_positions(self, values: np.ndarray, positions: np.ndarray) -> np.ndarray:
        """Whether each value (by index) records an occurrence at the position
        beside it: a binary search in every value's sorted positions at once."""
        widths = self.widths[values]
        counts = self.counts(values)
        first = self.starts[values] + 1 + widths
        low, high = np.zeros(len(values), dtype=np.int64), counts.copy()
        while True:
            open_ = low < high
            if not open_.any():
                break
            middle = (low + high) >> 1
            below = self._ints(first + widths * middle, widths) < positions
            low = np.where(open_ & below, middle + 1, low)
            high = np.where(open_ & ~below, middle, high)
        inside = low < counts
        return inside & (self._ints(first + widths * np.minimum(low, counts - 1), widths)
                         == positions)


def _finds(blob: bytes, needle: bytes) -> Iterator[int]:
    """Every place ``needle`` starts in ``blob``, overlapping ones too."""
    at = blob.find(needle)
    while at >= 0:
        yield at
        at = blob.find(needle, at + 1)
